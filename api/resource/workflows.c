/* Every workflow on the transition engine (the unit test holds each against the document). */
#include "hazard.h"
#include "inspection.h"
#include "workflow.h"

const struct workflow *const workflows[] = {
    &inspection_workflow,
    &hazard_workflow,
    NULL,
};

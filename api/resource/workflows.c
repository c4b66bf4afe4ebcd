/* Every workflow on the transition engine (the unit test holds each against the document). */
#include "campaign.h"
#include "hazard.h"
#include "inspection.h"
#include "notice.h"
#include "report.h"
#include "workflow.h"

const struct workflow *const workflows[] = {
    &inspection_workflow, &campaign_workflow, &hazard_workflow,
    &notice_workflow,	  &report_workflow,   NULL,
};

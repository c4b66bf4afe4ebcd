/* Every keyset list, described beside its SQL (the *_sql.c files); list.c makes the statements. */
#include "checklist.h"
#include "inspection.h"
#include "institution.h"
#include "list.h"
#include "risk.h"

const struct list_desc *const list_descs[] = {
    &risk_list_desc,	 &inspection_list_desc, &checklist_list_desc,	&institution_list_desc,
    &location_list_desc, &project_list_desc,	&unpermitted_list_desc, NULL,
};

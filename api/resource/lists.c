/* Every keyset list, described beside its SQL (the *_sql.c files); list.c makes the statements. */
#include "checklist.h"
#include "inspection.h"
#include "list.h"
#include "risk.h"

const struct list_desc *const list_descs[] = {
    &risk_list_desc,
    &inspection_list_desc,
    &checklist_list_desc,
    NULL,
};

/* Every keyset list, described beside its SQL (the *_sql.c files); list.c makes the statements. */
#include "audit_list.h"
#include "campaign.h"
#include "checklist.h"
#include "client.h"
#include "hazard.h"
#include "inspection.h"
#include "institution.h"
#include "list.h"
#include "notice.h"
#include "org.h"
#include "report.h"
#include "risk.h"
#include "todo.h"
#include "user.h"

const struct list_desc *const list_descs[] = {
    // clang-format off
    &risk_list_desc,
    &inspection_list_desc,
    &checklist_list_desc,
    &institution_list_desc,
    &location_list_desc,
    &project_list_desc,
    &unpermitted_list_desc,
    &org_list_desc,
    &user_list_desc,
    &client_list_desc,
    &audit_list_desc,
    &notification_list_desc,
    &hazard_list_desc,
    &hazard_criteria_list_desc,
    &campaign_list_desc,
    &obligation_list_desc,
    &notice_list_desc,
    &report_list_desc,
    NULL,
    // clang-format on
};

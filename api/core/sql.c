/* Every module's prepared statements, prepared on each pooled connection. */
#include "attachment.h"
#include "audit.h"
#include "audit_list.h"
#include "auth.h"
#include "authn.h"
#include "campaign.h"
#include "checklist.h"
#include "client.h"
#include "db.h"
#include "figures.h"
#include "hazard.h"
#include "hazard_figures.h"
#include "idempotency.h"
#include "inspection.h"
#include "institution.h"
#include "list.h"
#include "notice.h"
#include "org.h"
#include "oversight.h"
#include "report.h"
#include "risk.h"
#include "session.h"
#include "sweep.h"
#include "system.h"
#include "todo.h"
#include "user.h"
#include "workflow.h"

const struct db_statement *const db_statement_sets[] = {
    /* one set per line, so that modules added side by side do not collide */
    // clang-format off
    system_sql,
    auth_gate_sql,
    authn_sql,
    session_sql,
    audit_sql,
    idem_sql,
    org_sql,
    user_sql,
    client_sql,
    audit_list_sql,
    institution_sql,
    location_sql,
    risk_sql,
    checklist_sql,
    inspection_sql,
    figures_sql,
    list_sql,
    wf_sql,
    sweep_sql,
    attachment_sql,
    campaign_sql,
    todo_sql,
    hazard_sql,
    hazard_criteria_sql,
    hazard_figures_sql,
    notice_sql,
    oversight_sql,
    report_sql,
    NULL,
    // clang-format on
};

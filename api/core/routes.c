/* The route table: every URL the API answers, its method, handler and who may call it. */
#include "attachment.h"
#include "audit_list.h"
#include "authn.h"
#include "campaign.h"
#include "checklist.h"
#include "client.h"
#include "figures.h"
#include "hazard.h"
#include "hazard_figures.h"
#include "import.h"
#include "inspection.h"
#include "institution.h"
#include "notice.h"
#include "org.h"
#include "oversight.h"
#include "report.h"
#include "risk.h"
#include "router.h"
#include "system.h"
#include "todo.h"
#include "user.h"

const struct router_route router_routes[] = {
    {"GET", "/api/v1/health", system_health, PERM_PUBLIC},
    {"GET", "/api/v1/ready", system_ready, PERM_PUBLIC},
    {"GET", "/api/v1/openapi.json", system_openapi, PERM_PUBLIC},
    {"POST", "/api/v1/echo", system_echo, PERM_PUBLIC},
    {"GET", "/.well-known/jwks.json", authn_jwks, PERM_PUBLIC},
    {"POST", "/api/v1/auth/login", authn_login, PERM_PUBLIC},
    {"POST", "/api/v1/auth/refresh", authn_refresh, PERM_PUBLIC},
    {"POST", "/api/v1/auth/logout", authn_logout, PERM_PUBLIC},
    {"POST", "/api/v1/auth/token", authn_token, PERM_PUBLIC},
    {"GET", "/api/v1/auth/me", authn_me, PERM_SELF},
    {"POST", "/api/v1/auth/password", authn_change_password, PERM_SELF},
    {"GET", "/api/v1/auth/password-policy", authn_password_policy, PERM_SELF},
    {"GET", "/api/v1/orgs", org_list, PERM_ORG_READ},
    {"POST", "/api/v1/orgs", org_create, PERM_ORG_WRITE},
    {"GET", "/api/v1/orgs/{id}", org_get, PERM_ORG_READ},
    {"PATCH", "/api/v1/orgs/{id}", org_patch, PERM_ORG_WRITE},
    {"DELETE", "/api/v1/orgs/{id}", org_delete, PERM_ORG_WRITE},
    {"POST", "/api/v1/orgs/{id}/move", org_move, PERM_ORG_WRITE},
    {"GET", "/api/v1/users", user_list, PERM_USER_READ},
    {"POST", "/api/v1/users", user_create, PERM_USER_WRITE},
    {"GET", "/api/v1/users/{id}", user_get, PERM_USER_READ},
    {"PATCH", "/api/v1/users/{id}", user_patch, PERM_USER_WRITE},
    {"POST", "/api/v1/users/{id}/password", user_reset_password, PERM_USER_WRITE},
    {"GET", "/api/v1/api-clients", client_list, PERM_CLIENT_READ},
    {"POST", "/api/v1/api-clients", client_create, PERM_CLIENT_WRITE},
    {"GET", "/api/v1/api-clients/{id}", client_get, PERM_CLIENT_READ},
    {"DELETE", "/api/v1/api-clients/{id}", client_revoke, PERM_CLIENT_WRITE},
    {"GET", "/api/v1/audit", audit_list, PERM_AUDIT_READ},
    {"GET", "/api/v1/institutions", institution_list, PERM_INSTITUTION_READ},
    {"POST", "/api/v1/institutions", institution_create, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/institutions/export", institution_export, PERM_INSTITUTION_READ},
    {"POST", "/api/v1/institutions/import", import_institutions, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/institutions/{id}", institution_get, PERM_INSTITUTION_READ},
    {"PATCH", "/api/v1/institutions/{id}", institution_patch, PERM_INSTITUTION_WRITE},
    {"DELETE", "/api/v1/institutions/{id}", institution_archive, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/institutions/{id}/key-locations", location_list, PERM_INSTITUTION_READ},
    {"POST", "/api/v1/institutions/{id}/key-locations", location_create, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/key-locations/{id}", location_get, PERM_INSTITUTION_READ},
    {"PATCH", "/api/v1/key-locations/{id}", location_patch, PERM_INSTITUTION_WRITE},
    {"DELETE", "/api/v1/key-locations/{id}", location_delete, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/institutions/{id}/projects", project_list, PERM_INSTITUTION_READ},
    {"POST", "/api/v1/institutions/{id}/projects", project_create, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/projects/unpermitted", project_unpermitted, PERM_INSTITUTION_READ},
    {"GET", "/api/v1/projects/unpermitted/export", project_unpermitted_export,
     PERM_INSTITUTION_READ},
    {"GET", "/api/v1/projects/{id}", project_get, PERM_INSTITUTION_READ},
    {"PATCH", "/api/v1/projects/{id}", project_patch, PERM_INSTITUTION_WRITE},
    {"DELETE", "/api/v1/projects/{id}", project_delete, PERM_INSTITUTION_WRITE},
    {"GET", "/api/v1/figures/grid-coverage", institution_grid_coverage, PERM_INSTITUTION_READ},
    {"GET", "/api/v1/risks", risk_list, PERM_RISK_READ},
    {"POST", "/api/v1/risks", risk_create, PERM_RISK_WRITE},
    {"GET", "/api/v1/risks/export", risk_export, PERM_RISK_READ},
    {"POST", "/api/v1/risks/import", import_risks, PERM_RISK_WRITE},
    {"GET", "/api/v1/risks/{id}", risk_get, PERM_RISK_READ},
    {"PATCH", "/api/v1/risks/{id}", risk_patch, PERM_RISK_WRITE},
    {"DELETE", "/api/v1/risks/{id}", risk_delete, PERM_RISK_WRITE},
    {"GET", "/api/v1/figures/risks", figures_risks, PERM_RISK_READ},
    {"GET", "/api/v1/checklist-templates", checklist_list, PERM_CHECKLIST_READ},
    {"POST", "/api/v1/checklist-templates", checklist_create, PERM_CHECKLIST_WRITE},
    {"GET", "/api/v1/checklist-templates/{id}", checklist_get, PERM_CHECKLIST_READ},
    {"PATCH", "/api/v1/checklist-templates/{id}", checklist_patch, PERM_CHECKLIST_WRITE},
    {"DELETE", "/api/v1/checklist-templates/{id}", checklist_delete, PERM_CHECKLIST_WRITE},
    {"GET", "/api/v1/inspections", inspection_list, PERM_INSPECTION_READ},
    {"POST", "/api/v1/inspections", inspection_create, PERM_INSPECTION_WRITE},
    {"GET", "/api/v1/inspections/export", inspection_export, PERM_INSPECTION_READ},
    {"GET", "/api/v1/inspections/{id}", inspection_get, PERM_INSPECTION_READ},
    {"PATCH", "/api/v1/inspections/{id}", inspection_patch, PERM_INSPECTION_WRITE},
    {"DELETE", "/api/v1/inspections/{id}", inspection_delete, PERM_INSPECTION_WRITE},
    {"PUT", "/api/v1/inspections/{id}/results/{position}", inspection_put_result,
     PERM_INSPECTION_WRITE},
    {"POST", "/api/v1/inspections/{id}/submit", inspection_submit, PERM_INSPECTION_WRITE},
    {"POST", "/api/v1/inspections/{id}/correction", inspection_correction, PERM_INSPECTION_WRITE},
    {"POST", "/api/v1/inspections/{id}/actions/{action}", inspection_act, PERM_INSPECTION_WRITE},
    {"GET", "/api/v1/inspections/{id}/events", inspection_events, PERM_INSPECTION_READ},
    {"GET", "/api/v1/figures/inspections", figures_inspections, PERM_INSPECTION_READ},
    /* attachments (api/attachment/): evidence uploaded once, bound to records by id */
    {"POST", "/api/v1/attachments", attachment_upload, PERM_ATTACHMENT_WRITE},
    {"GET", "/api/v1/attachments/{id}", attachment_get, PERM_ATTACHMENT_READ},
    {"GET", "/api/v1/attachments/{id}/content", attachment_content, PERM_ATTACHMENT_READ},
    /* Hazard operations (issue 9, part E): the caller's work, notifications, figures, import. */
    {"GET", "/api/v1/todo", todo_get, PERM_HAZARD_READ},
    {"GET", "/api/v1/notifications", todo_notification_list, PERM_SELF},
    {"POST", "/api/v1/notifications/{id}/read", todo_notification_read, PERM_SELF},
    {"GET", "/api/v1/hazards/figures", hazard_figures, PERM_HAZARD_READ},
    {"POST", "/api/v1/hazards/import", hazard_import, PERM_HAZARD_WRITE},
    /* Hazards (隐患闭环, part B): the record, its moves, the ledger, from inspections, criteria */
    {"GET", "/api/v1/hazards", hazard_list, PERM_HAZARD_READ},
    {"POST", "/api/v1/hazards", hazard_create, PERM_HAZARD_WRITE},
    {"GET", "/api/v1/hazards/export", hazard_export, PERM_HAZARD_READ},
    {"GET", "/api/v1/hazards/{id}", hazard_get, PERM_HAZARD_READ},
    {"PATCH", "/api/v1/hazards/{id}", hazard_patch, PERM_HAZARD_WRITE},
    {"POST", "/api/v1/hazards/{id}/actions/{action}", hazard_act, PERM_HAZARD_WRITE},
    {"POST", "/api/v1/hazards/{id}/sign-off", hazard_sign_off_endpoint, PERM_HAZARD_SIGN},
    {"GET", "/api/v1/hazards/{id}/events", hazard_events, PERM_HAZARD_READ},
    {"POST", "/api/v1/inspections/{id}/hazards", hazard_from_inspection, PERM_HAZARD_WRITE},
    {"GET", "/api/v1/hazard-criteria", hazard_criteria_list, PERM_HAZARD_READ},
    {"POST", "/api/v1/hazard-criteria", hazard_criteria_create, PERM_HAZARD_WRITE},
    {"GET", "/api/v1/hazard-criteria/{id}", hazard_criteria_get, PERM_HAZARD_READ},
    {"PATCH", "/api/v1/hazard-criteria/{id}", hazard_criteria_patch, PERM_HAZARD_WRITE},
    /* Campaigns (专项整治行动): plans, templates, work plans, amendments, obligations. */
    {"GET", "/api/v1/campaign-templates", campaign_templates, PERM_CAMPAIGN_READ},
    {"GET", "/api/v1/campaigns", campaign_list, PERM_CAMPAIGN_READ},
    {"POST", "/api/v1/campaigns", campaign_create, PERM_CAMPAIGN_WRITE},
    {"POST", "/api/v1/campaigns/from-template", campaign_from_template, PERM_CAMPAIGN_WRITE},
    {"GET", "/api/v1/campaigns/{id}", campaign_get, PERM_CAMPAIGN_READ},
    {"PATCH", "/api/v1/campaigns/{id}", campaign_patch, PERM_CAMPAIGN_WRITE},
    {"POST", "/api/v1/campaigns/{id}/actions/{action}", campaign_act, PERM_CAMPAIGN_WRITE},
    {"GET", "/api/v1/campaigns/{id}/events", campaign_events, PERM_CAMPAIGN_READ},
    {"POST", "/api/v1/campaigns/{id}/amendments", campaign_amendment, PERM_CAMPAIGN_WRITE},
    {"POST", "/api/v1/campaigns/{id}/adopt", campaign_adopt, PERM_CAMPAIGN_WRITE},
    {"GET", "/api/v1/campaigns/{id}/obligations", campaign_obligations, PERM_CAMPAIGN_READ},
    /* Oversight of reporting (issue 10, part O): the reporting table, reminders, progress. */
    {"GET", "/api/v1/campaigns/{id}/reporting", oversight_reporting, PERM_CAMPAIGN_READ},
    {"POST", "/api/v1/campaigns/{id}/reminders", oversight_remind, PERM_CAMPAIGN_WRITE},
    {"GET", "/api/v1/campaigns/{id}/progress", oversight_progress, PERM_CAMPAIGN_READ},
    /* Reports (信息报送, issue 10 part R): an org's filling of an obligation, and its moves. */
    {"GET", "/api/v1/reports", report_list, PERM_CAMPAIGN_READ},
    {"POST", "/api/v1/reports", report_create, PERM_REPORT_WRITE},
    {"GET", "/api/v1/reports/{id}", report_get, PERM_CAMPAIGN_READ},
    {"PATCH", "/api/v1/reports/{id}", report_patch, PERM_REPORT_WRITE},
    {"POST", "/api/v1/reports/{id}/actions/{action}", report_act, PERM_REPORT_WRITE},
    {"GET", "/api/v1/reports/{id}/events", report_events, PERM_CAMPAIGN_READ},
    {"GET", "/api/v1/reports/{id}/versions", report_versions, PERM_CAMPAIGN_READ},
    /* rectification notices (整改通知书, api/hazard/notice*.c) */
    {"GET", "/api/v1/notices", notice_list, PERM_HAZARD_READ},
    {"POST", "/api/v1/notices", notice_create, PERM_HAZARD_WRITE},
    {"GET", "/api/v1/notices/{id}", notice_get, PERM_HAZARD_READ},
    {"GET", "/api/v1/notices/{id}/qr.svg", notice_qr_svg, PERM_HAZARD_READ},
    {"POST", "/api/v1/notices/{id}/actions/{action}", notice_act, PERM_HAZARD_WRITE},
    {"GET", "/api/v1/notices/{id}/events", notice_events, PERM_HAZARD_READ},
    {NULL, NULL, NULL, PERM_PUBLIC},
};

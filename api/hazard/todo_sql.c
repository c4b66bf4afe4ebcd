/* SQL of the to-do list, the notifications and the overdue sweep. Every deadline is read against
 * app_now() (the test clock, or the transaction's time). */
#include "db.h"
#include "list.h"
#include "todo.h"

/* The to-do parameters: $1 the caller's org path, $2 the caller's org id, $3 whether the role
 * may write hazards, $4 whether it signs (a leader), $5 the caller's user id. */
#define TODO_UNIT_SIDE "h.org_path = $1::ltree"
#define TODO_ABOVE                                                                                 \
	"((SELECT c.level FROM orgs c WHERE c.id = $2::uuid) <> 'unit' AND h.org_path <@ "         \
	"$1::ltree AND h.org_path <> $1::ltree)"

/* Hazards whose next move is the caller's: on the unit side, registering a reported hazard,
 * starting the rectification, submitting it, a leader's missing sign-off of a major hazard and
 * the acceptance of one the unit registered itself (by another user than the rectifier); above
 * it, registering what a unit directly below reported, the notice of what the caller's org
 * registered, the acceptance of what it registered, and an extension asked of a notice it
 * issued. */
#define TODO_WAITING                                                                               \
	"h.state IN ('reported', 'registered', 'notice_issued', 'rectifying', "                    \
	"'acceptance_requested') AND NOT h.archived AND ((" TODO_UNIT_SIDE " AND ("                \
	"($3::boolean AND h.state IN ('reported', 'registered', 'notice_issued', 'rectifying')) "  \
	"OR ($4::boolean AND h.level = 'major' AND h.state = 'acceptance_requested' "              \
	"AND (h.signed_in_charge_by IS NULL OR h.signed_principal_by IS NULL) "                    \
	"AND $5::uuid IS DISTINCT FROM h.signed_in_charge_by "                                     \
	"AND $5::uuid IS DISTINCT FROM h.signed_principal_by) "                                    \
	"OR ($3::boolean AND h.state = 'acceptance_requested' AND h.registered_org_level = "       \
	"'unit' "                                                                                  \
	"AND h.rectified_by IS DISTINCT FROM $5::uuid))) "                                         \
	"OR (" TODO_ABOVE " AND $3::boolean AND ("                                                 \
	"(h.state = 'reported' AND subpath(h.org_path, 0, nlevel(h.org_path) - 1) = $1::ltree) "   \
	"OR (h.state = 'registered' AND h.registered_org_id = $2::uuid) "                          \
	"OR (h.state = 'acceptance_requested' AND h.registered_org_level <> 'unit' "               \
	"AND h.registered_org_id = $2::uuid AND h.rectified_by IS DISTINCT FROM $5::uuid) "        \
	"OR (h.state IN ('notice_issued', 'rectifying') AND h.extension_state = 'requested' "      \
	"AND EXISTS (SELECT 1 FROM rectification_notices n WHERE n.id = h.notice_id "              \
	"AND n.issuer_org_id = $2::uuid)))))"

/* Open hazards of the caller's subtree due within three days, and those past due. */
#define TODO_OPEN "h.state IN " TODO_OPEN_STATES " AND NOT h.archived AND h.org_path <@ $1::ltree"
#define TODO_DUE_SOON                                                                              \
	TODO_OPEN " AND h.due_at > app_now() AND h.due_at <= app_now() + interval '3 days'"
#define TODO_OVERDUE TODO_OPEN " AND h.due_at <= app_now()"

/* A to-do row (TodoItem), with the columns the hazard workflow's rules read for its
 * allowed_actions (hazard_workflow.c: under their own names, which todo.c drops from the row). */
#define TODO_COLUMNS                                                                               \
	"h.id, h.org_id, o.name AS org_name, h.description, h.category, h.level, h.state, "        \
	"h.source, h.found_at, h.deadline, h.due_at, "                                             \
	"(h.state IN " TODO_OPEN_STATES " AND app_now() >= h.due_at) AS overdue, h.listed, "       \
	"h.org_path::text AS _org_path, h.reporter_org_id, "                                       \
	"h.registered_org_id, "                                                                    \
	"h.registered_org_level, h.rectified_by, "                                                 \
	"h.signed_in_charge_by, "                                                                  \
	"h.signed_principal_by, "                                                                  \
	"h.listing_org_id, h.extension_state, "                                                    \
	"h.notice_id, n.issuer_org_id::text AS _notice_issuer, "                                   \
	"(SELECT r.id FROM hazards r WHERE r.previous_id = h.id) AS rebound_id "
#define TODO_FROM                                                                                  \
	"FROM hazards h LEFT JOIN orgs o ON o.id = h.org_id "                                      \
	"LEFT JOIN rectification_notices n ON n.id = h.notice_id "
#define TODO_PARAMS_USED                                                                           \
	" AND $2::uuid IS NOT NULL AND $3::boolean IS NOT NULL AND $4::boolean IS NOT NULL "

/* Notifications: $1 the listed subtree and $2 the caller's (both the caller's own: the list has
 * no org_id), $3 unread; the caller's own rows only (app.user_id, set by the before hook). */
#define NOTIFICATION_COLUMNS                                                                       \
	"n.id, n.kind, n.record_type, n.record_id, n.title, n.body, n.created_at, n.read_at "

const struct db_statement todo_sql[] = {
    /* todo_get: the clock and the size of each section. */
    {"todo_counts", "SELECT app_now() AS now, "
		    "(SELECT count(*) FROM hazards h WHERE " TODO_WAITING ") AS waiting, "
		    "(SELECT count(*) FROM hazards h WHERE " TODO_DUE_SOON TODO_PARAMS_USED
		    " AND $5::uuid IS NOT NULL) AS due_soon, "
		    "(SELECT count(*) FROM hazards h WHERE " TODO_OVERDUE ") AS overdue"},
    /* todo_get: the first $6 rows of each section, the soonest deadline first. */
    {"todo_items",
     "(SELECT 'waiting' AS section, " TODO_COLUMNS TODO_FROM "WHERE " TODO_WAITING
     " ORDER BY coalesce(h.due_at, 'infinity'::timestamptz), h.found_at, h.id LIMIT $6::int) "
     "UNION ALL (SELECT 'due_soon', " TODO_COLUMNS TODO_FROM "WHERE " TODO_DUE_SOON
     " ORDER BY h.due_at, h.id LIMIT $6::int) "
     "UNION ALL (SELECT 'overdue', " TODO_COLUMNS TODO_FROM "WHERE " TODO_OVERDUE
     " ORDER BY h.due_at, h.id LIMIT $6::int)"},
    /* todo_get, section reports (campaigns, issue 10): the caller's org's ($1) reporting
     * obligations of the issued campaigns above it that have no report in (none, a draft, or
     * returned), due within 14 days or past due by at most 30 days (a returned one however
     * long ago: it awaits the caller), the soonest first, at most $3; each with the
     * last reminder sent to the caller ($2) about it; _total: how many. */
    {"todo_reports",
     "WITH me AS (SELECT o.id, o.path, o.level, o.parent_id FROM orgs o WHERE o.id = $1::uuid), "
     "ob AS (SELECT c.id AS campaign_id, c.name AS campaign_name, p.duty_id, p.title, p.period, "
     "p.due_at FROM me JOIN campaigns c ON c.org_path @> me.path AND c.org_path <> me.path "
     "AND c.state = 'issued' AND NOT c.archived CROSS JOIN LATERAL campaign_periods(c.id) p "
     "WHERE p.due_at <= app_now() + interval '14 days' "
     "AND (('cities' = ANY (p.reporters) AND me.level = 'city') "
     "OR ('counties' = ANY (p.reporters) AND me.level = 'county') "
     "OR ('direct_units' = ANY (p.reporters) AND me.level = 'unit' AND me.parent_id = c.org_id) "
     "OR ('all_units' = ANY (p.reporters) AND me.level = 'unit'))) "
     "SELECT ob.campaign_id, ob.campaign_name, ob.duty_id, ob.title, ob.period, ob.due_at, "
     "r.id AS report_id, r.state, ob.due_at <= app_now() AS overdue, "
     "(SELECT max(n.created_at) FROM notifications n WHERE n.user_id = $2::uuid "
     "AND n.kind = 'report.reminder' AND n.dedupe_key LIKE 'reminder:' || ob.duty_id || ':' "
     "|| $1::uuid || ':' || ob.period || ':%') AS reminded_at, count(*) OVER () AS _total "
     "FROM ob LEFT JOIN campaign_reports r ON r.duty_id = ob.duty_id AND r.org_id = $1::uuid "
     "AND r.period = ob.period AND NOT r.archived "
     "WHERE (r.id IS NULL OR r.state IN ('draft', 'returned')) "
     "AND (ob.due_at > app_now() - interval '30 days' OR r.state = 'returned') "
     "ORDER BY ob.due_at, ob.campaign_id, ob.duty_id LIMIT $3::int"},
    /* todo_notification_user: the caller, whose notifications the list shows. */
    {"todo_notification_user", "SELECT set_config('app.user_id', $1::uuid::text, true)"},
    /* todo_notification_read: marks the caller's own notification read (once: the first
     * reading stays). */
    {"todo_notification_read",
     "UPDATE notifications n SET read_at = coalesce(n.read_at, now()) "
     "WHERE n.id = $1::uuid AND n.user_id = $2::uuid RETURNING " NOTIFICATION_COLUMNS},
    /* sweep_hazard_overdue (api/core/sweep.c): up to $1 open hazards past their deadline and
     * not yet swept for it: hazard.overdue to their unit (admins, safety officers, leaders) and
     * to the org above (admins, leaders, inspectors), each (hazard, deadline) once
     * (hazard_overdue_sweeps; notify_users dedupes per user too). One instance at a time. */
    {"sweep_hazard_overdue",
     "WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended("
     "'anquan sweep hazard overdue', 0)) AS got), "
     "due AS (SELECT h.id, h.org_path, h.deadline, h.description FROM hazards h "
     "WHERE (SELECT got FROM lock) AND h.state IN " TODO_OPEN_STATES " AND NOT h.archived "
     "AND h.due_at <= app_now() AND NOT EXISTS (SELECT 1 FROM hazard_overdue_sweeps s "
     "WHERE s.hazard_id = h.id AND s.deadline = h.deadline) "
     "ORDER BY h.due_at, h.id LIMIT $1::int), "
     "sent AS (INSERT INTO hazard_overdue_sweeps (hazard_id, deadline, org_path, notified) "
     "SELECT d.id, d.deadline, d.org_path, "
     "notify_users(d.org_path, 'org', ARRAY['admin', 'safety_officer', 'leader'], "
     "'hazard.overdue', 'hazard', d.id, '隐患逾期未整改：' || left(d.description, 60), "
     "'整改时限 ' || d.deadline || ' 已过，隐患仍未销号。' || left(d.description, 1900), "
     "'overdue:' || d.id || ':' || d.deadline) "
     "+ notify_users(d.org_path, 'parent', ARRAY['admin', 'leader', 'inspector'], "
     "'hazard.overdue', 'hazard', d.id, '隐患逾期未整改：' || left(d.description, 60), "
     "'整改时限 ' || d.deadline || ' 已过，隐患仍未销号。' || left(d.description, 1900), "
     "'overdue:' || d.id || ':' || d.deadline) FROM due d RETURNING notified) "
     "SELECT notified FROM sent"},
    {NULL, NULL},
};

/* A listed notification's allowed_actions: read while unread. */
static void notification_decorate(struct http_req *req, const PGresult *rows, int row, json_t *obj)
{
	(void)req;
	json_object_set_new(obj, "allowed_actions",
			    PQgetisnull(rows, row, PQfnumber(rows, "read_at"))
				? json_pack("[s]", "read")
				: json_array());
}

static const struct list_sort notification_sorts[] = {
    {"-created_at", 1, {"n.created_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter notification_filters[] = {
    {"unread", LIST_F_BOOL, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

const struct list_desc notification_list_desc = {
    .name = "notification_list",
    .select = "SELECT " NOTIFICATION_COLUMNS,
    .from_where = "FROM notifications n "
		  "WHERE n.user_id = nullif(current_setting('app.user_id', true), '')::uuid "
		  "AND $1::ltree <@ $2::ltree "
		  "AND ($3::boolean IS NULL OR (n.read_at IS NULL) = $3::boolean) ",
    .id = "n.id",
    .sorts = notification_sorts,
    .filters = notification_filters,
    .decorate = notification_decorate,
    .before = todo_notification_user,
    .limit_default = 50,
    .limit_max = 500,
    .count = 1,
};

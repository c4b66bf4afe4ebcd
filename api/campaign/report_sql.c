/* SQL of the report endpoints. A report is seen by its org's subtree and every org above it (the
 * receiver, the campaign's issuing org, is above); never by a sibling. Every statement takes the
 * caller's subtree as an explicit parameter beside row-level security (migration 0021). */
#include "db.h"
#include "list.h"
#include "report.h"

/* The Report row (list rows and records): the columns starting with '_' are the workflow's: the
 * report's org path (events, notifications) and whether it has a narrative (submit's guard). */
#define REPORT_COLUMNS                                                                             \
	"r.id, r.campaign_id, c.name AS campaign_name, r.duty_id, d.title AS duty_title, "         \
	"d.content, r.org_id, r.org_name, r.receiver_org_id, r.period, r.period_start, "           \
	"r.period_end, r.due_at, r.state, r.timeliness, r.revision, r.submitted_at, "              \
	"r.submitted_by_name, r.decided_at, r.decided_by_name, r.return_reason, r.version, "       \
	"r.updated_at, r.org_path::text AS _org_path, (r.narrative <> '') AS _has_narrative "

#define REPORT_FROM                                                                                \
	"FROM campaign_reports r JOIN campaigns c ON c.id = r.campaign_id "                        \
	"JOIN campaign_duties d ON d.id = r.duty_id "

/* The name of the user $n (the caller), or the name the token carries ($m). */
#define USER_NAME(n, m)                                                                            \
	"coalesce((SELECT u.display_name FROM users u WHERE u.id = " n "::uuid), " m ")"

const struct db_statement report_sql[] = {
    /* GET /reports/{id} and every Report reply: the row with its narrative, the frozen figures,
     * the live ones (report_figures now, for the report's subtree and period), and the campaign
     * and duty it fills. */
    {"report_get",
     "SELECT " REPORT_COLUMNS ", r.first_submitted_at, r.created_at, r.narrative, r.figures, "
     "report_figures(r.org_path, r.period_start, r.period_end) AS live_figures, "
     "jsonb_build_object('id', c.id, 'name', c.name, 'doc_number', c.doc_number, 'org_id', "
     "c.org_id, 'org_name', c.org_name) AS campaign, jsonb_build_object('id', d.id, 'title', "
     "d.title, 'content', d.content, 'recurrence', d.recurrence, 'due_time', d.due_time) AS "
     "duty " REPORT_FROM "WHERE r.id = $1 AND r.org_path <@ $2::ltree"},
    /* The workflow's load (events, versions, binding attachments): the row alone. */
    {"report_load",
     "SELECT " REPORT_COLUMNS REPORT_FROM "WHERE r.id = $1 AND r.org_path <@ $2::ltree"},
    /* PATCH and every move: the row, locked, with the members a PATCH merges over. */
    {"report_get_locked", "SELECT " REPORT_COLUMNS ", r.narrative, r.created_by " REPORT_FROM
			  "WHERE r.id = $1 AND r.org_path <@ $2::ltree FOR UPDATE OF r"},
    /* create: an org of the subtree ($1 id, $2 subtree). */
    {"report_org", "SELECT id FROM orgs WHERE id = $1 AND path <@ $2::ltree"},
    /* create ($1 campaign, $2 duty, $3 org, $4 period, $5 subtree): the campaign in view and its
     * state, whether the duty is the campaign's, whether the org has an obligation of it, and
     * whether it has one for the period. */
    {"report_obligation_check",
     "SELECT c.state, EXISTS (SELECT 1 FROM campaign_duties d WHERE d.id = $2::uuid "
     "AND d.campaign_id = c.id) AS duty, o.org, o.period FROM campaigns c, LATERAL "
     "(SELECT coalesce(bool_or(true), false) AS org, coalesce(bool_or(x.period = $4::text), "
     "false) AS period FROM campaign_obligations(c.id) x WHERE x.duty_id = $2::uuid "
     "AND x.org_id = $3::uuid) o WHERE c.id = $1 AND (c.org_path <@ $5::ltree "
     "OR (c.org_path @> $5::ltree AND c.state <> 'draft'))"},
    /* create (the descriptor's insert: $1 subtree, $2 campaign, $3 duty, $4 period, $5 org, $6
     * narrative, $7 the creating user, $8 the client-made id): a draft of the obligation, its
     * dates and due instant copied from it, addressed to the campaign's issuing org. */
    {"report_create",
     "INSERT INTO campaign_reports (id, campaign_id, duty_id, org_id, org_path, org_name, "
     "receiver_org_id, period, period_start, period_end, due_at, narrative, created_by) "
     "SELECT coalesce($8::uuid, gen_random_uuid()), o.campaign_id, o.duty_id, o.org_id, "
     "o.org_path, o.org_name, c.org_id, o.period, o.period_start, o.period_end, o.due_at, $6, "
     "$7::uuid FROM campaigns c, campaign_obligations(c.id) o WHERE c.id = $2::uuid "
     "AND c.state = 'issued' AND o.duty_id = $3::uuid AND o.period = $4::text "
     "AND o.org_id = $5::uuid AND o.org_path <@ $1::ltree RETURNING id"},
    /* PATCH (the descriptor's update: $1 id, $2 subtree, $3 campaign, $4 duty, $5 period, $6 org,
     * $7 narrative, $8 created_by; all but the narrative the row's own): a draft or a returned
     * report. */
    {"report_update",
     "UPDATE campaign_reports SET narrative = $7, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND campaign_id = $3::uuid AND duty_id = $4::uuid "
     "AND period = $5::text AND org_id = $6::uuid AND created_by IS NOT DISTINCT FROM $8::uuid "
     "AND state IN ('draft', 'returned') RETURNING id"},
    /* submit ($1 id, $2 subtree, $3 user, $4 the token's name): the figures frozen as they stand
     * at app_now(), the next version inserted beside them; on time or late is decided by the
     * first submission only, each version says whether it was late itself. */
    {"report_submit",
     "WITH f AS (SELECT r.id, report_figures(r.org_path, r.period_start, r.period_end) AS fig, "
     "app_now() AS at, " USER_NAME(
	 "$3",
	 "$4") " AS who FROM campaign_reports r WHERE r.id = $1 "
	       "AND r.org_path <@ $2::ltree AND r.state IN ('draft', 'returned')), "
	       "u AS (UPDATE campaign_reports r SET state = 'submitted', figures = f.fig, "
	       "revision = r.revision + 1, first_submitted_at = coalesce(r.first_submitted_at, "
	       "f.at), "
	       "timeliness = coalesce(r.timeliness, CASE WHEN f.at <= r.due_at THEN 'on_time' "
	       "ELSE 'late' END), submitted_at = f.at, submitted_by = $3::uuid, submitted_by_name "
	       "= "
	       "f.who, decided_at = NULL, decided_by = NULL, decided_by_name = NULL, return_reason "
	       "= NULL, "
	       "version = r.version + 1, updated_at = now() FROM f WHERE r.id = f.id "
	       "RETURNING r.id, r.revision, r.org_path, r.narrative, r.figures, r.submitted_at, "
	       "r.due_at) "
	       "INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, "
	       "figures, "
	       "submitted_at, submitted_by, submitted_by_name, late) SELECT u.id, u.revision, "
	       "u.org_path, "
	       "u.narrative, u.figures, u.submitted_at, $3::uuid, f.who, u.submitted_at > u.due_at "
	       "FROM u, f RETURNING report_id"},
    /* accept and return ($1 id, $2 subtree, $3 accepted | returned, $4 reason, $5 user, $6 the
     * token's name): the decision on the report and on its last version. */
    {"report_decide",
     "WITH u AS (UPDATE campaign_reports r SET state = $3::text, decided_at = app_now(), "
     "decided_by = $5::uuid, decided_by_name = " USER_NAME(
	 "$5", "$6") ", return_reason = "
		     "CASE WHEN $3::text = 'returned' THEN $4::text END, version = r.version + 1, "
		     "updated_at = now() WHERE r.id = $1 AND r.org_path <@ $2::ltree AND r.state = "
		     "'submitted' "
		     "RETURNING r.id, r.revision, r.decided_at, r.decided_by_name) "
		     "UPDATE campaign_report_versions v SET decision = $3::text, decision_reason = "
		     "$4::text, "
		     "decided_at = u.decided_at, decided_by_name = u.decided_by_name FROM u "
		     "WHERE v.report_id = u.id AND v.revision = u.revision RETURNING v.report_id"},
    /* The notifications of a move ($1 id, $2 subtree, $3 whose org: 'receiver' the campaign's
     * issuing org, else the reporting org; $4 roles, $5 kind, $6 title); the body is the return
     * reason, if any. */
    {"report_notify",
     "SELECT notify_users(CASE $3::text WHEN 'receiver' THEN "
     "org_path_above(r.receiver_org_id, r.org_path) ELSE r.org_path END, 'org', $4::text[], "
     "$5::text, 'report', r.id, left($6::text || '：' || r.org_name || ' ' || d.title || '（' || "
     "r.period || '）', 200), r.return_reason, NULL) " REPORT_FROM
     "WHERE r.id = $1 AND r.org_path <@ $2::ltree"},
    /* GET /reports/{id}/versions: every frozen version, newest first. */
    {"report_versions",
     "SELECT v.revision, v.narrative, v.figures, v.submitted_at, v.submitted_by_name, v.late, "
     "v.decision, v.decision_reason, v.decided_at, v.decided_by_name "
     "FROM campaign_report_versions v JOIN campaign_reports r ON r.id = v.report_id "
     "WHERE v.report_id = $1 AND r.org_path <@ $2::ltree ORDER BY v.revision DESC"},
    {NULL, NULL},
};

static const char *const report_states[] = {"draft", "submitted", "accepted", "returned", NULL};
static const char *const report_timeliness[] = {"on_time", "late", NULL};

static const struct list_sort report_sorts[] = {
    {"-due_at", 1, {"r.due_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"due_at", 0, {"r.due_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    /* the change feed's order */
    {"updated_at", 0, {"r.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

/* $3 campaign_id, $4 duty_id, $5 period, $6 state, $7 timeliness, $8 changed since. */
static const struct list_filter report_filters[] = {
    {"campaign_id", LIST_F_UUID, NULL, NULL, 0},
    {"duty_id", LIST_F_UUID, NULL, NULL, 0},
    {"period", LIST_F_TEXT, NULL, NULL, 10},
    {"state", LIST_F_ENUM, NULL, report_states, 0},
    {"timeliness", LIST_F_ENUM, NULL, report_timeliness, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* GET /reports: the reports of the caller's subtree (org_id narrows to one org's subtree), its
 * own and those addressed to it. */
const struct list_desc report_list_desc = {
    .name = "report_list",
    .select = "SELECT " REPORT_COLUMNS,
    .from_where = REPORT_FROM "WHERE r.org_path <@ $1::ltree AND r.org_path <@ $2::ltree "
			      "AND ($3::uuid IS NULL OR r.campaign_id = $3::uuid) "
			      "AND ($4::uuid IS NULL OR r.duty_id = $4::uuid) "
			      "AND ($5::text IS NULL OR r.period = $5::text) "
			      "AND ($6::text IS NULL OR r.state = $6::text) "
			      "AND ($7::text IS NULL OR r.timeliness = $7::text) "
			      "AND ($8::timestamptz IS NULL OR r.updated_at >= $8::timestamptz) ",
    .id = "r.id",
    .sorts = report_sorts,
    .filters = report_filters,
    .limit_default = 50,
    .limit_max = 200,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kind = &report_kind,
};

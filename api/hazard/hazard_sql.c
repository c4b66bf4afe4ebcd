/* SQL of the hazard endpoints (隐患): the record, its moves, its list and ledger. Every statement
 * takes the caller's subtree as an explicit ltree parameter beside row-level security; every
 * time and deadline is read against app_now() (the test clock). */
#include "db.h"
#include "hazard.h"
#include "labels.h"
#include "list.h"

/* The states in which a hazard is open against its deadline (the index hazards_open_due). */
#define HAZARD_OPEN                                                                                \
	"h.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested')"

/* Today in China: a deadline may not lie before it. */
#define HAZARD_TODAY "(app_now() AT TIME ZONE 'Asia/Shanghai')::date"

/* The Hazard representation. The columns that start with _ are the handler's: the unit's path
 * (org rules), the notice's issuing org (extensions). */
#define HAZARD_COLUMNS                                                                             \
	"h.id, h.org_id, o.name AS org_name, h.institution_id, "                                   \
	"CASE WHEN h.institution_id IS NOT NULL THEN o.name END AS institution_name, "             \
	"h.key_location_id, h.risk_id, h.source, h.inspection_id, h.finding_id, "                  \
	"h.inspection_position, h.previous_id, "                                                   \
	"(SELECT r.id FROM hazards r WHERE r.previous_id = h.id) AS rebound_id, "                  \
	"h.description, h.location, h.category, h.level, h.criterion_id, h.major_basis, h.state, " \
	"h.found_at, h.reported_by, h.reported_by_name, h.reporter_org_id, h.registered_org_id, "  \
	"h.registered_org_level, h.registered_by, h.registered_at, h.requirement, h.deadline, "    \
	"h.due_at, h.responsible_person, h.responsible_phone, h.funds, h.measures, "               \
	"h.emergency_plan, h.notice_id, "                                                          \
	"CASE WHEN n.id IS NULL THEN NULL ELSE json_build_object('id', n.id, 'number', n.number) " \
	"END AS notice, "                                                                          \
	"h.extension_state, h.extension_until, h.extension_reason, h.rectification, "              \
	"h.rectified_by, h.rectified_at, h.signed_in_charge_by, h.signed_in_charge_at, "           \
	"h.signed_principal_by, h.signed_principal_at, h.accepted_by, h.accepted_by_name, "        \
	"h.accepted_org_id, h.closed_at, h.cancel_reason, h.listed, h.listing_org_id, "            \
	"h.listing_document, h.listing_due, h.listed_at, h.delisted_at, "                          \
	"coalesce(" HAZARD_OPEN " AND app_now() >= h.due_at, false) AS overdue, "                  \
	"h.archived, h.version, h.created_at, h.updated_at, h.org_path::text AS _org_path, "       \
	"n.issuer_org_id::text AS _notice_issuer "

/* The unit's name is LEFT JOINed (an org of the subtree is always there), like the other lists;
 * a notice is the unit's, so it is in view wherever its hazard is. */
#define HAZARD_JOINS                                                                               \
	"LEFT JOIN orgs o ON o.id = h.org_id LEFT JOIN rectification_notices n ON n.id = "         \
	"h.notice_id "
#define HAZARD_FROM "FROM hazards h " HAZARD_JOINS

/* The filters of GET /hazards: $1 org subtree, $2 scope, $3 states (comma list), $4 level, $5
 * overdue, $6 listed, $7 source, $8 institution, $9 category, $10 found from, $11 found to (a
 * date is a whole day in Asia/Shanghai), $12 text (description, location, unit), $13 changed
 * since (the change feed). */
#define HAZARD_SUBTREE LIST_SUBTREE("h")
/* The text filter: the description, the location or the unit's name. */
#define HAZARD_TEXT_MATCH(n)                                                                       \
	"(" LIST_TEXT_MATCH("h.description", n) " OR " LIST_TEXT_MATCH(                            \
	    "coalesce(h.location, '')", n) " OR " LIST_ORG_NAME_MATCH("h.org_id", n) ")"
#define HAZARD_LIST_WHERE                                                                          \
	"WHERE " HAZARD_SUBTREE "AND $1::ltree <@ $2::ltree "                                      \
	"AND ($3::text IS NULL OR h.state = ANY (string_to_array($3::text, ','))) "                \
	"AND ($4::text IS NULL OR h.level = $4::text) "                                            \
	"AND ($5::boolean IS NULL OR coalesce(" HAZARD_OPEN " AND app_now() >= h.due_at, false) "  \
	"= $5::boolean) "                                                                          \
	"AND ($6::boolean IS NULL OR h.listed = $6::boolean) "                                     \
	"AND ($7::text IS NULL OR h.source = $7::text) "                                           \
	"AND ($8::uuid IS NULL OR h.institution_id = $8::uuid) "                                   \
	"AND ($9::text IS NULL OR h.category = $9::text) "                                         \
	"AND ($10::text IS NULL OR h.found_at >= CASE WHEN length($10::text) = 10 "                \
	"THEN $10::text::date::timestamp AT TIME ZONE 'Asia/Shanghai' "                            \
	"ELSE $10::text::timestamptz END) "                                                        \
	"AND ($11::text IS NULL OR CASE WHEN length($11::text) = 10 "                              \
	"THEN h.found_at < deadline_end($11::text::date) "                                         \
	"ELSE h.found_at <= $11::text::timestamptz END) "                                          \
	"AND ($12::text IS NULL OR " HAZARD_TEXT_MATCH(                                            \
	    "$12::text") ") "                                                                      \
			 "AND ($13::timestamptz IS NULL OR h.updated_at >= $13::timestamptz) "

/* The candidates of an inspection ($1, in subtree $2) for hazards: each finding (at its item's
 * position, if any), and each failed item that has no finding. */
#define HAZARD_CANDIDATES                                                                          \
	"WITH cand AS (SELECT f.id AS finding_id, f.position, f.description, f.location, "         \
	"f.suggested_severity AS level FROM findings f WHERE f.inspection_id = $1 "                \
	"AND f.org_path <@ $2::ltree "                                                             \
	"UNION ALL SELECT NULL::uuid, r.position, left(r.item_text || coalesce('：' || r.note, "  \
	"''), 2000), NULL::text, 'general' FROM inspection_results r "                             \
	"WHERE r.inspection_id = $1 AND r.org_path <@ $2::ltree AND r.result = 'fail' "            \
	"AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.inspection_id = r.inspection_id "        \
	"AND f.position = r.position)) "

/* A hazard move's update: the state and version, with `set` the move's own columns. */
#define HAZARD_MOVE(set)                                                                           \
	"UPDATE hazards h SET " set ", version = version + 1, updated_at = app_now() "             \
	"WHERE h.id = $1 AND h.org_path <@ $2::ltree AND NOT h.archived RETURNING h.id"

const struct db_statement hazard_sql[] = {
    /* hazard_get, every answer with a Hazard (rest_load): one hazard in the subtree. */
    {"hazard_get",
     "SELECT " HAZARD_COLUMNS HAZARD_FROM "WHERE h.id = $1 AND h.org_path <@ $2::ltree"},
    /* hazard writes and moves: the hazard, locked against concurrent changes. */
    {"hazard_get_locked", "SELECT " HAZARD_COLUMNS HAZARD_FROM
			  "WHERE h.id = $1 AND h.org_path <@ $2::ltree FOR UPDATE OF h"},
    /* hazard_create: the institution reported on (its unit is the hazard's org). */
    {"hazard_institution",
     "SELECT i.id, i.archived FROM institutions i WHERE i.id = $1 AND i.org_path <@ $2::ltree"},
    /* hazard_create, PATCH: a key location of the institution. */
    {"hazard_key_location", "SELECT k.id FROM key_locations k WHERE k.id = $1 "
			    "AND k.institution_id = $2 AND k.org_path <@ $3::ltree"},
    /* hazard_create, PATCH: a risk point of the institution. */
    {"hazard_risk", "SELECT r.id FROM risks r WHERE r.id = $1 AND r.institution_id = $2 "
		    "AND r.org_path <@ $3::ltree"},
    /* register, create, PATCH: a criterion the caller may read (shipped, or of an org above or
     * below), not archived. */
    {"hazard_criterion", "SELECT c.id, c.category FROM hazard_criteria c WHERE c.id = $1 "
			 "AND NOT c.archived"},
    /* register, start: whether a date is today or later in Asia/Shanghai. */
    {"hazard_date_ok", "SELECT $1::date >= " HAZARD_TODAY},
    /* hazard_create (the descriptor's insert: $1 subtree, $2.. the fields in the order of
     * hazard_fields, then the reporter's id, name and org, last the client-made id). The unit
     * is the institution's org. */
    {"hazard_create",
     "INSERT INTO hazards (id, org_id, org_path, institution_id, key_location_id, risk_id, "
     "source, description, location, category, level, criterion_id, major_basis, found_at, "
     "reported_by, reported_by_name, reporter_org_id) "
     "SELECT coalesce($15::uuid, gen_random_uuid()), i.org_id, i.org_path, i.id, $3::uuid, "
     "$4::uuid, 'report', $5, $6, $7, $8, $9::uuid, $10, coalesce($11::timestamptz, app_now()), "
     "$12::uuid, "
     "coalesce((SELECT u.display_name FROM users u WHERE u.id = $12::uuid), $13), $14::uuid "
     "FROM institutions i WHERE i.id = $2 AND i.org_path <@ $1::ltree AND NOT i.archived "
     "RETURNING id"},
    /* PATCH /hazards/{id} (reported, registered): the description and grading. */
    {"hazard_update",
     "UPDATE hazards SET key_location_id = $4::uuid, risk_id = $5::uuid, description = $6, "
     "location = $7, category = $8, level = $9, criterion_id = $10::uuid, major_basis = $11, "
     "found_at = coalesce($12::timestamptz, found_at), "
     "reported_by = coalesce(reported_by, $13::uuid), "
     "reported_by_name = coalesce(reported_by_name, $14), "
     "reporter_org_id = coalesce(reporter_org_id, $15::uuid), version = version + 1, "
     "updated_at = app_now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND institution_id = $3::uuid AND NOT archived "
     "AND state IN ('reported', 'registered') RETURNING id"},
    /* register: grading, deadline, requirement, the five given; the registering org. */
    {"hazard_register",
     HAZARD_MOVE(
	 "state = 'registered', level = $3, category = coalesce($4, category), "
	 "criterion_id = $5::uuid, major_basis = $6, deadline = $7::date, "
	 "requirement = $8, responsible_person = coalesce($9, responsible_person), "
	 "responsible_phone = coalesce($10, responsible_phone), funds = coalesce($11, funds), "
	 "measures = coalesce($12, measures), "
	 "emergency_plan = coalesce($13, emergency_plan), registered_org_id = $14::uuid, "
	 "registered_org_level = (SELECT o.level FROM orgs o WHERE o.id = $14::uuid), "
	 "registered_by = $15::uuid, registered_at = app_now()")},
    /* fix_on_spot: rectified and accepted in one step by the caller, closed now. */
    {"hazard_fix_on_spot",
     HAZARD_MOVE("state = 'closed', rectification = $3, rectified_by = $4::uuid, "
		 "rectified_at = app_now(), accepted_by = $4::uuid, "
		 "accepted_by_name = coalesce((SELECT u.display_name FROM users u "
		 "WHERE u.id = $4::uuid), $5), accepted_org_id = $6::uuid, closed_at = app_now(), "
		 "registered_org_id = coalesce(registered_org_id, $6::uuid), "
		 "registered_org_level = coalesce(registered_org_level, "
		 "(SELECT o.level FROM orgs o WHERE o.id = $6::uuid)), "
		 "registered_by = coalesce(registered_by, $4::uuid), "
		 "registered_at = coalesce(registered_at, app_now())")},
    /* issue_notice (POST /notices through wf_take): the notice, its deadline and requirement. */
    {"hazard_issue_notice",
     HAZARD_MOVE("state = 'notice_issued', notice_id = $3::uuid, deadline = $4::date, "
		 "requirement = coalesce($5, requirement), extension_state = NULL, "
		 "extension_until = NULL, extension_reason = NULL")},
    /* start: the five given in the payload beside those already set. */
    {"hazard_start",
     HAZARD_MOVE(
	 "state = 'rectifying', responsible_person = coalesce($3, responsible_person), "
	 "responsible_phone = coalesce($4, responsible_phone), funds = coalesce($5, funds), "
	 "measures = coalesce($6, measures), emergency_plan = coalesce($7, emergency_plan)")},
    /* submit: the rectification, by whom and when. */
    {"hazard_submit", HAZARD_MOVE("state = 'acceptance_requested', rectification = $3, "
				  "rectified_by = $4::uuid, rectified_at = app_now()")},
    /* sign_off: one capacity's signature ($3 in_charge or principal). */
    {"hazard_sign_off",
     HAZARD_MOVE("signed_in_charge_by = CASE WHEN $3 = 'in_charge' THEN $4::uuid "
		 "ELSE signed_in_charge_by END, "
		 "signed_in_charge_at = CASE WHEN $3 = 'in_charge' THEN app_now() "
		 "ELSE signed_in_charge_at END, "
		 "signed_principal_by = CASE WHEN $3 = 'principal' THEN $4::uuid "
		 "ELSE signed_principal_by END, "
		 "signed_principal_at = CASE WHEN $3 = 'principal' THEN app_now() "
		 "ELSE signed_principal_at END")},
    /* accept: accepted by the caller, closed now. */
    {"hazard_accept",
     HAZARD_MOVE("state = 'closed', accepted_by = $3::uuid, "
		 "accepted_by_name = coalesce((SELECT u.display_name FROM users u "
		 "WHERE u.id = $3::uuid), $4), accepted_org_id = $5::uuid, closed_at = app_now()")},
    /* reject: back to rectifying (the reason is the event's). */
    {"hazard_reject", HAZARD_MOVE("state = 'rectifying'")},
    /* cancel: a false report, with its reason. */
    {"hazard_cancel", HAZARD_MOVE("state = 'cancelled', cancel_reason = $3")},
    /* list: 挂牌督办 by the caller's org. */
    {"hazard_list_for_supervision",
     HAZARD_MOVE("listed = true, listing_org_id = $3::uuid, "
		 "listing_org_path = (SELECT o.path FROM orgs o WHERE o.id = $3::uuid), "
		 "listing_document = $4, listing_due = $5::date, listed_at = app_now(), "
		 "delisted_at = NULL")},
    /* delist: 摘牌. */
    {"hazard_delist", HAZARD_MOVE("listed = false, delisted_at = app_now()")},
    /* request_extension: once per notice. */
    {"hazard_request_extension",
     HAZARD_MOVE("extension_state = 'requested', extension_until = $3::date, "
		 "extension_reason = $4")},
    /* grant_extension: the deadline moves to the date asked for. */
    {"hazard_grant_extension",
     HAZARD_MOVE("extension_state = 'granted', deadline = extension_until")},
    /* refuse_extension. */
    {"hazard_refuse_extension", HAZARD_MOVE("extension_state = 'refused'")},
    /* rebound: the inspection that found a closed hazard again (a submitted look-back of the
     * same institution, in the subtree). */
    {"hazard_lookback",
     "SELECT s.id FROM inspections s WHERE s.id = $1 AND s.org_path <@ $2::ltree "
     "AND s.type = 'lookback' AND s.institution_id IS NOT DISTINCT FROM $3::uuid "
     "AND NOT s.archived"},
    /* rebound: the hazard's second life, reported again, linked to its first. */
    {"hazard_rebound_create",
     "INSERT INTO hazards (org_id, org_path, institution_id, key_location_id, risk_id, source, "
     "inspection_id, previous_id, description, location, category, level, criterion_id, "
     "major_basis, found_at, reported_by, reported_by_name, reporter_org_id) "
     "SELECT h.org_id, h.org_path, h.institution_id, h.key_location_id, h.risk_id, 'lookback', "
     "$3::uuid, h.id, h.description, h.location, h.category, h.level, h.criterion_id, "
     "h.major_basis, app_now(), $4::uuid, "
     "coalesce((SELECT u.display_name FROM users u WHERE u.id = $4::uuid), $5), $6::uuid "
     "FROM hazards h WHERE h.id = $1 AND h.org_path <@ $2::ltree RETURNING id"},
    /* Notifications of a move, written after it ($3: whose org: 'unit', 'registrar' the
     * registering org, 'issuer' the notice's issuing org; $4 notify_users' mode, $5 roles, $6
     * kind, $7 title). */
    {"hazard_notify",
     "SELECT notify_users(CASE $3::text "
     "WHEN 'registrar' THEN coalesce(org_path_above(h.registered_org_id, h.org_path), h.org_path) "
     "WHEN 'issuer' THEN coalesce(org_path_above(n.issuer_org_id, h.org_path), h.org_path) "
     "ELSE h.org_path END, $4::text, $5::text[], $6::text, 'hazard', h.id, "
     "left($7::text || '：' || h.description, 200), o.name, NULL) "
     "FROM hazards h LEFT JOIN orgs o ON o.id = h.org_id "
     "LEFT JOIN rectification_notices n ON n.id = h.notice_id "
     "WHERE h.id = $1 AND h.org_path <@ $2::ltree"},
    /* GET /inspections/{id}: the hazards registered from it (and the rebounds a look-back found),
     * with their states. */
    {"hazard_of_inspection",
     "SELECT h.id, h.finding_id, h.inspection_position, h.description, h.level, h.state, "
     "coalesce(" HAZARD_OPEN " AND app_now() >= h.due_at, false) AS overdue "
     "FROM hazards h WHERE h.inspection_id = $1 AND h.org_path <@ $2::ltree "
     "ORDER BY h.inspection_position NULLS LAST, h.created_at, h.id"},
    /* POST /inspections/{id}/hazards: the submitted inspection in the subtree. */
    {"hazard_inspection", "SELECT s.id, s.status, s.institution_id FROM inspections s "
			  "WHERE s.id = $1 AND s.org_path <@ $2::ltree AND NOT s.archived "
			  "AND NOT (s.type = 'unannounced' AND s.status = 'draft' "
			  "AND s.org_path = $2::ltree) FOR UPDATE OF s"},
    /* POST /inspections/{id}/hazards: what may become a hazard: each finding, and each failed
     * item without a finding of its own; whether a hazard has it already. */
    {"hazard_inspection_candidates", HAZARD_CANDIDATES
     "SELECT c.finding_id, c.position, EXISTS (SELECT 1 FROM hazards h "
     "WHERE h.inspection_id = $1 AND (h.finding_id = c.finding_id OR (c.finding_id IS NULL "
     "AND h.finding_id IS NULL AND h.inspection_position = c.position))) AS registered "
     "FROM cand c ORDER BY c.position NULLS LAST, c.finding_id"},
    /* POST /inspections/{id}/hazards: the chosen candidates ($3 finding ids, $4 positions;
     * both NULL: all) not registered yet, reported by the caller ($5 id, $6 name, $7 org), of
     * category $8; a finding graded major keeps the inspection as its basis. */
    {"hazard_inspection_register", HAZARD_CANDIDATES
     "INSERT INTO hazards (org_id, org_path, institution_id, source, inspection_id, finding_id, "
     "inspection_position, description, location, category, level, major_basis, found_at, "
     "reported_by, reported_by_name, reporter_org_id) "
     "SELECT s.org_id, s.org_path, s.institution_id, 'inspection', s.id, c.finding_id, "
     "c.position, c.description, c.location, $8, c.level, "
     "CASE WHEN c.level = 'major' THEN left('检查判定为重大隐患（' || s.inspected_on || ' "
     "检查）：' "
     "|| c.description, 1000) END, "
     "s.inspected_on::timestamp AT TIME ZONE 'Asia/Shanghai', $5::uuid, "
     "coalesce((SELECT u.display_name FROM users u WHERE u.id = $5::uuid), $6), $7::uuid "
     "FROM cand c JOIN inspections s ON s.id = $1 "
     "WHERE ($3::uuid[] IS NULL AND $4::int[] IS NULL OR c.finding_id = ANY ($3::uuid[]) "
     "OR c.position = ANY ($4::int[])) "
     "AND NOT EXISTS (SELECT 1 FROM hazards h WHERE h.inspection_id = $1 "
     "AND (h.finding_id = c.finding_id OR (c.finding_id IS NULL AND h.finding_id IS NULL "
     "AND h.inspection_position = c.position))) "
     "ORDER BY c.position NULLS LAST, c.finding_id RETURNING id, level"},
    {NULL, NULL},
};

/* GET /hazards and the ledger: newest found first by default; by deadline (undated last). */
static const struct list_sort hazard_sorts[] = {
    {"-found_at", 1, {"h.found_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"found_at", 0, {"h.found_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"due_at",
     0,
     {"coalesce(h.due_at, 'infinity'::timestamptz)", NULL, NULL},
     {"timestamptz", NULL, NULL}},
    {"-due_at",
     1,
     {"coalesce(h.due_at, '-infinity'::timestamptz)", NULL, NULL},
     {"timestamptz", NULL, NULL}},
    /* the change feed's order */
    {"updated_at", 0, {"h.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter hazard_filters[] = {
    {"state", LIST_F_TEXT, NULL, NULL, 200},
    {"level", LIST_F_ENUM, NULL, hazard_level_codes, 0},
    {"overdue", LIST_F_BOOL, NULL, NULL, 0},
    {"listed", LIST_F_BOOL, NULL, NULL, 0},
    {"source", LIST_F_ENUM, NULL, hazard_source_codes, 0},
    {"institution_id", LIST_F_UUID, NULL, NULL, 0},
    {"category", LIST_F_ENUM, labels_risk_category, NULL, 0},
    {"found_from", LIST_F_TIME, NULL, NULL, 0},
    {"found_to", LIST_F_TIME, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* The ledger (隐患台账): the customary columns. */
static const struct export_column hazard_export_columns[] = {
    {"seq", "序号", EXPORT_SEQ, NULL},
    {"org_name", "单位", EXPORT_TEXT, NULL},
    {"description", "隐患描述", EXPORT_TEXT, NULL},
    {"level", "等级", EXPORT_LABEL, hazard_level_labels},
    {"found_at", "发现时间", EXPORT_TIME, NULL},
    {"source", "来源", EXPORT_LABEL, hazard_source_labels},
    {"responsible_person", "整改责任人", EXPORT_TEXT, NULL},
    {"funds", "资金", EXPORT_TEXT, NULL},
    {"measures", "措施", EXPORT_TEXT, NULL},
    {"deadline", "时限", EXPORT_TEXT, NULL},
    {"emergency_plan", "应急预案", EXPORT_TEXT, NULL},
    {"rectification", "整改情况", EXPORT_TEXT, NULL},
    {"accepted_by_name", "验收人", EXPORT_TEXT, NULL},
    {"closed_at", "销号时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

const struct list_desc hazard_list_desc = {
    .name = "hazard_list",
    .select = "SELECT " HAZARD_COLUMNS,
    .from_where = "FROM hazards h " HAZARD_LIST_WHERE,
    .joins = HAZARD_JOINS,
    .id = "h.id",
    .sorts = hazard_sorts,
    .filters = hazard_filters,
    .ordered_scans = 1,
    .check = hazard_list_check,
    .limit_default = 50,
    .limit_max = 500,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kind = &hazard_resource.kind,
    .export_columns = hazard_export_columns,
    .export_name = "hazards",
    .export_max = 50000,
};

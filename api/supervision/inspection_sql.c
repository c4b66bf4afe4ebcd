/* SQL of the inspection endpoints. Every statement takes the caller's subtree as an explicit
 * ltree parameter beside row-level security, and repeats the unannounced-inspection rule of the
 * policy: a draft 暗访暗查 is invisible to the inspected unit's own callers (scope = the unit). */
#include "db.h"
#include "inspection.h"
#include "labels.h"
#include "list.h"
#include "validate.h"

#include <string.h>

/* Whether inspection alias `a` is hidden from the caller whose subtree is $n: both layers say
 * the same (the policy compares with app_identity(), the caller's own subtree). */
#define INSPECTION_UNHIDDEN(a, n)                                                                  \
	"NOT (" a ".type = 'unannounced' AND " a ".status = 'draft' AND " a ".org_path = " n       \
	"::ltree) "

/* ... and not archived: a deleted draft is kept, archived, for the change feed's tombstone. */
#define INSPECTION_SHOWN(a, n) "NOT " a ".archived AND " INSPECTION_UNHIDDEN(a, n)

/* The Inspection representation (without results and findings); _org_path is the handler's. */
#define INSPECTION_COLUMNS                                                                         \
	"s.id, s.institution_id, o.name AS institution_name, s.org_id, s.inspector_org_id, "       \
	"s.inspector_org_name, s.inspectors, s.type, "                                             \
	"s.template_id, "                                                                          \
	"s.template_name, s.inspected_on, s.status, s.conclusion, s.corrects_id, "                 \
	"(SELECT c.id FROM inspections c WHERE c.corrects_id = s.id AND NOT c.archived "           \
	"ORDER BY c.created_at DESC LIMIT 1) AS corrected_by_id, "                                 \
	"s.submitted_at, s.submitted_by, "                                                         \
	"s.item_count, s.answered_count, s.fail_count, "                                           \
	"s.created_by, s.version, s.created_at, s.updated_at, s.org_path::text AS _org_path "

/* Plans at province scale (tests/plan/): row-level security already limits every table to the
 * subtree, so the explicit subtree test is an ltree_risparent() call, which the planner does
 * not count as a second 1-in-100 filter, and the listed subtree's place in the caller's is a
 * test of the parameters alone; the org whose name a row shows is LEFT JOINed to the page's rows
 * alone (list_desc.joins), which the planner does not count as a filter either (an org of the
 * subtree is always there). */
/* The unit whose name a row shows, and nothing else: the inspecting org's and the checklist's
 * names are the inspection's own (migrations 0005 and 0038: a unit's users cannot read that org,
 * and each join cost every page's plan a table under row-level security), and so are the
 * checklist's counts (0044: a counting subquery per row was about a seventh of a page's time). */
#define INSPECTION_JOINS "LEFT JOIN orgs o ON o.id = s.org_id "
/* The inspected unit's name as a sort key: looked up per row, so that a page of the other sorts
 * joins no org before its rows are chosen. */
#define INSPECTION_UNIT_NAME "(SELECT m.name FROM orgs m WHERE m.id = s.org_id)"
#define INSPECTION_FROM "FROM inspections s " INSPECTION_JOINS

/* The filters of GET /inspections: $1 org subtree, $2 scope, $3 institution, $4 type, $5 status,
 * $6 from, $7 to (inspected_on), $8 text (institution name), $9 archived (deleted drafts; NULL =
 * both), $10 changed since (the change feed). */
#define INSPECTION_SUBTREE LIST_SUBTREE("s")
#define INSPECTION_LIST_WHERE                                                                      \
	"WHERE " INSPECTION_SUBTREE "AND $1::ltree <@ $2::ltree "                                  \
	"AND " INSPECTION_UNHIDDEN(                                                                \
	    "s", "$2") "AND ($3::uuid IS NULL OR s.institution_id = $3::uuid) "                    \
		       "AND ($4::text IS NULL OR s.type = $4::text) "                              \
		       "AND ($5::text IS NULL OR s.status = $5::text) "                            \
		       "AND ($6::date IS NULL OR s.inspected_on >= $6::date) "                     \
		       "AND ($7::date IS NULL OR s.inspected_on <= $7::date) "                     \
		       "AND ($8::text IS NULL OR " LIST_ORG_NAME_MATCH(                            \
			   "s.org_id",                                                             \
			   "$8::text") ") "                                                        \
				       "AND ($9::boolean IS NULL OR s.archived = $9::boolean) "    \
				       "AND ($10::timestamptz IS NULL OR s.updated_at >= "         \
				       "$10::timestamptz) "

const struct db_statement inspection_sql[] = {
    /* inspection handlers (rest_load): one inspection the caller may see. */
    {"inspection_get",
     "SELECT " INSPECTION_COLUMNS INSPECTION_FROM
     "WHERE s.id = $1 AND s.org_path <@ $2::ltree AND " INSPECTION_SHOWN("s", "$2")},
    /* inspection writes (rest_load): the inspection, locked against concurrent changes. */
    {"inspection_get_locked", "SELECT " INSPECTION_COLUMNS INSPECTION_FROM
			      "WHERE s.id = $1 AND s.org_path <@ $2::ltree AND " INSPECTION_SHOWN(
				  "s", "$2") "FOR UPDATE OF s"},
    /* inspection_finish, inspection_get: the results in checklist order. */
    {"inspection_results",
     "SELECT r.position, r.item_text, r.category, r.legal_basis, r.result, r.note "
     "FROM inspection_results r JOIN inspections s ON s.id = r.inspection_id "
     "WHERE r.inspection_id = $1 AND r.org_path <@ $2::ltree AND " INSPECTION_SHOWN(
	 "s", "$2") "ORDER BY r.position"},
    /* inspection_finish, inspection_get: the findings, by checklist position. */
    {"inspection_findings",
     "SELECT f.id, f.position, f.description, f.location, f.suggested_severity, f.created_at "
     "FROM findings f JOIN inspections s ON s.id = f.inspection_id "
     "WHERE f.inspection_id = $1 AND f.org_path <@ $2::ltree AND " INSPECTION_SHOWN(
	 "s", "$2") "ORDER BY f.position NULLS LAST, f.created_at, f.id"},
    /* inspection_create: the institution inspected, in the subtree. */
    {"inspection_institution",
     "SELECT i.id, i.archived FROM institutions i WHERE i.id = $1 AND i.org_path <@ $2::ltree"},
    /* inspection_create: a template the caller may use (national, an ancestor's or the
     * subtree's), not archived. */
    {"inspection_template",
     "SELECT t.id FROM checklist_templates t WHERE t.id = $1 AND NOT t.archived AND "
     "(t.org_path IS NULL OR t.org_path <@ $2::ltree OR t.org_path @> $2::ltree)"},
    /* inspection_create: the caller's display name, the default inspector. */
    {"inspection_caller_name",
     "SELECT display_name FROM users WHERE id = $1 AND org_path <@ $2::ltree"},
    /* inspection_create: a draft of the institution (its org and path copied from its row). */
    {"inspection_create",
     "INSERT INTO inspections (id, institution_id, org_id, org_path, inspector_org_id, inspectors, "
     "type, template_id, inspected_on, conclusion, created_by) "
     "SELECT coalesce($10::uuid, gen_random_uuid()), i.id, i.org_id, i.org_path, $2, $3::jsonb, "
     "$4, $5, $6::date, $7, $8::uuid "
     "FROM institutions i WHERE i.id = $1 AND i.org_path <@ $9::ltree AND NOT i.archived "
     "RETURNING id"},
    /* inspection_create: one result row per template item, with the item's text copied (the
     * record keeps what was asked even if the template changes later). */
    {"inspection_copy_items",
     "INSERT INTO inspection_results (inspection_id, org_path, position, item_id, item_text, "
     "category, legal_basis) "
     "SELECT s.id, s.org_path, ci.position, ci.id, ci.text, ci.category, ci.legal_basis "
     "FROM inspections s JOIN checklist_items ci ON ci.template_id = $2 "
     "WHERE s.id = $1 AND s.org_path <@ $3::ltree AND (ci.org_path IS NULL OR "
     "ci.org_path <@ $3::ltree OR ci.org_path @> $3::ltree)"},
    /* inspection_patch: the editable fields of a draft. */
    {"inspection_update",
     "UPDATE inspections s SET inspected_on = $2::date, inspectors = $3::jsonb, conclusion = $4, "
     "version = s.version + 1, updated_at = now() "
     "WHERE s.id = $1 AND s.org_path <@ $5::ltree AND " INSPECTION_SHOWN("s",
									 "$5") "RETURNING s.id"},
    /* inspection_delete: a draft is archived, never removed, so that a phone that cached it
     * learns from the change feed that it is gone. Which states may be changed is the
     * workflow's to say (inspection_workflow.c), on the locked row. */
    {"inspection_delete",
     "UPDATE inspections s SET archived = true, version = s.version + 1, updated_at = now() "
     "WHERE s.id = $1 AND s.org_path <@ $2::ltree AND " INSPECTION_SHOWN("s",
									 "$2") "RETURNING s.id"},
    /* inspection_correction: a new draft copying a submitted inspection. */
    {"inspection_correction_create",
     "INSERT INTO inspections (institution_id, org_id, org_path, inspector_org_id, inspectors, "
     "type, template_id, template_name, inspected_on, conclusion, corrects_id, created_by) "
     "SELECT s.institution_id, s.org_id, s.org_path, $2, s.inspectors, s.type, s.template_id, "
     "s.template_name, s.inspected_on, s.conclusion, s.id, $3::uuid FROM inspections s "
     "WHERE s.id = $1 AND s.org_path <@ $4::ltree RETURNING id"},
    /* inspection_correction: the results of the original. */
    {"inspection_copy_results",
     "INSERT INTO inspection_results (inspection_id, org_path, position, item_id, item_text, "
     "category, legal_basis, result, note) "
     "SELECT $1, r.org_path, r.position, r.item_id, r.item_text, r.category, r.legal_basis, "
     "r.result, r.note FROM inspection_results r "
     "WHERE r.inspection_id = $2 AND r.org_path <@ $3::ltree"},
    /* inspection_correction: the findings of the original. */
    {"inspection_copy_findings",
     "INSERT INTO findings (inspection_id, org_path, position, description, location, "
     "suggested_severity) "
     "SELECT $1, f.org_path, f.position, f.description, f.location, f.suggested_severity "
     "FROM findings f WHERE f.inspection_id = $2 AND f.org_path <@ $3::ltree"},
    /* inspection_put_result: the result row being answered, locked. */
    {"inspection_result_get",
     "SELECT r.position, r.item_text, r.result, r.note FROM inspection_results r "
     "WHERE r.inspection_id = $1 AND r.position = $2::int AND r.org_path <@ $3::ltree "
     "FOR UPDATE OF r"},
    /* inspection_put_result */
    {"inspection_result_set",
     "UPDATE inspection_results SET result = $3, note = $4 "
     "WHERE inspection_id = $1 AND position = $2::int AND org_path <@ $5::ltree "
     "RETURNING position"},
    /* inspection_put_result: the finding of a failed item, if any. */
    {"inspection_finding_get",
     "SELECT f.id, f.description, f.location, f.suggested_severity FROM findings f "
     "WHERE f.inspection_id = $1 AND f.position = $2::int AND f.org_path <@ $3::ltree "
     "ORDER BY f.created_at LIMIT 1"},
    /* inspection_put_result: a failed item's new finding. */
    {"inspection_finding_insert",
     "INSERT INTO findings (inspection_id, org_path, position, description, location, "
     "suggested_severity) "
     "SELECT s.id, s.org_path, $2::int, $3, $4, $5 FROM inspections s "
     "WHERE s.id = $1 AND s.org_path <@ $6::ltree RETURNING id"},
    /* inspection_put_result: a failed item's finding, changed. */
    {"inspection_finding_update",
     "UPDATE findings SET description = $2, location = $3, suggested_severity = $4 "
     "WHERE id = $1 AND org_path <@ $5::ltree RETURNING id"},
    /* inspection_put_result: an item no longer failed has no finding. */
    {"inspection_finding_delete",
     "DELETE FROM findings WHERE inspection_id = $1 AND position = $2::int "
     "AND org_path <@ $3::ltree"},
    /* inspection_put_result: a new version for the changed record. */
    {"inspection_touch", "UPDATE inspections SET version = version + 1, updated_at = now() "
			 "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    /* inspection_submit (its check): the items still unanswered. */
    {"inspection_unanswered",
     "SELECT position FROM inspection_results WHERE inspection_id = $1 AND result IS NULL "
     "AND org_path <@ $2::ltree ORDER BY position"},
    /* inspection_submit: the record is fixed from now on ($2 the workflow's new state). */
    {"inspection_submit",
     "UPDATE inspections SET status = $2, submitted_at = now(), submitted_by = $3::uuid, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $4::ltree RETURNING id"},
    {NULL, NULL},
};

/* GET /inspections and /inspections/export: the filters $3..$10 of INSPECTION_LIST_WHERE, one
 * statement per sort; inspections of one day in the order they were recorded. */
static const struct list_sort inspection_sorts[] = {
    {"-inspected_on", 1, {"s.inspected_on", "s.created_at", NULL}, {"date", "timestamptz", NULL}},
    {"inspected_on", 0, {"s.inspected_on", "s.created_at", NULL}, {"date", "timestamptz", NULL}},
    {"-updated_at", 1, {"s.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    /* the change feed's order too */
    {"updated_at", 0, {"s.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"institution_name", 0, {INSPECTION_UNIT_NAME, "s.inspected_on", NULL}, {"text", "date", NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter inspection_filters[] = {
    {"institution_id", LIST_F_UUID, NULL, NULL, 0},
    {"type", LIST_F_ENUM, labels_inspection_type, NULL, 0},
    {"status", LIST_F_ENUM, labels_inspection_status, NULL, 0},
    {"from", LIST_F_DATE, NULL, NULL, 0},
    {"to", LIST_F_DATE, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* from (values[3]) not after to (values[4]). */
static void inspection_list_check(const char *const *values, json_t *errors)
{
	if (values[3] != NULL && values[4] != NULL && strcmp(values[3], values[4]) > 0)
		v_error(errors, "to", "format", "to must not be before from.");
}

static const struct export_column inspection_export_columns[] = {
    {"institution_name", "被检查机构", EXPORT_TEXT, NULL},
    {"type", "检查类型", EXPORT_LABEL, labels_inspection_type},
    {"inspected_on", "检查日期", EXPORT_TEXT, NULL},
    {"inspector_org_name", "检查单位", EXPORT_TEXT, NULL},
    {"template_name", "检查表", EXPORT_TEXT, NULL},
    {"status", "状态", EXPORT_LABEL, labels_inspection_status},
    {"item_count", "检查项数", EXPORT_NUMBER, NULL},
    {"answered_count", "已检查项数", EXPORT_NUMBER, NULL},
    {"fail_count", "不合格项数", EXPORT_NUMBER, NULL},
    {"conclusion", "检查结论", EXPORT_TEXT, NULL},
    {"submitted_at", "提交时间", EXPORT_TIME, NULL},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

const struct list_desc inspection_list_desc = {
    .name = "inspection_list",
    .select = "SELECT " INSPECTION_COLUMNS ", s.archived",
    .from_where = "FROM inspections s " INSPECTION_LIST_WHERE,
    .joins = INSPECTION_JOINS,
    .id = "s.id",
    .sorts = inspection_sorts,
    .ordered_scans = 1,
    .decorate = inspection_decorate,
    .filters = inspection_filters,
    .check = inspection_list_check,
    .limit_default = 50,
    .limit_max = 500,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kept_count = "inspections",
    .province_shape = 1,
    .export_columns = inspection_export_columns,
    .export_name = "inspections",
    .export_max = 50000,
};

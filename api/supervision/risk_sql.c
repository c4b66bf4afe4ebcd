/* SQL of the risk endpoints. Every statement takes the caller's subtree as an explicit ltree
 * parameter beside row-level security. */
#include "db.h"
#include "labels.h"
#include "list.h"
#include "risk.h"

/* Today in China, the day a review date is compared with. */
#define RISK_TODAY "(now() AT TIME ZONE 'Asia/Shanghai')::date"

/* The Risk representation; _org_path is the handler's. */
#define RISK_COLUMNS                                                                               \
	"r.id, r.institution_id, o.name AS institution_name, r.key_location_id, "                  \
	"k.name AS key_location_name, r.name, r.category, r.method, r.lec_l, r.lec_e, "            \
	"r.lec_c, r.likelihood, r.severity, r.score, r.grade, r.measures, r.control_level, "       \
	"r.control_person, r.review_date, "                                                        \
	"(r.review_date IS NOT NULL AND r.review_date < " RISK_TODAY ") AS review_overdue, "       \
	"r.archived, r.created_at, r.updated_at, r.version, r.org_path::text AS _org_path "

/* Plans at province scale (tests/plan/): row-level security already limits every table to the
 * subtree, so the explicit subtree test is an ltree_risparent() call, which the planner does
 * not count as a second 1-in-100 filter, and the listed subtree's place in the caller's is a
 * test of the parameters alone; the org whose name a row shows is LEFT JOINed to the page's rows
 * alone (list_desc.joins), which the planner does not count as a filter either (an org of the
 * subtree is always there). */
#define RISK_JOINS                                                                                 \
	"LEFT JOIN orgs o ON o.id = r.org_id LEFT JOIN key_locations k ON k.id = "                 \
	"r.key_location_id "
#define RISK_FROM "FROM risks r " RISK_JOINS

/* The filters of GET /risks: $1 org subtree, $2 scope, $3 institution, $4 category, $5 grade,
 * $6 method, $7 overdue, $8 archived (NULL = both), $9 text (risk or institution name), $10
 * changed since (the change feed). */
/* The four grades in rising order, for sorting by severity across both assessment methods. */
#define RISK_GRADE_RANK "array_position(ARRAY['low', 'general', 'significant', 'major'], r.grade)"

#define RISK_SUBTREE LIST_SUBTREE("r")
/* The text filter: the risk's name or its unit's. */
#define RISK_TEXT_MATCH(n)                                                                         \
	"(" LIST_TEXT_MATCH("r.name", n) " OR " LIST_ORG_NAME_MATCH("r.org_id", n) ")"
#define RISK_LIST_WHERE                                                                            \
	"WHERE " RISK_SUBTREE "AND $1::ltree <@ $2::ltree "                                        \
	"AND ($3::uuid IS NULL OR r.institution_id = $3::uuid) "                                   \
	"AND ($4::text IS NULL OR r.category = $4::text) "                                         \
	"AND ($5::text IS NULL OR r.grade = $5::text) "                                            \
	"AND ($6::text IS NULL OR r.method = $6::text) "                                           \
	"AND ($7::boolean IS NULL OR (r.review_date IS NOT NULL AND r.review_date < " RISK_TODAY   \
	") = $7::boolean) "                                                                        \
	"AND ($8::boolean IS NULL OR r.archived = $8::boolean) "                                   \
	"AND ($9::text IS NULL OR " RISK_TEXT_MATCH(                                               \
	    "$9::text") ") "                                                                       \
			"AND ($10::timestamptz IS NULL OR r.updated_at >= $10::timestamptz) "

const struct db_statement risk_sql[] = {
    /* risk_get (and every handler that answers with a Risk): one risk in the subtree. */
    {"risk_get", "SELECT " RISK_COLUMNS RISK_FROM "WHERE r.id = $1 AND r.org_path <@ $2::ltree"},
    /* risk_patch, risk_delete: the risk, locked against concurrent changes. */
    {"risk_get_locked", "SELECT " RISK_COLUMNS RISK_FROM
			"WHERE r.id = $1 AND r.org_path <@ $2::ltree FOR UPDATE OF r"},
    /* risk_create: the institution of the subtree a risk is recorded for. */
    {"risk_institution",
     "SELECT i.id, i.archived FROM institutions i WHERE i.id = $1 AND i.org_path <@ $2::ltree"},
    /* risk_create, risk_patch: whether the key location belongs to the institution. */
    {"risk_key_location", "SELECT k.id FROM key_locations k "
			  "WHERE k.id = $1 AND k.institution_id = $2 AND k.org_path <@ $3::ltree"},
    /* risk_create (the descriptor's top-level insert: $1 subtree, $2.. the fields in the order
     * of risk_fields, $18 the client-made id): the institution's org and path are copied from
     * its row in the subtree. */
    {"risk_create",
     "INSERT INTO risks (id, institution_id, org_id, org_path, key_location_id, name, category, "
     "method, lec_l, lec_e, lec_c, likelihood, severity, score, grade, measures, control_level, "
     "control_person, review_date) "
     "SELECT coalesce($18::uuid, gen_random_uuid()), i.id, i.org_id, i.org_path, $3, $4, $5, $6, "
     "$7::numeric, $8::numeric, $9::numeric, "
     "$10::int, $11::int, $12::numeric, $13, $14, $15, $16, $17::date "
     "FROM institutions i WHERE i.id = $2 AND i.org_path <@ $1::ltree AND NOT i.archived "
     "RETURNING id"},
    /* risk_patch ($1 id, $2 subtree, $3.. the fields): every editable field, the handler
     * merges the request into the current row and regrades; the institution stays. */
    {"risk_update",
     "UPDATE risks SET key_location_id = $4, name = $5, category = $6, method = $7, "
     "lec_l = $8::numeric, lec_e = $9::numeric, lec_c = $10::numeric, likelihood = $11::int, "
     "severity = $12::int, score = $13::numeric, grade = $14, measures = $15, "
     "control_level = $16, control_person = $17, review_date = $18::date, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND institution_id = $3::uuid AND NOT archived "
     "RETURNING id"},
    /* import: the institution of the subtree a row names by credit code ($1; $2 subtree). */
    {"risk_import_institution_by_code", "SELECT i.id, i.archived FROM institutions i "
					"WHERE i.credit_code = $1 AND i.org_path <@ $2::ltree"},
    /* import: the institution of the subtree a row names by name (two is ambiguous). */
    {"risk_import_institution_by_name",
     "SELECT i.id, i.archived FROM institutions i JOIN orgs o ON o.id = i.org_id "
     "WHERE o.name = $1 AND i.org_path <@ $2::ltree LIMIT 2"},
    /* import: the key location named $1 of institution $2 (not archived; two is ambiguous). */
    {"risk_import_key_location",
     "SELECT k.id FROM key_locations k WHERE k.name = $1 AND k.institution_id = $2::uuid "
     "AND k.org_path <@ $3::ltree AND NOT k.archived LIMIT 2"},
    /* risk_delete: archived, never removed (figures and history keep it). */
    {"risk_archive", "UPDATE risks SET archived = true, version = version + 1, updated_at = now() "
		     "WHERE id = $1 AND org_path <@ $2::ltree AND NOT archived RETURNING id"},
    {NULL, NULL},
};

/* GET /risks and /risks/export: the filters $3..$10 of RISK_LIST_WHERE, one statement per sort.
 * LEC and matrix scores have different scales: the grade orders first. */
static const struct list_sort risk_sorts[] = {
    {"-score", 1, {RISK_GRADE_RANK, "r.score", NULL}, {"int", "numeric", NULL}},
    {"score", 0, {RISK_GRADE_RANK, "r.score", NULL}, {"int", "numeric", NULL}},
    {"name", 0, {"r.name", NULL, NULL}, {"text", NULL, NULL}},
    {"-name", 1, {"r.name", NULL, NULL}, {"text", NULL, NULL}},
    /* risks without a review date come last in both directions */
    {"review_date",
     0,
     {"coalesce(r.review_date, 'infinity'::date)", NULL, NULL},
     {"date", NULL, NULL}},
    {"-review_date",
     1,
     {"coalesce(r.review_date, '-infinity'::date)", NULL, NULL},
     {"date", NULL, NULL}},
    /* the change feed's order too */
    {"updated_at", 0, {"r.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"-updated_at", 1, {"r.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter risk_filters[] = {
    {"institution_id", LIST_F_UUID, NULL, NULL, 0},
    {"category", LIST_F_ENUM, labels_risk_category, NULL, 0},
    {"grade", LIST_F_ENUM, labels_risk_grade, NULL, 0},
    {"method", LIST_F_ENUM, labels_risk_method, NULL, 0},
    {"overdue", LIST_F_BOOL, NULL, NULL, 0},
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

static const struct export_column risk_export_columns[] = {
    {"institution_name", "机构名称", EXPORT_TEXT, NULL},
    {"name", "风险名称", EXPORT_TEXT, NULL},
    {"key_location_name", "重点部位", EXPORT_TEXT, NULL},
    {"category", "风险类别", EXPORT_LABEL, labels_risk_category},
    {"method", "评估方法", EXPORT_LABEL, labels_risk_method},
    {"lec_l", "L（可能性）", EXPORT_NUMBER, NULL},
    {"lec_e", "E（暴露频率）", EXPORT_NUMBER, NULL},
    {"lec_c", "C（后果）", EXPORT_NUMBER, NULL},
    {"likelihood", "可能性", EXPORT_NUMBER, NULL},
    {"severity", "严重程度", EXPORT_NUMBER, NULL},
    {"score", "风险值", EXPORT_NUMBER, NULL},
    {"grade", "风险等级", EXPORT_LABEL, labels_risk_grade},
    {"measures", "管控措施", EXPORT_TEXT, NULL},
    {"control_level", "管控层级", EXPORT_LABEL, labels_control_level},
    {"control_person", "管控责任人", EXPORT_TEXT, NULL},
    {"review_date", "复评日期", EXPORT_TEXT, NULL},
    {"review_overdue", "复评逾期", EXPORT_BOOL, NULL},
    {"archived", "已归档", EXPORT_BOOL, NULL},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

const struct list_desc risk_list_desc = {
    .name = "risk_list",
    .select = "SELECT " RISK_COLUMNS,
    .from_where = "FROM risks r " RISK_LIST_WHERE,
    .joins = RISK_JOINS,
    .id = "r.id",
    .sorts = risk_sorts,
    .ordered_scans = 1,
    .filters = risk_filters,
    .limit_default = 50,
    .limit_max = 500,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kept_count = "risks",
    .province_shape = 1,
    .kind = &risk_resource.kind,
    .export_columns = risk_export_columns,
    .export_name = "risks",
    .export_max = 50000,
};

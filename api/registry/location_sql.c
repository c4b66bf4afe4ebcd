/* SQL of the key location (重点部位) and construction project (施工项目) endpoints. Both belong
 * to an institution and carry its org id and path, copied on insert. Every statement takes the
 * caller's subtree as an explicit ltree parameter beside row-level security. */
#include "db.h"
#include "institution.h"
#include "labels.h"
#include "list.h"
#include "location.h"

/* The KeyLocation representation; _archived is the institution's, for the handler. */
#define KL_COLUMNS                                                                                 \
	"k.id, k.institution_id, k.kind, k.name, k.duty_24h, k.note, k.archived, k.created_at, "   \
	"k.updated_at, k.version, i.archived AS _archived "
#define KL_FROM "FROM key_locations k JOIN institutions i ON i.id = k.institution_id "

/* The Project representation: unpermitted is the 打非治违 case (under way without a permit). */
#define PJ_COLUMNS                                                                                 \
	"c.id, c.institution_id, o.name AS institution_name, c.name, c.contractor, "               \
	"c.construction_permit, c.other_permits, c.start_date, c.end_date, c.status, "             \
	"(c.status = 'under_way' AND c.construction_permit IS NULL) AS unpermitted, "              \
	"c.archived, c.created_at, c.updated_at, c.version, i.archived AS _archived "
#define PJ_FROM                                                                                    \
	"FROM construction_projects c JOIN institutions i ON i.id = c.institution_id "             \
	"JOIN orgs o ON o.id = i.org_id "

/* GET /projects/unpermitted: $1 root path, $2 scope; records not archived. */
#define PJ_UNPERMITTED_WHERE                                                                       \
	"WHERE c.status = 'under_way' AND c.construction_permit IS NULL "                          \
	"AND c.org_path <@ $1::ltree AND c.org_path <@ $2::ltree AND NOT i.archived "              \
	"AND NOT c.archived "

/* GET /institutions/{id}/key-locations: $1 root (the caller's subtree), $2 scope, $3 the
 * institution, $4 kind, $5 archived (NULL = both), $6 changed since (the change feed). */
#define KL_LIST_WHERE                                                                              \
	"WHERE k.institution_id = $3::uuid AND k.org_path <@ $1::ltree AND k.org_path <@ "         \
	"$2::ltree "                                                                               \
	"AND ($4::text IS NULL OR k.kind = $4::text) "                                             \
	"AND ($5::boolean IS NULL OR k.archived = $5::boolean) "                                   \
	"AND ($6::timestamptz IS NULL OR k.updated_at >= $6::timestamptz) "

/* GET /institutions/{id}/projects: $1 root, $2 scope, $3 the institution, $4 status, $5
 * archived (NULL = both), $6 changed since. */
#define PJ_LIST_WHERE                                                                              \
	"WHERE c.institution_id = $3::uuid AND c.org_path <@ $1::ltree AND c.org_path <@ "         \
	"$2::ltree "                                                                               \
	"AND ($4::text IS NULL OR c.status = $4::text) "                                           \
	"AND ($5::boolean IS NULL OR c.archived = $5::boolean) "                                   \
	"AND ($6::timestamptz IS NULL OR c.updated_at >= $6::timestamptz) "

const struct db_statement location_sql[] = {
    /* location_get (and every key location write's answer). */
    {"location_get", "SELECT " KL_COLUMNS KL_FROM "WHERE k.id = $1 AND k.org_path <@ $2::ltree"},
    /* location_patch, location_delete: locked. */
    {"location_get_locked",
     "SELECT " KL_COLUMNS KL_FROM "WHERE k.id = $1 AND k.org_path <@ $2::ltree FOR UPDATE OF k"},
    /* location_create: the institution's org id and path are copied. */
    {"location_insert",
     "INSERT INTO key_locations (id, institution_id, org_id, org_path, kind, name, duty_24h, note) "
     "SELECT coalesce($7::uuid, gen_random_uuid()), i.id, i.org_id, i.org_path, $3, $4, "
     "$5::boolean, $6 FROM institutions i "
     "WHERE i.id = $1 AND i.org_path <@ $2::ltree RETURNING id"},
    /* location_patch: every editable field (merged by the handler). */
    {"location_update",
     "UPDATE key_locations SET kind = $3, name = $4, duty_24h = $5::boolean, note = $6, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    /* location_delete (rest_archive): archived, never deleted. */
    {"location_archive",
     "UPDATE key_locations SET archived = true, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},

    /* project_get (and every project write's answer). */
    {"project_get", "SELECT " PJ_COLUMNS PJ_FROM "WHERE c.id = $1 AND c.org_path <@ $2::ltree"},
    /* project_patch, project_delete: locked. */
    {"project_get_locked",
     "SELECT " PJ_COLUMNS PJ_FROM "WHERE c.id = $1 AND c.org_path <@ $2::ltree FOR UPDATE OF c"},
    /* project_create: the institution's org id and path are copied. */
    {"project_insert",
     "INSERT INTO construction_projects (id, institution_id, org_id, org_path, name, contractor, "
     "construction_permit, other_permits, start_date, end_date, status) "
     "SELECT coalesce($10::uuid, gen_random_uuid()), i.id, i.org_id, i.org_path, $3, $4, $5, $6, "
     "$7::date, $8::date, $9 "
     "FROM institutions i WHERE i.id = $1 AND i.org_path <@ $2::ltree RETURNING id"},
    /* project_patch: every editable field (merged by the handler). */
    {"project_update",
     "UPDATE construction_projects SET name = $3, contractor = $4, construction_permit = $5, "
     "other_permits = $6, start_date = $7::date, end_date = $8::date, status = $9, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    /* project_delete (rest_archive): archived, never deleted. */
    {"project_archive",
     "UPDATE construction_projects SET archived = true, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    {NULL, NULL},
};

/* The name order of the lists under an institution; updated_at is the change feed's. */
static const struct list_sort kl_sorts[] = {
    {"name", 0, {"k.name", NULL, NULL}, {"text", NULL, NULL}},
    {"updated_at", 0, {"k.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter kl_filters[] = {
    {"institution_id", LIST_F_PATH_ID, NULL, NULL, 0},
    {"kind", LIST_F_ENUM, labels_location_kind, NULL, 0},
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

const struct list_desc location_list_desc = {
    .name = "location_list",
    .select = "SELECT " KL_COLUMNS,
    .from_where = KL_FROM KL_LIST_WHERE,
    .id = "k.id",
    .sorts = kl_sorts,
    .filters = kl_filters,
    .before = child_list_parent,
    .limit_default = 50,
    .limit_max = 500,
    .count = 1,
    .kind = &location_resource.kind,
};

static const struct list_sort pj_sorts[] = {
    {"name", 0, {"c.name", NULL, NULL}, {"text", NULL, NULL}},
    {"updated_at", 0, {"c.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter pj_filters[] = {
    {"institution_id", LIST_F_PATH_ID, NULL, NULL, 0},
    {"status", LIST_F_ENUM, labels_project_status, NULL, 0},
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

const struct list_desc project_list_desc = {
    .name = "project_list",
    .select = "SELECT " PJ_COLUMNS,
    .from_where = PJ_FROM PJ_LIST_WHERE,
    .id = "c.id",
    .sorts = pj_sorts,
    .filters = pj_filters,
    .before = child_list_parent,
    .limit_default = 50,
    .limit_max = 500,
    .count = 1,
    .kind = &project_resource.kind,
};

/* GET /projects/unpermitted (打非治违) and its export, in institution name order. */
static const struct list_sort unpermitted_sorts[] = {
    {"institution_name", 0, {"o.name", NULL, NULL}, {"text", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct export_column unpermitted_columns[] = {
    {"institution_name", "机构名称", EXPORT_TEXT, NULL},
    {"_credit_code", "统一社会信用代码", EXPORT_TEXT, NULL},
    {"_address", "地址", EXPORT_TEXT, NULL},
    {"name", "项目名称", EXPORT_TEXT, NULL},
    {"contractor", "施工单位", EXPORT_TEXT, NULL},
    {"construction_permit", "施工许可证号", EXPORT_TEXT, NULL},
    {"other_permits", "其他许可", EXPORT_TEXT, NULL},
    {"start_date", "开工日期", EXPORT_TEXT, NULL},
    {"end_date", "竣工日期", EXPORT_TEXT, NULL},
    {"status", "状态", EXPORT_LABEL, labels_project_status},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

const struct list_desc unpermitted_list_desc = {
    .name = "project_unpermitted",
    .select = "SELECT " PJ_COLUMNS ", i.address AS _address, i.credit_code AS _credit_code ",
    .from_where = PJ_FROM PJ_UNPERMITTED_WHERE,
    .id = "c.id",
    .sorts = unpermitted_sorts,
    .limit_default = 50,
    .limit_max = 500,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kind = &project_resource.kind,
    .export_columns = unpermitted_columns,
    .export_name = "unpermitted-projects",
    .export_max = 100000,
};

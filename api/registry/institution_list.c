/* Lists of institution records: the paged list, its CSV/XLSX export and the grid coverage
 * figure (网格化管理覆盖率). */
#include "auth.h"
#include "dbjson.h"
#include "export.h"
#include "institution.h"
#include "labels.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INST_LIST_DEFAULT 50
#define INST_LIST_MAX 500
#define INST_EXPORT_MAX 100000

static const char *const inst_sorts[] = {"name",       "-name",	      "beds", "-beds",
					 "updated_at", "-updated_at", NULL};

/* Query values of GET /institutions and its export, checked. */
struct inst_query {
	char org_id[37], type[32], grade[16], ownership[16], has_grid[8], archived[8], q[512];
	char sort[16], format[8], cursor[REST_CURSOR_MAX];
	const char *key_text, *key_num, *key_id; /* the decoded cursor, pointing into cursor */
	int has_org, limit;
};

static int in_list(const char *s, const char *const *list)
{
	for (; list != NULL && *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return 1;
	}
	return 0;
}

/* An enumerated query value: "" when absent, an "enum" error when not one of `codes`. */
static void query_enum(struct http_req *req, const char *name, char *buf, size_t len,
		       const char *const *codes, json_t *errors)
{
	if (rest_query(req, name, buf, len, errors) == 1 && !in_list(buf, codes))
		v_error(errors, name, "enum", "This value is not one of the allowed values.");
}

/* The cursor "<sort>|<key>|<id>": the sort must be the request's, the key a number for the
 * numeric sorts. Adds a "format" error otherwise. */
static void cursor_decode(struct inst_query *iq, json_t *errors)
{
	char *first = strchr(iq->cursor, '|'), *last = strrchr(iq->cursor, '|');
	const char *key;

	if (first == NULL || last == first || !v_is_uuid(last + 1))
		goto bad;
	*first = '\0';
	*last = '\0';
	if (strcmp(iq->cursor, iq->sort) != 0)
		goto bad;
	key = first + 1;
	iq->key_id = last + 1;
	if (strstr(iq->sort, "name") != NULL) {
		iq->key_text = key;
		return;
	}
	if (!rest_only_chars(key[0] == '-' ? key + 1 : key, "0123456789") || strlen(key) > 19)
		goto bad;
	iq->key_num = key;
	return;
bad:
	v_error(errors, "cursor", "format", "This cursor was not issued by this server.");
}

static void inst_query_read(struct http_req *req, struct inst_query *iq, int exporting,
			    json_t *errors)
{
	static const char *const bools[] = {"true", "false", NULL};
	static const char *const archived[] = {"true", "false", "all", NULL};
	static const char *const formats[] = {"csv", "xlsx", NULL};

	memset(iq, 0, sizeof(*iq));
	iq->has_org = rest_query_uuid(req, "org_id", iq->org_id, errors) == 1;
	query_enum(req, "type", iq->type, sizeof(iq->type), labels_codes(labels_institution_type),
		   errors);
	query_enum(req, "grade", iq->grade, sizeof(iq->grade),
		   labels_codes(labels_institution_grade), errors);
	query_enum(req, "ownership", iq->ownership, sizeof(iq->ownership),
		   labels_codes(labels_ownership), errors);
	query_enum(req, "has_grid", iq->has_grid, sizeof(iq->has_grid), bools, errors);
	query_enum(req, "archived", iq->archived, sizeof(iq->archived), archived, errors);
	if (iq->archived[0] == '\0')
		strcpy(iq->archived, "false");
	if (rest_query(req, "q", iq->q, sizeof(iq->q), errors) == 1 && v_utf8_len(iq->q) > 100)
		v_error(errors, "q", "too_long", "At most 100 characters.");
	query_enum(req, "sort", iq->sort, sizeof(iq->sort), inst_sorts, errors);
	if (iq->sort[0] == '\0')
		strcpy(iq->sort, "name");
	if (exporting) {
		query_enum(req, "format", iq->format, sizeof(iq->format), formats, errors);
		if (iq->format[0] == '\0')
			strcpy(iq->format, "csv");
		return;
	}
	rest_limit(req, INST_LIST_DEFAULT, INST_LIST_MAX, &iq->limit, errors);
	if (rest_cursor(req, iq->cursor, sizeof(iq->cursor), errors) == 1 &&
	    json_array_size(errors) == 0)
		cursor_decode(iq, errors);
}

/* The path of the subtree root: org_id's (404 when outside the caller's subtree) or the
 * caller's own. Returns 0 with *out set (caller PQclears; NULL for the caller's), or the
 * status sent. */
int inst_root_path(struct http_req *req, const char *org_id, PGresult **out, const char **path)
{
	const char *values[2] = {org_id, auth_scope(req)};
	PGresult *res;
	int rc;

	*out = NULL;
	*path = auth_scope(req);
	if (org_id == NULL || org_id[0] == '\0')
		return 0;
	res = db_exec(req->db, "institution_org_path", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		PQclear(res);
		return rc;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		return rest_not_found(req);
	}
	*out = res;
	*path = PQgetvalue(res, 0, 0);
	if (auth_narrow_scope(req, *path) != 0) {
		PQclear(res);
		*out = NULL;
		return req->status;
	}
	return 0;
}

/* Fills the filter parameters $1..$9 shared by the list, its count and the export. */
static void filter_values(struct http_req *req, const struct inst_query *iq, const char *root,
			  const char **values)
{
	values[0] = root;
	values[1] = auth_scope(req);
	values[2] = iq->type[0] != '\0' ? iq->type : NULL;
	values[3] = iq->grade[0] != '\0' ? iq->grade : NULL;
	values[4] = iq->ownership[0] != '\0' ? iq->ownership : NULL;
	values[5] = iq->has_grid[0] != '\0' ? iq->has_grid : NULL;
	values[6] = iq->archived;
	values[7] = iq->q[0] != '\0' ? iq->q : NULL;
	values[8] = iq->sort;
}

/* Returns a new reference: the next page's cursor after row `row` of `res` in sort `sort`. */
static json_t *next_cursor(const PGresult *res, int row, const char *sort)
{
	char key[REST_CURSOR_MAX];
	const char *k;

	if (strstr(sort, "name") != NULL)
		k = rest_col(res, row, "_k_name");
	else if (strstr(sort, "beds") != NULL)
		k = rest_col(res, row, "_k_beds");
	else
		k = rest_col(res, row, "_k_updated");
	if (k == NULL || (size_t)snprintf(key, sizeof(key), "%s|%s|%s", sort, k,
					  rest_col(res, row, "id")) >= sizeof(key))
		return json_null();
	return rest_cursor_json(key);
}

int institution_list(struct http_req *req)
{
	struct inst_query iq;
	json_t *errors = json_array(), *items = NULL;
	PGresult *root = NULL, *res = NULL, *count = NULL;
	const char *values[13], *path;
	char limit1[16];
	int rc, i, n;

	inst_query_read(req, &iq, 0, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = inst_root_path(req, iq.has_org ? iq.org_id : NULL, &root, &path);
	if (rc != 0)
		goto out;
	filter_values(req, &iq, path, values);
	snprintf(limit1, sizeof(limit1), "%d", iq.limit + 1);
	values[9] = iq.key_text;
	values[10] = iq.key_num;
	values[11] = iq.key_id;
	values[12] = limit1;
	rc = rest_list_query(req, "institution_list", 13, "institution_list_count", 8, values, &res,
			     &count);
	if (rc != 0)
		goto out;
	items = json_array();
	n = PQntuples(res);
	for (i = 0; i < n && i < iq.limit; i++)
		json_array_append_new(items, dbjson_row(res, i));
	rc = http_json(
	    req, 200,
	    json_pack("{s:o, s:I, s:o}", "items", items, "total",
		      (json_int_t)rest_col_long(count, "total"), "next_cursor",
		      n > iq.limit ? next_cursor(res, iq.limit - 1, iq.sort) : json_null()));
	items = NULL;
out:
	json_decref(errors);
	json_decref(items);
	PQclear(root);
	PQclear(res);
	PQclear(count);
	return rc;
}

static const struct export_column inst_export_columns[] = {
    {"parent_name", "上级机构", EXPORT_TEXT, NULL},
    {"name", "机构名称", EXPORT_TEXT, NULL},
    {"credit_code", "统一社会信用代码", EXPORT_TEXT, NULL},
    {"type", "机构类别", EXPORT_LABEL, labels_institution_type},
    {"grade", "等级", EXPORT_LABEL, labels_institution_grade},
    {"ownership", "举办性质", EXPORT_LABEL, labels_ownership},
    {"address", "地址", EXPORT_TEXT, NULL},
    {"longitude", "经度", EXPORT_NUMBER, NULL},
    {"latitude", "纬度", EXPORT_NUMBER, NULL},
    {"beds", "床位数", EXPORT_NUMBER, NULL},
    {"staff", "职工数", EXPORT_NUMBER, NULL},
    {"_principal_name", "主要负责人", EXPORT_TEXT, NULL},
    {"_principal_phone", "负责人电话", EXPORT_TEXT, NULL},
    {"_safety_department_name", "安全管理部门", EXPORT_TEXT, NULL},
    {"_safety_department_head", "安全管理部门负责人", EXPORT_TEXT, NULL},
    {"grid_name", "网格名称", EXPORT_TEXT, NULL},
    {"grid_head", "网格责任人", EXPORT_TEXT, NULL},
    {"grid_head_phone", "网格责任人电话", EXPORT_TEXT, NULL},
    {"key_location_count", "重点部位数", EXPORT_NUMBER, NULL},
    {"project_count", "施工项目数", EXPORT_NUMBER, NULL},
    {"archived", "已归档", EXPORT_BOOL, NULL},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

int institution_export(struct http_req *req)
{
	struct inst_query iq;
	json_t *errors = json_array();
	PGresult *root = NULL, *res = NULL;
	const char *values[10], *path;
	char cap[16];
	int rc;

	inst_query_read(req, &iq, 1, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = inst_root_path(req, iq.has_org ? iq.org_id : NULL, &root, &path);
	if (rc != 0)
		goto out;
	filter_values(req, &iq, path, values);
	snprintf(cap, sizeof(cap), "%d", INST_EXPORT_MAX);
	values[9] = cap;
	res = db_exec(req->db, "institution_export", 10, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = export_send(req, res, inst_export_columns, iq.format, "institutions");
out:
	json_decref(errors);
	PQclear(root);
	PQclear(res);
	return rc;
}

int institution_grid_coverage(struct http_req *req)
{
	json_t *errors = json_array();
	PGresult *root = NULL, *res = NULL;
	const char *values[2], *path;
	char org_id[37];
	int rc, has_org;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = inst_root_path(req, has_org ? org_id : NULL, &root, &path);
	if (rc != 0)
		goto out;
	values[0] = path;
	values[1] = auth_scope(req);
	res = db_exec(req->db, "figure_grid_coverage", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = http_json(req, 200, dbjson_row(res, 0));
out:
	json_decref(errors);
	PQclear(root);
	PQclear(res);
	return rc;
}

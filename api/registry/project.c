/* The construction project (施工项目) endpoints, and the 打非治违 list: projects under way
 * without a construction permit. */
#include "auth.h"
#include "db.h"
#include "dbjson.h"
#include "export.h"
#include "idempotency.h"
#include "institution.h"
#include "labels.h"
#include "location.h"
#include "resource.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROJECT_EXPORT_MAX 100000

int project_list(struct http_req *req)
{
	json_t *errors = json_array();
	PGresult *res = NULL, *count = NULL;
	char status[32], cursor[REST_CURSOR_MAX], limit1[16];
	const char *key, *key_id, *values[6], *code;
	int rc, limit;

	if (rest_query(req, "status", status, sizeof(status), errors) == 1) {
		code = labels_code(labels_project_status, status);
		if (code == NULL || strcmp(code, status) != 0)
			v_error(errors, "status", "enum",
				"This value is not one of the allowed values.");
	}
	child_paging(req, &limit, cursor, sizeof(cursor), &key, &key_id, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = child_institution(req, 0);
	if (rc != 0)
		goto out;
	snprintf(limit1, sizeof(limit1), "%d", limit + 1);
	values[0] = req->params[0];
	values[1] = auth_scope(req);
	values[2] = status[0] != '\0' ? status : NULL;
	values[3] = key;
	values[4] = key_id;
	values[5] = limit1;
	rc = rest_list_query(req, "project_list", 6, "project_list_count", 3, values, &res, &count);
	if (rc != 0)
		goto out;
	rc = child_send_page(req, res, count, limit);
out:
	json_decref(errors);
	PQclear(res);
	PQclear(count);
	return rc;
}

/* Creates check the institution first: missing or foreign 404, archived 409. */
static int project_parent(struct http_req *req)
{
	return child_institution(req, 1);
}

static json_t *project_allowed(struct http_req *req, const PGresult *res, int row);

/* The members of a project body, in the order of project_insert's $3..$9. */
enum { PF_NAME, PF_CONTRACTOR, PF_PERMIT, PF_OTHER, PF_START, PF_END, PF_STATUS };

static const struct res_field project_fields[] = {
    [PF_NAME] = {"name", RES_TEXT, 1, 0, 1, 200, NULL, NULL, 0},
    [PF_CONTRACTOR] = {"contractor", RES_TEXT, 0, 1, 1, 200, NULL, NULL, 0},
    [PF_PERMIT] = {"construction_permit", RES_TEXT, 0, 1, 1, 64, NULL, NULL, 0},
    [PF_OTHER] = {"other_permits", RES_TEXT, 0, 1, 1, 500, NULL, NULL, 0},
    [PF_START] = {"start_date", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},
    [PF_END] = {"end_date", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},
    [PF_STATUS] = {"status", RES_ENUM, 0, 0, 0, 0, labels_project_status, "planned", 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* An end before the start (dates compare as text in this shape). */
static void project_dates(const char *const *values, json_t *errors)
{
	const char *start = values[PF_START], *end = values[PF_END];

	if (start != NULL && end != NULL && strcmp(end, start) < 0)
		v_error(errors, "end_date", "range", "The end date is before the start date.");
}

/* Construction projects (施工项目) of an institution. */
static const struct resource project_resource = {
    .kind = {"project_get", "project", "/api/v1/projects/", project_allowed, NULL, NULL},
    .get_locked = "project_get_locked",
    .insert = "project_insert",
    .update = "project_update",
    .archive = "project_archive",
    .fields = project_fields,
    .rule = project_dates,
    .write = PERM_INSTITUTION_WRITE,
    .parent = project_parent,
    .parent_archived = "_archived",
    .audit_create = "project.create",
    .audit_update = "project.update",
    .audit_archive = "project.archive",
    .parent_key = "institution_id",
    .create_detail = {"name", "status", NULL},
    .archive_detail = {"institution_id", "name", NULL},
};

RES_HANDLERS(project, project_resource, project_allowed)

int project_unpermitted(struct http_req *req)
{
	json_t *errors = json_array();
	PGresult *root = NULL, *res = NULL, *count = NULL;
	char org_id[37], cursor[REST_CURSOR_MAX], limit1[16];
	const char *key, *key_id, *values[5], *path;
	int rc, limit, has_org;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	child_paging(req, &limit, cursor, sizeof(cursor), &key, &key_id, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = inst_root_path(req, has_org ? org_id : NULL, &root, &path);
	if (rc != 0)
		goto out;
	snprintf(limit1, sizeof(limit1), "%d", limit + 1);
	values[0] = path;
	values[1] = auth_scope(req);
	values[2] = key;
	values[3] = key_id;
	values[4] = limit1;
	rc = rest_list_query(req, "project_unpermitted", 5, "project_unpermitted_count", 2, values,
			     &res, &count);
	if (rc != 0)
		goto out;
	rc = child_send_page(req, res, count, limit);
out:
	json_decref(errors);
	PQclear(root);
	PQclear(res);
	PQclear(count);
	return rc;
}

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

int project_unpermitted_export(struct http_req *req)
{
	json_t *errors = json_array();
	PGresult *root = NULL, *res = NULL;
	char org_id[37], format[8], cap[16];
	const char *values[3], *path;
	int rc, has_org;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	if (rest_query(req, "format", format, sizeof(format), errors) != 1)
		strcpy(format, "csv");
	else if (!export_format_ok(format))
		v_error(errors, "format", "enum", "csv or xlsx.");
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = inst_root_path(req, has_org ? org_id : NULL, &root, &path);
	if (rc != 0)
		goto out;
	snprintf(cap, sizeof(cap), "%d", PROJECT_EXPORT_MAX);
	values[0] = path;
	values[1] = auth_scope(req);
	values[2] = cap;
	res = db_exec(req->db, "project_unpermitted_export", 3, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = export_send(req, res, unpermitted_columns, format, "unpermitted-projects");
out:
	json_decref(errors);
	PQclear(root);
	PQclear(res);
	return rc;
}

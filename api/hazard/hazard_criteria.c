/* The major-hazard criteria (重大事故隐患判定标准) a major hazard is graded against: the national
 * list ships with the schema (read-only); an administration (county and above) adds its own,
 * which its subtree reads, and edits or retires them (archived: true). */
#include "auth.h"
#include "dbjson.h"
#include "hazard.h"
#include "labels.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

#include <string.h>

enum { CV_CODE, CV_CATEGORY, CV_TEXT, CV_SOURCE, CV_ARCHIVED };

/* A code is letters, digits and . _ - (the table's check). */
static void criteria_format(const char *const *values, const int *present, int creating,
			    json_t *errors)
{
	(void)present;
	(void)creating;
	if (values[CV_CODE] != NULL &&
	    !rest_only_chars(values[CV_CODE], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					      "0123456789._-"))
		v_error(errors, "code", "format", "Letters, digits, '.', '_' and '-'.");
}

static int col_true(const PGresult *res, int row, const char *col)
{
	const char *v = rest_col(res, row, col);

	return v != NULL && strcmp(v, "t") == 0;
}

/* Only an administration keeps criteria; a PATCH changes the caller's subtree's own only (a
 * shipped or an ancestor's criterion: 403). */
static int criteria_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	const char *args[1] = {auth_scope(req)};
	PGresult *res;
	int rc = 0;

	(void)values;
	if (cur != NULL)
		return col_true(cur, 0, "_own")
			   ? 0
			   : http_problem(
				 req, 403, "forbidden",
				 "Shipped criteria and those of an org above are read-only.", NULL,
				 NULL);
	res = db_exec(req->db, "hazard_criteria_caller", 1, args);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "unit") == 0)
		rc = http_problem(req, 403, "forbidden",
				  "Criteria are kept by an administration (county or above).", NULL,
				  NULL);
	PQclear(res);
	return rc;
}

/* Before the load for change: a shipped criterion or an org's above is read-only (403; the locked
 * read would not find it, since row-level security lets a caller lock its subtree's rows only). */
static int criteria_guard(struct http_req *req, const char *id)
{
	PGresult *cur = NULL;
	int rc = rest_load(req, "hazard_criteria_get", id, &cur);

	if (rc == 0 && !col_true(cur, 0, "_own"))
		rc = http_problem(req, 403, "forbidden",
				  "Shipped criteria and those of an org above are read-only.", NULL,
				  NULL);
	PQclear(cur);
	return rc;
}

static json_t *criteria_allowed(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();

	if (roles_allows(req->auth->role, PERM_HAZARD_WRITE) && col_true(res, row, "_own"))
		json_array_append_new(out, json_string("update"));
	return out;
}

static const struct res_field criteria_fields[] = {
    [CV_CODE] = {"code", RES_TEXT, 1, 0, 1, 40, NULL, NULL, 0},
    [CV_CATEGORY] = {"category", RES_ENUM, 1, 0, 0, 0, labels_risk_category, NULL, 0},
    [CV_TEXT] = {"text", RES_TEXT, 1, 0, 1, 500, NULL, NULL, 0},
    [CV_SOURCE] = {"source", RES_TEXT, 0, 1, 1, 200, NULL, NULL, 0},
    [CV_ARCHIVED] = {"archived", RES_BOOL, 0, 0, 0, 0, NULL, "false", RES_PATCH_ONLY},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

static const struct res_conflict criteria_conflicts[] = {
    {"hazard_criteria_code_key", "A criterion with this code exists."},
    {NULL, NULL},
};

const struct resource hazard_criteria_resource = {
    .kind = {"hazard_criteria_get", "hazard_criterion", "/api/v1/hazard-criteria/",
	     criteria_allowed, NULL, NULL},
    .get_locked = "hazard_criteria_get_locked",
    .insert = "hazard_criteria_create",
    .update = "hazard_criteria_update",
    .fields = criteria_fields,
    .write = PERM_HAZARD_WRITE,
    .format = criteria_format,
    .check = criteria_check,
    .guard = criteria_guard,
    .conflicts = criteria_conflicts,
    .audit_create = "hazard_criterion.create",
    .audit_update = "hazard_criterion.update",
    .create_detail = {"code", "category", NULL, NULL},
    .restore = 1,
};

RES_HANDLER(hazard_criteria_get, res_get, hazard_criteria_resource)
RES_HANDLER(hazard_criteria_create, res_create, hazard_criteria_resource)
RES_HANDLER(hazard_criteria_patch, res_patch, hazard_criteria_resource)

int hazard_criteria_list(struct http_req *req)
{
	return list_handle(req, &hazard_criteria_list_desc);
}

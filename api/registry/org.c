/* The org tree endpoints: list, read, create, rename, move and delete nodes of the caller's
 * subtree. Level rules live in the database (org_level_allowed); they are asked here first so
 * the answer can say why. */
#include "org.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "resource.h"
#include "rest.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct export_label org_levels[] = {
    {"province", "省"}, {"city", "市"}, {"county", "县"}, {"unit", "单位"}, {NULL, NULL}};

static json_t *org_allowed(struct http_req *req, const PGresult *res, int row);

#define ORG_KIND                                                                                   \
	{                                                                                          \
		"org_get", "org", "/api/v1/orgs/", org_allowed, NULL, NULL                         \
	}

const struct rest_kind org_kind = ORG_KIND;

/* Returns a new reference: what the caller may do with org row `row`, by the rules of
 * org_patch, org_move and org_delete: org:write; never move or delete one's own org; delete only
 * an org without child orgs, users and API clients. Codes: update, move, delete. */
static json_t *org_allowed(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();
	const char *id = rest_col(res, row, "id"), *empty = rest_col(res, row, "_empty");

	if (!roles_allows(req->auth->role, PERM_ORG_WRITE))
		return out;
	json_array_append_new(out, json_string("update"));
	if (id == NULL || strcmp(id, req->auth->org_id) == 0)
		return out;
	json_array_append_new(out, json_string("move"));
	if (empty != NULL && strcmp(empty, "t") == 0)
		json_array_append_new(out, json_string("delete"));
	return out;
}

/* A sibling with the same name: the create, the rename and the move say so. */
static const struct res_conflict org_conflicts[] = {
    {"orgs_sibling_names", "The parent already has an org with this name."},
    {NULL, NULL},
};

/* Answers a failed write: a sibling with the same name gets a conflict that says so, anything
 * else the generic mapping. Returns the status. */
static int write_error(struct http_req *req, const PGresult *res)
{
	const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);

	if (constraint != NULL && strcmp(constraint, org_conflicts[0].constraint) == 0)
		return http_problem(req, 409, "conflict", org_conflicts[0].detail, NULL, NULL);
	return dbjson_error(req, res);
}

/* The members of an org body, in the order of org_create's $2..$6 and org_update's $3..$7. */
enum { OF_PARENT, OF_NAME, OF_LEVEL, OF_CODE, OF_PREFIX };

static const struct res_field org_fields[] = {
    [OF_PARENT] = {"parent_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [OF_NAME] = {"name", RES_TEXT, 1, 0, 1, 100, NULL, NULL, 0},
    [OF_LEVEL] = {"level", RES_ENUM, 1, 0, 0, 0, org_levels, NULL, RES_CREATE_ONLY},
    [OF_CODE] = {"division_code", RES_TEXT, 0, 1, 0, 6, NULL, NULL, 0},
    /* the prefix of its rectification notices' numbers (和卫安改); null: derived from the name
     * (notice_default_prefix, migration 0019) */
    [OF_PREFIX] = {"notice_prefix", RES_TEXT, 0, 1, 1, 20, NULL, NULL, 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* A division code given: six digits not starting with 0 (the division code shape of GB/T
 * 2260). */
static void org_format(const char *const *values, const int *present, int creating, json_t *errors)
{
	(void)present;
	(void)creating;
	const char *s = values[OF_CODE];

	if (s != NULL && (strlen(s) != 6 || !rest_only_chars(s, "0123456789") || s[0] == '0'))
		v_error(errors, "division_code", "format", "Six digits, not starting with 0.");
}

/* The error a division code breaks for the level (the current one on PATCH): required for
 * administrative levels, absent for units. */
static void org_rule(const char *const *values, json_t *errors)
{
	const char *level = values[OF_LEVEL], *code = values[OF_CODE];

	if (level == NULL)
		return;
	if (strcmp(level, "unit") == 0 && code != NULL)
		v_error(errors, "division_code", "format", "A unit has no division code.");
	else if (strcmp(level, "unit") != 0 && code == NULL)
		v_error(errors, "division_code", "required",
			"Provinces, cities and counties need a division code.");
}

/* A create's parent: in the caller's subtree (404) and one a node of the level may hang under
 * (409, saying why). */
static int org_parent(struct http_req *req, const char *const *values, const PGresult *cur)
{
	PGresult *parent = NULL;
	const char *v[3];
	char why[160];
	int rc;

	if (cur != NULL)
		return 0;
	v[0] = values[OF_PARENT];
	v[1] = values[OF_LEVEL];
	v[2] = auth_scope(req);
	rc = rest_exec_row(req, "org_parent", 3, v, &parent);
	if (rc == 0 && strcmp(rest_col(parent, 0, "allowed"), "t") != 0) {
		snprintf(why, sizeof(why), "A %s cannot be placed under a %s.", v[1],
			 rest_col(parent, 0, "level"));
		rc = http_problem(req, 409, "conflict", why, NULL, NULL);
	}
	PQclear(parent);
	return rc;
}

/* Orgs: create and rename on the descriptor; move and delete keep their own handlers (below). */
static const struct resource org_resource = {
    .kind = ORG_KIND,
    .get_locked = "org_get_locked",
    .insert = "org_create",
    .update = "org_update",
    .fields = org_fields,
    .rule = org_rule,
    .write = PERM_ORG_WRITE,
    .check = org_parent,
    .audit_create = "org.create",
    .audit_update = "org.update",
    .create_detail = {"parent_id", "name", "level", NULL},
    .no_client_id = 1,
    .format = org_format,
    .conflicts = org_conflicts,
};

/* Whether ltree text `path` is `node` or lies below it. */
static int path_within(const char *path, const char *node)
{
	size_t n = strlen(node);

	return strncmp(path, node, n) == 0 && (path[n] == '\0' || path[n] == '.');
}

int org_list(struct http_req *req)
{
	return list_handle(req, &org_list_desc);
}

RES_HANDLER(org_get, res_get, org_resource)

RES_HANDLER(org_create, res_create, org_resource)

RES_HANDLER(org_patch, res_patch, org_resource)

int org_move(struct http_req *req)
{
	static const char *const allowed[] = {"parent_id", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array(), *detail = NULL;
	PGresult *node = NULL, *parent = NULL, *res = NULL;
	const char *parent_id, *node_path, *values[5];
	char why[200];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	parent_id = v_uuid(body, "parent_id", 1, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, "org_get_locked", id, &node);
	if (rc != 0)
		goto out;
	if (strcmp(id, req->auth->org_id) == 0) {
		rc =
		    http_problem(req, 409, "conflict", "Your own org cannot be moved.", NULL, NULL);
		goto out;
	}
	node_path = rest_col(node, 0, "_path");
	values[0] = parent_id;
	values[1] = rest_col(node, 0, "level");
	values[2] = auth_scope(req);
	rc = rest_exec_row(req, "org_parent", 3, values, &parent);
	if (rc != 0)
		goto out;
	if (path_within(rest_col(parent, 0, "path"), node_path)) {
		rc = http_problem(req, 409, "conflict",
				  "An org cannot be moved under itself or one of its descendants.",
				  NULL, NULL);
		goto out;
	}
	if (strcmp(rest_col(parent, 0, "allowed"), "t") != 0) {
		snprintf(why, sizeof(why), "A %s cannot be placed under a %s.",
			 rest_col(node, 0, "level"), rest_col(parent, 0, "level"));
		rc = http_problem(req, 409, "conflict", why, NULL, NULL);
		goto out;
	}
	detail = json_pack("{s:o, s:s}", "from_parent_id",
			   rest_col(node, 0, "parent_id") != NULL
			       ? json_string(rest_col(node, 0, "parent_id"))
			       : json_null(),
			   "to_parent_id", parent_id);
	values[0] = id;
	values[1] = rest_col(parent, 0, "path");
	values[2] = node_path;
	values[3] = parent_id;
	values[4] = auth_scope(req);
	res = db_exec(req->db, "org_move", 5, values);
	if (!db_ok(res)) {
		rc = write_error(req, res);
		goto out;
	}
	rc = rest_finish(req, &org_kind, "org.move", id, detail, 200, 0, NULL);
	detail = NULL;
out:
	json_decref(body);
	json_decref(errors);
	json_decref(detail);
	PQclear(node);
	PQclear(parent);
	PQclear(res);
	return rc;
}

int org_delete(struct http_req *req)
{
	const char *id = req->params[0];
	PGresult *node = NULL, *counts = NULL, *res = NULL;
	const char *values[2];
	long children, users, clients, institutions;
	char why[200];
	int rc;

	rc = rest_load_for_change(req, "org_get_locked", id, &node);
	if (rc != 0)
		goto out;
	if (strcmp(id, req->auth->org_id) == 0) {
		rc = http_problem(req, 409, "conflict", "Your own org cannot be deleted.", NULL,
				  NULL);
		goto out;
	}
	values[0] = id;
	values[1] = auth_scope(req);
	counts = db_exec(req->db, "org_delete_counts", 2, values);
	if (!db_ok(counts)) {
		rc = dbjson_error(req, counts);
		goto out;
	}
	children = rest_col_long(counts, "children");
	users = rest_col_long(counts, "users");
	clients = rest_col_long(counts, "api_clients");
	institutions = rest_col_long(counts, "institutions");
	if (children != 0 || users != 0 || clients != 0 || institutions != 0) {
		snprintf(why, sizeof(why),
			 "The org still has %ld child orgs, %ld users, %ld API clients and %ld "
			 "institution records; move or remove them first (archive a record).",
			 children, users, clients, institutions);
		rc = http_problem(req, 409, "conflict", why, NULL, NULL);
		goto out;
	}
	rc = rest_exec_row(req, "org_delete", 2, values, &res);
	if (rc != 0)
		goto out;
	rc = rest_finish(req, &org_kind, "org.delete", id,
			 json_pack("{s:s, s:s}", "name", rest_col(node, 0, "name"), "level",
				   rest_col(node, 0, "level")),
			 204, 1, NULL);
out:
	PQclear(node);
	PQclear(counts);
	PQclear(res);
	return rc;
}

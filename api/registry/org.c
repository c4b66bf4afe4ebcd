/* The org tree endpoints: list, read, create, rename, move and delete nodes of the caller's
 * subtree. Level rules live in the database (org_level_allowed); they are asked here first so
 * the answer can say why. */
#include "org.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "rest.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const org_levels[] = {"province", "city", "county", "unit", NULL};

static json_t *org_allowed(struct http_req *req, const PGresult *res, int row);

const struct rest_kind org_kind = {"org_get", "org", "/api/v1/orgs/", org_allowed, NULL, NULL};

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

/* Answers a failed write: a sibling with the same name gets a conflict that says so, anything
 * else the generic mapping. Returns the status. */
static int write_error(struct http_req *req, const PGresult *res)
{
	const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);

	if (constraint != NULL && strcmp(constraint, "orgs_sibling_names") == 0)
		return http_problem(req, 409, "conflict",
				    "The parent already has an org with this name.", NULL, NULL);
	return dbjson_error(req, res);
}

/* division_code of a body: NULL when absent or null (*present tells which). Adds "format" for
 * anything but six digits not starting with 0 (the division code shape of GB/T 2260). */
static const char *division_code(json_t *body, int *present, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s = v_string(body, "division_code", 0, 1, 0, 6, present, errors);

	if (s == NULL || json_array_size(errors) != before)
		return NULL;
	if (strlen(s) != 6 || !rest_only_chars(s, "0123456789") || s[0] == '0') {
		v_error(errors, "division_code", "format", "Six digits, not starting with 0.");
		return NULL;
	}
	return s;
}

/* Adds the error a division code breaks for `level`: required for administrative levels,
 * absent for units. */
static void division_rule(const char *level, const char *code, json_t *errors)
{
	if (strcmp(level, "unit") == 0 && code != NULL)
		v_error(errors, "division_code", "format", "A unit has no division code.");
	else if (strcmp(level, "unit") != 0 && code == NULL)
		v_error(errors, "division_code", "required",
			"Provinces, cities and counties need a division code.");
}

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

int org_get(struct http_req *req)
{
	return rest_get(req, &org_kind);
}

int org_create(struct http_req *req)
{
	static const char *const allowed[] = {"parent_id", "name", "level", "division_code", NULL};
	json_t *body = NULL, *errors = json_array();
	PGresult *parent = NULL, *res = NULL;
	const char *parent_id, *name, *level, *code, *values[5];
	char id[37], detail[160];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	parent_id = v_uuid(body, "parent_id", 1, errors);
	name = v_string(body, "name", 1, 0, 1, 100, NULL, errors);
	level = v_enum(body, "level", 1, org_levels, errors);
	code = division_code(body, NULL, errors);
	if (level != NULL && json_array_size(errors) == 0)
		division_rule(level, code, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	values[0] = parent_id;
	values[1] = level;
	values[2] = auth_scope(req);
	rc = rest_exec_row(req, "org_parent", 3, values, &parent);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(parent, 0, "allowed"), "t") != 0) {
		snprintf(detail, sizeof(detail), "A %s cannot be placed under a %s.", level,
			 rest_col(parent, 0, "level"));
		rc = http_problem(req, 409, "conflict", detail, NULL, NULL);
		goto out;
	}
	values[0] = parent_id;
	values[1] = name;
	values[2] = level;
	values[3] = code;
	values[4] = auth_scope(req);
	res = db_exec(req->db, "org_create", 5, values);
	if (!db_ok(res)) {
		rc = write_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_finish(
	    req, &org_kind, "org.create", id,
	    json_pack("{s:s, s:s, s:s}", "parent_id", parent_id, "name", name, "level", level), 201,
	    0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(parent);
	PQclear(res);
	return rc;
}

int org_patch(struct http_req *req)
{
	static const char *const allowed[] = {"name", "division_code", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *res = NULL;
	const char *name, *code, *values[4];
	int rc, code_present = 0;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	v_only(body, allowed, errors);
	name = v_string(body, "name", 0, 0, 1, 100, NULL, errors);
	code = division_code(body, &code_present, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, "org_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	if (!code_present)
		code = rest_col(cur, 0, "division_code");
	division_rule(rest_col(cur, 0, "level"), code, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	values[0] = id;
	values[1] = name != NULL ? name : rest_col(cur, 0, "name");
	values[2] = code;
	values[3] = auth_scope(req);
	res = db_exec(req->db, "org_update", 4, values);
	if (!db_ok(res)) {
		rc = write_error(req, res);
		goto out;
	}
	rc = rest_finish(req, &org_kind, "org.update", id, json_deep_copy(body), 200, 0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(res);
	return rc;
}

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

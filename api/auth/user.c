/* The user endpoints: list, read, create, edit and reset the password of users of the caller's
 * subtree. Nobody grants a role ranked above their own, edits someone ranked above them, or
 * changes their own role or deactivates themselves. */
#include "user.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "password.h"
#include "rest.h"
#include "roles.h"
#include "session.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USERNAME_CHARS "abcdefghijklmnopqrstuvwxyz0123456789._-"

static const char *const user_roles[] = {"admin",	   "leader", "inspector",
					 "safety_officer", "viewer", NULL};

static json_t *user_allowed(struct http_req *req, const PGresult *res, int row);

const struct rest_kind user_kind = {"user_get", "user", "/api/v1/users/", user_allowed, NULL, NULL};

static const char *username_field(json_t *body, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s = v_string(body, "username", 1, 0, 1, 32, NULL, errors);

	if (s == NULL || json_array_size(errors) != before)
		return NULL;
	if (strlen(s) < 3 || !rest_only_chars(s, USERNAME_CHARS) || strchr("._-", s[0]) != NULL) {
		v_error(errors, "username", "format",
			"3 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.");
		return NULL;
	}
	return s;
}

/* phone: NULL when absent or null (*present tells which); a mainland mobile number otherwise. */
static const char *phone_field(json_t *body, int *present, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s = v_string(body, "phone", 0, 1, 0, 11, present, errors);

	if (s == NULL || json_array_size(errors) != before)
		return NULL;
	if (strlen(s) != 11 || !rest_only_chars(s, "0123456789") || s[0] != '1' || s[1] < '3') {
		v_error(errors, "phone", "format",
			"A mobile number: 11 digits starting with 13-19.");
		return NULL;
	}
	return s;
}

/* Whether the caller may hand out or act on `role`: never above their own rank. */
static int rank_ok(struct http_req *req, const char *role)
{
	const struct role_def *r = roles_find(role);

	return r != NULL && r->rank <= req->auth->role->rank;
}

/* Returns a new reference: what the caller may do with user row `row`, by the rules of
 * user_patch and user_reset_password: user:write and a user ranked no higher than the caller.
 * Codes: update, reset_password. (Which roles a PATCH may grant, and the self-edits refused,
 * depend on the body.) */
static json_t *user_allowed(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();
	const struct role_def *r = roles_find(rest_col(res, row, "role"));

	if (roles_allows(req->auth->role, PERM_USER_WRITE) && r != NULL &&
	    r->rank <= req->auth->role->rank) {
		json_array_append_new(out, json_string("update"));
		json_array_append_new(out, json_string("reset_password"));
	}
	return out;
}

/* The argon2id hash of `pw` into hash. Returns 0, or answers 500 and returns the status. */
static int hash_password(struct http_req *req, const char *pw, char *hash, size_t len)
{
	if (password_hash(pw, hash, len) == 0)
		return 0;
	return http_problem(req, 500, "internal", "The password could not be hashed.", NULL, NULL);
}

static int forbidden(struct http_req *req, const char *why)
{
	return http_problem(req, 403, "forbidden", why, NULL, NULL);
}

int user_list(struct http_req *req)
{
	return list_handle(req, &user_list_desc);
}

int user_get(struct http_req *req)
{
	return rest_get(req, &user_kind);
}

int user_create(struct http_req *req)
{
	static const char *const allowed[] = {"username", "display_name", "phone", "org_id",
					      "role",	  "password",	  NULL};
	json_t *body = NULL, *errors = json_array();
	PGresult *res = NULL;
	const char *username, *display_name, *phone, *org_id, *role, *pw, *values[7];
	const char *state, *constraint;
	char hash[PASSWORD_HASH_MAX], id[37];
	int rc;

	hash[0] = '\0';
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	username = username_field(body, errors);
	display_name = v_string(body, "display_name", 1, 0, 1, 64, NULL, errors);
	phone = phone_field(body, NULL, errors);
	org_id = v_uuid(body, "org_id", 1, errors);
	role = v_enum(body, "role", 1, user_roles, errors);
	pw = v_password(body, "password", errors);
	if (pw != NULL)
		password_check_policy(pw, username, "password", errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	if (!rank_ok(req, role)) {
		rc = forbidden(req, "You cannot grant a role ranked above your own.");
		goto out;
	}
	rc = hash_password(req, pw, hash, sizeof(hash));
	if (rc != 0)
		goto out;
	values[0] = username;
	values[1] = display_name;
	values[2] = phone;
	values[3] = org_id;
	values[4] = role;
	values[5] = hash;
	values[6] = auth_scope(req);
	res = db_exec(req->db, "user_create", 7, values);
	if (!db_ok(res)) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		if (state != NULL && strcmp(state, "23505") == 0 && constraint != NULL &&
		    strcmp(constraint, "users_username_key") == 0)
			rc = http_problem(req, 409, "conflict", "The username is already taken.",
					  NULL, NULL);
		else
			rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_finish(
	    req, &user_kind, "user.create", id,
	    json_pack("{s:s, s:s, s:s}", "username", username, "org_id", org_id, "role", role), 201,
	    0, NULL);
out:
	explicit_bzero(hash, sizeof(hash));
	json_decref(body);
	json_decref(errors);
	PQclear(res);
	return rc;
}

/* The checks of PATCH /users/{id} against the current row `cur`: ranks (403), self-edits (409).
 * Returns 0 when the change may go ahead; otherwise it has answered and returns the status. */
static int patch_allowed(struct http_req *req, const PGresult *cur, const char *role, int active)
{
	int self = strcmp(rest_col(cur, 0, "id"), req->auth->id) == 0;

	if (!rank_ok(req, rest_col(cur, 0, "role")))
		return forbidden(req, "You cannot change a user ranked above you.");
	if (role != NULL && !rank_ok(req, role))
		return forbidden(req, "You cannot grant a role ranked above your own.");
	if (self && role != NULL && strcmp(role, rest_col(cur, 0, "role")) != 0)
		return http_problem(req, 409, "conflict", "You cannot change your own role.", NULL,
				    NULL);
	if (self && active == 0)
		return http_problem(req, 409, "conflict", "You cannot deactivate yourself.", NULL,
				    NULL);
	return 0;
}

int user_patch(struct http_req *req)
{
	static const char *const allowed[] = {"display_name", "phone",	"role",
					      "org_id",	      "active", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *res = NULL;
	const char *display_name, *phone, *role, *org_id, *values[7];
	int rc, phone_present = 0, active = -1, was_active;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	v_only(body, allowed, errors);
	display_name = v_string(body, "display_name", 0, 0, 1, 64, NULL, errors);
	phone = phone_field(body, &phone_present, errors);
	role = v_enum(body, "role", 0, user_roles, errors);
	org_id = v_uuid(body, "org_id", 0, errors);
	if (v_bool(body, "active", 0, &active, errors) != 1)
		active = -1;
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, "user_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	rc = patch_allowed(req, cur, role, active);
	if (rc != 0)
		goto out;
	was_active = strcmp(rest_col(cur, 0, "active"), "t") == 0;
	values[0] = id;
	values[1] = display_name != NULL ? display_name : rest_col(cur, 0, "display_name");
	values[2] = phone_present ? phone : rest_col(cur, 0, "phone");
	values[3] = role != NULL ? role : rest_col(cur, 0, "role");
	values[4] = org_id != NULL ? org_id : rest_col(cur, 0, "org_id");
	values[5] = active == -1 ? (was_active ? "true" : "false") : (active ? "true" : "false");
	values[6] = auth_scope(req);
	res = db_exec(req->db, "user_update", 7, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		/* The user is locked and visible, so what is missing is the new org. */
		rc = rest_not_found(req);
		goto out;
	}
	/* A deactivated user's sessions end now; their access tokens fail the gate's per-request
	 * check of the account. */
	if (was_active && active == 0 &&
	    session_revoke_user(req->db, id, NULL, "deactivated") != 0) {
		rc = http_problem(req, 500, "internal", "The user's sessions could not be ended.",
				  NULL, NULL);
		goto out;
	}
	rc = rest_finish(req, &user_kind, "user.update", id, json_deep_copy(body), 200, 0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(res);
	return rc;
}

int user_reset_password(struct http_req *req)
{
	static const char *const allowed[] = {"new_password", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *res = NULL;
	const char *pw, *values[3];
	char hash[PASSWORD_HASH_MAX];
	int rc;

	hash[0] = '\0';
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	pw = v_password(body, "new_password", errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, "user_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	if (!rank_ok(req, rest_col(cur, 0, "role"))) {
		rc = forbidden(req, "You cannot change a user ranked above you.");
		goto out;
	}
	if (password_check_policy(pw, rest_col(cur, 0, "username"), "new_password", errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = hash_password(req, pw, hash, sizeof(hash));
	if (rc != 0)
		goto out;
	values[0] = id;
	values[1] = hash;
	values[2] = auth_scope(req);
	rc = rest_exec_row(req, "user_reset_password", 3, values, &res);
	if (rc != 0)
		goto out;
	if (session_revoke_user(req->db, id, NULL, "password_reset") != 0) {
		rc = http_problem(req, 500, "internal", "The user's sessions could not be ended.",
				  NULL, NULL);
		goto out;
	}
	rc = rest_finish(req, &user_kind, "user.password_reset", id, NULL, 204, 1, NULL);
out:
	explicit_bzero(hash, sizeof(hash));
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(res);
	return rc;
}

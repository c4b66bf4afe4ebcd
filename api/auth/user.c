/* The user endpoints: list, read, create, edit and reset the password of users of the caller's
 * subtree. Nobody grants a role ranked above their own, edits someone ranked above them, or
 * changes their own role or deactivates themselves. */
#include "user.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "password.h"
#include "resource.h"
#include "rest.h"
#include "roles.h"
#include "session.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USERNAME_CHARS "abcdefghijklmnopqrstuvwxyz0123456789._-"

static const struct export_label user_roles[] = {
    {"admin", "管理员"},	  {"leader", "领导"},	{"inspector", "检查员"},
    {"safety_officer", "安全员"}, {"viewer", "查看者"}, {NULL, NULL}};

static json_t *user_allowed(struct http_req *req, const PGresult *res, int row);

#define USER_KIND                                                                                  \
	{                                                                                          \
		"user_get", "user", "/api/v1/users/", user_allowed, NULL, NULL                     \
	}

const struct rest_kind user_kind = USER_KIND;

/* The members of a user body, in the order of user_create's $2..$8 and user_update's $3..$9. */
enum { UF_USERNAME, UF_DISPLAY, UF_PHONE, UF_ORG, UF_ROLE, UF_PASSWORD, UF_ACTIVE };

static const struct res_field user_fields[] = {
    [UF_USERNAME] = {"username", RES_TEXT, 1, 0, 1, 32, NULL, NULL, RES_CREATE_ONLY},
    [UF_DISPLAY] = {"display_name", RES_TEXT, 1, 0, 1, 64, NULL, NULL, 0},
    [UF_PHONE] = {"phone", RES_TEXT, 0, 1, 0, 11, NULL, NULL, 0},
    [UF_ORG] = {"org_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, 0},
    [UF_ROLE] = {"role", RES_ENUM, 1, 0, 0, 0, user_roles, NULL, 0},
    [UF_PASSWORD] = {"password", RES_PASSWORD, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [UF_ACTIVE] = {"active", RES_BOOL, 0, 0, 0, 0, NULL, "true", RES_PATCH_ONLY},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

static const struct res_conflict user_conflicts[] = {
    {"users_username_key", "The username is already taken."},
    {NULL, NULL},
};

/* A username's and a phone number's shape, and a new password against the policy. */
static void user_format(const char *const *values, const int *present, int creating, json_t *errors)
{
	(void)present;
	(void)creating;
	const char *s = values[UF_USERNAME], *phone = values[UF_PHONE];

	if (s != NULL &&
	    (strlen(s) < 3 || !rest_only_chars(s, USERNAME_CHARS) || strchr("._-", s[0]) != NULL))
		v_error(errors, "username", "format",
			"3 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.");
	if (phone != NULL && (strlen(phone) != 11 || !rest_only_chars(phone, "0123456789") ||
			      phone[0] != '1' || phone[1] < '3'))
		v_error(errors, "phone", "format",
			"A mobile number: 11 digits starting with 13-19.");
	if (values[UF_PASSWORD] != NULL)
		password_check_policy(values[UF_PASSWORD], s, "password", errors);
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

/* The checks of a create and of PATCH /users/{id} against the current row `cur`: ranks (403),
 * self-edits (409). Returns 0 when the change may go ahead; otherwise it has answered and
 * returns the status. */
static int user_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	const char *role = values[UF_ROLE], *active = values[UF_ACTIVE];
	int self;

	if (cur == NULL)
		return rank_ok(req, role)
			   ? 0
			   : forbidden(req, "You cannot grant a role ranked above your own.");
	self = strcmp(rest_col(cur, 0, "id"), req->auth->id) == 0;
	if (!rank_ok(req, rest_col(cur, 0, "role")))
		return forbidden(req, "You cannot change a user ranked above you.");
	if (!rank_ok(req, role))
		return forbidden(req, "You cannot grant a role ranked above your own.");
	if (self && strcmp(role, rest_col(cur, 0, "role")) != 0)
		return http_problem(req, 409, "conflict", "You cannot change your own role.", NULL,
				    NULL);
	if (self && active != NULL && active[0] == 'f')
		return http_problem(req, 409, "conflict", "You cannot deactivate yourself.", NULL,
				    NULL);
	return 0;
}

/* A create stores the password's argon2id hash, never the password. */
static int user_before(struct http_req *req, const char **values, const PGresult *cur,
		       char *scratch)
{
	int rc;

	if (cur != NULL)
		return 0;
	rc = hash_password(req, values[UF_PASSWORD], scratch, PASSWORD_HASH_MAX);
	values[UF_PASSWORD] = scratch;
	return rc;
}

/* A deactivated user's sessions end now; their access tokens fail the gate's per-request check
 * of the account. */
static int user_after(struct http_req *req, const char *id, const char *const *values,
		      const PGresult *cur)
{
	const char *active = values[UF_ACTIVE];

	if (cur == NULL || strcmp(rest_col(cur, 0, "active"), "t") != 0 || active == NULL ||
	    active[0] != 'f')
		return 0;
	if (session_revoke_user(req->db, id, NULL, "deactivated") == 0)
		return 0;
	return http_problem(req, 500, "internal", "The user's sessions could not be ended.", NULL,
			    NULL);
}

/* Users: create and edit on the descriptor; the password reset keeps its own handler (below). */
static const struct resource user_resource = {
    .kind = USER_KIND,
    .get_locked = "user_get_locked",
    .insert = "user_create",
    .update = "user_update",
    .fields = user_fields,
    .write = PERM_USER_WRITE,
    .check = user_check,
    .audit_create = "user.create",
    .audit_update = "user.update",
    .create_detail = {"username", "org_id", "role", NULL},
    .no_client_id = 1,
    .format = user_format,
    .before = user_before,
    .after = user_after,
    .conflicts = user_conflicts,
};

int user_list(struct http_req *req)
{
	return list_handle(req, &user_list_desc);
}

RES_HANDLER(user_get, res_get, user_resource)

RES_HANDLER(user_create, res_create, user_resource)

RES_HANDLER(user_patch, res_patch, user_resource)

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

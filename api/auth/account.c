/* The caller's own account: who am I (/auth/me), the password policy, and changing my password. */
#include "audit.h"
#include "auth.h"
#include "authn.h"
#include "config.h"
#include "dbjson.h"
#include "password.h"
#include "session.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* Returns a new reference: {user, org, permissions, password_change_required} for `user_id`,
 * read through `c` in its current scope, or NULL. */
json_t *authn_me_json(struct db_conn *c, const char *user_id, int must_change)
{
	const char *vals[1] = {user_id};
	PGresult *ures = NULL, *ores = NULL;
	const struct role_def *role;
	json_t *out = NULL, *perms;
	const char *org_vals[1];
	int p;

	ures = db_exec(c, "authn_me_user", 1, vals);
	if (!db_ok(ures) || PQntuples(ures) != 1)
		goto out;
	org_vals[0] = PQgetvalue(ures, 0, 4);
	ores = db_exec(c, "authn_me_org", 1, org_vals);
	if (!db_ok(ores) || PQntuples(ores) != 1)
		goto out;
	role = roles_find(PQgetvalue(ures, 0, 6));
	perms = json_array();
	for (p = PERM_SELF; p < PERM_COUNT; p++) {
		if (roles_allows(role, (enum perm)p))
			json_array_append_new(perms, json_string(roles_perm_name((enum perm)p)));
	}
	out = json_pack("{s:o, s:o, s:o, s:b}", "user", dbjson_row(ures, 0), "org",
			dbjson_row(ores, 0), "permissions", perms, "password_change_required",
			must_change);
out:
	PQclear(ures);
	PQclear(ores);
	return out;
}

int authn_me(struct http_req *req)
{
	json_t *me = authn_me_json(req->db, req->auth->id, req->auth->must_change_password);

	if (me == NULL)
		return http_problem(req, 404, "not_found", "No such resource.", NULL, NULL);
	return http_json(req, 200, me);
}

int authn_password_policy(struct http_req *req)
{
	return http_json(req, 200,
			 json_pack("{s:i, s:i, s:i}", "min_length", config.password_min_length,
				   "max_length", PASSWORD_MAX_CHARS, "classes",
				   config.password_classes));
}

int authn_change_password(struct http_req *req)
{
	static const char *const allowed[] = {"current_password", "new_password", NULL};
	const char *vals[2] = {req->auth->id, NULL};
	json_t *body = NULL, *errors = json_array();
	const char *current, *next;
	char hash[PASSWORD_HASH_MAX], username[65];
	PGresult *res = NULL;
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	/* a current password no password can be is refused before it counts as a wrong one */
	current = v_password(body, "current_password", errors);
	next = v_password(body, "new_password", errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	res = db_exec(req->db, "authn_password_hash", 1, vals);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = dbjson_error(req, res);
		goto out;
	}
	snprintf(username, sizeof(username), "%s", PQgetvalue(res, 0, 1));
	if (!password_verify(PQgetvalue(res, 0, 0), current)) {
		v_error(errors, "current_password", "wrong",
			"The current password is not correct.");
		audit_record(req, "auth.password_change", "user", req->auth->id, "failure", NULL);
	} else {
		password_check_policy(next, username, "new_password", errors);
		if (strcmp(current, next) == 0)
			v_error(errors, "new_password", "same_as_current",
				"The new password must differ from the current one.");
	}
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	if (password_hash(next, hash, sizeof(hash)) != 0) {
		rc = http_problem(req, 500, "internal", "The password could not be stored.", NULL,
				  NULL);
		goto out;
	}
	PQclear(res);
	vals[1] = hash;
	res = db_exec(req->db, "authn_password_set", 2, vals);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	/* Other sessions end; the one that changed the password goes on. */
	if (session_revoke_user(req->db, req->auth->id, req->auth->sid, "password_change") != 0 ||
	    audit_record(req, "auth.password_change", "user", req->auth->id, "success", NULL) !=
		0) {
		rc = http_problem(req, 500, "internal", "The password could not be stored.", NULL,
				  NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		rc = req->status;
		goto out;
	}
	rc = http_send(req, 204, NULL, NULL, 0, NULL);
out:
	PQclear(res);
	json_decref(body);
	json_decref(errors);
	return rc;
}

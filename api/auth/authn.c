/* Sign-in, refresh-token rotation, sign-out, client credentials and the JWKS. The password is
 * verified while no database connection is held (argon2id takes tens of milliseconds). */
#include "authn.h"
#include "audit.h"
#include "config.h"
#include "dbjson.h"
#include "keys.h"
#include "password.h"
#include "principal_cache.h"
#include "ratelimit.h"
#include "session.h"
#include "token.h"
#include "validate.h"

#include <civetweb.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Constant SQL, no input: the sign-in machinery's system scope. */
#define BEGIN_SYSTEM "BEGIN; SELECT set_config('app.org_path', '*', true)"

struct login_user {
	int found, active, locked, retry_s;
	char id[37], org_id[37], org_path[256];
	char hash[PASSWORD_HASH_MAX];
};

int authn_unavailable(struct http_req *req, const char *why)
{
	return http_problem(req, 503, "database_unavailable",
			    why != NULL ? why : "The database cannot be reached.", NULL,
			    "Retry-After: 5\r\n");
}

/* Opens a system-scope transaction on a pooled connection. NULL (after answering 503) on failure.
 */
struct db_conn *authn_begin_system(struct http_req *req)
{
	const char *why = NULL;
	struct db_conn *c = db_acquire(&why);

	if (c == NULL) {
		authn_unavailable(req, why);
		return NULL;
	}
	if (db_command(c, BEGIN_SYSTEM) != 0) {
		db_release(c);
		authn_unavailable(req, NULL);
		return NULL;
	}
	return c;
}

/* The Set-Cookie line for a refresh token (empty token: clear it). */
void authn_cookie_line(char *buf, size_t len, const char *token)
{
	snprintf(buf, len,
		 "Set-Cookie: " AUTHN_COOKIE_NAME "=%s; Path=" AUTHN_COOKIE_PATH
		 "; HttpOnly;%s SameSite=Strict; Max-Age=%ld\r\n"
		 "Cache-Control: no-store\r\n",
		 token, config.cookie_secure ? " Secure;" : "",
		 token[0] != '\0' ? config.session_idle_s : 0L);
}

/* Sends a TokenResponse; the refresh token goes into the cookie or the body. Steals `me`. */
int authn_token_reply(struct http_req *req, const char *access, const char *refresh, int in_cookie,
		      json_t *me)
{
	char extra[512];
	json_t *out;
	char *text;
	int rc;

	out =
	    json_pack("{s:s, s:s, s:I, s:I, s:O, s:O}", "access_token", access, "token_type",
		      "Bearer", "expires_in", (json_int_t)config.access_ttl_s, "refresh_expires_in",
		      (json_int_t)config.session_idle_s, "password_change_required",
		      json_object_get(me, "password_change_required"), "user", me);
	json_decref(me);
	if (out == NULL)
		return http_problem(req, 500, "internal", "The reply could not be built.", NULL,
				    NULL);
	if (in_cookie)
		authn_cookie_line(extra, sizeof(extra), refresh);
	else {
		json_object_set_new(out, "refresh_token", json_string(refresh));
		snprintf(extra, sizeof(extra), "Cache-Control: no-store\r\n");
	}
	text = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	if (text == NULL)
		return http_problem(req, 500, "internal", "The reply could not be built.", NULL,
				    NULL);
	rc = http_send(req, 200, "application/json; charset=utf-8", text, strlen(text), extra);
	free(text);
	return rc;
}

/* Reads the user named `username` in its own short transaction. Returns 0, or -1 after
 * answering 503. */
static int lookup_user(struct http_req *req, const char *username, struct login_user *u)
{
	const char *vals[1] = {username};
	struct db_conn *c = authn_begin_system(req);
	PGresult *res;

	memset(u, 0, sizeof(*u));
	if (c == NULL)
		return -1;
	res = db_exec(c, "authn_user_by_name", 1, vals);
	if (!db_ok(res)) {
		PQclear(res);
		db_release(c);
		authn_unavailable(req, NULL);
		return -1;
	}
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
		u->found = 1;
		snprintf(u->id, sizeof(u->id), "%s", PQgetvalue(res, 0, 0));
		snprintf(u->org_id, sizeof(u->org_id), "%s", PQgetvalue(res, 0, 1));
		snprintf(u->org_path, sizeof(u->org_path), "%s", PQgetvalue(res, 0, 2));
		snprintf(u->hash, sizeof(u->hash), "%s", PQgetvalue(res, 0, 3));
		u->active = PQgetvalue(res, 0, 4)[0] == 't';
	}
	/* A name without an account is locked like one with (login_failures). */
	if (PQntuples(res) == 1) {
		u->locked = PQgetvalue(res, 0, 5)[0] == 't';
		u->retry_s = u->locked ? atoi(PQgetvalue(res, 0, 6)) : 0;
	}
	PQclear(res);
	db_release(c);
	return 0;
}

/* Records a failed sign-in, locking the account at the threshold. Returns the seconds of a
 * lock that has just begun, or 0. */
static int record_failure(struct http_req *req, struct db_conn *c, const struct login_user *u,
			  const char *username, const char *reason)
{
	char threshold[16], lock_s[24];
	const char *vals[3] = {u->id, threshold, lock_s};
	PGresult *res = NULL;
	int locked = 0;

	ratelimit_fail(req->ri->remote_addr);
	audit_record_as(req, c, u->found ? u->id : NULL, username, u->found ? u->org_id : NULL,
			u->found ? u->org_path : NULL, "auth.login_failed", "user",
			u->found ? u->id : NULL, "failure", json_pack("{s:s}", "reason", reason));
	/* Every failure counts, whether the name has an account, an inactive one or none, so the
	 * answers after the threshold are the same for all three. */
	snprintf(threshold, sizeof(threshold), "%d", config.lockout_threshold);
	snprintf(lock_s, sizeof(lock_s), "%ld", config.lockout_s);
	if (u->found) {
		res = db_exec(c, "authn_login_failed", 3, vals);
	} else {
		const char *uvals[3] = {username, threshold, lock_s};
		res = db_exec(c, "authn_unknown_failed", 3, uvals);
	}
	if (db_ok(res) && PQntuples(res) == 1 && PQgetvalue(res, 0, 1)[0] == 't' &&
	    atoi(PQgetvalue(res, 0, 0)) == config.lockout_threshold) {
		locked = (int)config.lockout_s;
		audit_record_as(req, c, u->found ? u->id : NULL, username,
				u->found ? u->org_id : NULL, u->found ? u->org_path : NULL,
				"auth.lockout", "user", u->found ? u->id : NULL, "denied",
				json_pack("{s:i}", "failures", config.lockout_threshold));
	}
	PQclear(res);
	return locked;
}

static int locked_reply(struct http_req *req, int seconds)
{
	char extra[64], detail[160];

	snprintf(extra, sizeof(extra), "Retry-After: %d\r\n", seconds);
	snprintf(detail, sizeof(detail),
		 "Too many failed sign-ins: the account is locked for another %d minute(s).",
		 (seconds + 59) / 60);
	return http_problem(req, 401, "account_locked", detail, NULL, extra);
}

int authn_login(struct http_req *req)
{
	static const char *const allowed[] = {"username", "password", "refresh_in", NULL};
	static const char *const places[] = {"cookie", "body", NULL};
	json_t *body = NULL, *errors = json_array(), *me = NULL;
	const char *username, *password, *place;
	struct token_claims claims;
	struct login_user u;
	struct db_conn *c = NULL;
	char refresh[SESSION_TOKEN_LEN], *access = NULL;
	const char *vals[1];
	long wait;
	int ok, rc, locked;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	username = v_string(body, "username", 1, 0, 1, 64, NULL, errors);
	password = v_password(body, "password", errors);
	place = v_enum(body, "refresh_in", 0, places, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	wait = ratelimit_blocked(req->ri->remote_addr);
	if (wait > 0) {
		char extra[64];
		snprintf(extra, sizeof(extra), "Retry-After: %ld\r\n", wait);
		audit_record(
		    req, "auth.login_failed", "user", NULL, "denied",
		    json_pack("{s:s, s:s}", "reason", "rate_limited", "username", username));
		rc = http_problem(req, 429, "rate_limited",
				  "Too many failed sign-ins from this address; wait and try again.",
				  NULL, extra);
		c = db_acquire(NULL);
		goto out;
	}
	if (lookup_user(req, username, &u) != 0) {
		rc = req->status;
		goto out;
	}
	/* Verified even for unknown and locked accounts, so the time taken tells nothing. */
	ok = password_verify(u.found ? u.hash : NULL, password);
	c = authn_begin_system(req);
	if (c == NULL) {
		rc = req->status;
		goto out;
	}
	if (u.locked) {
		ratelimit_fail(req->ri->remote_addr);
		audit_record_as(req, c, u.found ? u.id : NULL, username, u.found ? u.org_id : NULL,
				u.found ? u.org_path : NULL, "auth.login_failed", "user",
				u.found ? u.id : NULL, "denied",
				json_pack("{s:s}", "reason", "locked"));
		principal_commit(c);
		rc = locked_reply(req, u.retry_s);
		goto out;
	}
	if (!u.found || !ok || !u.active) {
		locked = record_failure(req, c, &u, username,
					!u.found ? "unknown_user"
					: !ok	 ? "wrong_password"
						 : "inactive");
		principal_commit(c);
		if (locked > 0)
			rc = locked_reply(req, locked);
		else
			rc = http_problem(req, 401, "invalid_credentials",
					  "The user name or the password is not correct.", NULL,
					  NULL);
		goto out;
	}
	vals[0] = u.id;
	PQclear(db_exec(c, "authn_login_ok", 1, vals));
	memset(&claims, 0, sizeof(claims));
	snprintf(claims.sub, sizeof(claims.sub), "%s", u.id);
	snprintf(claims.kind, sizeof(claims.kind), "user");
	token_uuid(claims.sid);
	if (session_issue(c, claims.sid, u.id, NULL, refresh, sizeof(refresh)) != 0 ||
	    (access = token_issue(&claims, config.access_ttl_s)) == NULL) {
		rc = http_problem(req, 500, "internal", "The session could not be created.", NULL,
				  NULL);
		goto out;
	}
	me = authn_me_json(c, u.id, 0);
	{
		/* The password's age is judged by the same rule as the gate's. */
		const char *v2[2];
		char max_age[24];
		PGresult *res;
		snprintf(max_age, sizeof(max_age), "%ld", config.password_max_age_s);
		v2[0] = u.id;
		v2[1] = max_age;
		res = db_exec(c, "authn_user_by_id", 2, v2);
		if (me != NULL && db_ok(res) && PQntuples(res) == 1)
			json_object_set_new(me, "password_change_required",
					    json_boolean(PQgetvalue(res, 0, 5)[0] == 't'));
		PQclear(res);
	}
	if (me == NULL ||
	    audit_record_as(req, c, u.id, username, u.org_id, u.org_path, "auth.login", "session",
			    claims.sid, "success", NULL) != 0 ||
	    principal_commit(c) != 0) {
		rc = authn_unavailable(req, NULL);
		goto out;
	}
	rc = authn_token_reply(req, access, refresh, place != NULL && strcmp(place, "cookie") == 0,
			       me);
	me = NULL;
out:
	if (c != NULL)
		audit_release(req, c);
	json_decref(me);
	free(access);
	json_decref(body);
	json_decref(errors);
	return rc;
}

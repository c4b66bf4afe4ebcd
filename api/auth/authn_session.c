/* Refresh and sign-out. The refresh token comes from the HttpOnly cookie (the SPA) or the JSON
 * body (integrators), and its successor goes back the same way. */
#include "audit.h"
#include "authn.h"
#include "config.h"
#include "principal_cache.h"
#include "session.h"
#include "token.h"
#include "validate.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the presented refresh token into buf from the body member refresh_token or the cookie.
 * Returns 1 when found (*from_cookie set), 0 when absent, -1 after answering 400/415. */
static int presented_token(struct http_req *req, char *buf, size_t len, int *from_cookie)
{
	static const char *const allowed[] = {"refresh_token", NULL};
	const char *cookies = http_header(req, "Cookie");
	json_t *body = NULL, *errors = NULL;
	const char *t = NULL;
	int rc = 0;

	*from_cookie = 0;
	/* An empty body is fine: the SPA relies on its cookie. */
	if (req->ri->content_length != 0 || http_header(req, "Transfer-Encoding") != NULL) {
		if (http_read_json(req, &body, 0) != 0)
			return -1;
		errors = json_array();
		v_only(body, allowed, errors);
		t = v_string(body, "refresh_token", 0, 0, 1, 128, NULL, errors);
		if (json_array_size(errors) > 0) {
			v_reply(req, errors);
			errors = NULL;
			rc = -1;
			goto out;
		}
	}
	if (t != NULL) {
		snprintf(buf, len, "%s", t);
		rc = 1;
	} else if (cookies != NULL && mg_get_cookie(cookies, AUTHN_COOKIE_NAME, buf, len) > 0) {
		*from_cookie = 1;
		rc = 1;
	}
out:
	json_decref(body);
	json_decref(errors);
	return rc;
}

static int session_ended(struct http_req *req, int from_cookie, const char *detail)
{
	char extra[512];
	size_t n;

	snprintf(extra, sizeof(extra),
		 "WWW-Authenticate: Bearer realm=\"anquan\", error=\"invalid_token\"\r\n");
	n = strlen(extra);
	if (from_cookie)
		authn_cookie_line(extra + n, sizeof(extra) - n, "");
	return http_problem(req, 401, "unauthorized", detail, NULL, extra);
}

int authn_refresh(struct http_req *req)
{
	char token[160], next[SESSION_TOKEN_LEN], max_age[24];
	char token_id[37], family[37], user_id[37], family_end[64];
	char username[65], org_id[37], org_path[256];
	struct token_claims claims;
	struct db_conn *c = NULL;
	PGresult *res = NULL;
	const char *vals[2];
	char *access = NULL;
	json_t *me = NULL;
	int from_cookie, rc, must_change;

	rc = presented_token(req, token, sizeof(token), &from_cookie);
	if (rc < 0)
		return req->status;
	if (rc == 0)
		return session_ended(req, 0, "No refresh token was presented.");
	c = authn_begin_system(req);
	if (c == NULL)
		return req->status;
	res = session_lookup(c, token);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = db_ok(res) ? session_ended(req, from_cookie, "The session is not known.")
				: authn_unavailable(req, NULL);
		goto out;
	}
	snprintf(token_id, sizeof(token_id), "%s", PQgetvalue(res, 0, 0));
	snprintf(family, sizeof(family), "%s", PQgetvalue(res, 0, 1));
	snprintf(user_id, sizeof(user_id), "%s", PQgetvalue(res, 0, 2));
	snprintf(family_end, sizeof(family_end), "%s", PQgetvalue(res, 0, 6));
	if (PQgetvalue(res, 0, 4)[0] == 't') {
		rc = session_ended(req, from_cookie, "The session has ended.");
		goto out;
	}
	if (PQgetvalue(res, 0, 3)[0] == 't') {
		/* A spent token again: someone else holds a copy. End the whole session. */
		session_revoke_family(c, family, "reuse");
		audit_record_as(req, c, user_id, PQgetvalue(res, 0, 7), PQgetvalue(res, 0, 8),
				PQgetvalue(res, 0, 9), "auth.refresh_reuse", "session", family,
				"denied", NULL);
		principal_commit(c);
		rc = session_ended(
		    req, from_cookie,
		    "This refresh token was already used; the session has been ended.");
		goto out;
	}
	if (PQgetvalue(res, 0, 5)[0] == 't') {
		rc = session_ended(req, from_cookie, "The session has expired; sign in again.");
		goto out;
	}
	PQclear(res);
	snprintf(max_age, sizeof(max_age), "%ld", config.password_max_age_s);
	vals[0] = user_id;
	vals[1] = max_age;
	res = db_exec(c, "authn_user_by_id", 2, vals);
	if (!db_ok(res) || PQntuples(res) != 1 || PQgetvalue(res, 0, 4)[0] != 't') {
		session_revoke_family(c, family, "inactive");
		principal_commit(c);
		rc = session_ended(req, from_cookie, "The account is no longer active.");
		goto out;
	}
	snprintf(username, sizeof(username), "%s", PQgetvalue(res, 0, 1));
	snprintf(org_id, sizeof(org_id), "%s", PQgetvalue(res, 0, 2));
	snprintf(org_path, sizeof(org_path), "%s", PQgetvalue(res, 0, 3));
	must_change = PQgetvalue(res, 0, 5)[0] == 't';
	if (session_spend(c, token_id) != 0) {
		rc = session_ended(req, from_cookie, "The session has ended.");
		goto out;
	}
	memset(&claims, 0, sizeof(claims));
	snprintf(claims.sub, sizeof(claims.sub), "%s", user_id);
	snprintf(claims.kind, sizeof(claims.kind), "user");
	snprintf(claims.sid, sizeof(claims.sid), "%s", family);
	if (session_issue(c, family, user_id, family_end, next, sizeof(next)) != 0 ||
	    (access = token_issue(&claims, config.access_ttl_s)) == NULL ||
	    (me = authn_me_json(c, user_id, must_change)) == NULL ||
	    audit_record_as(req, c, user_id, username, org_id, org_path, "auth.refresh", "session",
			    family, "success", NULL) != 0 ||
	    principal_commit(c) != 0) {
		rc = authn_unavailable(req, NULL);
		goto out;
	}
	rc = authn_token_reply(req, access, next, from_cookie, me);
	me = NULL;
out:
	PQclear(res);
	audit_release(req, c);
	json_decref(me);
	free(access);
	return rc;
}

int authn_logout(struct http_req *req)
{
	char token[160], extra[512] = "";
	struct db_conn *c = NULL;
	PGresult *res = NULL;
	int from_cookie, rc;

	rc = presented_token(req, token, sizeof(token), &from_cookie);
	if (rc < 0)
		return req->status;
	if (from_cookie)
		authn_cookie_line(extra, sizeof(extra), "");
	if (rc == 0)
		return http_send(req, 204, NULL, NULL, 0, extra[0] ? extra : NULL);
	c = authn_begin_system(req);
	if (c == NULL)
		return req->status;
	res = session_lookup(c, token);
	if (db_ok(res) && PQntuples(res) == 1) {
		const char *family = PQgetvalue(res, 0, 1);
		if (session_revoke_family(c, family, "logout") != 0 ||
		    audit_record_as(req, c, PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 7),
				    PQgetvalue(res, 0, 8), PQgetvalue(res, 0, 9), "auth.logout",
				    "session", family, "success", NULL) != 0 ||
		    principal_commit(c) != 0) {
			rc = authn_unavailable(req, NULL);
			goto out;
		}
	}
	rc = http_send(req, 204, NULL, NULL, 0, extra[0] ? extra : NULL);
out:
	PQclear(res);
	db_rollback(c);
	db_release(c);
	return rc;
}

/* The gate every routed request passes: the bearer token, the principal behind it (still active,
 * read fresh from the database), the role's permission, and the transaction scoped to the
 * caller's subtree in which the handler runs. No handler authenticates on its own. */
#include "auth_gate.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "token.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* How often a handler's transaction is run in all when it meets serialization failures or
 * deadlocks. */
#define AUTH_GATE_ATTEMPTS 3

static const char BEARER_CHALLENGE[] =
    "WWW-Authenticate: Bearer realm=\"anquan\", error=\"invalid_token\"\r\n";

const char *auth_scope(struct http_req *req)
{
	return req->auth != NULL ? req->auth->org_path : "";
}

int auth_narrow_scope(struct http_req *req, const char *path)
{
	const char *vals[2] = {path, auth_scope(req)};
	PGresult *res = db_exec(req->db, "auth_narrow_scope", 2, vals);
	int rc = (db_ok(res) && PQntuples(res) == 1) ? 0 : -1;

	PQclear(res);
	if (rc != 0)
		http_problem(req, 500, "internal", "The scope of the request could not be set.",
			     NULL, NULL);
	return rc;
}

int auth_commit(struct http_req *req)
{
	if (db_command(req->db, "COMMIT") != 0) {
		http_problem(req, 503, "database_unavailable",
			     "The change could not be saved; try again.", NULL,
			     "Retry-After: 1\r\n");
		return -1;
	}
	return 0;
}

static int unauthorized(struct http_req *req, const char *detail)
{
	http_discard_body(req);
	return http_problem(req, 401, "unauthorized", detail, NULL, BEARER_CHALLENGE);
}

/* The token of "Authorization: Bearer <token>", or NULL. Borrowed. */
static const char *bearer(struct http_req *req)
{
	const char *h = http_header(req, "Authorization");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	return h[0] != '\0' ? h : NULL;
}

/* Opens the request's transaction on `c` and loads the principal of verified claims into `p`,
 * in one round trip. Returns 0; -1 when it no longer exists or is inactive; -2 when the
 * transaction could not be begun. */
static int load_principal(struct db_conn *c, const struct token_claims *claims,
			  struct auth_principal *p)
{
	char max_age[24];
	const char *vals[3] = {claims->sub, max_age, claims->sid};
	int is_client = strcmp(claims->kind, "client") == 0;
	PGresult *res;
	int rc = -1;

	snprintf(max_age, sizeof(max_age), "%ld", config.password_max_age_s);
	/* The principal lookup runs in the system scope; it narrows the scope to the caller's
	 * subtree itself. */
	res = db_begin_exec(c, is_client ? "auth_gate_client" : "auth_gate_user", is_client ? 1 : 3,
			    vals);
	if (res == NULL)
		return -2;
	if (!db_ok(res) || PQntuples(res) != 1)
		goto out;
	memset(p, 0, sizeof(*p));
	p->is_client = is_client;
	snprintf(p->id, sizeof(p->id), "%s", PQgetvalue(res, 0, 0));
	snprintf(p->name, sizeof(p->name), "%s", PQgetvalue(res, 0, 1));
	snprintf(p->org_id, sizeof(p->org_id), "%s", PQgetvalue(res, 0, 2));
	snprintf(p->org_path, sizeof(p->org_path), "%s", PQgetvalue(res, 0, 3));
	p->role = roles_find(PQgetvalue(res, 0, 4));
	p->must_change_password = PQgetvalue(res, 0, 5)[0] == 't';
	snprintf(p->sid, sizeof(p->sid), "%s", claims->sid);
	rc = p->role != NULL ? 0 : -1;
out:
	PQclear(res);
	return rc;
}

int auth_gate(struct http_req *req, const struct router_route *route)
{
	struct auth_principal principal;
	struct token_claims claims;
	const char *token, *why = NULL;
	struct db_conn *c = NULL;
	int rc, attempt;

	if (route->perm == PERM_PUBLIC)
		return route->handler(req);
	token = bearer(req);
	if (token == NULL)
		return unauthorized(req,
				    "Sign-in required: send Authorization: Bearer <access token>.");
	if (token_verify(token, &claims, &why) != 0)
		return unauthorized(req, "The access token is not valid.");
	c = db_acquire(&why);
	if (c == NULL) {
		http_discard_body(req);
		return http_problem(req, 503, "database_unavailable", why, NULL,
				    "Retry-After: 5\r\n");
	}
	/* The handler runs in a transaction that is run again, from the start, when it meets a
	 * serialization failure or a deadlock: its reply is kept until the transaction has held,
	 * and the body is read once (http_read_body). */
	for (attempt = 1;; attempt++) {
		switch (load_principal(c, &claims, &principal)) {
		case 0:
			break;
		case -2:
			http_discard_body(req);
			rc = http_problem(req, 503, "database_unavailable",
					  "The database cannot be reached.", NULL,
					  "Retry-After: 5\r\n");
			goto out;
		default:
			rc =
			    unauthorized(req, "The account behind this token is no longer active.");
			goto out;
		}
		req->auth = &principal;
		if (!roles_allows(principal.role, route->perm)) {
			http_discard_body(req);
			rc = http_problem(req, 403, "forbidden", "Your role does not allow this.",
					  NULL, NULL);
			goto out;
		}
		if (principal.must_change_password && route->perm != PERM_SELF) {
			http_discard_body(req);
			rc = http_problem(req, 403, "password_change_required",
					  "Change your password before going on.", NULL, NULL);
			goto out;
		}
		req->db = c;
		req->buffering = 1;
		rc = route->handler(req);
		req->db = NULL;
		if (!db_retryable(c) || attempt == AUTH_GATE_ATTEMPTS)
			break;
		fprintf(stderr,
			"auth_gate: request %s: serialization failure or deadlock, attempt %d\n",
			req->request_id, attempt + 1);
		if (PQtransactionStatus(db_pg(c)) != PQTRANS_IDLE)
			db_command(c, "ROLLBACK");
		http_discard_reply(req);
		json_decref(req->audit_queue);
		req->audit_queue = NULL;
		req->status = 0;
	}
out:
	http_flush(req);
	/* Whatever the handler did not commit is rolled back; then queued audit entries (failures,
	 * denials) are written outside the transaction, so no rollback can erase them. */
	if (req->audit_queue != NULL && PQtransactionStatus(db_pg(c)) != PQTRANS_IDLE)
		db_command(c, "ROLLBACK");
	audit_flush(req, c); /* otherwise db_release rolls back without waiting */
	db_release(c);
	req->auth = NULL;
	return rc;
}

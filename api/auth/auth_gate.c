/* The gate every routed request passes: the bearer token, the principal behind it (still active:
 * read from the database, or for a read, confirmed there a moment ago and unchanged since, see
 * principal_cache.h), the role's permission, and the transaction scoped to the caller's subtree
 * in which the handler runs. No handler authenticates on its own. */
#include "auth_gate.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "list.h"
#include "principal_cache.h"
#include "token.h"

#include <pthread.h>
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

int auth_commit(struct http_req *req)
{
	if (principal_commit(req->db) != 0) {
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

/* The principal of a gate row (auth_gate_user, auth_gate_client) and the token's claims. Returns
 * 0; -1 when there is no row (the principal no longer exists or is inactive, or the session has
 * ended) or its role is unknown. */
static int principal_from_row(const PGresult *res, const struct token_claims *claims,
			      struct auth_principal *p)
{
	if (!db_ok(res) || PQntuples(res) != 1)
		return -1;
	memset(p, 0, sizeof(*p));
	p->is_client = strcmp(claims->kind, "client") == 0;
	snprintf(p->id, sizeof(p->id), "%s", PQgetvalue(res, 0, 0));
	snprintf(p->name, sizeof(p->name), "%s", PQgetvalue(res, 0, 1));
	snprintf(p->org_id, sizeof(p->org_id), "%s", PQgetvalue(res, 0, 2));
	snprintf(p->org_path, sizeof(p->org_path), "%s", PQgetvalue(res, 0, 3));
	p->role = roles_find(PQgetvalue(res, 0, 4));
	p->must_change_password = PQgetvalue(res, 0, 5)[0] == 't';
	snprintf(p->sid, sizeof(p->sid), "%s", claims->sid);
	return p->role != NULL ? 0 : -1;
}

/* The gate statement for the claims and its parameters (vals: 3, max_age: 24 bytes). */
static struct db_call gate_call(const struct token_claims *claims, const char **vals, char *max_age)
{
	int is_client = strcmp(claims->kind, "client") == 0;
	struct db_call call = {is_client ? "auth_gate_client" : "auth_gate_user", is_client ? 1 : 3,
			       vals};

	snprintf(max_age, 24, "%ld", config.password_max_age_s);
	vals[0] = claims->sub;
	vals[1] = max_age;
	vals[2] = claims->sid;
	return call;
}

/* Opens the request's transaction on `c` and loads the principal of verified claims into `p`,
 * in one round trip. Returns 0; -1 when it no longer exists or is inactive; -2 when the
 * transaction could not be begun. */
static int load_principal(struct db_conn *c, const struct token_claims *claims,
			  struct auth_principal *p)
{
	char max_age[24];
	const char *vals[3];
	struct db_call call = gate_call(claims, vals, max_age);
	PGresult *res;
	int rc;

	/* The principal lookup runs in the system scope; it narrows the scope to the caller's
	 * subtree itself. */
	res = db_begin_exec(c, call.name, call.nparams, call.values);
	if (res == NULL)
		return -2;
	rc = principal_from_row(res, claims, p);
	PQclear(res);
	return rc;
}

static int same_principal(const struct auth_principal *a, const struct auth_principal *b)
{
	return a->is_client == b->is_client && a->role == b->role &&
	       a->must_change_password == b->must_change_password && strcmp(a->id, b->id) == 0 &&
	       strcmp(a->name, b->name) == 0 && strcmp(a->org_id, b->org_id) == 0 &&
	       strcmp(a->org_path, b->org_path) == 0 && strcmp(a->sid, b->sid) == 0;
}

/* Runs the route's handler as `p` in the transaction on `c`, its reply kept until the gate flushes
 * it (an attempt may still be dropped). Returns the handler's status. */
static int run_handler(struct http_req *req, const struct router_route *route, struct db_conn *c,
		       struct auth_principal *p)
{
	int rc;

	req->auth = p;
	req->db = c;
	req->buffering = 1;
	rc = route->handler(req);
	req->db = NULL;
	return rc;
}

/* Drops an attempt at the request: its transaction, its reply and its queued audit entries. */
static void drop_attempt(struct http_req *req, struct db_conn *c)
{
	db_rollback(c);
	http_discard_reply(req);
	json_decref(req->audit_queue);
	req->audit_queue = NULL;
	req->status = 0;
	req->auth = NULL;
}

/* A read by a principal seen before, in one round trip: a read-only transaction (nothing can be
 * written before the principal is confirmed) in the system scope, the principal
 * lookup, a guard that fails unless the lookup set the scope the request is prepared for
 * (auth_gate_expect), and the handler's first statement go to PostgreSQL in one pipeline. The
 * reply is kept until the lookup has answered exactly the principal the handler ran as; if it
 * did not (the session ended, the account changed), the guard has made PostgreSQL skip the
 * handler's statements, the reply and queued audit entries are dropped, and the request is run
 * again the ordinary way. Returns the status of a reply that held, or -1. */
static int speculate(struct http_req *req, const struct router_route *route, struct db_conn *c,
		     const struct token_claims *claims, struct auth_principal *p)
{
	char max_age[24];
	const char *vals[3];
	const char *expect[1] = {p->org_path};
	struct db_call calls[2];
	struct auth_principal fresh;
	PGresult *got[2] = {NULL, NULL};
	unsigned long mark = principal_mark();
	int rc, held;

	calls[0] = gate_call(claims, vals, max_age);
	calls[1] = (struct db_call){"auth_gate_expect", 1, expect};
	if (db_begin_deferred(c, 2, calls) != 0) {
		db_deferred_take(c, 0, got);
		return -1;
	}
	rc = run_handler(req, route, c, p);
	held = db_deferred_take(c, 2, got) == 0 &&
	       principal_from_row(got[0], claims, &fresh) == 0 && same_principal(&fresh, p) &&
	       !db_retryable(c);
	PQclear(got[0]);
	PQclear(got[1]);
	if (held) {
		principal_confirmed(claims, &fresh, mark);
		return rc;
	}
	drop_attempt(req, c);
	principal_forget(claims);
	return -1;
}

/* A read by a principal the cache trusts (principal_cache.h): a read-only transaction in the
 * principal's subtree travels with the handler's first statement, and nothing is looked up. When
 * the transaction could not begin (a connection broken while idle) or met a serialization failure,
 * the reply is dropped and the request is run again the ordinary way. Returns the status of a
 * reply that held, or -1. */
static int trusted_read(struct http_req *req, const struct router_route *route, struct db_conn *c,
			struct auth_principal *p)
{
	int rc, held;

	if (db_begin_read_as(c, p->org_path) != 0) {
		db_deferred_take(c, 0, NULL);
		return -1;
	}
	rc = run_handler(req, route, c, p);
	held = db_deferred_take(c, 0, NULL) == 0 && !db_retryable(c);
	if (held)
		return rc;
	drop_attempt(req, c);
	return -1;
}

/* The test clock (ANQUAN_TEST_CLOCK=1): the instant of an X-Anquan-Now header, checked, into
 * `out` (DB_NOW_MAX bytes; "" without the header or the setting). Returns 0, or answers 400
 * naming the header and returns the status. */
static int test_clock(struct http_req *req, char *out)
{
	const char *h = config.test_clock ? http_header(req, "X-Anquan-Now") : NULL;

	out[0] = '\0';
	if (h == NULL)
		return 0;
	if (strlen(h) < DB_NOW_MAX) {
		snprintf(out, DB_NOW_MAX, "%s", h);
		if (list_timestamp_ok(out, 0))
			return 0;
	}
	out[0] = '\0';
	http_discard_body(req);
	return http_problem(
	    req, 400, "validation_failed", "The X-Anquan-Now header is not valid.",
	    http_field_error("X-Anquan-Now", "format",
			     "an RFC 3339 date-time, e.g. 2026-12-04T10:59:00+08:00"),
	    NULL);
}

/* Whether the request only reads (GET, HEAD): only those are run ahead of the principal check. */
static int is_read(const struct http_req *req)
{
	return strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
}

int auth_gate(struct http_req *req, const struct router_route *route)
{
	struct auth_principal principal;
	struct token_claims claims;
	const char *token, *why = NULL;
	struct db_conn *c = NULL;
	char now[DB_NOW_MAX];
	unsigned long mark;
	int rc, attempt, seen;

	if (route->perm == PERM_PUBLIC)
		return route->handler(req);
	token = bearer(req);
	if (token == NULL)
		return unauthorized(req,
				    "Sign-in required: send Authorization: Bearer <access token>.");
	if (token_verify(token, &claims, &why) != 0)
		return unauthorized(req, "The access token is not valid.");
	rc = test_clock(req, now);
	if (rc != 0)
		return rc;
	seen = is_read(req) ? principal_seen(&claims, &principal) : 0;
	if (seen != 0 &&
	    (!roles_allows(principal.role, route->perm) || principal.must_change_password))
		seen = 0; /* answered the ordinary way, from a fresh look at the principal */
	if (seen == 2) {
		/* a trusted read goes on the shared connections (db_acquire_read) */
		c = db_acquire_read(NULL);
		if (c != NULL) {
			db_set_now(c, now);
			rc = trusted_read(req, route, c, &principal);
			if (rc >= 0)
				goto out;
			db_release(c);
		}
	}
	c = db_acquire(&why);
	if (c == NULL) {
		http_discard_body(req);
		return http_problem(req, 503, "database_unavailable", why, NULL,
				    "Retry-After: 5\r\n");
	}
	db_set_now(c, now);
	/* The handler runs in a transaction that is run again, from the start, when it meets a
	 * serialization failure or a deadlock: its reply is kept until the transaction has held,
	 * and the body is read once (http_read_body). */
	if (seen == 1) {
		rc = speculate(req, route, c, &claims, &principal);
		if (rc >= 0)
			goto out;
	}
	for (attempt = 1;; attempt++) {
		mark = principal_mark();
		switch (load_principal(c, &claims, &principal)) {
		case 0:
			principal_confirmed(&claims, &principal, mark);
			break;
		case -2:
			http_discard_body(req);
			rc = http_problem(req, 503, "database_unavailable",
					  "The database cannot be reached.", NULL,
					  "Retry-After: 5\r\n");
			goto out;
		default:
			principal_forget(&claims);
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
		rc = run_handler(req, route, c, &principal);
		if (!db_retryable(c) || attempt == AUTH_GATE_ATTEMPTS)
			break;
		fprintf(stderr,
			"auth_gate: request %s: serialization failure or deadlock, attempt %d\n",
			req->request_id, attempt + 1);
		drop_attempt(req, c);
	}
out:
	http_flush(req);
	/* Whatever the handler did not commit is rolled back; then queued audit entries (failures,
	 * denials) are written outside the transaction, so no rollback can erase them. */
	if (req->audit_queue != NULL)
		db_rollback(c);
	audit_flush(req, c); /* otherwise db_release rolls back without waiting */
	db_release(c);
	req->auth = NULL;
	return rc;
}

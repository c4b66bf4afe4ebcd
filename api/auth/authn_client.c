/* Client credentials for integrators (POST /auth/token) and the public keys (JWKS). */
#include "audit.h"
#include "authn.h"
#include "config.h"
#include "keys.h"
#include "principal_cache.h"
#include "ratelimit.h"
#include "token.h"
#include "validate.h"

#include <civetweb.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int authn_jwks(struct http_req *req)
{
	const char *jwks = keys_jwks();

	return http_send(req, 200, "application/json; charset=utf-8", jwks, strlen(jwks),
			 "Cache-Control: public, max-age=300\r\n");
}

static int invalid_client(struct http_req *req)
{
	return http_problem(req, 401, "invalid_client", "The client id or secret is not correct.",
			    NULL, "WWW-Authenticate: Bearer realm=\"anquan\"\r\n");
}

int authn_token(struct http_req *req)
{
	static const char *const allowed[] = {"grant_type", "client_id", "client_secret", NULL};
	static const char *const grants[] = {"client_credentials", NULL};
	json_t *body = NULL, *errors = json_array(), *out;
	const char *client_id, *secret, *vals[1];
	unsigned char digest[SHA256_DIGEST_LENGTH];
	char hex[65], *access = NULL, extra[64];
	struct token_claims claims;
	struct db_conn *c = NULL;
	PGresult *res = NULL;
	long wait;
	int i, rc, ok;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	v_enum(body, "grant_type", 1, grants, errors);
	client_id = v_uuid(body, "client_id", 1, errors);
	secret = v_string(body, "client_secret", 1, 0, 1, 128, NULL, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	wait = ratelimit_blocked(req->ri->remote_addr);
	if (wait > 0) {
		snprintf(extra, sizeof(extra), "Retry-After: %ld\r\n", wait);
		rc = http_problem(req, 429, "rate_limited", "Too many failures from this address.",
				  NULL, extra);
		goto out;
	}
	c = authn_begin_system(req);
	if (c == NULL) {
		rc = req->status;
		goto out;
	}
	vals[0] = client_id;
	res = db_exec(c, "authn_client", 1, vals);
	if (!db_ok(res)) {
		rc = authn_unavailable(req, NULL);
		goto out;
	}
	SHA256((const unsigned char *)secret, strlen(secret), digest);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	ok = PQntuples(res) == 1 && PQgetvalue(res, 0, 4)[0] == 't' &&
	     strlen(PQgetvalue(res, 0, 5)) == 64 &&
	     CRYPTO_memcmp(PQgetvalue(res, 0, 5), hex, 64) == 0;
	if (!ok) {
		ratelimit_fail(req->ri->remote_addr);
		audit_record_as(req, c, NULL, NULL,
				PQntuples(res) == 1 ? PQgetvalue(res, 0, 2) : NULL,
				PQntuples(res) == 1 ? PQgetvalue(res, 0, 3) : NULL, "auth.token",
				"api_client", client_id, "failure", NULL);
		principal_commit(c);
		rc = invalid_client(req);
		goto out;
	}
	memset(&claims, 0, sizeof(claims));
	snprintf(claims.sub, sizeof(claims.sub), "%s", client_id);
	snprintf(claims.kind, sizeof(claims.kind), "client");
	access = token_issue(&claims, config.access_ttl_s);
	PQclear(db_exec(c, "authn_client_used", 1, vals));
	if (access == NULL ||
	    audit_record_as(req, c, NULL, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
			    PQgetvalue(res, 0, 3), "auth.token", "api_client", client_id, "success",
			    NULL) != 0 ||
	    principal_commit(c) != 0) {
		rc = authn_unavailable(req, NULL);
		goto out;
	}
	out = json_pack("{s:s, s:s, s:I, s:s}", "access_token", access, "token_type", "Bearer",
			"expires_in", (json_int_t)config.access_ttl_s, "scope",
			PQgetvalue(res, 0, 6));
	rc = http_json(req, 200, out);
out:
	PQclear(res);
	if (c != NULL)
		audit_release(req, c);
	free(access);
	json_decref(body);
	json_decref(errors);
	return rc;
}

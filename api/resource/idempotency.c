/* Idempotency-Key on creates. Field devices create records offline and retry; the key makes a
 * retry return the first answer. Keys belong to the caller, are kept with the request's SHA-256
 * (so a key reused for another request is refused) and with the answer. */
#include "idempotency.h"
#include "auth.h"
#include "jsonin.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int key_ok(const char *k)
{
	size_t n = strlen(k);

	if (n == 0 || n > 128)
		return 0;
	for (; *k != '\0'; k++) {
		if (*k < 0x21 || *k > 0x7e)
			return 0;
	}
	return 1;
}

/* The SHA-256 (hex) of the request: method, path and the canonical body. */
static void request_sha(struct http_req *req, json_t *body, char hex[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	int i;

	memset(d, 0, sizeof(d));
	if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
		EVP_DigestUpdate(ctx, req->method, strlen(req->method));
		EVP_DigestUpdate(ctx, " ", 1);
		EVP_DigestUpdate(ctx, req->path, strlen(req->path));
		EVP_DigestUpdate(ctx, "\n", 1);
		if (text != NULL)
			EVP_DigestUpdate(ctx, text, strlen(text));
		EVP_DigestFinal_ex(ctx, d, &n);
	}
	EVP_MD_CTX_free(ctx);
	free(text);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int idem_check(struct http_req *req, json_t *body)
{
	const char *key = http_header(req, "Idempotency-Key");
	const char *vals[3];
	char sha[65], extra[600];
	PGresult *res = NULL;
	int rc;

	if (key == NULL)
		return 0;
	if (!key_ok(key)) {
		http_problem(req, 400, "validation_failed",
			     "The Idempotency-Key header is not valid.",
			     http_field_error("Idempotency-Key", "format",
					      "1 to 128 visible ASCII characters"),
			     NULL);
		return -1;
	}
	vals[0] = req->auth->id;
	vals[1] = key;
	vals[2] = req->auth->org_path;
	res = db_exec(req->db, "idem_lock", 2, vals);
	if (!db_ok(res)) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (state != NULL && strcmp(state, "55P03") == 0)
			http_problem(req, 409, "request_in_progress",
				     "A request with this Idempotency-Key is still being handled; "
				     "retry shortly.",
				     http_field_error("Idempotency-Key", "in_progress",
						      "retry after a second"),
				     "Retry-After: 1\r\n");
		else
			http_problem(req, 503, "database_unavailable",
				     "The database cannot be reached.", NULL, NULL);
		rc = -1;
		goto out;
	}
	PQclear(res);
	res = db_exec(req->db, "idem_find", 3, vals);
	if (!db_ok(res)) {
		http_problem(req, 503, "database_unavailable", "The database cannot be reached.",
			     NULL, NULL);
		rc = -1;
		goto out;
	}
	if (PQntuples(res) == 0) {
		rc = 0;
		goto out;
	}
	request_sha(req, body, sha);
	if (strcmp(PQgetvalue(res, 0, 0), req->method) != 0 ||
	    strcmp(PQgetvalue(res, 0, 1), req->path) != 0 ||
	    strcmp(PQgetvalue(res, 0, 2), sha) != 0) {
		http_problem(req, 422, "idempotency_key_reused",
			     "This Idempotency-Key was already used for a different request.",
			     http_field_error("Idempotency-Key", "reused",
					      "use a new key for a new request"),
			     NULL);
		rc = -1;
		goto out;
	}
	{
		/* The replay carries the first answer's headers: Location, and the ETag of a
		 * versioned object. */
		json_t *first =
		    jsonin_loadb(PQgetvalue(res, 0, 4), strlen(PQgetvalue(res, 0, 4)), 0, NULL);
		json_t *version = json_object_get(first, "version");
		char etag[48] = "";
		if (json_is_integer(version))
			snprintf(etag, sizeof(etag), "ETag: \"v%lld\"\r\n",
				 (long long)json_integer_value(version));
		json_decref(first);
		snprintf(extra, sizeof(extra), "Idempotent-Replayed: true\r\n%s%s%s%s",
			 PQgetisnull(res, 0, 5) ? "" : "Location: ",
			 PQgetisnull(res, 0, 5) ? "" : PQgetvalue(res, 0, 5),
			 PQgetisnull(res, 0, 5) ? "" : "\r\n", etag);
	}
	http_send(req, atoi(PQgetvalue(res, 0, 3)), "application/json; charset=utf-8",
		  PQgetvalue(res, 0, 4), strlen(PQgetvalue(res, 0, 4)), extra);
	rc = 1;
out:
	PQclear(res);
	return rc;
}

int idem_store(struct http_req *req, json_t *body, int status, json_t *reply, const char *location)
{
	const char *key = http_header(req, "Idempotency-Key");
	const char *vals[9];
	char sha[65], st[12];
	char *text;
	PGresult *res;
	int rc;

	if (key == NULL)
		return 0;
	text = json_dumps(reply, JSON_COMPACT);
	if (text == NULL)
		return -1;
	request_sha(req, body, sha);
	snprintf(st, sizeof(st), "%d", status);
	vals[0] = key;
	vals[1] = req->auth->id;
	vals[2] = req->auth->org_path;
	vals[3] = req->method;
	vals[4] = req->path;
	vals[5] = sha;
	vals[6] = st;
	vals[7] = text;
	vals[8] = location;
	res = db_exec(req->db, "idem_insert", 9, vals);
	rc = db_ok(res) ? 0 : -1;
	PQclear(res);
	free(text);
	return rc;
}

/* The API client endpoints: list, read, create (the secret is shown once) and revoke machine
 * clients of the caller's subtree. */
#include "client.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "rest.h"
#include "token.h"
#include "validate.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define CLIENT_SECRET_BYTES 32

static const char *const client_scopes[] = {"read", "read-write", NULL};

/* Reads client `id` of the caller's subtree. Returns 0 with the row in *out (caller PQclears);
 * otherwise it has answered (404 or an error reply) and returns that status. */
static int load(struct http_req *req, const char *id, PGresult **out)
{
	const char *values[2] = {id, auth_scope(req)};
	PGresult *res;
	int rc;

	*out = NULL;
	if (!v_is_uuid(id))
		return rest_not_found(req);
	res = db_exec(req->db, "client_get", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		PQclear(res);
		return rc;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		return rest_not_found(req);
	}
	*out = res;
	return 0;
}

int client_list(struct http_req *req)
{
	return list_handle(req, &client_list_desc);
}

int client_get(struct http_req *req)
{
	PGresult *res = NULL;
	int rc = load(req, req->params[0], &res);

	if (rc != 0)
		return rc;
	rc =
	    rest_send_versioned(req, 200, dbjson_row(res, 0), rest_col_long(res, "_version"), NULL);
	PQclear(res);
	return rc;
}

int client_create(struct http_req *req)
{
	static const char *const allowed[] = {"name", "org_id", "scope", NULL};
	json_t *body = NULL, *errors = json_array(), *reply = NULL;
	PGresult *res = NULL, *row = NULL;
	const char *name, *org_id, *scope, *values[6];
	unsigned char digest[SHA256_DIGEST_LENGTH];
	char secret[96], hex[2 * SHA256_DIGEST_LENGTH + 1], id[37], location[160];
	int rc, i;

	secret[0] = '\0';
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	name = v_string(body, "name", 1, 0, 1, 100, NULL, errors);
	org_id = v_uuid(body, "org_id", 1, errors);
	scope = v_enum(body, "scope", 1, client_scopes, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	if (token_random(secret, sizeof(secret), CLIENT_SECRET_BYTES) != 0) {
		rc =
		    http_problem(req, 500, "internal", "No secret could be generated.", NULL, NULL);
		goto out;
	}
	SHA256((const unsigned char *)secret, strlen(secret), digest);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	values[0] = name;
	values[1] = org_id;
	values[2] = scope;
	values[3] = hex;
	values[4] = req->auth->is_client ? NULL : req->auth->id;
	values[5] = auth_scope(req);
	res = db_exec(req->db, "client_create", 6, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = load(req, id, &row);
	if (rc != 0)
		goto out;
	reply = json_pack("{s:o, s:s, s:s}", "client", dbjson_row(row, 0), "client_id", id,
			  "client_secret", secret);
	if (audit_record(req, "client.create", "api_client", id, "success",
			 json_pack("{s:s, s:s, s:s}", "name", name, "org_id", org_id, "scope",
				   scope)) != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		rc = req->status;
		goto out;
	}
	snprintf(location, sizeof(location),
		 "Location: /api/v1/api-clients/%s\r\n"
		 "Cache-Control: no-store\r\n",
		 id);
	rc = rest_send_json(req, 201, reply, location);
	reply = NULL;
out:
	OPENSSL_cleanse(secret, sizeof(secret));
	json_decref(body);
	json_decref(errors);
	json_decref(reply);
	PQclear(res);
	PQclear(row);
	return rc;
}

int client_revoke(struct http_req *req)
{
	const char *values[2] = {req->params[0], auth_scope(req)};
	PGresult *res = NULL;
	int rc;

	if (!v_is_uuid(values[0])) {
		rc = rest_not_found(req);
		goto out;
	}
	res = db_exec(req->db, "client_revoke", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	if (audit_record(req, "client.revoke", "api_client", values[0], "success", NULL) != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
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
	return rc;
}

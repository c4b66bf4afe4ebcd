/* The API client endpoints: list, read, create (the secret is shown once) and revoke machine
 * clients of the caller's subtree. */
#include "client.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "rest.h"
#include "roles.h"
#include "token.h"
#include "validate.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define CLIENT_SECRET_BYTES 32

static const char *const client_scopes[] = {"read", "read-write", NULL};

static json_t *client_allowed(struct http_req *req, const PGresult *res, int row);

/* The ETag of a client is its version, kept out of the representation (_version). */
const struct rest_kind client_kind = {"client_get",   "api_client", "/api/v1/api-clients/",
				      client_allowed, NULL,	    "_version"};

/* Returns a new reference: what the caller may do with client row `row`, by the rule of
 * client_revoke: client:write and the client still active. Code: revoke. */
static json_t *client_allowed(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();

	if (roles_allows(req->auth->role, PERM_CLIENT_WRITE) &&
	    strcmp(rest_col(res, row, "active"), "t") == 0)
		json_array_append_new(out, json_string("revoke"));
	return out;
}

int client_list(struct http_req *req)
{
	return list_handle(req, &client_list_desc);
}

int client_get(struct http_req *req)
{
	return rest_get(req, &client_kind);
}

int client_create(struct http_req *req)
{
	static const char *const allowed[] = {"name", "org_id", "scope", NULL};
	json_t *body = NULL, *errors = json_array(), *reply = NULL, *client;
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
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
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
	rc = rest_exec_row(req, "client_create", 6, values, &res);
	if (rc != 0)
		goto out;
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_load(req, "client_get", id, &row);
	if (rc != 0)
		goto out;
	client = dbjson_row(row, 0);
	json_object_set_new(client, "allowed_actions", client_allowed(req, row, 0));
	reply = json_pack("{s:o, s:s, s:s}", "client", client, "client_id", id, "client_secret",
			  secret);
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
	/* Revoked clients stay for the audit trail; the gate refuses their tokens at once. */
	static const struct rest_archive_spec spec = {
	    &client_kind, "client_get_locked", "client_revoke", "client.revoke", {"name", NULL},
	};

	return rest_archive(req, &spec);
}

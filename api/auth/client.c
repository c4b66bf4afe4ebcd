/* The API client endpoints: list, read, create (the secret is shown once) and revoke machine
 * clients of the caller's subtree. */
#include "client.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "resource.h"
#include "rest.h"
#include "roles.h"
#include "token.h"
#include "validate.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define CLIENT_SECRET_BYTES 32
#define SECRET_MAX 96 /* room for the secret's text */

static const struct export_label client_scopes[] = {
    {"read", "只读"}, {"read-write", "读写"}, {NULL, NULL}};

static json_t *client_allowed(struct http_req *req, const PGresult *res, int row);

/* The ETag of a client is its version, kept out of the representation (_version). */
#define CLIENT_KIND                                                                                \
	{                                                                                          \
		"client_get", "api_client", "/api/v1/api-clients/", client_allowed, NULL,          \
		    "_version"                                                                     \
	}

const struct rest_kind client_kind = CLIENT_KIND;

/* The members of a client body, in the order of client_create's $2..$6: the last two are the
 * server's (client_before). */
enum { CF_NAME, CF_ORG, CF_SCOPE, CF_HASH, CF_BY };

static const struct res_field client_fields[] = {
    [CF_NAME] = {"name", RES_TEXT, 1, 0, 1, 100, NULL, NULL, 0},
    [CF_ORG] = {"org_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, 0},
    [CF_SCOPE] = {"scope", RES_ENUM, 1, 0, 0, 0, client_scopes, NULL, 0},
    [CF_HASH] = {"secret_hash", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_BY] = {"created_by", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

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

/* A create draws the secret and keeps only its SHA-256 (and who made the client). The secret
 * goes in scratch[0..95], the digest's hex in scratch[96..160]. */
static int client_before(struct http_req *req, const char **values, const PGresult *cur,
			 char *scratch)
{
	unsigned char digest[SHA256_DIGEST_LENGTH];
	char *secret = scratch, *hex = scratch + SECRET_MAX;
	int i;

	if (cur != NULL)
		return 0;
	if (token_random(secret, SECRET_MAX, CLIENT_SECRET_BYTES) != 0)
		return http_problem(req, 500, "internal", "No secret could be generated.", NULL,
				    NULL);
	SHA256((const unsigned char *)secret, strlen(secret), digest);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	OPENSSL_cleanse(digest, sizeof(digest));
	values[CF_HASH] = hex;
	values[CF_BY] = req->auth->is_client ? NULL : req->auth->id;
	return 0;
}

/* The create's answer: the client, its id and the secret, shown this once. */
static json_t *client_answer(json_t *obj, const char *id, const char *scratch)
{
	return json_pack("{s:o, s:s, s:s}", "client", obj, "client_id", id, "client_secret",
			 scratch);
}

/* API clients: create on the descriptor (with its one-time secret); revoke is its archive. */
static const struct resource client_resource = {
    .kind = CLIENT_KIND,
    .get_locked = "client_get_locked",
    .insert = "client_create",
    .archive = "client_revoke",
    .fields = client_fields,
    .write = PERM_CLIENT_WRITE,
    .audit_create = "client.create",
    .audit_archive = "client.revoke",
    .create_detail = {"name", "org_id", "scope", NULL},
    .archive_detail = {"name", NULL},
    .no_client_id = 1,
    .before = client_before,
    .answer = client_answer,
};

RES_HANDLER(client_get, res_get, client_resource)

RES_HANDLER(client_create, res_create, client_resource)

/* Revoked clients stay for the audit trail; the gate refuses their tokens at once. */
RES_HANDLER(client_revoke, res_archive, client_resource)

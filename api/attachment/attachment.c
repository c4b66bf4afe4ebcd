/* The attachment endpoints: upload, metadata, content (attachment.h). */
#include "attachment.h"
#include "attachment_store.h"
#include "attachment_type.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "dbjson.h"
#include "rest.h"
#include "utf8.h"
#include "validate.h"

#include <civetweb.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The longest file name accepted as sent (percent-encoded or not), before it is cleaned and cut
 * to ATTACHMENT_NAME_MAX characters: longer than any header CivetWeb takes (16 KiB in all). */
#define NAME_RAW_MAX 16384

static const struct rest_kind attachment_kind = {
    "attachment_get", "attachment", "/api/v1/attachments/", NULL, NULL, NULL,
};

int attachment_get(struct http_req *req)
{
	return rest_get(req, &attachment_kind);
}

/* Whether query string q has a parameter "name" (then a failed read means it was too long). */
static int has_name_param(const char *q)
{
	while (q != NULL && *q != '\0') {
		if (strncmp(q, "name=", 5) == 0)
			return 1;
		q = strchr(q, '&');
		if (q != NULL)
			q++;
	}
	return 0;
}

/* Reads the sent file name (X-File-Name, percent-encoded UTF-8, else ?name=) into raw (NAME_RAW_MAX
 * + 1 bytes; "" when none), adding an error naming where it came from when it cannot be one. */
static void sent_name(struct http_req *req, char *raw, json_t *errors)
{
	const char *h = http_header(req, "X-File-Name");
	const char *field = h != NULL ? "X-File-Name" : "name";
	int n;

	raw[0] = '\0';
	if (h != NULL) {
		n = strlen(h) <= NAME_RAW_MAX
			? mg_url_decode(h, (int)strlen(h), raw, NAME_RAW_MAX + 1, 0)
			: -1;
	} else {
		n = http_query(req, "name", raw, NAME_RAW_MAX + 1);
		if (n < 0 && has_name_param(req->ri->query_string))
			n = -2;
		else if (n < 0)
			n = 0, raw[0] = '\0';
	}
	if (n < 0) {
		raw[0] = '\0';
		v_error(errors, field, "too_long", "The file name is too long.");
	} else if ((size_t)n != strlen(raw) || !utf8_valid(raw, (size_t)n)) {
		raw[0] = '\0';
		v_error(errors, field, "encoding",
			"The file name must be percent-encoded UTF-8 without NUL bytes.");
	}
}

/* Whether a declared Content-Type claims nothing about the bytes. */
static int claims_nothing(const char *ct)
{
	size_t n;

	if (ct == NULL)
		return 1;
	n = strcspn(ct, ";");
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == 0 || (n == strlen("application/octet-stream") &&
			  strncasecmp(ct, "application/octet-stream", n) == 0);
}

/* Checks the bytes: not empty, of an accepted type, and that type when the Content-Type names
 * one. Returns the type, or NULL after answering. */
static const struct attachment_type *check_bytes(struct http_req *req, const char *body, size_t len)
{
	const char *ct = http_header(req, "Content-Type");
	const struct attachment_type *t;
	char msg[256];

	if (len == 0) {
		http_problem(req, 400, "validation_failed", "The file is empty.",
			     http_field_error("body", "required", "The file is empty."), NULL);
		return NULL;
	}
	t = attachment_sniff((const unsigned char *)body, len);
	if (t == NULL) {
		http_problem(
		    req, 415, "unsupported_media_type",
		    "Attachments are JPEG, PNG or WebP photos, PDF files or Office "
		    "documents, sent as the request body itself (not a multipart form); the "
		    "bytes sent are none of them.",
		    http_field_error("body", "unsupported_type",
				     "not a JPEG, PNG, WebP, PDF or Office file"),
		    NULL);
		return NULL;
	}
	if (!claims_nothing(ct) && attachment_type_named(ct) != t) {
		snprintf(msg, sizeof(msg), "The bytes are %s, not the declared %.100s.", t->mime,
			 ct);
		http_problem(req, 422, "type_mismatch", msg,
			     http_field_error("Content-Type", "mismatch", msg), NULL);
		return NULL;
	}
	return t;
}

/* The org the upload is made for: ?org_id= inside the caller's subtree, else the caller's.
 * Copies its id and path. Returns 0, or the status answered (404 for an org outside the
 * subtree, the body left unread). */
static int upload_org(struct http_req *req, const char *org_id, char *id, char *path)
{
	const char *values[2] = {org_id, auth_scope(req)};
	PGresult *res;
	int rc = 0;

	if (org_id[0] == '\0') {
		snprintf(id, 37, "%s", req->auth->org_id);
		snprintf(path, 256, "%s", req->auth->org_path);
		return 0;
	}
	res = db_exec(req->db, "attachment_org", 2, values);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = rest_not_found(req); /* a foreign org answers like a missing one */
	else {
		snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
		snprintf(path, 256, "%s", PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return rc;
}

static void sha256_hex(const char *data, size_t len, char hex[65])
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	int i;

	SHA256((const unsigned char *)data, len, d);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int attachment_upload(struct http_req *req)
{
	const struct attachment_store *store = attachment_store_default();
	const struct attachment_type *t;
	json_t *errors = json_array(), *fp = NULL, *detail;
	char org_q[37], org_id[37], org_path[256], sha[65], size[24], id[37];
	char name[ATTACHMENT_NAME_BYTES + 1];
	char *raw = malloc(NAME_RAW_MAX + 1);
	const char *body, *values[12];
	size_t len;
	PGresult *res = NULL;
	int rc;

	if (raw == NULL || errors == NULL) {
		http_discard_body(req);
		rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		goto out;
	}
	rest_query_uuid(req, "org_id", org_q, errors);
	sent_name(req, raw, errors);
	if (json_array_size(errors) > 0) {
		http_discard_body(req);
		rc = rest_invalid(req, &errors);
		goto out;
	}
	rc = upload_org(req, org_q, org_id, org_path);
	if (rc != 0) {
		http_discard_body(req);
		goto out;
	}
	if (http_read_body_limit(req, config.attachment_limit, &body, &len) != 0) {
		rc = req->status;
		goto out;
	}
	t = check_bytes(req, body, len);
	if (t == NULL) {
		rc = req->status;
		goto out;
	}
	attachment_clean_name(raw, t, name, sizeof(name)); /* raw is UTF-8 (sent_name) */
	sha256_hex(body, len, sha);
	snprintf(size, sizeof(size), "%zu", len);
	/* A phone that lost the answer retries with the same Idempotency-Key and gets the same
	 * attachment: the key's fingerprint is what was sent. */
	fp = json_pack("{s:s, s:s, s:s, s:s}", "sha256", sha, "name", name, "org_id", org_id,
		       "content_type", t->mime);
	rc = rest_create_checks(req, &errors, fp);
	if (rc != 0)
		goto out;
	res = db_exec(req->db, "attachment_new_id", 0, NULL);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = dbjson_error(req, res);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	values[0] = id;
	values[1] = org_id;
	values[2] = org_path;
	values[3] = name;
	values[4] = t->mime;
	values[5] = size;
	values[6] = sha;
	values[7] = store->name;
	values[8] = id; /* the store's key: the attachment's own id */
	values[9] = req->auth->is_client ? NULL : req->auth->id;
	values[10] = req->auth->name;
	values[11] = auth_scope(req);
	rc = rest_exec_one(req, "attachment_insert", 12, values);
	if (rc != 0)
		goto out;
	if (store->put(req, id, (const unsigned char *)body, len) != 0) {
		rc = http_problem(req, 503, "storage_unavailable",
				  "The file could not be stored; try again.", NULL,
				  "Retry-After: 1\r\n");
		goto out;
	}
	detail = json_pack("{s:s, s:s, s:I, s:s, s:s}", "name", name, "content_type", t->mime,
			   "size", (json_int_t)len, "sha256", sha, "org_id", org_id);
	rc = rest_finish(req, &attachment_kind, "attachment.create", id, detail, 201, 0, fp);
out:
	PQclear(res);
	json_decref(errors);
	json_decref(fp);
	free(raw);
	return rc;
}

/* Appends `name` percent-encoded as RFC 5987 asks (attr-char kept) to out. */
static void rfc5987(const char *name, char *out, size_t outlen)
{
	static const char keep[] = "!#$&+-.^_`|~";
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0' && o + 4 < outlen; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL)
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, outlen - o, "%%%02X", *p);
	}
	out[o] = '\0';
}

/* The name as a quoted-string for old clients: ASCII, without quotes and backslashes. */
static void ascii_fallback(const char *name, char *out, size_t outlen)
{
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p != '\0' && o + 1 < outlen; p++) {
		if (*p >= 0x80) {
			while ((p[1] & 0xC0) == 0x80)
				p++;
			out[o++] = '_';
		} else {
			out[o++] = (*p == '"' || *p == '\\' || *p < 0x20) ? '_' : (char)*p;
		}
	}
	out[o] = '\0';
}

int attachment_content(struct http_req *req)
{
	const struct attachment_type *t;
	const struct attachment_store *store;
	const char *inm = http_header(req, "If-None-Match");
	const char *name, *sha;
	unsigned char *data = NULL;
	char etag[70], extra[1400], enc[ATTACHMENT_NAME_BYTES * 3 + 1];
	char fallback[ATTACHMENT_NAME_BYTES + 1];
	size_t len = 0;
	PGresult *res = NULL;
	int rc;

	rc = rest_load(req, "attachment_get", req->params[0], &res);
	if (rc != 0)
		goto out;
	t = attachment_type_named(rest_col(res, 0, "content_type"));
	store = attachment_store_named(rest_col(res, 0, "_storage"));
	name = rest_col(res, 0, "name");
	sha = rest_col(res, 0, "sha256");
	if (t == NULL || store == NULL || name == NULL || sha == NULL) {
		rc = http_problem(req, 500, "internal", "The attachment cannot be served.", NULL,
				  NULL);
		goto out;
	}
	snprintf(etag, sizeof(etag), "\"%s\"", sha);
	/* The bytes never change under an id: a copy the client holds is current while it may
	 * still see the attachment (checked above, on every request: Cache-Control no-cache). */
	if (inm != NULL && strstr(inm, etag) != NULL) {
		snprintf(extra, sizeof(extra), "ETag: %s\r\nCache-Control: private, no-cache\r\n",
			 etag);
		rc = http_send(req, 304, NULL, NULL, 0, extra);
		goto out;
	}
	switch (store->get(req, rest_col(res, 0, "_storage_key"), &data, &len)) {
	case 0:
		break;
	case 1:
		rc = rest_not_found(req);
		goto out;
	default:
		rc = http_problem(req, 503, "storage_unavailable",
				  "The file could not be read; try again.", NULL,
				  "Retry-After: 1\r\n");
		goto out;
	}
	rfc5987(name, enc, sizeof(enc));
	ascii_fallback(name, fallback, sizeof(fallback));
	/* Photos show in the browser; documents are saved. Either way nothing in them runs: the
	 * sandboxing CSP is added to the one every reply carries (both apply). */
	snprintf(extra, sizeof(extra),
		 "Content-Disposition: %s; filename=\"%s\"; filename*=UTF-8''%s\r\n"
		 "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
		 "sandbox\r\n"
		 "Cross-Origin-Resource-Policy: same-origin\r\n"
		 "ETag: %s\r\nCache-Control: private, no-cache\r\n",
		 t->image ? "inline" : "attachment", fallback, enc, etag);
	rc = http_send(req, 200, t->mime, (const char *)data, len, extra);
out:
	free(data);
	PQclear(res);
	return rc;
}

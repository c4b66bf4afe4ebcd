/* Helpers the resource handlers share: query values, ETag and If-Match (lists: list.c). */
#include "rest.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "dbjson.h"
#include "idempotency.h"
#include "validate.h"

#include <civetweb.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the query string names parameter `name` at all (its value may be huge). */
static int query_has(struct http_req *req, const char *name)
{
	const char *q = req->ri->query_string;
	size_t n = strlen(name);

	while (q != NULL && *q != '\0') {
		if (strncmp(q, name, n) == 0 && (q[n] == '=' || q[n] == '&' || q[n] == '\0'))
			return 1;
		q = strchr(q, '&');
		if (q != NULL)
			q++;
	}
	return 0;
}

int rest_query(struct http_req *req, const char *name, char *buf, size_t len, json_t *errors)
{
	/* A buffer one byte larger than allowed tells "too long" apart from "fits exactly": the
	 * HTTP helper reports both "absent" and "does not fit" as -1. */
	char big[2048];
	int n;

	buf[0] = '\0';
	n = http_query(req, name, big, sizeof(big));
	if (n == 0 || (n < 0 && !query_has(req, name)))
		return 0;
	if (n < 0 || (size_t)n >= len) {
		v_error(errors, name, "too_long", "This parameter is too long.");
		return -1;
	}
	memcpy(buf, big, (size_t)n + 1);
	return 1;
}

int rest_limit(struct http_req *req, int def, int max, int *out, json_t *errors)
{
	char buf[16], msg[64];
	char *end;
	long v;
	int rc = rest_query(req, "limit", buf, sizeof(buf), errors);

	*out = def;
	if (rc <= 0)
		return rc;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || *end != '\0' || !rest_only_chars(buf, "0123456789") || v < 1 || v > max) {
		snprintf(msg, sizeof(msg), "An integer from 1 to %d.", max);
		v_error(errors, "limit", "format", msg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int rest_query_uuid(struct http_req *req, const char *name, char *buf, json_t *errors)
{
	char tmp[64];
	int rc = rest_query(req, name, tmp, sizeof(tmp), errors);

	buf[0] = '\0';
	if (rc <= 0)
		return rc;
	if (!v_is_uuid(tmp)) {
		v_error(errors, name, "format", "This parameter must be a UUID.");
		return -1;
	}
	memcpy(buf, tmp, 37);
	return 1;
}

int rest_only_chars(const char *s, const char *set)
{
	return s[0] != '\0' && strspn(s, set) == strlen(s);
}

long rest_col_long(const PGresult *res, const char *col)
{
	int c = PQfnumber(res, col);

	if (c < 0 || PQntuples(res) < 1 || PQgetisnull(res, 0, c))
		return -1;
	return strtol(PQgetvalue(res, 0, c), NULL, 10);
}

const char *rest_col(const PGresult *res, int row, const char *col)
{
	int c = PQfnumber(res, col);

	if (c < 0 || row >= PQntuples(res) || PQgetisnull(res, row, c))
		return NULL;
	return PQgetvalue(res, row, c);
}

int rest_if_match(struct http_req *req, long version)
{
	const char *h = http_header(req, "If-Match");
	char want[32];
	size_t n;

	if (h == NULL)
		return 1;
	while (*h == ' ' || *h == '\t')
		h++;
	n = strlen(h);
	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	snprintf(want, sizeof(want), "\"v%ld\"", version);
	if ((n == 1 && h[0] == '*') || (n == strlen(want) && memcmp(h, want, n) == 0))
		return 1;
	http_problem(req, 412, "precondition_failed",
		     "The resource changed since it was read (If-Match does not match its ETag).",
		     NULL, NULL);
	return 0;
}

/* Sends `body` (stolen) as JSON with extra header lines ("Name: value\r\n" each, may be NULL);
 * the encoded text is wiped before it is freed. Returns the status. */
static int rest_send_json(struct http_req *req, int status, json_t *body, const char *extra)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
	size_t len;
	int rc;

	json_decref(body);
	if (text == NULL)
		return http_problem(req, 500, "internal", "The reply could not be encoded.", NULL,
				    NULL);
	len = strlen(text);
	rc = http_send(req, status, "application/json; charset=utf-8", text, len, extra);
	/* Some replies carry a secret shown once; it does not linger in freed memory. */
	explicit_bzero(text, len);
	free(text);
	return rc;
}

int rest_send_versioned(struct http_req *req, int status, json_t *body, long version,
			const char *location)
{
	char extra[512];

	if (location != NULL)
		snprintf(extra, sizeof(extra), "ETag: \"v%ld\"\r\nLocation: %s\r\n", version,
			 location);
	else
		snprintf(extra, sizeof(extra), "ETag: \"v%ld\"\r\n", version);
	return rest_send_json(req, status, body, extra);
}

int rest_not_found(struct http_req *req)
{
	return http_problem(req, 404, "not_found", "No such resource.", NULL, NULL);
}

int rest_load(struct http_req *req, const char *stmt, const char *id, PGresult **out)
{
	const char *values[2] = {id, auth_scope(req)};
	PGresult *res;
	int rc;

	*out = NULL;
	if (!v_is_uuid(id))
		return rest_not_found(req);
	res = db_exec(req->db, stmt, 2, values);
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

long rest_version(const struct rest_kind *kind, const PGresult *res)
{
	return rest_col_long(res, kind->version != NULL ? kind->version : "version");
}

/* The record of row 0 of `res` as JSON, with its parts (compose) and its allowed_actions when
 * the kind has them; NULL after answering when a part could not be loaded. */
static json_t *kind_json(struct http_req *req, const struct rest_kind *kind, const PGresult *res)
{
	json_t *obj = dbjson_row(res, 0);

	if (kind->compose != NULL && kind->compose(req, res, obj) != 0) {
		json_decref(obj);
		return NULL;
	}
	if (kind->allowed != NULL)
		json_object_set_new(obj, "allowed_actions", kind->allowed(req, res, 0));
	return obj;
}

/* rest_finish, and with `wrap` rest_finish_wrapped. */
static int finish(struct http_req *req, const struct rest_kind *kind, const char *action,
		  const char *id, json_t *detail, int status, int no_body, json_t *body,
		  json_t *(*wrap)(json_t *obj, const char *id, void *ctx), void *ctx)
{
	PGresult *res = NULL;
	json_t *obj = NULL;
	char location[128];
	long version = 0;
	int rc;

	snprintf(location, sizeof(location), "%s%s", kind->url, id);
	if (!no_body) {
		rc = rest_load(req, kind->get, id, &res);
		if (rc != 0)
			goto out;
		obj = kind_json(req, kind, res);
		if (obj == NULL) {
			rc = req->status;
			goto out;
		}
		version = rest_version(kind, res);
		if (wrap != NULL)
			obj = wrap(obj, id, ctx);
	}
	rc = audit_record(req, action, kind->object_type, id, "success", detail);
	detail = NULL;
	if (rc != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	if (status == 201 && wrap == NULL && idem_store(req, body, status, obj, location) != 0) {
		rc =
		    http_problem(req, 500, "internal", "The answer could not be kept.", NULL, NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		rc = req->status;
		goto out;
	}
	if (no_body) {
		rc = http_send(req, 204, NULL, NULL, 0, NULL);
		goto out;
	}
	if (wrap != NULL) {
		char extra[192];

		snprintf(extra, sizeof(extra), "Location: %s\r\nCache-Control: no-store\r\n",
			 location);
		rc = rest_send_json(req, status, obj, extra);
	} else {
		rc =
		    rest_send_versioned(req, status, obj, version, status == 201 ? location : NULL);
	}
	obj = NULL;
out:
	json_decref(detail);
	json_decref(obj);
	PQclear(res);
	return rc;
}

int rest_finish(struct http_req *req, const struct rest_kind *kind, const char *action,
		const char *id, json_t *detail, int status, int no_body, json_t *body)
{
	return finish(req, kind, action, id, detail, status, no_body, body, NULL, NULL);
}

int rest_finish_wrapped(struct http_req *req, const struct rest_kind *kind, const char *action,
			const char *id, json_t *detail,
			json_t *(*wrap)(json_t *obj, const char *id, void *ctx), void *ctx)
{
	return finish(req, kind, action, id, detail, 201, 0, NULL, wrap, ctx);
}

int rest_get(struct http_req *req, const struct rest_kind *kind)
{
	PGresult *res = NULL;
	json_t *obj;
	int rc = rest_load(req, kind->get, req->params[0], &res);

	if (rc != 0)
		return rc;
	obj = kind_json(req, kind, res);
	rc = obj != NULL ? rest_send_versioned(req, 200, obj, rest_version(kind, res), NULL)
			 : req->status;
	PQclear(res);
	return rc;
}

int rest_archive(struct http_req *req, const struct rest_archive_spec *spec)
{
	const char *id = req->params[0];
	const char *values[2] = {id, auth_scope(req)};
	PGresult *cur = NULL, *res = NULL;
	json_t *detail;
	const char *archived;
	int rc, i;

	http_discard_body(req);
	rc = rest_load(req, spec->get_locked, id, &cur);
	if (rc != 0)
		goto out;
	if (!rest_if_match(req, rest_version(spec->kind, cur))) {
		rc = req->status;
		goto out;
	}
	archived = rest_col(cur, 0, "archived");
	if (archived != NULL && strcmp(archived, "t") == 0) {
		/* archiving twice changes nothing */
		rc = http_send(req, 204, NULL, NULL, 0, NULL);
		goto out;
	}
	res = db_exec(req->db, spec->archive, 2, values);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = db_ok(res) ? rest_not_found(req) : dbjson_error(req, res);
		goto out;
	}
	detail = json_object();
	for (i = 0; i < 3 && spec->detail[i] != NULL; i++) {
		const char *v = rest_col(cur, 0, spec->detail[i]);
		json_object_set_new(detail, spec->detail[i],
				    v != NULL ? json_string(v) : json_null());
	}
	rc = rest_finish(req, spec->kind, spec->action, id, detail, 204, 1, NULL);
out:
	PQclear(cur);
	PQclear(res);
	return rc;
}

int rest_exec_row(struct http_req *req, const char *stmt, int n, const char *const *values,
		  PGresult **out)
{
	PGresult *res = db_exec(req->db, stmt, n, values);
	int rc = 0;

	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = rest_not_found(req);
	if (rc != 0) {
		PQclear(res);
		res = NULL;
	}
	*out = res;
	return rc;
}

int rest_exec_id(struct http_req *req, const char *stmt, int n, const char *const *values, char *id)
{
	PGresult *res = NULL;
	int rc = rest_exec_row(req, stmt, n, values, &res);

	if (rc == 0 && id != NULL)
		snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

int rest_exec_one(struct http_req *req, const char *stmt, int n, const char *const *values)
{
	return rest_exec_id(req, stmt, n, values, NULL);
}

int rest_invalid(struct http_req *req, json_t **errors)
{
	int rc;

	if (json_array_size(*errors) == 0)
		return 0;
	rc = v_reply(req, *errors);
	*errors = NULL;
	return rc;
}

int rest_create_checks(struct http_req *req, json_t **errors, json_t *body)
{
	int rc = rest_invalid(req, errors);

	if (rc != 0)
		return rc;
	return idem_check(req, body) != 0 ? req->status : 0;
}

int rest_items(struct http_req *req, const char *load, const char *id, const char *stmt, int n,
	       const char *const *values)
{
	PGresult *rec = NULL, *res = NULL;
	int rc = rest_load(req, load, id, &rec);

	if (rc != 0)
		goto out;
	res = db_exec(req->db, stmt, n, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = http_json(req, 200, json_pack("{s:o}", "items", dbjson_rows(res)));
out:
	PQclear(rec);
	PQclear(res);
	return rc;
}

int rest_load_for_change(struct http_req *req, const char *stmt, const char *id, PGresult **out)
{
	int rc = rest_load(req, stmt, id, out);

	if (rc != 0)
		return rc;
	if (!rest_if_match(req, rest_col_long(*out, "version"))) {
		PQclear(*out);
		*out = NULL;
		return req->status;
	}
	return 0;
}

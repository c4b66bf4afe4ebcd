/* The one list-plus-export runner: every list and export is its descriptor (filters, sorts,
 * export columns) and its SQL; this file reads the query, resolves the org_id scope, runs the
 * page or the export and answers. */
#include "auth.h"
#include "dbjson.h"
#include "export.h"
#include "fields.h"
#include "labels.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILTER_TEXT_MAX 512

/* A list request, read and checked. */
struct list_query {
	char org_id[37], root[256];
	char buf[LIST_MAX_FILTERS][FILTER_TEXT_MAX];
	const char *values[LIST_MAX_FILTERS + 2]; /* $1, $2, one per filter */
	int has_org, limit, feed;
	const struct list_sort *sort;
	struct list_cursor cursor;
};

/* Whether s[0..n) are all digits. */
static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int list_timestamp_ok(char *s, int date_ok)
{
	int y, mo, d, days;
	size_t n = strlen(s), i;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return 0;
	y = num(s, 4);
	mo = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 1 || mo < 1 || mo > 12)
		return 0;
	days = mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d < 1 || d > days)
		return 0;
	if (n == 10)
		return date_ok;
	if (n < 20 || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) || s[13] != ':' ||
	    !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
		return 0;
	if (num(s + 11, 2) > 23 || num(s + 14, 2) > 59 || num(s + 17, 2) > 59)
		return 0;
	i = 19;
	if (s[i] == '.') {
		size_t f = strspn(s + i + 1, "0123456789");
		if (f < 1 || f > 9)
			return 0;
		i += 1 + f;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0')
		return 1;
	if (s[i] == ' ')
		s[i] = '+';
	return (s[i] == '+' || s[i] == '-') && strlen(s + i) == 6 && digits(s + i + 1, 2) &&
	       s[i + 3] == ':' && digits(s + i + 4, 2) && num(s + i + 1, 2) <= 15 &&
	       num(s + i + 4, 2) <= 59;
}

/* Reads filter `f` into buf; returns the statement's value (NULL when absent). */
static const char *filter_read(struct http_req *req, const struct list_filter *f, char *buf,
			       json_t *errors)
{
	static const char *const archived[] = {"false", "true", "all", NULL};
	int b;

	switch (f->kind) {
	case LIST_F_UUID:
		return rest_query_uuid(req, f->name, buf, errors) == 1 ? buf : NULL;
	case LIST_F_ENUM:
		return fields_query_enum(req, f->name,
					 f->labels != NULL ? labels_codes(f->labels) : f->codes,
					 buf, FILTER_TEXT_MAX, errors) == 1
			   ? buf
			   : NULL;
	case LIST_F_BOOL:
		if (fields_query_bool(req, f->name, &b, errors) != 1)
			return NULL;
		return b ? "true" : "false";
	case LIST_F_DATE:
		return fields_query_date(req, f->name, buf, errors) == 1 ? buf : NULL;
	case LIST_F_TEXT:
		if (rest_query(req, f->name, buf, FILTER_TEXT_MAX, errors) != 1)
			return NULL;
		if (v_utf8_len(buf) > (size_t)(f->max > 0 ? f->max : 100)) {
			char msg[48];
			snprintf(msg, sizeof(msg), "At most %d characters.",
				 f->max > 0 ? f->max : 100);
			v_error(errors, f->name, "too_long", msg);
			return NULL;
		}
		return buf;
	case LIST_F_INT: {
		char *end;
		long v;
		if (rest_query(req, f->name, buf, 16, errors) != 1)
			return NULL;
		v = strtol(buf, &end, 10);
		if (*end != '\0' || !rest_only_chars(buf, "0123456789") || v < 1 || v > f->max) {
			char msg[48];
			snprintf(msg, sizeof(msg), "An integer from 1 to %d.", f->max);
			v_error(errors, f->name, "format", msg);
			return NULL;
		}
		return buf;
	}
	case LIST_F_ARCHIVED:
		/* absent: "false", or every record in the change feed (set by the caller) */
		if (fields_query_enum(req, f->name, archived, buf, FILTER_TEXT_MAX, errors) != 1)
			return "";
		return strcmp(buf, "all") == 0 ? NULL : buf;
	case LIST_F_SINCE:
		if (rest_query(req, f->name, buf, 64, errors) != 1)
			return NULL;
		if (!list_timestamp_ok(buf, 0)) {
			v_error(errors, f->name, "format",
				"An RFC 3339 timestamp: 2026-11-23T18:30:00Z or with an offset.");
			return NULL;
		}
		return buf;
	case LIST_F_TIME:
		if (rest_query(req, f->name, buf, 48, errors) != 1)
			return NULL;
		if (!list_timestamp_ok(buf, 1)) {
			v_error(errors, f->name, "format", "An RFC 3339 date-time or date.");
			return NULL;
		}
		return buf;
	case LIST_F_PATH_ID:
		return req->params[0];
	}
	return NULL;
}

/* Reads the whole query of list `d` (exporting: no cursor, no limit). */
static void query_read(struct http_req *req, const struct list_desc *d, struct list_query *q,
		       int exporting, json_t *errors)
{
	const struct list_filter *f;
	char sortbuf[32];
	int i, has_sort;

	memset(q, 0, sizeof(*q));
	if (d->org_param != NULL)
		q->has_org = rest_query_uuid(req, d->org_param, q->org_id, errors) == 1;
	for (i = 0, f = d->filters; f != NULL && f->name != NULL && i < LIST_MAX_FILTERS;
	     i++, f++) {
		q->values[i + 2] = filter_read(req, f, q->buf[i], errors);
		if (f->kind == LIST_F_SINCE && q->values[i + 2] != NULL)
			q->feed = 1;
	}
	/* The change feed: every record changed since, archived ones as tombstones, in the order
	 * of their change. An archived filter left out means both. */
	for (i = 0, f = d->filters; f != NULL && f->name != NULL && i < LIST_MAX_FILTERS;
	     i++, f++) {
		if (f->kind == LIST_F_ARCHIVED && q->values[i + 2] != NULL &&
		    q->values[i + 2][0] == '\0')
			q->values[i + 2] = q->feed ? NULL : "false";
	}
	if (d->check != NULL)
		d->check(q->values + 2, errors);
	has_sort = rest_query(req, "sort", sortbuf, sizeof(sortbuf), errors) == 1;
	if (q->feed) {
		q->sort = list_sort_find(d, "updated_at");
		if (has_sort && strcmp(sortbuf, "updated_at") != 0)
			v_error(errors, "sort", "enum",
				"The change feed (updated_since) is in updated_at order.");
	} else if (has_sort) {
		q->sort = list_sort_find(d, sortbuf);
		if (q->sort == NULL)
			v_error(errors, "sort", "enum",
				"This value is not one of the allowed values.");
	}
	if (q->sort == NULL)
		q->sort = d->sorts;
	if (exporting)
		return;
	rest_limit(req, d->limit_default, d->limit_max, &q->limit, errors);
	list_cursor_read(req, d, q->sort, &q->cursor, errors);
}

int list_scope(struct http_req *req, const char *org_id, int narrow, char *path, size_t len)
{
	const char *values[3] = {org_id, auth_scope(req), narrow ? "true" : "false"};
	PGresult *res = db_exec(req->db, "list_scope", 3, values);
	int rc = 0;

	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = rest_not_found(req);
	else
		snprintf(path, len, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* The parent check and the scope: 0 with q->values[0..1] set, or the status sent. */
static int query_scope(struct http_req *req, const struct list_desc *d, struct list_query *q)
{
	int rc;

	if (d->before != NULL && (rc = d->before(req)) != 0)
		return rc;
	q->values[0] = d->root_null ? NULL : auth_scope(req);
	q->values[1] = auth_scope(req);
	if (!q->has_org)
		return 0;
	rc = list_scope(req, q->org_id, d->narrow, q->root, sizeof(q->root));
	if (rc == 0)
		q->values[0] = q->root;
	return rc;
}

static void query_free(struct list_query *q)
{
	list_cursor_free(&q->cursor);
	free(q);
}

/* The start of a list or an export: the query read (with `format` for an export), its errors
 * answered, the parent checked and the scope resolved. Returns 0 with *out set (free it with
 * query_free), or the status sent. */
static int query_start(struct http_req *req, const struct list_desc *d, char *format,
		       size_t format_len, struct list_query **out)
{
	static const char *const formats[] = {"csv", "xlsx", NULL};
	struct list_query *q = calloc(1, sizeof(*q));
	json_t *errors = json_array();
	int rc;

	*out = NULL;
	if (q == NULL) {
		json_decref(errors);
		return http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
	}
	query_read(req, d, q, format != NULL, errors);
	if (format != NULL &&
	    fields_query_enum(req, "format", formats, format, format_len, errors) != 1)
		snprintf(format, format_len, "csv");
	if (json_array_size(errors) > 0)
		rc = v_reply(req, errors);
	else {
		json_decref(errors);
		rc = query_scope(req, d, q);
	}
	if (rc != 0) {
		query_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

/* The first page's total (a later page keeps the first page's), or -1 for none: a first page
 * that holds every match (`rows`, run with limit + 1, has no row beyond the page) is its own
 * total; otherwise the kept total read with the page (*kept, taken over and set NULL when used)
 * or "<name>:count", which counts them up to the cap. Returns 0, or -1 with *err the failed
 * result (check it; caller PQclear()s). */
static int page_total(struct http_req *req, const struct list_desc *d, const struct list_query *q,
		      const PGresult *rows, PGresult **kept, long *total, PGresult **err)
{
	PGresult *res;

	*total = -1;
	*err = NULL;
	if (!d->count || q->cursor.present)
		return 0;
	if (PQntuples(rows) <= q->limit) {
		*total = PQntuples(rows);
		return 0;
	}
	res = *kept != NULL ? *kept : list_count(req, d, q->values);
	*kept = NULL;
	if (!db_ok(res)) {
		*err = res;
		return -1;
	}
	*total = rest_col_long(res, "total");
	PQclear(res);
	return 0;
}

int list_handle(struct http_req *req, const struct list_desc *d)
{
	struct list_query *q;
	PGresult *res = NULL, *err = NULL, *kept = NULL;
	long total;
	int rc = query_start(req, d, NULL, 0, &q);

	if (rc != 0)
		return rc;
	res = list_run(req, d, q->sort, q->values, &q->cursor, q->limit + 1, &kept);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	/* counted with the page's plan settings (list_run): a page read in index order is counted
	 * by an index scan too, which stops at the cap */
	if (page_total(req, d, q, res, &kept, &total, &err) != 0) {
		rc = dbjson_error(req, err);
		goto out;
	}
	rc = list_send_page(req, d, q->sort, res, total, q->limit);
out:
	query_free(q);
	PQclear(res);
	PQclear(err);
	PQclear(kept);
	return rc;
}

int list_export(struct http_req *req, const struct list_desc *d)
{
	struct list_query *q;
	PGresult *res = NULL;
	char format[8];
	int rc = query_start(req, d, format, sizeof(format), &q);

	if (rc != 0)
		return rc;
	res = list_run(req, d, q->sort, q->values, NULL, d->export_max, NULL);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else
		rc = export_send(req, res, d->export_columns, format, d->export_name);
	query_free(q);
	PQclear(res);
	return rc;
}

/* Rows to JSON by column type, and database errors to problem+json replies. */
#include "dbjson.h"
#include "jsonin.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs from pg_type.h (stable across versions). */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_JSON 114
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_TIMESTAMPTZ 1184
#define OID_NUMERIC 1700
#define OID_JSONB 3802

/* The length of PostgreSQL's timestamptz text `pg` ("YYYY-MM-DD HH:MM:SS[.ffffff]+00",
 * TimeZone=UTC, DateStyle=ISO) written as RFC 3339 with milliseconds into out (at least 24 bytes,
 * not terminated), or 0 when pg is shorter than that form (written as it is then). */
static size_t rfc3339(const char *pg, size_t n, char *out)
{
	size_t frac = 0;

	if (n < 19)
		return 0;
	memcpy(out, pg, 10);
	out[10] = 'T';
	memcpy(out + 11, pg + 11, 8);
	if (n > 20 && pg[19] == '.')
		while (frac < 3 && 20 + frac < n && pg[20 + frac] >= '0' && pg[20 + frac] <= '9')
			frac++;
	if (frac > 0) {
		out[19] = '.';
		memcpy(out + 20, pg + 20, frac);
		frac++;
	}
	out[19 + frac] = 'Z';
	return 20 + frac;
}

void dbjson_timestamp(const char *pg, char *buf, size_t len)
{
	char out[32];
	size_t n = rfc3339(pg, strlen(pg), out);

	if (n == 0)
		snprintf(buf, len, "%s", pg);
	else
		snprintf(buf, len, "%.*s", (int)n, out);
}

static json_t *value(const PGresult *res, int row, int col)
{
	const char *v;
	char ts[48];

	if (PQgetisnull(res, row, col))
		return json_null();
	v = PQgetvalue(res, row, col);
	switch (PQftype(res, col)) {
	case OID_BOOL:
		return json_boolean(v[0] == 't');
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return json_integer(strtoll(v, NULL, 10));
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC: {
		/* not finite (NaN, Infinity) is null: json_real refuses it, which dropped the
		 * member */
		double d = strtod(v, NULL);
		return isfinite(d) ? json_real(d) : json_null();
	}
	case OID_JSON:
	case OID_JSONB: {
		json_t *j = jsonin_loadb(v, strlen(v), JSON_DECODE_ANY, NULL);
		return j != NULL ? j : json_null();
	}
	case OID_TIMESTAMPTZ:
		dbjson_timestamp(v, ts, sizeof(ts));
		return json_string(ts);
	default:
		return json_string(v);
	}
}

json_t *dbjson_row(const PGresult *res, int row)
{
	json_t *obj = json_object();
	int col, ncols = PQnfields(res);

	for (col = 0; col < ncols; col++) {
		const char *name = PQfname(res, col);
		if (name[0] == '_')
			continue;
		json_object_set_new(obj, name, value(res, row, col));
	}
	return obj;
}

void jbuf_grow(struct jbuf *b, size_t n)
{
	size_t cap = b->cap > 0 ? b->cap : 4096;
	char *s;

	if (b->failed)
		return;
	while (cap < b->len + n + 1)
		cap *= 2;
	s = realloc(b->s, cap);
	if (s == NULL) {
		b->failed = 1;
		return;
	}
	b->s = s;
	b->cap = cap;
}

/* Whether any of the eight bytes in x needs an escape in a JSON string: below 0x20, '"' or '\\'
 * (exact for "any": a byte at or above 0x80 never counts as below 0x20). */
static inline int word_escapes(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');

	return ((((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash)) &
		high) != 0;
}

void jbuf_string_n(struct jbuf *b, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + n, *run = p;
	char esc[8];

	/* room for the quotes and the text as it is: most strings need no escape at all */
	if (!jbuf_room(b, n + 2))
		return;
	b->s[b->len++] = '"';
	for (;;) {
		uint64_t w;
		while (end - p >= 8 && (memcpy(&w, p, 8), !word_escapes(w)))
			p += 8;
		while (p < end && *p >= 0x20 && *p != '"' && *p != '\\')
			p++;
		if (p == end)
			break;
		jbuf_put(b, (const char *)run, (size_t)(p - run));
		switch (*p) {
		case '"':
			jbuf_put(b, "\\\"", 2);
			break;
		case '\\':
			jbuf_put(b, "\\\\", 2);
			break;
		case '\b':
			jbuf_put(b, "\\b", 2);
			break;
		case '\f':
			jbuf_put(b, "\\f", 2);
			break;
		case '\n':
			jbuf_put(b, "\\n", 2);
			break;
		case '\r':
			jbuf_put(b, "\\r", 2);
			break;
		case '\t':
			jbuf_put(b, "\\t", 2);
			break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", *p);
			jbuf_put(b, esc, 6);
		}
		run = ++p;
	}
	jbuf_put(b, (const char *)run, (size_t)(p - run));
	jbuf_put(b, "\"", 1);
}

void jbuf_string(struct jbuf *b, const char *text)
{
	jbuf_string_n(b, text, strlen(text));
}

void jbuf_json(struct jbuf *b, const json_t *v)
{
	char *text;

	if (v == NULL) {
		jbuf_put(b, "null", 4);
		return;
	}
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (text == NULL) {
		b->failed = 1;
		return;
	}
	jbuf_put(b, text, strlen(text));
	free(text);
}

/* put_real for the plain decimals PostgreSQL writes of a numeric ("-12.50"), without strtod and
 * printf (together about a tenth of a risk page's CPU in the server): "%.15g" gives back a
 * decimal of at most 15 significant digits as it is, less its trailing zeros, when its exponent
 * is from -4 to 14. Returns 0 when written, -1 for any other text (put_real then takes the long
 * way). */
static int put_plain_decimal(struct jbuf *b, const char *v)
{
	const char *p = v + (*v == '-'), *ip = p, *dot, *end, *sig;
	size_t ilen = strspn(ip, "0123456789"), flen = 0;
	char num[40];
	int zeros = 0, digits;

	if (ilen == 0 || (ip[0] == '0' && ilen > 1))
		return -1;
	dot = ip + ilen;
	if (*dot == '.') {
		flen = strspn(dot + 1, "0123456789");
		if (flen == 0 || dot[1 + flen] != '\0')
			return -1;
	} else if (*dot != '\0')
		return -1;
	end = flen > 0 ? dot + 1 + flen : dot;
	while (flen > 0 && end[-1] == '0') {
		end--;
		flen--;
	}
	if (ip[0] != '0')
		digits = (int)ilen + (int)flen; /* exponent ilen - 1 */
	else {
		for (sig = dot + 1; flen > 0 && sig < end && *sig == '0'; sig++)
			zeros++;
		if (flen > 0 && zeros > 3)
			return -1; /* exponent below -4: printf writes 1e-05 */
		digits = (int)flen - zeros;
	}
	if (digits > 15 || ilen > 15 || (size_t)(end - v) + 3 > sizeof(num))
		return -1;
	memcpy(num, v, (size_t)(dot - v));
	if (flen > 0)
		memcpy(num + (dot - v), dot, flen + 1);
	else
		memcpy(num + (dot - v), ".0", 2);
	jbuf_put(b, num, (size_t)(dot - v) + (flen > 0 ? flen + 1 : 2));
	return 0;
}

/* A real as json_dumps writes it with JSON_REAL_PRECISION(15): "%.15g", with ".0" when that
 * reads as an integer; not finite (NaN, Infinity) is null, as json_real refuses it. */
static void put_real(struct jbuf *b, const char *v)
{
	double d;
	char num[40], *exp;
	int n;

	if (put_plain_decimal(b, v) == 0)
		return;
	d = strtod(v, NULL);

	if (!isfinite(d)) {
		jbuf_put(b, "null", 4);
		return;
	}
	n = snprintf(num, sizeof(num), "%.15g", d);
	if (n > 0 && (size_t)n < sizeof(num) - 2 && strpbrk(num, ".e") == NULL) {
		num[n++] = '.';
		num[n++] = '0';
		num[n] = '\0';
	}
	/* the exponent without its '+' and leading zeros: "1e-6", "1.5e17" */
	exp = strchr(num, 'e');
	if (exp != NULL) {
		char *digits = exp + 1 + (exp[1] == '-'), *from = digits;
		while (*from == '+' || *from == '0')
			from++;
		memmove(digits, from, strlen(from) + 1);
	}
	jbuf_put(b, num, strlen(num));
}

static void put_value(struct jbuf *b, const PGresult *res, int row, int col, unsigned int type)
{
	const char *v;
	char ts[32];
	size_t n;

	if (PQgetisnull(res, row, col)) {
		jbuf_put(b, "null", 4);
		return;
	}
	v = PQgetvalue(res, row, col);
	n = (size_t)PQgetlength(res, row, col);
	switch (type) {
	case OID_BOOL:
		if (v[0] == 't')
			jbuf_put(b, "true", 4);
		else
			jbuf_put(b, "false", 5);
		return;
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		/* PostgreSQL's text of an integer is a JSON number already */
		jbuf_put(b, v, n);
		return;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		put_real(b, v);
		return;
	case OID_JSON:
	case OID_JSONB:
		/* PostgreSQL's own text of a json value is JSON already */
		jbuf_put(b, v, n);
		return;
	case OID_TIMESTAMPTZ: {
		/* RFC 3339 needs no escape: written between its quotes as it is */
		size_t len = rfc3339(v, n, ts + 1);
		if (len == 0) {
			jbuf_string_n(b, v, n);
			return;
		}
		ts[0] = '"';
		ts[len + 1] = '"';
		jbuf_put(b, ts, len + 2);
		return;
	}
	default:
		jbuf_string_n(b, v, n);
	}
}

int dbjson_cols_init(struct dbjson_cols *cols, const PGresult *res)
{
	struct jbuf keys = {NULL, 0, 0, 0};
	int col, ncols = PQnfields(res);

	cols->n = 0;
	cols->keys = NULL;
	cols->c = calloc((size_t)(ncols > 0 ? ncols : 1), sizeof(*cols->c));
	if (cols->c == NULL)
		return -1;
	for (col = 0; col < ncols; col++) {
		const char *name = PQfname(res, col);
		struct dbjson_col *c = &cols->c[cols->n];
		if (name[0] == '_')
			continue;
		c->col = col;
		c->type = PQftype(res, col);
		c->at = keys.len;
		if (cols->n > 0)
			jbuf_put(&keys, ",", 1);
		jbuf_string(&keys, name);
		jbuf_put(&keys, ":", 1);
		c->len = keys.len - c->at;
		cols->n++;
	}
	cols->keys = keys.s;
	if (keys.failed) {
		dbjson_cols_free(cols);
		return -1;
	}
	return 0;
}

void dbjson_cols_free(struct dbjson_cols *cols)
{
	free(cols->c);
	free(cols->keys);
	cols->c = NULL;
	cols->keys = NULL;
	cols->n = 0;
}

void dbjson_row_cols(struct jbuf *b, const PGresult *res, const struct dbjson_cols *cols, int row,
		     const json_t *extra)
{
	const char *key;
	json_t *v;
	int i;

	jbuf_put(b, "{", 1);
	for (i = 0; i < cols->n; i++) {
		const struct dbjson_col *c = &cols->c[i];
		jbuf_put(b, cols->keys + c->at, c->len);
		put_value(b, res, row, c->col, c->type);
	}
	i = cols->n;
	json_object_foreach((json_t *)extra, key, v)
	{
		if (i++ > 0)
			jbuf_put(b, ",", 1);
		jbuf_string(b, key);
		jbuf_put(b, ":", 1);
		jbuf_json(b, v);
	}
	jbuf_put(b, "}", 1);
}

json_t *dbjson_rows(const PGresult *res)
{
	json_t *arr = json_array();
	int row, n = PQntuples(res);

	for (row = 0; row < n; row++)
		json_array_append_new(arr, dbjson_row(res, row));
	return arr;
}

int dbjson_error(struct http_req *req, const PGresult *res)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint =
	    res != NULL ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	char detail[200];

	if (state == NULL) {
		fprintf(stderr, "db: request %s: no result (%s)\n", req->request_id,
			res != NULL ? PQresultErrorMessage(res) : "out of memory");
		return http_problem(req, 503, "database_unavailable",
				    "The database cannot be reached; try again.", NULL,
				    "Retry-After: 5\r\n");
	}
	if (strcmp(state, "23505") == 0) {
		snprintf(detail, sizeof(detail), "A record with the same key already exists (%s).",
			 constraint != NULL ? constraint : "unique");
		return http_problem(req, 409, "conflict", detail, NULL, NULL);
	}
	if (strcmp(state, "23503") == 0 || strcmp(state, "23514") == 0 ||
	    strcmp(state, "23502") == 0) {
		snprintf(detail, sizeof(detail), "The change breaks a rule of the data (%s).",
			 constraint != NULL ? constraint
					    : PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
		return http_problem(req, 409, "conflict", detail, NULL, NULL);
	}
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0)
		return http_problem(req, 503, "database_unavailable",
				    "The database is busy; try again.", NULL, "Retry-After: 1\r\n");
	fprintf(stderr, "db: request %s: %s %s", req->request_id, state, PQresultErrorMessage(res));
	return http_problem(req, 500, "internal", "An internal error occurred.", NULL, NULL);
}

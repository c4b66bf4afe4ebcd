/* Rows to JSON by column type, and database errors to problem+json replies. */
#ifndef ANQUAN_DBJSON_H
#define ANQUAN_DBJSON_H

#include <jansson.h>
#include <libpq-fe.h>
#include <string.h>

#include "http.h"

/* Returns a new reference: an object with one member per column, named as the column. NULL is
 * null; int2/4/8 are integers; numeric and float are reals; bool is a boolean; json/jsonb are
 * parsed; timestamptz is RFC 3339 in UTC ("2026-11-23T18:30:00.123Z"); all else is a string.
 * Columns whose name starts with '_' are skipped (internal values for the handler). */
json_t *dbjson_row(const PGresult *res, int row);

/* Returns a new reference: an array of dbjson_row for every row. */
json_t *dbjson_rows(const PGresult *res);

/* A reply's JSON written as text straight from the rows (a list page), without building its
 * objects first: jansson spent about half of the server's CPU on a page of 20 institutions,
 * mostly in malloc. `failed` is set when memory ran out; the text is then incomplete. */
struct jbuf {
	char *s;
	size_t len, cap;
	int failed;
};

/* Makes room for n more bytes and the terminating NUL (failed is set when memory ran out). */
void jbuf_grow(struct jbuf *b, size_t n);

/* Whether n more bytes fit, after growing when they did not. */
static inline int jbuf_room(struct jbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		jbuf_grow(b, n);
	return !b->failed;
}

/* Appends n bytes of ready JSON text. */
static inline void jbuf_put(struct jbuf *b, const char *text, size_t n)
{
	if (!jbuf_room(b, n))
		return;
	memcpy(b->s + b->len, text, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends the n bytes at `text` (valid UTF-8) as a JSON string, escaped as json_dumps escapes it.
 */
void jbuf_string_n(struct jbuf *b, const char *text, size_t n);

/* jbuf_string_n of a NUL-terminated text. */
void jbuf_string(struct jbuf *b, const char *text);

/* Appends v as json_dumps writes it in a reply (compact, reals to 15 digits); NULL is null. */
void jbuf_json(struct jbuf *b, const json_t *v);

/* A result's members as a page writes them (dbjson_row_cols), worked out once for all its rows:
 * each member's column, type and key text (",\"name\":", escaped; the first without its comma),
 * the keys one after another in `keys`. */
struct dbjson_col {
	int col;
	unsigned int type;
	size_t at, len;
};
struct dbjson_cols {
	int n;
	struct dbjson_col *c;
	char *keys;
};

/* Fills cols for res: 0, or -1 when memory ran out. dbjson_cols_free releases it. */
int dbjson_cols_init(struct dbjson_cols *cols, const PGresult *res);
void dbjson_cols_free(struct dbjson_cols *cols);

/* Appends row `row` of res as the object dbjson_row makes of it (the same members, values and
 * order; json/jsonb as PostgreSQL writes them), with the members of cols (dbjson_cols_init of the
 * same res), then the members of `extra` (an object; may be NULL) after its columns. */
void dbjson_row_cols(struct jbuf *b, const PGresult *res, const struct dbjson_cols *cols, int row,
		     const json_t *extra);

/* Answers a failed statement: unique violation 409 conflict, foreign key or check violation
 * 409 conflict, serialization failure or lost connection 503, anything else 500 (the message
 * goes to the server log, never to the client). Returns the status. */
int dbjson_error(struct http_req *req, const PGresult *res);

/* Turns PostgreSQL's "2026-11-23 18:30:00.123456+00" into RFC 3339 in buf. */
void dbjson_timestamp(const char *pg, char *buf, size_t len);

#endif

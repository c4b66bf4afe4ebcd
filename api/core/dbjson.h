/* Rows to JSON by column type, and database errors to problem+json replies. */
#ifndef ANQUAN_DBJSON_H
#define ANQUAN_DBJSON_H

#include <jansson.h>
#include <libpq-fe.h>

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

/* Appends n bytes of ready JSON text. */
void jbuf_put(struct jbuf *b, const char *text, size_t n);

/* Appends `text` (valid UTF-8) as a JSON string, escaped as json_dumps escapes it. */
void jbuf_string(struct jbuf *b, const char *text);

/* Appends v as json_dumps writes it in a reply (compact, reals to 15 digits); NULL is null. */
void jbuf_json(struct jbuf *b, const json_t *v);

/* Appends row `row` of res as the object dbjson_row makes of it (the same members, values and
 * order; json/jsonb as PostgreSQL writes them), then the members of `extra` (an object; may be
 * NULL) after its columns. */
void dbjson_row_text(struct jbuf *b, const PGresult *res, int row, const json_t *extra);

/* Answers a failed statement: unique violation 409 conflict, foreign key or check violation
 * 409 conflict, serialization failure or lost connection 503, anything else 500 (the message
 * goes to the server log, never to the client). Returns the status. */
int dbjson_error(struct http_req *req, const PGresult *res);

/* Turns PostgreSQL's "2026-11-23 18:30:00.123456+00" into RFC 3339 in buf. */
void dbjson_timestamp(const char *pg, char *buf, size_t len);

#endif

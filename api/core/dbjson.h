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

/* Answers a failed statement: unique violation 409 conflict, foreign key or check violation
 * 409 conflict, serialization failure or lost connection 503, anything else 500 (the message
 * goes to the server log, never to the client). Returns the status. */
int dbjson_error(struct http_req *req, const PGresult *res);

/* Turns PostgreSQL's "2026-11-23 18:30:00.123456+00" into RFC 3339 in buf. */
void dbjson_timestamp(const char *pg, char *buf, size_t len);

#endif

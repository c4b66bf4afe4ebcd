/* Rows to JSON by column type, and database errors to problem+json replies. */
#include "dbjson.h"
#include "jsonin.h"

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

void dbjson_timestamp(const char *pg, char *buf, size_t len)
{
	/* "YYYY-MM-DD HH:MM:SS[.ffffff]+00" (TimeZone=UTC, DateStyle=ISO); milliseconds kept. */
	size_t frac = 0;

	if (strlen(pg) < 19) {
		snprintf(buf, len, "%s", pg);
		return;
	}
	if (pg[19] == '.') {
		frac = strspn(pg + 20, "0123456789");
		if (frac > 3)
			frac = 3;
	}
	snprintf(buf, len, "%.10sT%.8s%s%.*sZ", pg, pg + 11, frac > 0 ? "." : "", (int)frac,
		 pg + 20);
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
	case OID_NUMERIC:
		return json_real(strtod(v, NULL));
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

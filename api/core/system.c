/* System endpoints: health (no database), readiness (database reachable, schema current), the
 * OpenAPI document, and a JSON echo that exercises the body rules. */
#include "system.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *openapi_doc;
static size_t openapi_len;

int system_load_openapi(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (f == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return -1;
	}
	openapi_doc = malloc((size_t)n + 1);
	if (openapi_doc == NULL || fread(openapi_doc, 1, (size_t)n, f) != (size_t)n) {
		free(openapi_doc);
		openapi_doc = NULL;
		fclose(f);
		return -1;
	}
	openapi_doc[n] = '\0';
	openapi_len = (size_t)n;
	fclose(f);
	return 0;
}

void system_free_openapi(void)
{
	free(openapi_doc);
	openapi_doc = NULL;
}

int system_health(struct http_req *req)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return http_json(req, 200,
			 json_pack("{s:s, s:s, s:s, s:s}", "status", "ok", "service", "anquan",
				   "version", ANQUAN_VERSION, "time", ts));
}

int system_ready(struct http_req *req)
{
	const char *why = NULL;
	struct db_conn *c = db_acquire_read(&why);
	PGresult *res = NULL;
	char detail[200];
	long version;
	int rc;

	/* schema_migrations has no row-level security: the read needs no subtree, and on a
	 * shared connection travels without a scope statement */
	if (c == NULL || db_begin_read_as(c, "") != 0) {
		snprintf(detail, sizeof(detail), "Not ready: %s.",
			 why != NULL ? why : "the database cannot be reached");
		rc = http_problem(req, 503, "not_ready", detail, NULL, "Retry-After: 5\r\n");
		goto out;
	}
	res = db_exec(c, "system_ready", 0, NULL);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = http_problem(req, 503, "not_ready",
				  "Not ready: the schema version cannot be read.", NULL,
				  "Retry-After: 5\r\n");
		goto out;
	}
	version = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	if (version != ANQUAN_SCHEMA_VERSION) {
		snprintf(detail, sizeof(detail),
			 "Not ready: the database schema is at version %ld, this server needs %d.",
			 version, ANQUAN_SCHEMA_VERSION);
		rc = http_problem(req, 503, "not_ready", detail, NULL, "Retry-After: 5\r\n");
		goto out;
	}
	rc = http_json(req, 200,
		       json_pack("{s:s, s:i, s:i}", "status", "ready", "schema_version",
				 (int)version, "expected_schema_version", ANQUAN_SCHEMA_VERSION));
out:
	PQclear(res);
	db_release(c);
	return rc;
}

int system_openapi(struct http_req *req)
{
	if (openapi_doc == NULL)
		return http_problem(req, 503, "not_ready", "The OpenAPI document was not loaded.",
				    NULL, NULL);
	return http_send(req, 200, "application/json; charset=utf-8", openapi_doc, openapi_len,
			 "Cache-Control: no-cache\r\n");
}

int system_echo(struct http_req *req)
{
	json_t *body = NULL;

	if (http_read_json(req, &body, 1) != 0)
		return req->status;
	return http_json(req, 200, json_pack("{s:o}", "received", body));
}

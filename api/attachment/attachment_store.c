/* The default attachment store: the bytes in PostgreSQL (attachment_store.h). */
#include "attachment_store.h"
#include "attachment.h"
#include "db.h"

#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pg_put(struct http_req *req, const char *key, const unsigned char *data, size_t len)
{
	const char *values[2] = {key, (const char *)data};
	int lengths[2] = {0, (int)len}, formats[2] = {0, 1};
	PGresult *res;
	int rc;

	if (len > INT_MAX)
		return -1;
	res = db_exec_binary(req->db, "attachment_blob_put", 2, values, lengths, formats, 0);
	rc = db_ok(res) && PQntuples(res) == 1 ? 0 : -1;
	PQclear(res);
	return rc;
}

static int pg_get(struct http_req *req, const char *key, unsigned char **data, size_t *len)
{
	const char *values[1] = {key};
	PGresult *res = db_exec_binary(req->db, "attachment_blob_get", 1, values, NULL, NULL, 1);
	int rc = -1;
	size_t n;

	*data = NULL;
	*len = 0;
	if (!db_ok(res))
		goto out;
	if (PQntuples(res) != 1) {
		rc = 1;
		goto out;
	}
	n = (size_t)PQgetlength(res, 0, 0);
	*data = malloc(n > 0 ? n : 1);
	if (*data == NULL)
		goto out;
	memcpy(*data, PQgetvalue(res, 0, 0), n);
	*len = n;
	rc = 0;
out:
	PQclear(res);
	return rc;
}

static int pg_remove(struct http_req *req, const char *key)
{
	const char *values[1] = {key};
	PGresult *res = db_exec(req->db, "attachment_blob_remove", 1, values);
	int rc = db_ok(res) ? 0 : -1;

	PQclear(res);
	return rc;
}

const struct attachment_store attachment_store_postgres = {"postgres", pg_put, pg_get, pg_remove};

const struct attachment_store *attachment_store_default(void)
{
	return &attachment_store_postgres;
}

const struct attachment_store *attachment_store_named(const char *name)
{
	if (name != NULL && strcmp(name, attachment_store_postgres.name) == 0)
		return &attachment_store_postgres;
	return NULL;
}

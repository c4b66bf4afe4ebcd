/* The key location (重点部位) endpoints, and the helpers every record under an institution
 * shares (projects: project.c). */
#include "location.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "dbjson.h"
#include "idempotency.h"
#include "institution.h"
#include "labels.h"
#include "resource.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHILD_LIST_DEFAULT 50
#define CHILD_LIST_MAX 500

int child_archived(struct http_req *req)
{
	return http_problem(req, 409, "conflict",
			    "The institution is archived; restore it (archived: false) first.",
			    NULL, NULL);
}

int child_institution(struct http_req *req, int writing)
{
	PGresult *res = NULL;
	int rc = rest_load(req, writing ? "institution_get_locked" : "institution_get",
			   req->params[0], &res);

	if (rc != 0) {
		if (writing)
			http_discard_body(req);
		return rc;
	}
	if (writing && strcmp(rest_col(res, 0, "archived"), "t") == 0)
		rc = child_archived(req);
	PQclear(res);
	return rc;
}

void child_paging(struct http_req *req, int *limit, char *cursor, size_t len, const char **key,
		  const char **key_id, json_t *errors)
{
	char *bar;

	*key = NULL;
	*key_id = NULL;
	rest_limit(req, CHILD_LIST_DEFAULT, CHILD_LIST_MAX, limit, errors);
	if (rest_cursor(req, cursor, len, errors) != 1)
		return;
	bar = strrchr(cursor, '|');
	if (bar == NULL || !v_is_uuid(bar + 1)) {
		v_error(errors, "cursor", "format", "This cursor was not issued by this server.");
		return;
	}
	*bar = '\0';
	*key = cursor;
	*key_id = bar + 1;
}

int child_send_page(struct http_req *req, const PGresult *res, const PGresult *count, int limit)
{
	json_t *items = json_array(), *next = json_null();
	char key[REST_CURSOR_MAX];
	int i, n = PQntuples(res);

	for (i = 0; i < n && i < limit; i++)
		json_array_append_new(items, dbjson_row(res, i));
	if (n > limit && (size_t)snprintf(key, sizeof(key), "%s|%s", rest_col(res, limit - 1, "_k"),
					  rest_col(res, limit - 1, "id")) < sizeof(key)) {
		json_decref(next);
		next = rest_cursor_json(key);
	}
	return http_json(req, 200,
			 json_pack("{s:o, s:I, s:o}", "items", items, "total",
				   (json_int_t)rest_col_long(count, "total"), "next_cursor", next));
}

int location_list(struct http_req *req)
{
	json_t *errors = json_array();
	PGresult *res = NULL, *count = NULL;
	char kind[32], cursor[REST_CURSOR_MAX], limit1[16];
	const char *key, *key_id, *values[6];
	int rc, limit;

	if (rest_query(req, "kind", kind, sizeof(kind), errors) == 1 &&
	    (labels_code(labels_location_kind, kind) == NULL ||
	     strcmp(labels_code(labels_location_kind, kind), kind) != 0))
		v_error(errors, "kind", "enum", "This value is not one of the allowed values.");
	child_paging(req, &limit, cursor, sizeof(cursor), &key, &key_id, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = child_institution(req, 0);
	if (rc != 0)
		goto out;
	snprintf(limit1, sizeof(limit1), "%d", limit + 1);
	values[0] = req->params[0];
	values[1] = auth_scope(req);
	values[2] = kind[0] != '\0' ? kind : NULL;
	values[3] = key;
	values[4] = key_id;
	values[5] = limit1;
	rc = rest_list_query(req, "location_list", 6, "location_list_count", 3, values, &res,
			     &count);
	if (rc != 0)
		goto out;
	rc = child_send_page(req, res, count, limit);
out:
	json_decref(errors);
	PQclear(res);
	PQclear(count);
	return rc;
}

/* Creates check the institution first: missing or foreign 404, archived 409. */
static int location_parent(struct http_req *req)
{
	return child_institution(req, 1);
}

static json_t *location_allowed(struct http_req *req, const PGresult *res, int row);

static const struct res_field location_fields[] = {
    {"kind", RES_ENUM, 1, 0, 0, 0, labels_location_kind, NULL, 0},
    {"name", RES_TEXT, 1, 0, 1, 100, NULL, NULL, 0},
    {"duty_24h", RES_BOOL, 0, 0, 0, 0, NULL, "false", 0},
    {"note", RES_TEXT, 0, 1, 0, 500, NULL, NULL, 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* Key locations (重点部位) of an institution. */
static const struct resource location_resource = {
    .kind = {"location_get", "key_location", "/api/v1/key-locations/", location_allowed, NULL,
	     NULL},
    .get_locked = "location_get_locked",
    .insert = "location_insert",
    .update = "location_update",
    .archive = "location_archive",
    .fields = location_fields,
    .write = PERM_INSTITUTION_WRITE,
    .parent = location_parent,
    .parent_archived = "_archived",
    .audit_create = "key_location.create",
    .audit_update = "key_location.update",
    .audit_archive = "key_location.archive",
    .parent_key = "institution_id",
    .create_detail = {"kind", "name", NULL},
    .archive_detail = {"institution_id", "name", NULL},
};

RES_HANDLERS(location, location_resource, location_allowed)

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
const struct resource location_resource = {
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

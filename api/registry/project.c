/* The construction project (施工项目) endpoints, and the 打非治违 list: projects under way
 * without a construction permit. */
#include "auth.h"
#include "db.h"
#include "dbjson.h"
#include "export.h"
#include "idempotency.h"
#include "institution.h"
#include "labels.h"
#include "location.h"
#include "resource.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Creates check the institution first: missing or foreign 404, archived 409. */
static int project_parent(struct http_req *req)
{
	return child_institution(req, 1);
}

static json_t *project_allowed(struct http_req *req, const PGresult *res, int row);

/* The members of a project body, in the order of project_insert's $3..$9. */
enum { PF_NAME, PF_CONTRACTOR, PF_PERMIT, PF_OTHER, PF_START, PF_END, PF_STATUS };

static const struct res_field project_fields[] = {
    [PF_NAME] = {"name", RES_TEXT, 1, 0, 1, 200, NULL, NULL, 0},
    [PF_CONTRACTOR] = {"contractor", RES_TEXT, 0, 1, 1, 200, NULL, NULL, 0},
    [PF_PERMIT] = {"construction_permit", RES_TEXT, 0, 1, 1, 64, NULL, NULL, 0},
    [PF_OTHER] = {"other_permits", RES_TEXT, 0, 1, 1, 500, NULL, NULL, 0},
    [PF_START] = {"start_date", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},
    [PF_END] = {"end_date", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},
    [PF_STATUS] = {"status", RES_ENUM, 0, 0, 0, 0, labels_project_status, "planned", 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* An end before the start (dates compare as text in this shape). */
static void project_dates(const char *const *values, json_t *errors)
{
	const char *start = values[PF_START], *end = values[PF_END];

	if (start != NULL && end != NULL && strcmp(end, start) < 0)
		v_error(errors, "end_date", "range", "The end date is before the start date.");
}

/* Construction projects (施工项目) of an institution. */
const struct resource project_resource = {
    .kind = {"project_get", "project", "/api/v1/projects/", project_allowed, NULL, NULL},
    .get_locked = "project_get_locked",
    .insert = "project_insert",
    .update = "project_update",
    .archive = "project_archive",
    .fields = project_fields,
    .rule = project_dates,
    .write = PERM_INSTITUTION_WRITE,
    .parent = project_parent,
    .parent_archived = "_archived",
    .audit_create = "project.create",
    .audit_update = "project.update",
    .audit_archive = "project.archive",
    .parent_key = "institution_id",
    .create_detail = {"name", "status", NULL},
    .archive_detail = {"institution_id", "name", NULL},
};

RES_HANDLERS(project, project_resource, project_allowed)

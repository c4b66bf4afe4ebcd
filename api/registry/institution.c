/* The institution record endpoints: read, create (with its unit org, or for an existing unit),
 * edit (renaming the unit org too) and archive. Lists, exports and figures: institution_list.c. */
#include "institution.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "idempotency.h"
#include "institution_fields.h"
#include "resource.h"
#include "rest.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *institution_allowed_actions(struct http_req *req, const PGresult *res, int row);

#define INSTITUTION_KIND                                                                           \
	{                                                                                          \
		"institution_get", "institution", "/api/v1/institutions/",                         \
		    institution_allowed_actions, NULL, NULL                                        \
	}

const struct rest_kind institution_kind = INSTITUTION_KIND;

/* Unique violations of the record and of its unit org, answered in their own words. */
static const struct res_conflict institution_conflicts[] = {
    {"institutions_credit_code_key", "An institution with this credit code is already registered."},
    {"orgs_sibling_names", "The parent already has an org with this name."},
    {"institutions_org_id_key", "This unit already has an institution record."},
    {NULL, NULL},
};

int institution_write_error(struct http_req *req, const PGresult *res)
{
	const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	const struct res_conflict *c = institution_conflicts;

	while (constraint != NULL && c->constraint != NULL &&
	       strcmp(c->constraint, constraint) != 0)
		c++;
	if (constraint == NULL || c->constraint == NULL)
		return dbjson_error(req, res);
	return http_problem(req, 409, "conflict", c->detail, NULL, NULL);
}

/* Returns a new reference: what the caller may do with institution row 0 of `res`, by the rules
 * of institution_patch and institution_archive: institution:write; an archived record is updated
 * (restored with archived false) but not archived again. Codes: update, archive. */
static json_t *institution_allowed_actions(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();

	if (!roles_allows(req->auth->role, PERM_INSTITUTION_WRITE))
		return out;
	json_array_append_new(out, json_string("update"));
	if (strcmp(rest_col(res, row, "archived"), "t") != 0)
		json_array_append_new(out, json_string("archive"));
	return out;
}

/* Renames unit org `org_id` to `name` (nothing when it has that name). Returns 0, or the status
 * answered (a sibling with the name: 409). */
static int unit_rename(struct http_req *req, const char *org_id, const char *name)
{
	const char *values[3] = {org_id, name, auth_scope(req)};
	PGresult *org = db_exec(req->db, "institution_org_rename", 3, values);
	int rc = db_ok(org) ? 0 : institution_write_error(req, org);

	PQclear(org);
	return rc;
}

/* The unit org a new record belongs to: a new one under parent_id named `name`, or the existing
 * unit `org_id` (renamed when `name` is given). Fills id and path. Returns 0, or the status of
 * the answer it sent. */
static int unit_org(struct http_req *req, const char *parent_id, const char *org_id,
		    const char *name, char id[37], char path[256])
{
	PGresult *res = NULL, *org = NULL;
	const char *values[3];
	char why[160];
	int rc = 0;

	values[0] = parent_id != NULL ? parent_id : org_id;
	values[1] = auth_scope(req);
	res = db_exec(req->db, parent_id != NULL ? "institution_parent" : "institution_unit", 2,
		      values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	if (parent_id != NULL && strcmp(rest_col(res, 0, "allowed"), "t") != 0) {
		snprintf(why, sizeof(why), "A unit cannot be placed under a %s.",
			 rest_col(res, 0, "level"));
		rc = http_problem(req, 409, "conflict", why, NULL, NULL);
		goto out;
	}
	if (parent_id == NULL && strcmp(rest_col(res, 0, "level"), "unit") != 0) {
		rc = http_problem(req, 409, "conflict",
				  "Only a unit org has an institution record; this org is an "
				  "administrative level.",
				  NULL, NULL);
		goto out;
	}
	if (parent_id != NULL) {
		values[0] = parent_id;
		values[1] = name;
		org = db_exec(req->db, "institution_org_create", 2, values);
		if (!db_ok(org)) {
			rc = institution_write_error(req, org);
			goto out;
		}
		snprintf(id, 37, "%s", PQgetvalue(org, 0, 0));
		snprintf(path, 256, "%s", PQgetvalue(org, 0, 1));
		goto out;
	}
	snprintf(id, 37, "%s", rest_col(res, 0, "id"));
	snprintf(path, 256, "%s", rest_col(res, 0, "path"));
	if (name != NULL)
		rc = unit_rename(req, id, name);
out:
	PQclear(res);
	PQclear(org);
	return rc;
}

/* The members of an institution body, in the order of institution_insert's $2..$21 and
 * institution_update's $3..$22: the unit org's (parent_id or org_id, name), the record's own
 * (read by inst_fields_read, in the order of enum inst_field), archived. */
enum { NF_PARENT, NF_ORG, NF_NAME, NF_FIRST, NF_ARCHIVED = NF_FIRST + IF_COUNT };

#define INST_FIELD(k, name) [NF_FIRST + (k)] = {name, RES_KIND, 0, 0, 0, 0, NULL, NULL, 0}

static const struct res_field institution_fields[] = {
    [NF_PARENT] = {"parent_id", RES_UUID, 0, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [NF_ORG] = {"org_id", RES_UUID, 0, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [NF_NAME] = {"name", RES_TEXT, 0, 0, 1, 100, NULL, NULL, 0},
    INST_FIELD(IF_CREDIT_CODE, "credit_code"),
    INST_FIELD(IF_TYPE, "type"),
    INST_FIELD(IF_GRADE, "grade"),
    INST_FIELD(IF_OWNERSHIP, "ownership"),
    INST_FIELD(IF_ADDRESS, "address"),
    INST_FIELD(IF_LONGITUDE, "longitude"),
    INST_FIELD(IF_LATITUDE, "latitude"),
    INST_FIELD(IF_BEDS, "beds"),
    INST_FIELD(IF_STAFF, "staff"),
    INST_FIELD(IF_PRINCIPAL, "principal"),
    INST_FIELD(IF_CONTACTS, "contacts"),
    INST_FIELD(IF_SAFETY_DEPARTMENT, "safety_department"),
    INST_FIELD(IF_SAFETY_OFFICERS, "safety_officers"),
    INST_FIELD(IF_GRID_NAME, "grid_name"),
    INST_FIELD(IF_GRID_HEAD, "grid_head"),
    INST_FIELD(IF_GRID_HEAD_PHONE, "grid_head_phone"),
    [NF_ARCHIVED] = {"archived", RES_BOOL, 0, 0, 0, 0, NULL, "false", RES_PATCH_ONLY},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* The record's own members (inst_fields_read): numbers and sub-objects made into SQL text. */
static void *institution_more(json_t *body, int creating, const char **values, int *present,
			      json_t *errors)
{
	struct inst_fields *f = malloc(sizeof(*f));
	int k;

	if (f == NULL) {
		v_error(errors, "", "internal", "Out of memory.");
		return NULL;
	}
	inst_fields_read(body, creating, f, errors);
	for (k = 0; k < IF_COUNT; k++) {
		values[NF_FIRST + k] = f->value[k];
		present[NF_FIRST + k] = f->present[k];
	}
	return f;
}

static void institution_more_free(void *owned)
{
	inst_fields_free(owned);
	free(owned);
}

/* A create names its unit: parent_id and name (a new unit) or org_id (an existing one). */
static void institution_format(const char *const *values, const int *present, int creating,
			       json_t *errors)
{
	(void)values;
	if (!creating)
		return;
	if (present[NF_PARENT] && present[NF_ORG])
		v_error(errors, "org_id", "conflict",
			"Send either parent_id (a new unit) or org_id.");
	else if (!present[NF_PARENT] && !present[NF_ORG])
		v_error(errors, "parent_id", "required",
			"Send parent_id and name (a new unit) or org_id (an existing unit).");
	else if (present[NF_PARENT] && !present[NF_NAME])
		v_error(errors, "name", "required", "A new unit needs a name.");
}

/* A create makes its unit org first (or takes the existing one, renamed when name is given);
 * a PATCH with a new name renames the unit org. */
static int institution_before(struct http_req *req, const char **values, const PGresult *cur,
			      char *scratch)
{
	int rc;

	if (cur == NULL) {
		rc = unit_org(req, values[NF_PARENT], values[NF_ORG], values[NF_NAME], scratch,
			      scratch + 40);
		values[NF_ORG] = scratch;
		return rc;
	}
	if (values[NF_NAME] == NULL || strcmp(values[NF_NAME], rest_col(cur, 0, "name")) == 0)
		return 0;
	return unit_rename(req, rest_col(cur, 0, "org_id"), values[NF_NAME]);
}

/* Institutions: create (with its unit org), edit (restoring an archived one) and archive on the
 * descriptor. */
static const struct resource institution_resource = {
    .kind = INSTITUTION_KIND,
    .get_locked = "institution_get_locked",
    .insert = "institution_insert",
    .update = "institution_update",
    .archive = "institution_archive",
    .fields = institution_fields,
    .write = PERM_INSTITUTION_WRITE,
    .audit_create = "institution.create",
    .audit_update = "institution.update",
    .audit_archive = "institution.archive",
    .create_detail = {"org_id", "credit_code", "type", NULL},
    .archive_detail = {"name", NULL},
    .no_client_id = 1,
    .format = institution_format,
    .before = institution_before,
    .conflicts = institution_conflicts,
    .more = institution_more,
    .more_free = institution_more_free,
    .restore = 1,
};

RES_HANDLER(institution_get, res_get, institution_resource)

RES_HANDLER(institution_create, res_create, institution_resource)

RES_HANDLER(institution_patch, res_patch, institution_resource)

RES_HANDLER(institution_archive, res_archive, institution_resource)

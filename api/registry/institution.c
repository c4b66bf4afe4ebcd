/* The institution record endpoints: read, create (with its unit org, or for an existing unit),
 * edit (renaming the unit org too) and archive. Lists, exports and figures: institution_list.c. */
#include "institution.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "idempotency.h"
#include "institution_fields.h"
#include "rest.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *institution_allowed_actions(struct http_req *req, const PGresult *res, int row);

const struct rest_kind institution_kind = {
    "institution_get",		 "institution", "/api/v1/institutions/",
    institution_allowed_actions, NULL,		NULL};

int institution_write_error(struct http_req *req, const PGresult *res)
{
	const char *constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	const char *why = NULL;

	if (constraint == NULL)
		return dbjson_error(req, res);
	if (strcmp(constraint, "institutions_credit_code_key") == 0)
		why = "An institution with this credit code is already registered.";
	else if (strcmp(constraint, "orgs_sibling_names") == 0)
		why = "The parent already has an org with this name.";
	else if (strcmp(constraint, "institutions_org_id_key") == 0)
		why = "This unit already has an institution record.";
	if (why == NULL)
		return dbjson_error(req, res);
	return http_problem(req, 409, "conflict", why, NULL, NULL);
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

int institution_get(struct http_req *req)
{
	return rest_get(req, &institution_kind);
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
	if (name != NULL) {
		values[0] = id;
		values[1] = name;
		values[2] = auth_scope(req);
		org = db_exec(req->db, "institution_org_rename", 3, values);
		if (!db_ok(org))
			rc = institution_write_error(req, org);
	}
out:
	PQclear(res);
	PQclear(org);
	return rc;
}

int institution_create(struct http_req *req)
{
	static const char *const allowed[] = {"parent_id",	 "org_id",    "name",
					      "credit_code",	 "type",      "grade",
					      "ownership",	 "address",   "longitude",
					      "latitude",	 "beds",      "staff",
					      "principal",	 "contacts",  "safety_department",
					      "safety_officers", "grid_name", "grid_head",
					      "grid_head_phone", NULL};
	struct inst_fields f;
	json_t *body = NULL, *errors = json_array();
	PGresult *res = NULL;
	const char *parent_id, *org_id, *name, *values[IF_COUNT + 2];
	char unit_id[37], unit_path[256], id[37];
	int rc, k;

	memset(&f, 0, sizeof(f));
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	parent_id = v_uuid(body, "parent_id", 0, errors);
	org_id = v_uuid(body, "org_id", 0, errors);
	name = v_string(body, "name", 0, 0, 1, 100, NULL, errors);
	if (json_object_get(body, "parent_id") != NULL && json_object_get(body, "org_id") != NULL)
		v_error(errors, "org_id", "conflict",
			"Send either parent_id (a new unit) or org_id.");
	else if (json_object_get(body, "parent_id") == NULL &&
		 json_object_get(body, "org_id") == NULL)
		v_error(errors, "parent_id", "required",
			"Send parent_id and name (a new unit) or org_id (an existing unit).");
	else if (json_object_get(body, "parent_id") != NULL &&
		 json_object_get(body, "name") == NULL)
		v_error(errors, "name", "required", "A new unit needs a name.");
	inst_fields_read(body, 1, &f, errors);
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	rc = unit_org(req, parent_id, org_id, name, unit_id, unit_path);
	if (rc != 0)
		goto out;
	values[0] = unit_id;
	values[1] = unit_path;
	for (k = 0; k < IF_COUNT; k++)
		values[k + 2] = f.value[k];
	res = db_exec(req->db, "institution_insert", IF_COUNT + 2, values);
	if (!db_ok(res)) {
		rc = institution_write_error(req, res);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_finish(req, &institution_kind, "institution.create", id,
			 json_pack("{s:s, s:s, s:s}", "org_id", unit_id, "credit_code",
				   f.value[IF_CREDIT_CODE], "type", f.value[IF_TYPE]),
			 201, 0, body);
out:
	inst_fields_free(&f);
	json_decref(body);
	json_decref(errors);
	PQclear(res);
	return rc;
}

int institution_patch(struct http_req *req)
{
	static const char *const allowed[] = {"name",
					      "credit_code",
					      "type",
					      "grade",
					      "ownership",
					      "address",
					      "longitude",
					      "latitude",
					      "beds",
					      "staff",
					      "principal",
					      "contacts",
					      "safety_department",
					      "safety_officers",
					      "grid_name",
					      "grid_head",
					      "grid_head_phone",
					      "archived",
					      NULL};
	const char *id = req->params[0];
	struct inst_fields f;
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *res = NULL, *org = NULL;
	const char *name, *values[IF_COUNT + 3];
	int rc, k, archived = -1;

	memset(&f, 0, sizeof(f));
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	v_only(body, allowed, errors);
	name = v_string(body, "name", 0, 0, 1, 100, NULL, errors);
	if (v_bool(body, "archived", 0, &archived, errors) != 1)
		archived = -1;
	inst_fields_read(body, 0, &f, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, "institution_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	if (name != NULL) {
		values[0] = rest_col(cur, 0, "org_id");
		values[1] = name;
		values[2] = auth_scope(req);
		org = db_exec(req->db, "institution_org_rename", 3, values);
		if (!db_ok(org)) {
			rc = institution_write_error(req, org);
			goto out;
		}
	}
	values[0] = id;
	values[1] = auth_scope(req);
	for (k = 0; k < IF_COUNT; k++)
		values[k + 2] = f.present[k] ? f.value[k] : rest_col(cur, 0, inst_field_names[k]);
	values[IF_COUNT + 2] =
	    archived == -1 ? rest_col(cur, 0, "archived") : (archived ? "true" : "false");
	res = db_exec(req->db, "institution_update", IF_COUNT + 3, values);
	if (!db_ok(res)) {
		rc = institution_write_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	rc = rest_finish(req, &institution_kind, "institution.update", id, json_deep_copy(body),
			 200, 0, NULL);
out:
	inst_fields_free(&f);
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(res);
	PQclear(org);
	return rc;
}

int institution_archive(struct http_req *req)
{
	static const struct rest_archive_spec spec = {
	    &institution_kind,	   "institution_get_locked", "institution_archive",
	    "institution.archive", {"name", NULL, NULL},
	};

	return rest_archive(req, &spec);
}

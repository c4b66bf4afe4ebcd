/* The inspection endpoints (监督检查数据库): read, start, edit and delete drafts,
 * and corrections of submitted records. A draft gets one result row per checklist item, with the
 * item's text copied; answering and submitting are in inspection_results.c. A safety officer
 * keeps only self-inspections (自查) of their unit. */
#include "inspection.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "fields.h"
#include "hazard.h"
#include "idempotency.h"
#include "labels.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSPECTORS_MAX 20

/* The parts of the composite record: its results and findings. Returns 0, or the status
 * answered. */
static int inspection_parts(struct http_req *req, const PGresult *res, json_t *obj)
{
	const char *values[2] = {rest_col(res, 0, "id"), auth_scope(req)};
	PGresult *results = NULL, *findings = NULL;
	int rc = 0;

	results = db_exec(req->db, "inspection_results", 2, values);
	if (!db_ok(results)) {
		rc = dbjson_error(req, results);
		goto out;
	}
	findings = db_exec(req->db, "inspection_findings", 2, values);
	if (!db_ok(findings)) {
		rc = dbjson_error(req, findings);
		goto out;
	}
	json_object_set_new(obj, "results", dbjson_rows(results));
	json_object_set_new(obj, "findings", dbjson_rows(findings));
	rc = hazard_of_inspection(req, res, obj);
out:
	PQclear(results);
	PQclear(findings);
	return rc;
}

/* What the caller may do: the moves of the workflow table open to them. */
static json_t *inspection_allowed(struct http_req *req, const PGresult *res, int row)
{
	return wf_allowed(req, &inspection_workflow, res, row);
}

static const struct rest_kind inspection_kind = {"inspection_get",	 "inspection",
						 "/api/v1/inspections/", inspection_allowed,
						 inspection_parts,	 NULL};

int inspection_finish(struct http_req *req, const char *action, const char *id, json_t *detail,
		      int status, int no_body, json_t *body)
{
	return rest_finish(req, &inspection_kind, action, id, detail, status, no_body, body);
}

/* One inspector {user_id?, name}. */
static json_t *inspector_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"user_id", "name", NULL};
	const char *name, *user_id;

	v_only(item, allowed, errs);
	name = v_string(item, "name", 1, 0, 1, 64, NULL, errs);
	user_id = v_uuid(item, "user_id", 0, errs);
	if (json_array_size(errs) != 0)
		return NULL;
	return user_id != NULL ? json_pack("{s:s, s:s}", "user_id", user_id, "name", name)
			       : json_pack("{s:s}", "name", name);
}

/* Checks `inspectors` (1..20 objects {user_id?, name}); errors name "inspectors[i].name".
 * Returns a new reference: the normalised array, or NULL when absent or invalid. */
static json_t *inspectors_read(json_t *body, json_t *errors)
{
	return fields_object_array(body, "inspectors", 0, INSPECTORS_MAX,
				   "From 1 to 20 inspectors.", "Each inspector must be an object.",
				   inspector_read, errors);
}

/* Returns a new reference: the default inspectors, the caller alone ({user_id, name} with the
 * user's display name; an API client by its name). NULL after answering an error. */
static json_t *default_inspectors(struct http_req *req)
{
	const char *values[2] = {req->auth->id, auth_scope(req)};
	PGresult *res;
	json_t *out = NULL;

	if (req->auth->is_client)
		return json_pack("[{s:s}]", "name", req->auth->name);
	res = db_exec(req->db, "inspection_caller_name", 2, values);
	if (!db_ok(res))
		dbjson_error(req, res);
	else
		out = json_pack("[{s:s, s:s}]", "user_id", req->auth->id, "name",
				PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : req->auth->name);
	PQclear(res);
	return out;
}

int inspection_get(struct http_req *req)
{
	return rest_get(req, &inspection_kind);
}

/* Looks up the institution (404 when missing or foreign, 409 when archived) and the template
 * (404 when not usable). Returns 0, or the status answered. */
static int create_refs(struct http_req *req, const char *institution_id, const char *template_id)
{
	const char *values[2] = {institution_id, auth_scope(req)};
	PGresult *inst = NULL, *tpl = NULL;
	int rc = 0;

	rc = rest_exec_row(req, "inspection_institution", 2, values, &inst);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(inst, 0, "archived"), "t") == 0) {
		rc = http_problem(req, 409, "conflict", "The institution is archived.", NULL, NULL);
		goto out;
	}
	values[0] = template_id;
	tpl = db_exec(req->db, "inspection_template", 2, values);
	if (!db_ok(tpl)) {
		rc = dbjson_error(req, tpl);
		goto out;
	}
	if (PQntuples(tpl) != 1)
		rc = rest_not_found(req);
out:
	PQclear(inst);
	PQclear(tpl);
	return rc;
}

int inspection_create(struct http_req *req)
{
	static const char *const allowed[] = {
	    "institution_id", "type",	    "template_id", "inspected_on",
	    "inspectors",     "conclusion", NULL};
	json_t *body = NULL, *fields = NULL, *errors = json_array(), *inspectors = NULL;
	PGresult *copy = NULL;
	const char *institution_id, *type, *template_id, *inspected_on, *conclusion, *client_id;
	const char *values[10];
	char id[37], *inspectors_text = NULL;
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	fields = v_client_id(body, &client_id, errors);
	v_only(fields, allowed, errors);
	institution_id = v_uuid(fields, "institution_id", 1, errors);
	type = v_enum(fields, "type", 1, labels_codes(labels_inspection_type), errors);
	template_id = v_uuid(fields, "template_id", 1, errors);
	inspected_on = fields_date(fields, "inspected_on", 1, 0, NULL, errors);
	inspectors = inspectors_read(fields, errors);
	conclusion = v_string(fields, "conclusion", 0, 1, 1, 2000, NULL, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	if (!inspection_type_allowed(req, type)) {
		rc = http_problem(req, 403, "forbidden",
				  "A safety officer may only record self-inspections (type self).",
				  NULL, NULL);
		goto out;
	}
	rc = idem_check(req, body);
	if (rc != 0) {
		rc = req->status;
		goto out;
	}
	rc = create_refs(req, institution_id, template_id);
	if (rc != 0)
		goto out;
	if (inspectors == NULL) {
		inspectors = default_inspectors(req);
		if (inspectors == NULL) {
			rc = req->status;
			goto out;
		}
	}
	inspectors_text = json_dumps(inspectors, JSON_COMPACT);
	values[0] = institution_id;
	values[1] = req->auth->org_id;
	values[2] = inspectors_text;
	values[3] = type;
	values[4] = template_id;
	values[5] = inspected_on;
	values[6] = conclusion;
	values[7] = req->auth->id;
	values[8] = auth_scope(req);
	values[9] = client_id;
	rc = rest_exec_id(req, "inspection_create", 10, values, id);
	if (rc != 0)
		goto out;
	values[0] = id;
	values[1] = template_id;
	values[2] = auth_scope(req);
	copy = db_exec(req->db, "inspection_copy_items", 3, values);
	if (!db_ok(copy)) {
		rc = dbjson_error(req, copy);
		goto out;
	}
	rc = inspection_finish(req, "inspection.create", id,
			       json_pack("{s:s, s:s, s:s, s:s}", "institution_id", institution_id,
					 "type", type, "template_id", template_id, "inspected_on",
					 inspected_on),
			       201, 0, body);
out:
	free(inspectors_text);
	json_decref(body);
	json_decref(fields);
	json_decref(errors);
	json_decref(inspectors);
	PQclear(copy);
	return rc;
}

int inspection_patch(struct http_req *req)
{
	static const char *const allowed[] = {"inspected_on", "inspectors", "conclusion", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array(), *inspectors = NULL;
	PGresult *cur = NULL;
	const char *inspected_on, *conclusion, *values[5];
	char *inspectors_text = NULL;
	int rc, conclusion_present = 0;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	v_only(body, allowed, errors);
	inspected_on = fields_date(body, "inspected_on", 0, 0, NULL, errors);
	inspectors = inspectors_read(body, errors);
	conclusion = v_string(body, "conclusion", 0, 1, 1, 2000, &conclusion_present, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load(req, "inspection_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	rc = wf_permits(req, &inspection_workflow, cur, "update");
	if (rc != 0)
		goto out;
	if (!rest_if_match(req, rest_col_long(cur, "version"))) {
		rc = req->status;
		goto out;
	}
	if (inspectors != NULL)
		inspectors_text = json_dumps(inspectors, JSON_COMPACT);
	values[0] = id;
	values[1] = inspected_on != NULL ? inspected_on : rest_col(cur, 0, "inspected_on");
	values[2] = inspectors_text != NULL ? inspectors_text : rest_col(cur, 0, "inspectors");
	values[3] = conclusion_present ? conclusion : rest_col(cur, 0, "conclusion");
	values[4] = auth_scope(req);
	rc = rest_exec_id(req, "inspection_update", 5, values, NULL);
	if (rc != 0)
		goto out;
	rc = inspection_finish(req, "inspection.update", id, json_deep_copy(body), 200, 0, NULL);
out:
	free(inspectors_text);
	json_decref(body);
	json_decref(errors);
	json_decref(inspectors);
	PQclear(cur);
	return rc;
}

int inspection_delete(struct http_req *req)
{
	const char *id = req->params[0];
	const char *values[2] = {id, auth_scope(req)};
	PGresult *cur = NULL;
	int rc;

	rc = rest_load(req, "inspection_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	rc = wf_permits(req, &inspection_workflow, cur, "delete");
	if (rc != 0)
		goto out;
	if (!rest_if_match(req, rest_col_long(cur, "version"))) {
		rc = req->status;
		goto out;
	}
	rc = rest_exec_id(req, "inspection_delete", 2, values, NULL);
	if (rc != 0)
		goto out;
	rc = inspection_finish(req, "inspection.delete", id,
			       json_pack("{s:s, s:s, s:s}", "institution_id",
					 rest_col(cur, 0, "institution_id"), "type",
					 rest_col(cur, 0, "type"), "inspected_on",
					 rest_col(cur, 0, "inspected_on")),
			       204, 1, NULL);
out:
	PQclear(cur);
	return rc;
}

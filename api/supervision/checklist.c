/* The checklist template endpoints: list, read, create, edit and archive the templates an
 * inspection's results are copied from. National (shipped) templates are read-only; an
 * ancestor's template is read-only below it; a template already used by an inspection keeps
 * its items (the results point at them). */
#include "checklist.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "fields.h"
#include "idempotency.h"
#include "list.h"
#include "rest.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKLIST_ITEMS_MAX 200

static json_t *template_allowed(struct http_req *req, const PGresult *res, int row);

/* A template's items, the parts of the composite record (checklist_items: $1 id, $2 subtree). */
static int template_items(struct http_req *req, const PGresult *res, json_t *obj)
{
	const char *values[2] = {rest_col(res, 0, "id"), auth_scope(req)};
	PGresult *items = db_exec(req->db, "checklist_items", 2, values);
	int rc = 0;

	if (!db_ok(items))
		rc = dbjson_error(req, items);
	else
		json_object_set_new(obj, "items", dbjson_rows(items));
	PQclear(items);
	return rc;
}

const struct rest_kind template_kind = {
    "checklist_get",  "checklist_template", "/api/v1/checklist-templates/",
    template_allowed, template_items,	    NULL};

/* Returns a new reference: what the caller may do with template row `row`, by the rules of
 * writable(), checklist_patch and checklist_delete: checklist:write, not a shipped template, not
 * an ancestor's, not archived. Codes: update, archive. */
static json_t *template_allowed(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();

	if (roles_allows(req->auth->role, PERM_CHECKLIST_WRITE) &&
	    strcmp(rest_col(res, row, "_national"), "t") != 0 &&
	    strcmp(rest_col(res, row, "_writable"), "t") == 0 &&
	    strcmp(rest_col(res, row, "archived"), "t") != 0) {
		json_array_append_new(out, json_string("update"));
		json_array_append_new(out, json_string("archive"));
	}
	return out;
}

/* Checks `items` (1..200 objects {text, category?, legal_basis?}); errors name the member as
 * "items[i].text". Returns a new reference: the normalised array for checklist_items_insert,
 * or NULL when there were errors. */
static json_t *items_read(json_t *body, int required, json_t *errors)
{
	static const char *const allowed[] = {"text", "category", "legal_basis", NULL};
	json_t *items = json_object_get(body, "items"), *out, *item, *errs, *e;
	size_t i, j, before = json_array_size(errors);
	char field[96];

	if (items == NULL) {
		if (required)
			v_error(errors, "items", "required", "This field is required.");
		return NULL;
	}
	if (!json_is_array(items)) {
		v_error(errors, "items", "type", "This field must be an array.");
		return NULL;
	}
	if (json_array_size(items) < 1 || json_array_size(items) > CHECKLIST_ITEMS_MAX) {
		v_error(errors, "items", json_array_size(items) < 1 ? "too_short" : "too_long",
			"From 1 to 200 items.");
		return NULL;
	}
	out = json_array();
	json_array_foreach(items, i, item)
	{
		const char *text, *category, *legal;
		errs = json_array();
		if (!json_is_object(item)) {
			v_error(errs, "", "type", "Each item must be an object.");
		} else {
			v_only(item, allowed, errs);
			text = v_string(item, "text", 1, 0, 1, 500, NULL, errs);
			category = v_string(item, "category", 0, 1, 1, 50, NULL, errs);
			legal = v_string(item, "legal_basis", 0, 1, 1, 300, NULL, errs);
			if (json_array_size(errs) == 0)
				json_array_append_new(out, json_pack("{s:s, s:s?, s:s?}", "text",
								     text, "category", category,
								     "legal_basis", legal));
		}
		json_array_foreach(errs, j, e)
		{
			const char *f = json_string_value(json_object_get(e, "field"));
			snprintf(field, sizeof(field), "items[%zu]%s%s", i, f[0] ? "." : "", f);
			v_error(errors, field, json_string_value(json_object_get(e, "code")),
				json_string_value(json_object_get(e, "message")));
		}
		json_decref(errs);
	}
	if (json_array_size(errors) != before) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* Inserts the items `items` of template `id`. Returns 0, or the status of the error answered. */
static int items_insert(struct http_req *req, const char *id, json_t *items)
{
	char *text = json_dumps(items, JSON_COMPACT);
	const char *values[3] = {id, text, auth_scope(req)};
	PGresult *res;
	int rc = 0;

	if (text == NULL)
		return http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
	res = db_exec(req->db, "checklist_items_insert", 3, values);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	PQclear(res);
	free(text);
	return rc;
}

int checklist_list(struct http_req *req)
{
	return list_handle(req, &checklist_list_desc);
}

int checklist_get(struct http_req *req)
{
	return rest_get(req, &template_kind);
}

int checklist_create(struct http_req *req)
{
	static const char *const allowed[] = {"name", "description", "org_id", "items", NULL};
	json_t *body = NULL, *fields = NULL, *errors = json_array(), *items = NULL;
	const char *name, *description, *org_id, *client_id, *values[5];
	char id[37];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	fields = v_client_id(body, &client_id, errors);
	v_only(fields, allowed, errors);
	name = v_string(fields, "name", 1, 0, 1, 100, NULL, errors);
	description = v_string(fields, "description", 0, 1, 1, 1000, NULL, errors);
	org_id = v_uuid(fields, "org_id", 0, errors);
	items = items_read(fields, 1, errors);
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	values[0] = org_id != NULL ? org_id : req->auth->org_id;
	values[1] = name;
	values[2] = description;
	values[3] = auth_scope(req);
	values[4] = client_id;
	rc = rest_exec_id(req, "checklist_create", 5, values, id);
	if (rc != 0)
		goto out;
	rc = items_insert(req, id, items);
	if (rc != 0)
		goto out;
	rc = rest_finish(
	    req, &template_kind, "template.create", id,
	    json_pack("{s:s, s:I}", "name", name, "items", (json_int_t)json_array_size(items)), 201,
	    0, body);
out:
	json_decref(body);
	json_decref(fields);
	json_decref(errors);
	json_decref(items);
	return rc;
}

/* Whether the caller may change template `id`: national ones never (409), an ancestor's not
 * from below (403), then If-Match (412). Returns 0 with the locked row in *out; otherwise it has
 * answered and returns the status. */
static int writable(struct http_req *req, const char *id, PGresult **out)
{
	PGresult *seen = NULL;
	int rc = rest_load(req, "checklist_get", id, &seen);

	*out = NULL;
	if (rc != 0)
		return rc;
	if (strcmp(rest_col(seen, 0, "_national"), "t") == 0)
		rc = http_problem(req, 409, "conflict", "Shipped templates cannot be changed.",
				  NULL, NULL);
	else if (strcmp(rest_col(seen, 0, "_writable"), "t") != 0)
		rc = http_problem(
		    req, 403, "forbidden",
		    "This template belongs to a higher-level org; it can be changed there.", NULL,
		    NULL);
	else
		rc = rest_load_for_change(req, "checklist_get_locked", id, out);
	PQclear(seen);
	return rc;
}

int checklist_patch(struct http_req *req)
{
	static const char *const allowed[] = {"name", "description", "items", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array(), *items = NULL, *detail = NULL;
	PGresult *cur = NULL, *use = NULL, *del = NULL, *res = NULL;
	const char *name, *description, *values[4];
	int rc, desc_present = 0;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	v_only(body, allowed, errors);
	name = v_string(body, "name", 0, 0, 1, 100, NULL, errors);
	description = v_string(body, "description", 0, 1, 1, 1000, &desc_present, errors);
	items = items_read(body, 0, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = writable(req, id, &cur);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(cur, 0, "archived"), "t") == 0) {
		rc = http_problem(req, 409, "conflict", "Archived templates cannot be changed.",
				  NULL, NULL);
		goto out;
	}
	values[0] = id;
	values[1] = auth_scope(req);
	if (items != NULL) {
		use = db_exec(req->db, "checklist_in_use", 2, values);
		if (!db_ok(use)) {
			rc = dbjson_error(req, use);
			goto out;
		}
		if (rest_col_long(use, "n") > 0) {
			rc = http_problem(
			    req, 409, "conflict",
			    "Inspections use this template; its items cannot be replaced. "
			    "Create a new template instead.",
			    NULL, NULL);
			goto out;
		}
		del = db_exec(req->db, "checklist_items_delete", 2, values);
		if (!db_ok(del)) {
			/* Results of inspections outside the caller's view still point at them. */
			rc = dbjson_error(req, del);
			goto out;
		}
		rc = items_insert(req, id, items);
		if (rc != 0)
			goto out;
	}
	values[1] = name != NULL ? name : rest_col(cur, 0, "name");
	values[2] = desc_present ? description : rest_col(cur, 0, "description");
	values[3] = auth_scope(req);
	res = db_exec(req->db, "checklist_update", 4, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	detail = json_deep_copy(body);
	if (items != NULL)
		json_object_set_new(detail, "items",
				    json_integer((json_int_t)json_array_size(items)));
	rc = rest_finish(req, &template_kind, "template.update", id, detail, 200, 0, NULL);
	detail = NULL;
out:
	json_decref(body);
	json_decref(errors);
	json_decref(items);
	json_decref(detail);
	PQclear(cur);
	PQclear(use);
	PQclear(del);
	PQclear(res);
	return rc;
}

int checklist_delete(struct http_req *req)
{
	const char *id = req->params[0];
	const char *values[2] = {id, auth_scope(req)};
	PGresult *cur = NULL, *res = NULL;
	int rc;

	rc = writable(req, id, &cur);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(cur, 0, "archived"), "t") == 0) {
		rc = http_send(req, 204, NULL, NULL, 0, NULL);
		goto out;
	}
	res = db_exec(req->db, "checklist_archive", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = rest_finish(req, &template_kind, "template.archive", id,
			 json_pack("{s:s}", "name", rest_col(cur, 0, "name")), 204, 1, NULL);
out:
	PQclear(cur);
	PQclear(res);
	return rc;
}

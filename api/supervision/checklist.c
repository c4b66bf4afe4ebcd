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
#include "resource.h"
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

#define TEMPLATE_KIND                                                                              \
	{                                                                                          \
		"checklist_get", "checklist_template", "/api/v1/checklist-templates/",             \
		    template_allowed, template_items, NULL                                         \
	}

const struct rest_kind template_kind = TEMPLATE_KIND;

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

/* One item {text, category?, legal_basis?} of a template. */
static json_t *item_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"text", "category", "legal_basis", NULL};
	const char *text, *category, *legal;

	v_only(item, allowed, errs);
	text = v_string(item, "text", 1, 0, 1, 500, NULL, errs);
	category = v_string(item, "category", 0, 1, 1, 50, NULL, errs);
	legal = v_string(item, "legal_basis", 0, 1, 1, 300, NULL, errs);
	if (json_array_size(errs) != 0)
		return NULL;
	return json_pack("{s:s, s:s?, s:s?}", "text", text, "category", category, "legal_basis",
			 legal);
}

/* Checks `items` (1..200 objects); errors name the member as "items[i].text". Returns a new
 * reference: the normalised array for checklist_items_insert, or NULL when there were errors. */
static json_t *items_read(json_t *body, int required, json_t *errors)
{
	return fields_object_array(body, "items", required, CHECKLIST_ITEMS_MAX,
				   "From 1 to 200 items.", "Each item must be an object.",
				   item_read, errors);
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

/* What may never be changed here, whatever the version: national templates (409), an
 * ancestor's from below (403). Returns 0, or the status answered. */
static int template_guard(struct http_req *req, const char *id)
{
	PGresult *seen = NULL;
	int rc = rest_load(req, "checklist_get", id, &seen);

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
	PQclear(seen);
	return rc;
}

/* The items of template `id`: on PATCH they replace the old ones unless an inspection uses them
 * (its results point at them: 409). The audit detail gets their count. */
static int template_items_write(struct http_req *req, const char *id, json_t *items,
				const PGresult *cur, json_t *detail)
{
	const char *values[2] = {id, auth_scope(req)};
	PGresult *res = NULL;
	int rc = 0;

	if (cur != NULL) {
		res = db_exec(req->db, "checklist_in_use", 2, values);
		if (!db_ok(res))
			rc = dbjson_error(req, res);
		else if (rest_col_long(res, "n") > 0)
			rc = http_problem(
			    req, 409, "conflict",
			    "Inspections use this template; its items cannot be replaced. "
			    "Create a new template instead.",
			    NULL, NULL);
		PQclear(res);
		if (rc != 0)
			return rc;
		res = db_exec(req->db, "checklist_items_delete", 2, values);
		/* Results of inspections outside the caller's view still point at them. */
		rc = db_ok(res) ? 0 : dbjson_error(req, res);
		PQclear(res);
		if (rc != 0)
			return rc;
	}
	rc = items_insert(req, id, items);
	if (rc == 0)
		json_object_set_new(detail, "items",
				    json_integer((json_int_t)json_array_size(items)));
	return rc;
}

/* The members of a template body, in the order of checklist_create's $2..$4 and
 * checklist_update's $3..$5; the items are its parts. */
enum { TF_NAME, TF_DESCRIPTION, TF_ORG };

static const struct res_field template_fields[] = {
    [TF_NAME] = {"name", RES_TEXT, 1, 0, 1, 100, NULL, NULL, 0},
    [TF_DESCRIPTION] = {"description", RES_TEXT, 0, 1, 1, 1000, NULL, NULL, 0},
    [TF_ORG] = {"org_id", RES_UUID, 0, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* A create without org_id makes a template of the caller's org. */
static int template_before(struct http_req *req, const char **values, const PGresult *cur,
			   char *scratch)
{
	(void)scratch;
	if (cur == NULL && values[TF_ORG] == NULL)
		values[TF_ORG] = req->auth->org_id;
	return 0;
}

/* Checklist templates: create, edit and archive on the descriptor, with the items as parts. */
static const struct resource template_resource = {
    .kind = TEMPLATE_KIND,
    .get_locked = "checklist_get_locked",
    .insert = "checklist_create",
    .update = "checklist_update",
    .archive = "checklist_archive",
    .fields = template_fields,
    .write = PERM_CHECKLIST_WRITE,
    .audit_create = "template.create",
    .audit_update = "template.update",
    .audit_archive = "template.archive",
    .create_detail = {"name", NULL},
    .archive_detail = {"name", NULL},
    .before = template_before,
    .part_names = {"items", NULL},
    .parts_read = items_read,
    .parts_write = template_items_write,
    .guard = template_guard,
};

RES_HANDLER(checklist_get, res_get, template_resource)

RES_HANDLER(checklist_create, res_create, template_resource)

RES_HANDLER(checklist_patch, res_patch, template_resource)

RES_HANDLER(checklist_delete, res_archive, template_resource)

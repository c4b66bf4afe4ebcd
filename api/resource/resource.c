/* Generic single-record handlers served from a resource descriptor (resource.h). */
#include "resource.h"
#include "auth.h"
#include "db.h"
#include "dbjson.h"
#include "fields.h"
#include "idempotency.h"
#include "validate.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static size_t field_count(const struct resource *r)
{
	size_t n = 0;

	while (r->fields[n].name != NULL && n < RES_MAX_FIELDS)
		n++;
	return n;
}

/* Whether column `col` of row `row` is "t". */
static int col_true(const PGresult *res, int row, const char *col)
{
	const char *v = col != NULL ? rest_col(res, row, col) : NULL;

	return v != NULL && strcmp(v, "t") == 0;
}

/* Unknown members are errors: the server's own (computed) ones, and on PATCH the create-only
 * ones, too. */
static void res_members(const struct resource *r, json_t *body, int creating, json_t *errors)
{
	const char *names[RES_MAX_FIELDS + 1];
	size_t i, k = 0, n = field_count(r);

	for (i = 0; i < n; i++) {
		if (r->fields[i].type != RES_COMPUTED && (creating || !r->fields[i].create_only))
			names[k++] = r->fields[i].name;
	}
	names[k] = NULL;
	v_only(body, names, errors);
}

void res_read(const struct resource *r, json_t *body, int creating, const char **values,
	      int *present, json_t *errors)
{
	size_t i, n = field_count(r);
	int b;

	res_members(r, body, creating, errors);
	for (i = 0; i < n; i++) {
		const struct res_field *f = &r->fields[i];
		int req = creating && f->required;
		json_t *m = json_object_get(body, f->name);

		present[i] = m != NULL;
		values[i] = NULL;
		switch (f->type) {
		case RES_COMPUTED:
			present[i] = 0;
			break;
		case RES_TEXT:
			values[i] =
			    v_string(body, f->name, req, f->nullable, f->min, f->max, NULL, errors);
			break;
		case RES_ENUM:
			if (m != NULL && json_is_null(m) && f->nullable)
				break;
			values[i] = v_enum(body, f->name, req, labels_codes(f->codes), errors);
			break;
		case RES_BOOL:
			if (m != NULL && json_is_null(m) && f->nullable)
				break;
			if (v_bool(body, f->name, req, &b, errors) == 1)
				values[i] = b ? "true" : "false";
			break;
		case RES_DATE:
			values[i] = fields_date(body, f->name, req, f->nullable, NULL, errors);
			break;
		case RES_UUID:
			if (m != NULL && json_is_null(m) && f->nullable)
				break;
			values[i] = v_uuid(body, f->name, req, errors);
			break;
		}
		if (creating && !present[i] && f->def != NULL)
			values[i] = f->def;
	}
}

json_t *res_allowed(struct http_req *req, const struct resource *r, const PGresult *res, int row)
{
	json_t *out = json_array();

	if (!roles_allows(req->auth->role, r->write) || col_true(res, row, "archived"))
		return out;
	if (!col_true(res, row, r->parent_archived))
		json_array_append_new(out, json_string("update"));
	if (r->archive != NULL)
		json_array_append_new(out, json_string("archive"));
	return out;
}

int res_get(struct http_req *req, const struct resource *r)
{
	return rest_get(req, &r->kind);
}

/* Adds to the audit detail `d` the values (values[i] of fields[i]) of the first `max` members
 * named in `names` (NULL-ended when shorter). Returns d. */
static json_t *detail_values(json_t *d, const struct resource *r, const char *const *names, int max,
			     const char *const *values)
{
	size_t i, n = field_count(r);
	int k;

	for (k = 0; k < max && names[k] != NULL; k++) {
		for (i = 0; i < n; i++) {
			if (strcmp(r->fields[i].name, names[k]) == 0)
				json_object_set_new(d, names[k],
						    values[i] != NULL ? json_string(values[i])
								      : json_null());
		}
	}
	return d;
}

int res_create(struct http_req *req, const struct resource *r)
{
	const char *values[RES_MAX_FIELDS + 3], *client_id = NULL;
	int present[RES_MAX_FIELDS];
	json_t *body = NULL, *fields = NULL, *errors = json_array(), *detail;
	size_t n = field_count(r), off = r->parent != NULL ? 2 : 1;
	char id[37];
	_Alignas(max_align_t) char scratch[RES_SCRATCH];
	int rc;

	if (r->parent != NULL) {
		rc = r->parent(req);
		if (rc != 0)
			goto out;
	}
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	fields = v_client_id(body, &client_id, errors);
	if (r->read != NULL) {
		res_members(r, fields, 1, errors);
		r->read(fields, NULL, values + off, scratch, errors);
	} else {
		res_read(r, fields, 1, values + off, present, errors);
	}
	if (json_array_size(errors) == 0 && r->rule != NULL)
		r->rule(values + off, errors);
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	if (r->check != NULL) {
		rc = r->check(req, values + off, NULL);
		if (rc != 0)
			goto out;
	}
	if (r->parent != NULL)
		values[0] = req->params[0];
	values[off - 1] = auth_scope(req);
	values[n + off] = client_id;
	rc = rest_exec_id(req, r->insert, (int)(n + off + 1), values, id);
	if (rc != 0)
		goto out;
	detail = detail_values(json_object(), r, r->create_detail, 4, values + off);
	if (r->parent != NULL && r->parent_key != NULL)
		json_object_set_new(detail, r->parent_key, json_string(req->params[0]));
	rc = rest_finish(req, &r->kind, r->audit_create, id, detail, 201, 0, body);
out:
	json_decref(body);
	json_decref(fields);
	json_decref(errors);
	return rc;
}

int res_patch(struct http_req *req, const struct resource *r)
{
	const char *id = req->params[0];
	const char *values[RES_MAX_FIELDS + 2], *read[RES_MAX_FIELDS];
	int present[RES_MAX_FIELDS];
	json_t *body = NULL, *errors = json_array(), *detail;
	PGresult *cur = NULL;
	size_t i, n = field_count(r);
	_Alignas(max_align_t) char scratch[RES_SCRATCH];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	if (r->read != NULL)
		res_members(r, body, 0, errors);
	else
		res_read(r, body, 0, read, present, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, r->get_locked, id, &cur);
	if (rc != 0)
		goto out;
	if (r->read != NULL) {
		r->read(body, cur, values + 2, scratch, errors);
		rc = rest_invalid(req, &errors);
		if (rc != 0)
			goto out;
	}
	if (col_true(cur, 0, "archived") || col_true(cur, 0, r->parent_archived)) {
		rc = http_problem(req, 409, "conflict",
				  col_true(cur, 0, "archived")
				      ? "The record is archived; archived records are not changed."
				      : "The institution is archived; restore it (archived: false) "
					"first.",
				  NULL, NULL);
		goto out;
	}
	values[0] = id;
	values[1] = auth_scope(req);
	for (i = 0; r->read == NULL && i < n; i++)
		values[i + 2] = present[i] ? read[i] : rest_col(cur, 0, r->fields[i].name);
	if (r->rule != NULL)
		r->rule(values + 2, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	if (r->check != NULL) {
		rc = r->check(req, values + 2, cur);
		if (rc != 0)
			goto out;
	}
	rc = rest_exec_id(req, r->update, (int)n + 2, values, NULL);
	if (rc != 0)
		goto out;
	detail = detail_values(json_deep_copy(body), r, r->update_detail, 3, values + 2);
	rc = rest_finish(req, &r->kind, r->audit_update, id, detail, 200, 0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	return rc;
}

int res_archive(struct http_req *req, const struct resource *r)
{
	struct rest_archive_spec spec;

	memset(&spec, 0, sizeof(spec));
	spec.kind = &r->kind;
	spec.get_locked = r->get_locked;
	spec.archive = r->archive;
	spec.action = r->audit_archive;
	memcpy(spec.detail, r->archive_detail, sizeof(spec.detail));
	if (r->archive == NULL) {
		http_discard_body(req);
		return http_problem(req, 405, "method_not_allowed", "This record is not archived.",
				    NULL, NULL);
	}
	return rest_archive(req, &spec);
}

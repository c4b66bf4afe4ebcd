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

/* Whether a body of a create (`creating`) or PATCH may hold member `f`. */
static int field_accepted(const struct res_field *f, int creating)
{
	if (f->type == RES_COMPUTED)
		return 0;
	return f->create_only != (creating ? RES_PATCH_ONLY : RES_CREATE_ONLY);
}

/* The codes of an enum member: the registered list's (labels_init), else made here from a kind's
 * own short list into `tmp` (n slots). */
static const char *const *field_codes(const struct res_field *f, const char **tmp, size_t n)
{
	const char *const *codes = labels_codes(f->codes);
	size_t i;

	if (codes != NULL)
		return codes;
	for (i = 0; i + 1 < n && f->codes[i].code != NULL; i++)
		tmp[i] = f->codes[i].code;
	tmp[i] = NULL;
	return tmp;
}

/* Unknown members are errors: the server's own (computed) ones, and on PATCH the create-only
 * ones, too. */
static void res_members(const struct resource *r, json_t *body, int creating, json_t *errors)
{
	const char *names[RES_MAX_FIELDS + 3];
	size_t i, k = 0, n = field_count(r);

	for (i = 0; i < n; i++) {
		if (field_accepted(&r->fields[i], creating))
			names[k++] = r->fields[i].name;
	}
	for (i = 0; i < 2 && r->part_names[i] != NULL; i++)
		names[k++] = r->part_names[i];
	names[k] = NULL;
	v_only(body, names, errors);
}

void res_read(const struct resource *r, json_t *body, int creating, const char **values,
	      int *present, json_t *errors)
{
	size_t i, n = field_count(r);
	const char *tmp[16];
	int b;

	res_members(r, body, creating, errors);
	for (i = 0; i < n; i++) {
		const struct res_field *f = &r->fields[i];
		int req = creating && f->required;
		json_t *m = json_object_get(body, f->name);

		present[i] = m != NULL;
		values[i] = NULL;
		if (!field_accepted(f, creating)) {
			/* refused as unknown (res_members) when given */
			present[i] = 0;
			if (creating)
				values[i] = f->def;
			continue;
		}
		switch (f->type) {
		case RES_COMPUTED:
			present[i] = 0;
			break;
		case RES_KIND: /* r->more */
			break;
		case RES_PASSWORD:
			if (m != NULL || req)
				values[i] = v_password(body, f->name, errors);
			break;
		case RES_TEXT:
			values[i] =
			    v_string(body, f->name, req, f->nullable, f->min, f->max, NULL, errors);
			break;
		case RES_PROSE:
			values[i] =
			    v_prose(body, f->name, req, f->nullable, f->min, f->max, NULL, errors);
			break;
		case RES_ENUM:
			if (m != NULL && json_is_null(m) && f->nullable)
				break;
			values[i] =
			    v_enum(body, f->name, req,
				   field_codes(f, tmp, sizeof(tmp) / sizeof(tmp[0])), errors);
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

/* Runs a kind's insert or update: one row, its id into `id` (when not NULL); a unique violation
 * of r->conflicts answers 409 in the kind's words, other failures as dbjson_error, no row 404.
 * Returns 0 or the status answered. */
static int res_exec(struct http_req *req, const struct resource *r, const char *stmt, int n,
		    const char *const *values, char *id)
{
	PGresult *res = db_exec(req->db, stmt, n, values);
	const struct res_conflict *c = r->conflicts;
	const char *name;
	int rc = 0;

	if (!db_ok(res)) {
		name = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
		while (c != NULL && c->constraint != NULL &&
		       (name == NULL || strcmp(c->constraint, name) != 0))
			c++;
		rc = c != NULL && c->constraint != NULL
			 ? http_problem(req, 409, "conflict", c->detail, NULL, NULL)
			 : dbjson_error(req, res);
	} else if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
	} else if (id != NULL) {
		snprintf(id, 37, "%s", PQgetvalue(res, 0, 0));
	}
	PQclear(res);
	return rc;
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

/* Writes the parts given (`parts`, NULL: none) of record `id`; on failure the audit detail
 * `detail` is freed. Returns 0 or the status answered. */
static int write_parts(struct http_req *req, const struct resource *r, const char *id,
		       json_t *parts, const PGresult *cur, json_t *detail)
{
	int rc;

	if (parts == NULL || r->parts_write == NULL)
		return 0;
	rc = r->parts_write(req, id, parts, cur, detail);
	if (rc != 0)
		json_decref(detail);
	return rc;
}

/* What rest_finish_wrapped hands a kind's answer hook. */
struct answer_ctx {
	const struct resource *r;
	const char *scratch;
};

static json_t *wrap_answer(json_t *obj, const char *id, void *ctx)
{
	const struct answer_ctx *a = ctx;

	return a->r->answer(obj, id, a->scratch);
}

int res_create(struct http_req *req, const struct resource *r)
{
	const char *values[RES_MAX_FIELDS + 3], *client_id = NULL;
	int present[RES_MAX_FIELDS];
	json_t *body = NULL, *fields = NULL, *errors = json_array(), *detail, *parts = NULL;
	size_t n = field_count(r), off = r->parent != NULL ? 2 : 1;
	void *owned = NULL;
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
	fields = r->no_client_id ? json_copy(body) : v_client_id(body, &client_id, errors);
	if (r->read != NULL) {
		res_members(r, fields, 1, errors);
		r->read(fields, NULL, values + off, scratch, errors);
	} else {
		res_read(r, fields, 1, values + off, present, errors);
		if (r->more != NULL)
			owned = r->more(fields, 1, values + off, present, errors);
		if (r->format != NULL)
			r->format(values + off, present, 1, errors);
	}
	if (r->parts_read != NULL)
		parts = r->parts_read(fields, 1, errors);
	if (json_array_size(errors) == 0 && r->rule != NULL)
		r->rule(values + off, errors);
	rc =
	    r->answer != NULL ? rest_invalid(req, &errors) : rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	if (r->check != NULL) {
		rc = r->check(req, values + off, NULL);
		if (rc != 0)
			goto out;
	}
	if (r->before != NULL) {
		rc = r->before(req, values + off, NULL, scratch);
		if (rc != 0)
			goto out;
	}
	if (r->parent != NULL)
		values[0] = req->params[0];
	values[off - 1] = auth_scope(req);
	values[n + off] = client_id;
	rc = res_exec(req, r, r->insert, (int)(n + off + (r->no_client_id ? 0 : 1)), values, id);
	if (rc != 0)
		goto out;
	if (r->after != NULL) {
		rc = r->after(req, id, values + off, NULL);
		if (rc != 0)
			goto out;
	}
	detail = detail_values(json_object(), r, r->create_detail, 4, values + off);
	if (r->parent != NULL && r->parent_key != NULL)
		json_object_set_new(detail, r->parent_key, json_string(req->params[0]));
	rc = write_parts(req, r, id, parts, NULL, detail);
	if (rc != 0)
		goto out;
	if (r->answer != NULL)
		rc = rest_finish_wrapped(req, &r->kind, r->audit_create, id, detail, wrap_answer,
					 &(struct answer_ctx){r, scratch});
	else
		rc = rest_finish(req, &r->kind, r->audit_create, id, detail, 201, 0, body);
out:
	explicit_bzero(scratch, sizeof(scratch));
	if (owned != NULL)
		r->more_free(owned);
	json_decref(body);
	json_decref(fields);
	json_decref(parts);
	json_decref(errors);
	return rc;
}

int res_patch(struct http_req *req, const struct resource *r)
{
	const char *id = req->params[0];
	const char *values[RES_MAX_FIELDS + 2], *read[RES_MAX_FIELDS];
	int present[RES_MAX_FIELDS];
	json_t *body = NULL, *errors = json_array(), *detail, *parts = NULL;
	PGresult *cur = NULL;
	void *owned = NULL;
	size_t i, n = field_count(r);
	_Alignas(max_align_t) char scratch[RES_SCRATCH];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	if (r->read != NULL) {
		res_members(r, body, 0, errors);
	} else {
		res_read(r, body, 0, read, present, errors);
		if (r->more != NULL)
			owned = r->more(body, 0, read, present, errors);
		if (r->format != NULL)
			r->format(read, present, 0, errors);
	}
	if (r->parts_read != NULL)
		parts = r->parts_read(body, 0, errors);
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	if (r->guard != NULL) {
		rc = r->guard(req, id);
		if (rc != 0)
			goto out;
	}
	rc = rest_load_for_change(req, r->get_locked, id, &cur);
	if (rc != 0)
		goto out;
	if (r->read != NULL) {
		r->read(body, cur, values + 2, scratch, errors);
		rc = rest_invalid(req, &errors);
		if (rc != 0)
			goto out;
	}
	if ((col_true(cur, 0, "archived") && !r->restore) || col_true(cur, 0, r->parent_archived)) {
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
	if (r->before != NULL) {
		rc = r->before(req, values + 2, cur, scratch);
		if (rc != 0)
			goto out;
	}
	rc = res_exec(req, r, r->update, (int)n + 2, values, NULL);
	if (rc != 0)
		goto out;
	if (r->after != NULL) {
		rc = r->after(req, id, values + 2, cur);
		if (rc != 0)
			goto out;
	}
	detail = detail_values(json_deep_copy(body), r, r->update_detail, 3, values + 2);
	rc = write_parts(req, r, id, parts, cur, detail);
	if (rc != 0)
		goto out;
	rc = rest_finish(req, &r->kind, r->audit_update, id, detail, 200, 0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	json_decref(parts);
	if (owned != NULL)
		r->more_free(owned);
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
	if (r->guard != NULL) {
		int rc;

		http_discard_body(req);
		rc = r->guard(req, req->params[0]);
		if (rc != 0)
			return rc;
	}
	return rest_archive(req, &spec);
}

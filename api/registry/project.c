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
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct rest_kind project_kind = {"project_get", "project", "/api/v1/projects/", NULL};

/* Whether `s` is a calendar date YYYY-MM-DD (years 1900..2199). */
static int date_ok(const char *s)
{
	static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") != 10)
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* The fields of a project body, in the order of project_insert's $3..$9. */
enum { PF_NAME, PF_CONTRACTOR, PF_PERMIT, PF_OTHER, PF_START, PF_END, PF_STATUS, PF_COUNT };
static const char *const pf_names[PF_COUNT] = {"name",		"contractor", "construction_permit",
					       "other_permits", "start_date", "end_date",
					       "status"};

struct pj_fields {
	const char *value[PF_COUNT];
	int present[PF_COUNT];
};

static const char *date_field(json_t *body, const char *name, int *present, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s = v_string(body, name, 0, 1, 1, 10, present, errors);

	if (s != NULL && json_array_size(errors) == before && !date_ok(s)) {
		v_error(errors, name, "format", "A date: YYYY-MM-DD.");
		return NULL;
	}
	return s;
}

static void pj_read(json_t *body, int creating, struct pj_fields *f, json_t *errors)
{
	static const char *const allowed[] = {"name",	       "contractor", "construction_permit",
					      "other_permits", "start_date", "end_date",
					      "status",	       NULL};

	memset(f, 0, sizeof(*f));
	v_only(body, allowed, errors);
	f->value[PF_NAME] =
	    v_string(body, "name", creating, 0, 1, 200, &f->present[PF_NAME], errors);
	f->value[PF_CONTRACTOR] =
	    v_string(body, "contractor", 0, 1, 1, 200, &f->present[PF_CONTRACTOR], errors);
	f->value[PF_PERMIT] =
	    v_string(body, "construction_permit", 0, 1, 1, 64, &f->present[PF_PERMIT], errors);
	f->value[PF_OTHER] =
	    v_string(body, "other_permits", 0, 1, 1, 500, &f->present[PF_OTHER], errors);
	f->value[PF_START] = date_field(body, "start_date", &f->present[PF_START], errors);
	f->value[PF_END] = date_field(body, "end_date", &f->present[PF_END], errors);
	f->present[PF_STATUS] = json_object_get(body, "status") != NULL;
	f->value[PF_STATUS] =
	    v_enum(body, "status", 0, labels_codes(labels_project_status), errors);
	if (creating && !f->present[PF_STATUS])
		f->value[PF_STATUS] = "planned";
}

/* Adds the error of an end before the start (dates compare as text in this shape). */
static void dates_rule(const char *start, const char *end, json_t *errors)
{
	if (start != NULL && end != NULL && strcmp(end, start) < 0)
		v_error(errors, "end_date", "range", "The end date is before the start date.");
}

int project_get(struct http_req *req)
{
	return rest_get(req, &project_kind);
}

int project_create(struct http_req *req)
{
	struct pj_fields f;
	json_t *body = NULL, *fields = NULL, *errors = json_array();
	PGresult *res = NULL;
	const char *values[PF_COUNT + 3], *client_id;
	char id[37];
	int rc, k;

	rc = child_institution(req, 1);
	if (rc != 0)
		goto out;
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	fields = v_client_id(body, &client_id, errors);
	pj_read(fields, 1, &f, errors);
	dates_rule(f.value[PF_START], f.value[PF_END], errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = idem_check(req, body);
	if (rc != 0) {
		rc = req->status;
		goto out;
	}
	values[0] = req->params[0];
	values[1] = auth_scope(req);
	for (k = 0; k < PF_COUNT; k++)
		values[k + 2] = f.value[k];
	values[PF_COUNT + 2] = client_id;
	res = db_exec(req->db, "project_insert", PF_COUNT + 3, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_finish(req, &project_kind, "project.create", id,
			 json_pack("{s:s, s:s, s:s}", "institution_id", req->params[0], "name",
				   f.value[PF_NAME], "status", f.value[PF_STATUS]),
			 201, 0, body);
out:
	json_decref(body);
	json_decref(fields);
	json_decref(errors);
	PQclear(res);
	return rc;
}

int project_patch(struct http_req *req)
{
	const char *id = req->params[0];
	struct pj_fields f;
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *res = NULL;
	const char *values[PF_COUNT + 2];
	int rc, k;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	pj_read(body, 0, &f, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = rest_load(req, "project_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	if (!rest_if_match(req, rest_col_long(cur, "version"))) {
		rc = req->status;
		goto out;
	}
	if (strcmp(rest_col(cur, 0, "_archived"), "t") == 0) {
		rc = child_archived(req);
		goto out;
	}
	values[0] = id;
	values[1] = auth_scope(req);
	for (k = 0; k < PF_COUNT; k++)
		values[k + 2] = f.present[k] ? f.value[k] : rest_col(cur, 0, pf_names[k]);
	dates_rule(values[PF_START + 2], values[PF_END + 2], errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	res = db_exec(req->db, "project_update", PF_COUNT + 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = rest_finish(req, &project_kind, "project.update", id, json_deep_copy(body), 200, 0,
			 NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(res);
	return rc;
}

int project_delete(struct http_req *req)
{
	static const struct rest_archive_spec spec = {
	    &project_kind,
	    "project_get_locked",
	    "project_archive",
	    "project.archive",
	    {"institution_id", "name", NULL},
	};

	return rest_archive(req, &spec);
}

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
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct rest_kind location_kind = {"location_get", "key_location", "/api/v1/key-locations/",
					NULL};

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

int location_get(struct http_req *req)
{
	return rest_get(req, &location_kind);
}

/* The fields of a key location body; with `creating`, kind and name are required. */
struct kl_fields {
	const char *kind, *name, *note;
	int duty, note_present;
};

static void kl_read(json_t *body, int creating, struct kl_fields *f, json_t *errors)
{
	static const char *const allowed[] = {"kind", "name", "duty_24h", "note", NULL};

	memset(f, 0, sizeof(*f));
	f->duty = -1;
	v_only(body, allowed, errors);
	f->kind = v_enum(body, "kind", creating, labels_codes(labels_location_kind), errors);
	f->name = v_string(body, "name", creating, 0, 1, 100, NULL, errors);
	if (v_bool(body, "duty_24h", 0, &f->duty, errors) != 1)
		f->duty = -1;
	f->note = v_string(body, "note", 0, 1, 0, 500, &f->note_present, errors);
}

int location_create(struct http_req *req)
{
	struct kl_fields f;
	json_t *body = NULL, *fields = NULL, *errors = json_array();
	PGresult *res = NULL;
	const char *values[7], *client_id;
	char id[37];
	int rc;

	rc = child_institution(req, 1);
	if (rc != 0)
		goto out;
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	fields = v_client_id(body, &client_id, errors);
	kl_read(fields, 1, &f, errors);
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
	values[2] = f.kind;
	values[3] = f.name;
	values[4] = f.duty == 1 ? "true" : "false";
	values[5] = f.note;
	values[6] = client_id;
	res = db_exec(req->db, "location_insert", 7, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_finish(req, &location_kind, "key_location.create", id,
			 json_pack("{s:s, s:s, s:s}", "institution_id", req->params[0], "kind",
				   f.kind, "name", f.name),
			 201, 0, body);
out:
	json_decref(body);
	json_decref(fields);
	json_decref(errors);
	PQclear(res);
	return rc;
}

int location_patch(struct http_req *req)
{
	const char *id = req->params[0];
	struct kl_fields f;
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *res = NULL;
	const char *values[6];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_not_empty(body, errors);
	kl_read(body, 0, &f, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = rest_load(req, "location_get_locked", id, &cur);
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
	values[2] = f.kind != NULL ? f.kind : rest_col(cur, 0, "kind");
	values[3] = f.name != NULL ? f.name : rest_col(cur, 0, "name");
	values[4] = f.duty == -1 ? rest_col(cur, 0, "duty_24h") : (f.duty ? "true" : "false");
	values[5] = f.note_present ? f.note : rest_col(cur, 0, "note");
	res = db_exec(req->db, "location_update", 6, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = rest_finish(req, &location_kind, "key_location.update", id, json_deep_copy(body), 200,
			 0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(res);
	return rc;
}

int location_delete(struct http_req *req)
{
	static const struct rest_archive_spec spec = {
	    &location_kind,
	    "location_get_locked",
	    "location_archive",
	    "key_location.archive",
	    {"institution_id", "name", NULL},
	};

	return rest_archive(req, &spec);
}

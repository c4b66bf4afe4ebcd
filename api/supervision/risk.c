/* The risk endpoints (风险数据库): read, record, edit and archive the risks of the
 * institutions of the caller's subtree. Score and grade are the server's (risk_grade.h): a client
 * never sends them, and every edit regrades. */
#include "risk.h"
#include "audit.h"
#include "auth.h"
#include "config.h"
#include "dbjson.h"
#include "fields.h"
#include "idempotency.h"
#include "labels.h"
#include "rest.h"
#include "risk_grade.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *risk_allowed_actions(struct http_req *req, const PGresult *res, int row);

const struct rest_kind risk_kind = {"risk_get", "risk", "/api/v1/risks/", risk_allowed_actions};

/* The writable values of a risk as statement parameters: the request merged into the current
 * row (PATCH) or alone (POST), graded. */
struct risk_values {
	const char *key_location_id, *name, *category, *method, *measures, *control_level;
	const char *control_person, *review_date, *grade;
	char lec_l[16], lec_e[16], lec_c[16], likelihood[8], severity[8], score[32];
	int key_location_present;
};

/* A nullable string member: *present tells whether it was sent; NULL for null. */
static const char *nullable_string(json_t *body, const char *field, size_t max, int *present,
				   json_t *errors)
{
	return v_string(body, field, 0, 1, 1, max, present, errors);
}

/* A nullable enum member. */
static const char *nullable_enum(json_t *body, const char *field, const char *const *values,
				 int *present, json_t *errors)
{
	json_t *v = json_object_get(body, field);

	*present = v != NULL;
	if (v == NULL || json_is_null(v))
		return NULL;
	return v_enum(body, field, 0, values, errors);
}

/* A number from the body or else the current row (`cur` may be NULL); table-checked by `ok`.
 * Writes its text into out. Returns 1 when a value is known, 0 when none, -1 on an error. */
static int method_value(json_t *body, const char *field, const PGresult *cur, int cur_same,
			int (*ok)(double), const char *allowed, char *out, size_t len,
			json_t *errors)
{
	double v = 0;
	int rc = fields_number(body, field, &v, errors);
	char msg[96];

	out[0] = '\0';
	if (rc < 0)
		return -1;
	if (rc == 0) {
		const char *c = cur != NULL && cur_same ? rest_col(cur, 0, field) : NULL;
		if (c == NULL)
			return 0;
		v = strtod(c, NULL);
	}
	if (!ok(v)) {
		snprintf(msg, sizeof(msg), "One of %s.", allowed);
		v_error(errors, field, "enum", msg);
		return -1;
	}
	snprintf(out, len, "%g", v);
	return 1;
}

/* Fields of the other method must not be sent. */
static void not_for_method(json_t *body, const char *const *fields, const char *method,
			   json_t *errors)
{
	char msg[64];

	for (; *fields != NULL; fields++) {
		if (json_object_get(body, *fields) != NULL) {
			snprintf(msg, sizeof(msg), "Not used by method %s.", method);
			v_error(errors, *fields, "not_allowed", msg);
		}
	}
}

static int matrix_ok(double v)
{
	return risk_grade_matrix_ok(v);
}

/* Reads and checks the body into *rv (strings borrowed from body or cur), with score and grade
 * computed. `cur` is the current row (PATCH) or NULL (POST: the required members must be
 * there). Errors are added to `errors`. */
static void risk_values_read(json_t *body, const PGresult *cur, struct risk_values *rv,
			     json_t *errors)
{
	static const char *const lec_fields[] = {"lec_l", "lec_e", "lec_c", NULL};
	static const char *const matrix_fields[] = {"likelihood", "severity", NULL};
	const char *cur_method = cur != NULL ? rest_col(cur, 0, "method") : NULL;
	const char *kl;
	int create = cur == NULL, present = 0, same, n = 0;
	size_t before;
	long d100;

	memset(rv, 0, sizeof(*rv));
	kl = NULL;
	if (json_object_get(body, "key_location_id") != NULL) {
		rv->key_location_present = 1;
		if (!json_is_null(json_object_get(body, "key_location_id")))
			kl = v_uuid(body, "key_location_id", 0, errors);
	} else if (cur != NULL) {
		kl = rest_col(cur, 0, "key_location_id");
	}
	rv->key_location_id = kl;
	rv->name = v_string(body, "name", create, 0, 1, 200, NULL, errors);
	if (rv->name == NULL && cur != NULL)
		rv->name = rest_col(cur, 0, "name");
	rv->category = v_enum(body, "category", create, labels_codes(labels_risk_category), errors);
	if (rv->category == NULL && cur != NULL)
		rv->category = rest_col(cur, 0, "category");
	rv->method = v_enum(body, "method", create, labels_codes(labels_risk_method), errors);
	if (rv->method == NULL && cur != NULL && json_object_get(body, "method") == NULL)
		rv->method = cur_method;
	rv->measures = nullable_string(body, "measures", 2000, &present, errors);
	if (!present && cur != NULL)
		rv->measures = rest_col(cur, 0, "measures");
	rv->control_level = nullable_enum(body, "control_level", labels_codes(labels_control_level),
					  &present, errors);
	if (!present && cur != NULL)
		rv->control_level = rest_col(cur, 0, "control_level");
	rv->control_person = nullable_string(body, "control_person", 64, &present, errors);
	if (!present && cur != NULL)
		rv->control_person = rest_col(cur, 0, "control_person");
	rv->review_date = fields_date(body, "review_date", 0, 1, &present, errors);
	if (!present && cur != NULL)
		rv->review_date = rest_col(cur, 0, "review_date");
	if (rv->method == NULL)
		return;
	same = cur_method != NULL && strcmp(cur_method, rv->method) == 0;
	before = json_array_size(errors);
	if (strcmp(rv->method, "lec") == 0) {
		const char *const *f;
		not_for_method(body, matrix_fields, "lec", errors);
		n += method_value(body, "lec_l", cur, same, risk_grade_lec_l_ok,
				  "0.1, 0.2, 0.5, 1, 3, 6, 10", rv->lec_l, sizeof(rv->lec_l),
				  errors) == 1;
		n += method_value(body, "lec_e", cur, same, risk_grade_lec_e_ok,
				  "0.5, 1, 2, 3, 6, 10", rv->lec_e, sizeof(rv->lec_e), errors) == 1;
		n +=
		    method_value(body, "lec_c", cur, same, risk_grade_lec_c_ok,
				 "1, 3, 7, 15, 40, 100", rv->lec_c, sizeof(rv->lec_c), errors) == 1;
		if (json_array_size(errors) != before)
			return;
		for (f = lec_fields; n < 3 && *f != NULL; f++) {
			if (json_object_get(body, *f) == NULL && !(same && rest_col(cur, 0, *f)))
				v_error(errors, *f, "required", "Required by method lec.");
		}
		if (n < 3)
			return;
		d100 = risk_grade_lec_score100(strtod(rv->lec_l, NULL), strtod(rv->lec_e, NULL),
					       strtod(rv->lec_c, NULL));
		risk_grade_format100(d100, rv->score, sizeof(rv->score));
		rv->grade = risk_grade_lec(d100, &config.risk_lec);
	} else {
		const char *const *f;
		long r;
		not_for_method(body, lec_fields, "matrix", errors);
		n += method_value(body, "likelihood", cur, same, matrix_ok, "1, 2, 3, 4, 5",
				  rv->likelihood, sizeof(rv->likelihood), errors) == 1;
		n += method_value(body, "severity", cur, same, matrix_ok, "1, 2, 3, 4, 5",
				  rv->severity, sizeof(rv->severity), errors) == 1;
		if (json_array_size(errors) != before)
			return;
		for (f = matrix_fields; n < 2 && *f != NULL; f++) {
			if (json_object_get(body, *f) == NULL && !(same && rest_col(cur, 0, *f)))
				v_error(errors, *f, "required", "Required by method matrix.");
		}
		if (n < 2)
			return;
		r = atol(rv->likelihood) * atol(rv->severity);
		snprintf(rv->score, sizeof(rv->score), "%ld", r);
		rv->grade = risk_grade_matrix(r, &config.risk_matrix);
	}
}

/* Whether key location `kl` belongs to institution `inst` (in the subtree). Returns 0 when it
 * does; otherwise it has answered (404 or an error) and returns the status. */
static int key_location_check(struct http_req *req, const char *kl, const char *inst)
{
	const char *values[3] = {kl, inst, auth_scope(req)};

	return rest_exec_one(req, "risk_key_location", 3, values);
}

/* The parameters 2..16 of risk_create / risk_update from rv. */
static void risk_params(const struct risk_values *rv, const char **values)
{
	int lec = strcmp(rv->method, "lec") == 0;

	values[1] = rv->key_location_id;
	values[2] = rv->name;
	values[3] = rv->category;
	values[4] = rv->method;
	values[5] = lec ? rv->lec_l : NULL;
	values[6] = lec ? rv->lec_e : NULL;
	values[7] = lec ? rv->lec_c : NULL;
	values[8] = lec ? NULL : rv->likelihood;
	values[9] = lec ? NULL : rv->severity;
	values[10] = rv->score;
	values[11] = rv->grade;
	values[12] = rv->measures;
	values[13] = rv->control_level;
	values[14] = rv->control_person;
	values[15] = rv->review_date;
}

/* Returns a new reference: what the caller may do with risk row 0 of `res`, by the rules of
 * risk_patch and risk_delete: risk:write, and an archived risk is neither changed nor archived
 * again. Codes: update, archive. */
static json_t *risk_allowed_actions(struct http_req *req, const PGresult *res, int row)
{
	json_t *out = json_array();

	if (roles_allows(req->auth->role, PERM_RISK_WRITE) &&
	    strcmp(rest_col(res, row, "archived"), "t") != 0) {
		json_array_append_new(out, json_string("update"));
		json_array_append_new(out, json_string("archive"));
	}
	return out;
}

int risk_get(struct http_req *req)
{
	return rest_get(req, &risk_kind);
}

int risk_create(struct http_req *req)
{
	static const char *const allowed[] = {
	    "institution_id", "key_location_id", "name",	   "category",	  "method",
	    "lec_l",	      "lec_e",		 "lec_c",	   "likelihood",  "severity",
	    "measures",	      "control_level",	 "control_person", "review_date", NULL};
	json_t *body = NULL, *fields = NULL, *errors = json_array();
	PGresult *inst = NULL, *res = NULL;
	struct risk_values rv;
	const char *institution_id, *client_id, *values[18];
	char id[37];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	fields = v_client_id(body, &client_id, errors);
	v_only(fields, allowed, errors);
	institution_id = v_uuid(fields, "institution_id", 1, errors);
	risk_values_read(fields, NULL, &rv, errors);
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
	values[0] = institution_id;
	values[1] = auth_scope(req);
	inst = db_exec(req->db, "risk_institution", 2, values);
	if (!db_ok(inst)) {
		rc = dbjson_error(req, inst);
		goto out;
	}
	if (PQntuples(inst) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	if (strcmp(rest_col(inst, 0, "archived"), "t") == 0) {
		rc = http_problem(req, 409, "conflict", "The institution is archived.", NULL, NULL);
		goto out;
	}
	if (rv.key_location_id != NULL) {
		rc = key_location_check(req, rv.key_location_id, institution_id);
		if (rc != 0)
			goto out;
	}
	values[0] = institution_id;
	risk_params(&rv, values);
	values[16] = auth_scope(req);
	values[17] = client_id;
	res = db_exec(req->db, "risk_create", 18, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	rc = rest_finish(req, &risk_kind, "risk.create", id,
			 json_pack("{s:s, s:s, s:s, s:s}", "institution_id", institution_id, "name",
				   rv.name, "score", rv.score, "grade", rv.grade),
			 201, 0, body);
out:
	json_decref(body);
	json_decref(fields);
	json_decref(errors);
	PQclear(inst);
	PQclear(res);
	return rc;
}

int risk_patch(struct http_req *req)
{
	static const char *const allowed[] = {
	    "key_location_id", "name",		 "category",	"method",   "lec_l",
	    "lec_e",	       "lec_c",		 "likelihood",	"severity", "measures",
	    "control_level",   "control_person", "review_date", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array(), *detail = NULL;
	PGresult *cur = NULL, *res = NULL;
	struct risk_values rv;
	const char *values[17];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	if (v_only(body, allowed, errors) + v_not_empty(body, errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = rest_load(req, "risk_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	if (!rest_if_match(req, rest_col_long(cur, "version"))) {
		rc = req->status;
		goto out;
	}
	risk_values_read(body, cur, &rv, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	if (strcmp(rest_col(cur, 0, "archived"), "t") == 0) {
		rc = http_problem(req, 409, "conflict", "Archived risks cannot be changed.", NULL,
				  NULL);
		goto out;
	}
	if (rv.key_location_present && rv.key_location_id != NULL) {
		rc =
		    key_location_check(req, rv.key_location_id, rest_col(cur, 0, "institution_id"));
		if (rc != 0)
			goto out;
	}
	values[0] = id;
	risk_params(&rv, values);
	values[16] = auth_scope(req);
	res = db_exec(req->db, "risk_update", 17, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	detail = json_deep_copy(body);
	json_object_set_new(detail, "score", json_string(rv.score));
	json_object_set_new(detail, "grade", json_string(rv.grade));
	rc = rest_finish(req, &risk_kind, "risk.update", id, detail, 200, 0, NULL);
	detail = NULL;
out:
	json_decref(body);
	json_decref(errors);
	json_decref(detail);
	PQclear(cur);
	PQclear(res);
	return rc;
}

int risk_delete(struct http_req *req)
{
	static const struct rest_archive_spec spec = {
	    &risk_kind, "risk_get_locked", "risk_archive", "risk.archive", {"name", "grade", NULL},
	};

	return rest_archive(req, &spec);
}

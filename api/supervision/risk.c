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
#include "resource.h"
#include "rest.h"
#include "risk_grade.h"
#include "roles.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *risk_allowed_actions(struct http_req *req, const PGresult *res, int row);

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

/* The values of a risk, in the order of risk_create's $2.. and risk_update's $3... */
enum {
	RV_INSTITUTION,
	RV_KEY_LOCATION,
	RV_NAME,
	RV_CATEGORY,
	RV_METHOD,
	RV_LEC_L,
	RV_LEC_E,
	RV_LEC_C,
	RV_LIKELIHOOD,
	RV_SEVERITY,
	RV_SCORE,
	RV_GRADE,
	RV_MEASURES,
	RV_CONTROL_LEVEL,
	RV_CONTROL_PERSON,
	RV_REVIEW_DATE,
};

/* The descriptor's read: the members checked, merged over the current row and graded
 * (risk_values_read), as statement values; the institution is the body's on create, the
 * record's on PATCH. */
static void risk_read(json_t *body, const PGresult *cur, const char **values, char *scratch,
		      json_t *errors)
{
	struct risk_values *rv = (struct risk_values *)scratch;
	int lec;

	_Static_assert(sizeof(struct risk_values) <= RES_SCRATCH, "risk values fit the scratch");
	memset(values, 0, (RV_REVIEW_DATE + 1) * sizeof(*values));
	values[RV_INSTITUTION] = cur != NULL ? rest_col(cur, 0, "institution_id")
					     : v_uuid(body, "institution_id", 1, errors);
	risk_values_read(body, cur, rv, errors);
	if (rv->method == NULL)
		return;
	lec = strcmp(rv->method, "lec") == 0;
	values[RV_KEY_LOCATION] = rv->key_location_id;
	values[RV_NAME] = rv->name;
	values[RV_CATEGORY] = rv->category;
	values[RV_METHOD] = rv->method;
	values[RV_LEC_L] = lec ? rv->lec_l : NULL;
	values[RV_LEC_E] = lec ? rv->lec_e : NULL;
	values[RV_LEC_C] = lec ? rv->lec_c : NULL;
	values[RV_LIKELIHOOD] = lec ? NULL : rv->likelihood;
	values[RV_SEVERITY] = lec ? NULL : rv->severity;
	values[RV_SCORE] = rv->score;
	values[RV_GRADE] = rv->grade;
	values[RV_MEASURES] = rv->measures;
	values[RV_CONTROL_LEVEL] = rv->control_level;
	values[RV_CONTROL_PERSON] = rv->control_person;
	values[RV_REVIEW_DATE] = rv->review_date;
}

/* The descriptor's check: on create the institution exists in the subtree (404) and is not
 * archived (409); a key location is the institution's (404). */
static int risk_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	const char *inst_values[2] = {values[RV_INSTITUTION], auth_scope(req)};
	PGresult *inst;
	int rc = 0;

	if (cur == NULL) {
		inst = db_exec(req->db, "risk_institution", 2, inst_values);
		if (!db_ok(inst))
			rc = dbjson_error(req, inst);
		else if (PQntuples(inst) != 1)
			rc = rest_not_found(req);
		else if (strcmp(rest_col(inst, 0, "archived"), "t") == 0)
			rc = http_problem(req, 409, "conflict", "The institution is archived.",
					  NULL, NULL);
		PQclear(inst);
		if (rc != 0)
			return rc;
	}
	if (values[RV_KEY_LOCATION] != NULL)
		rc = key_location_check(req, values[RV_KEY_LOCATION], values[RV_INSTITUTION]);
	return rc;
}

static const struct res_field risk_fields[] = {
    [RV_INSTITUTION] = {"institution_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, 1},
    [RV_KEY_LOCATION] = {"key_location_id", RES_UUID, 0, 1, 0, 0, NULL, NULL, 0},
    [RV_NAME] = {"name", RES_TEXT, 1, 0, 1, 200, NULL, NULL, 0},
    [RV_CATEGORY] = {"category", RES_ENUM, 1, 0, 0, 0, labels_risk_category, NULL, 0},
    [RV_METHOD] = {"method", RES_ENUM, 1, 0, 0, 0, labels_risk_method, NULL, 0},
    [RV_LEC_L] = {"lec_l", RES_TEXT, 0, 1, 0, 0, NULL, NULL, 0},
    [RV_LEC_E] = {"lec_e", RES_TEXT, 0, 1, 0, 0, NULL, NULL, 0},
    [RV_LEC_C] = {"lec_c", RES_TEXT, 0, 1, 0, 0, NULL, NULL, 0},
    [RV_LIKELIHOOD] = {"likelihood", RES_TEXT, 0, 1, 0, 0, NULL, NULL, 0},
    [RV_SEVERITY] = {"severity", RES_TEXT, 0, 1, 0, 0, NULL, NULL, 0},
    [RV_SCORE] = {"score", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    [RV_GRADE] = {"grade", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    [RV_MEASURES] = {"measures", RES_PROSE, 0, 1, 1, 2000, NULL, NULL, 0},
    [RV_CONTROL_LEVEL] = {"control_level", RES_ENUM, 0, 1, 0, 0, labels_control_level, NULL, 0},
    [RV_CONTROL_PERSON] = {"control_person", RES_TEXT, 0, 1, 1, 64, NULL, NULL, 0},
    [RV_REVIEW_DATE] = {"review_date", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* Risks (风险数据库): the members are read and graded by risk_read; the rest is the descriptor's.
 */
const struct resource risk_resource = {
    .kind = {"risk_get", "risk", "/api/v1/risks/", risk_allowed_actions, NULL, NULL},
    .get_locked = "risk_get_locked",
    .insert = "risk_create",
    .update = "risk_update",
    .archive = "risk_archive",
    .fields = risk_fields,
    .write = PERM_RISK_WRITE,
    .read = risk_read,
    .check = risk_check,
    .audit_create = "risk.create",
    .audit_update = "risk.update",
    .audit_archive = "risk.archive",
    .create_detail = {"institution_id", "name", "score", "grade"},
    .archive_detail = {"name", "grade", NULL},
    .update_detail = {"score", "grade", NULL},
};

RES_HANDLERS(risk, risk_resource, risk_allowed_actions)

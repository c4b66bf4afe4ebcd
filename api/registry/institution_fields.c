/* Reading and checking the fields of an institution record from a JSON body. */
#include "institution_fields.h"
#include "ccode.h"
#include "institution.h"
#include "labels.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const inst_field_names[IF_COUNT] = {
    "credit_code",     "type",	    "grade",	 "ownership",	   "address",  "longitude",
    "latitude",	       "beds",	    "staff",	 "principal",	   "contacts", "safety_department",
    "safety_officers", "grid_name", "grid_head", "grid_head_phone"};

/* A member of a sub-object: its name, longest text, and whether it is a phone number. */
struct member {
	const char *name;
	size_t max;
	int phone;
	int required;
};

static const struct member principal_members[] = {
    {"name", 64, 0, 0}, {"phone", 20, 1, 0}, {NULL, 0, 0, 0}};
static const struct member contact_members[] = {
    {"name", 64, 0, 1}, {"role", 64, 0, 0}, {"phone", 20, 1, 0}, {NULL, 0, 0, 0}};
static const struct member department_members[] = {
    {"name", 100, 0, 0}, {"head", 64, 0, 0}, {"phone", 20, 1, 0}, {NULL, 0, 0, 0}};
static const struct member officer_members[] = {
    {"department", 100, 0, 0}, {"name", 64, 0, 1}, {"phone", 20, 1, 0}, {NULL, 0, 0, 0}};

#define CONTACTS_MAX 50
#define OFFICERS_MAX 500

int institution_phone_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 7 && n <= 20 && strspn(s, "0123456789-") == n;
}

/* Runs v_string on `obj`'s member `key` and re-labels its errors with `label`. */
static const char *labelled_string(json_t *obj, const char *key, const char *label, int required,
				   size_t max, json_t *errors)
{
	json_t *tmp = json_array(), *e;
	const char *s = v_string(obj, key, required, 0, 1, max, NULL, tmp);
	size_t i;

	json_array_foreach(tmp, i, e)
	{
		json_object_set_new(e, "field", json_string(label));
		json_array_append(errors, e);
	}
	json_decref(tmp);
	return s;
}

/* Checks the object `obj` (named `label`) against `members`. Returns the errors added. */
static int sub_object(json_t *obj, const char *label, const struct member *members, json_t *errors)
{
	size_t before = json_array_size(errors);
	const struct member *m;
	const char *key;
	json_t *v;
	char name[128];

	if (!json_is_object(obj)) {
		v_error(errors, label, "type", "This field must be an object.");
		return 1;
	}
	json_object_foreach(obj, key, v)
	{
		(void)v;
		for (m = members; m->name != NULL && strcmp(m->name, key) != 0; m++)
			;
		if (m->name == NULL) {
			snprintf(name, sizeof(name), "%s.%.60s", label, key);
			v_error(errors, name, "unknown_field", "This field is not accepted here.");
		}
	}
	for (m = members; m->name != NULL; m++) {
		size_t n = json_array_size(errors);
		const char *s;

		snprintf(name, sizeof(name), "%s.%s", label, m->name);
		s = labelled_string(obj, m->name, name, m->required, m->max, errors);
		if (s != NULL && json_array_size(errors) == n && m->phone &&
		    !institution_phone_ok(s))
			v_error(errors, name, "format", "7 to 20 digits or '-'.");
	}
	return (int)(json_array_size(errors) - before);
}

/* Checks the array `arr` (named `label`) of at most `max` objects. */
static void sub_array(json_t *arr, const char *label, const struct member *members, size_t max,
		      json_t *errors)
{
	char name[64], msg[64];
	json_t *item;
	size_t i;

	if (!json_is_array(arr)) {
		v_error(errors, label, "type", "This field must be an array.");
		return;
	}
	if (json_array_size(arr) > max) {
		snprintf(msg, sizeof(msg), "At most %zu entries.", max);
		v_error(errors, label, "too_long", msg);
		return;
	}
	json_array_foreach(arr, i, item)
	{
		snprintf(name, sizeof(name), "%s[%zu]", label, i);
		sub_object(item, name, members, errors);
	}
}

/* A number member within [min, max]; integers only with `integer`. Sets the field's text. */
static void number(json_t *body, struct inst_fields *f, enum inst_field k, double min, double max,
		   int integer, json_t *errors)
{
	const char *name = inst_field_names[k];
	json_t *v = json_object_get(body, name);
	char buf[48], msg[96];
	double d;

	if (v == NULL || json_is_null(v))
		return;
	if (integer ? !json_is_integer(v) : !json_is_number(v)) {
		v_error(errors, name, "type",
			integer ? "This field must be an integer."
				: "This field must be a number.");
		return;
	}
	d = json_number_value(v);
	if (d < min || d > max) {
		snprintf(msg, sizeof(msg), "From %g to %g.", min, max);
		v_error(errors, name, "range", msg);
		return;
	}
	if (integer)
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
	else
		snprintf(buf, sizeof(buf), "%.6f", d);
	f->owned[k] = strdup(buf);
	f->value[k] = f->owned[k];
}

/* A JSON sub-object or array member: checked, then kept as its JSON text; null or (when
 * creating) absent becomes the empty default. */
static void json_member(json_t *body, struct inst_fields *f, enum inst_field k, int creating,
			const struct member *members, size_t array_max, json_t *errors)
{
	const char *name = inst_field_names[k];
	json_t *v = json_object_get(body, name);
	size_t before = json_array_size(errors);

	if (v == NULL && !creating)
		return;
	if (v == NULL || json_is_null(v)) {
		f->value[k] = array_max > 0 ? "[]" : "{}";
		return;
	}
	if (array_max > 0)
		sub_array(v, name, members, array_max, errors);
	else
		sub_object(v, name, members, errors);
	if (json_array_size(errors) == before) {
		f->owned[k] = json_dumps(v, JSON_COMPACT);
		f->value[k] = f->owned[k];
	}
}

int institution_credit_code_ok(const char *code, const char *field, json_t *errors)
{
	switch (ccode_validate(code)) {
	case CCODE_OK:
		return 1;
	case CCODE_CHECKSUM:
		v_error(errors, field, "checksum",
			"The check character (the 18th) does not match: the code is mistyped.");
		return 0;
	default:
		v_error(errors, field, "format",
			"18 characters of 0-9 and A-Y without I, O, S, V, Z (统一社会信用代码).");
		return 0;
	}
}

int inst_fields_read(json_t *body, int creating, struct inst_fields *f, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s;
	int k;

	memset(f, 0, sizeof(*f));
	for (k = 0; k < IF_COUNT; k++)
		f->present[k] = json_object_get(body, inst_field_names[k]) != NULL;
	s = v_string(body, "credit_code", creating, 0, 1, 18, NULL, errors);
	if (s != NULL && institution_credit_code_ok(s, "credit_code", errors))
		f->value[IF_CREDIT_CODE] = s;
	f->value[IF_TYPE] =
	    v_enum(body, "type", creating, labels_codes(labels_institution_type), errors);
	f->value[IF_GRADE] =
	    v_enum(body, "grade", 0, labels_codes(labels_institution_grade), errors);
	if (creating && !f->present[IF_GRADE])
		f->value[IF_GRADE] = "none";
	f->value[IF_OWNERSHIP] =
	    v_enum(body, "ownership", 0, labels_codes(labels_ownership), errors);
	if (creating && !f->present[IF_OWNERSHIP])
		f->value[IF_OWNERSHIP] = "public";
	f->value[IF_ADDRESS] = v_string(body, "address", 0, 1, 1, 200, NULL, errors);
	number(body, f, IF_LONGITUDE, 73, 136, 0, errors);
	number(body, f, IF_LATITUDE, 3, 54, 0, errors);
	number(body, f, IF_BEDS, 0, 100000, 1, errors);
	number(body, f, IF_STAFF, 0, 1000000, 1, errors);
	json_member(body, f, IF_PRINCIPAL, creating, principal_members, 0, errors);
	json_member(body, f, IF_CONTACTS, creating, contact_members, CONTACTS_MAX, errors);
	json_member(body, f, IF_SAFETY_DEPARTMENT, creating, department_members, 0, errors);
	json_member(body, f, IF_SAFETY_OFFICERS, creating, officer_members, OFFICERS_MAX, errors);
	f->value[IF_GRID_NAME] = v_string(body, "grid_name", 0, 1, 1, 100, NULL, errors);
	f->value[IF_GRID_HEAD] = v_string(body, "grid_head", 0, 1, 1, 64, NULL, errors);
	{
		size_t n = json_array_size(errors);
		s = v_string(body, "grid_head_phone", 0, 1, 1, 20, NULL, errors);
		if (s != NULL && json_array_size(errors) == n && !institution_phone_ok(s))
			v_error(errors, "grid_head_phone", "format", "7 to 20 digits or '-'.");
		f->value[IF_GRID_HEAD_PHONE] = s;
	}
	return (int)(json_array_size(errors) - before);
}

void inst_fields_free(struct inst_fields *f)
{
	int k;

	for (k = 0; k < IF_COUNT; k++) {
		free(f->owned[k]);
		f->owned[k] = NULL;
	}
}

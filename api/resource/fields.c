/* Field and paging helpers of the supervision handlers. */
#include "fields.h"
#include "dbjson.h"
#include "rest.h"
#include "validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fields_date_ok(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, i, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

const char *fields_date(json_t *body, const char *field, int required, int nullable, int *present,
			json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s = v_string(body, field, required, nullable, 0, 10, present, errors);

	if (s == NULL || json_array_size(errors) != before)
		return NULL;
	if (!fields_date_ok(s)) {
		v_error(errors, field, "format", "A date YYYY-MM-DD.");
		return NULL;
	}
	return s;
}

int fields_query_date(struct http_req *req, const char *name, char *buf, json_t *errors)
{
	char tmp[32];
	int rc = rest_query(req, name, tmp, sizeof(tmp), errors);

	buf[0] = '\0';
	if (rc <= 0)
		return rc;
	if (!fields_date_ok(tmp)) {
		v_error(errors, name, "format", "A date YYYY-MM-DD.");
		return -1;
	}
	memcpy(buf, tmp, 11);
	return 1;
}

int fields_query_bool(struct http_req *req, const char *name, int *out, json_t *errors)
{
	char buf[8];
	int rc = rest_query(req, name, buf, sizeof(buf), errors);

	if (rc <= 0)
		return rc;
	if (strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0) {
		*out = buf[0] == 't';
		return 1;
	}
	v_error(errors, name, "enum", "true or false.");
	return -1;
}

int fields_query_enum(struct http_req *req, const char *name, const char *const *values, char *buf,
		      size_t len, json_t *errors)
{
	const char *const *v;
	int rc = rest_query(req, name, buf, len, errors);

	if (rc <= 0)
		return rc;
	for (v = values; v != NULL && *v != NULL; v++) {
		if (strcmp(*v, buf) == 0)
			return 1;
	}
	v_error(errors, name, "enum", "This value is not one of the allowed values.");
	return -1;
}

int fields_number(json_t *body, const char *field, double *out, json_t *errors)
{
	json_t *v = json_object_get(body, field);

	if (v == NULL)
		return 0;
	if (!json_is_number(v)) {
		v_error(errors, field, "type", "This field must be a number.");
		return -1;
	}
	*out = json_number_value(v);
	return 1;
}

json_t *fields_object_array(json_t *body, const char *field, int required, size_t max,
			    const char *range, const char *not_object,
			    json_t *(*one)(json_t *item, json_t *errors), json_t *errors)
{
	json_t *list = json_object_get(body, field), *out, *item, *errs, *e, *made;
	size_t i, j, before = json_array_size(errors);
	char name[96];

	if (list == NULL) {
		if (required)
			v_error(errors, field, "required", "This field is required.");
		return NULL;
	}
	if (!json_is_array(list)) {
		v_error(errors, field, "type", "This field must be an array.");
		return NULL;
	}
	if (json_array_size(list) < 1 || json_array_size(list) > max) {
		v_error(errors, field, json_array_size(list) < 1 ? "too_short" : "too_long", range);
		return NULL;
	}
	out = json_array();
	json_array_foreach(list, i, item)
	{
		errs = json_array();
		if (!json_is_object(item)) {
			v_error(errs, "", "type", not_object);
		} else {
			made = one(item, errs);
			if (json_array_size(errs) == 0 && made != NULL)
				json_array_append(out, made);
			json_decref(made);
		}
		json_array_foreach(errs, j, e)
		{
			const char *f = json_string_value(json_object_get(e, "field"));
			snprintf(name, sizeof(name), "%s[%zu]%s%s", field, i, f[0] ? "." : "", f);
			v_error(errors, name, json_string_value(json_object_get(e, "code")),
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

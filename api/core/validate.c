/* Validation of JSON request bodies; every error names its field so a form can point at it. */
#include "validate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void v_error(json_t *errors, const char *field, const char *code, const char *message)
{
	json_array_append_new(
	    errors, json_pack("{s:s, s:s, s:s}", "field", field, "code", code, "message", message));
}

int v_only(json_t *body, const char *const *allowed, json_t *errors)
{
	const char *key;
	json_t *val;
	int n = 0;

	json_object_foreach(body, key, val)
	{
		const char *const *a;
		int ok = 0;
		(void)val;
		for (a = allowed; *a != NULL; a++) {
			if (strcmp(*a, key) == 0) {
				ok = 1;
				break;
			}
		}
		if (!ok) {
			v_error(errors, key, "unknown_field", "This field is not accepted here.");
			n++;
		}
	}
	return n;
}

int v_not_empty(json_t *body, json_t *errors)
{
	if (json_object_size(body) > 0)
		return 0;
	v_error(errors, "body", "required", "An update must name at least one member.");
	return 1;
}

size_t v_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* v_string and v_prose: `lines` lets line breaks (LF, CR) and tabs through. */
static const char *text(json_t *body, const char *field, int required, int nullable, size_t min,
			size_t max, int *present, json_t *errors, int lines)
{
	json_t *v = json_object_get(body, field);
	const char *s;
	size_t len;
	char msg[96];

	if (present != NULL)
		*present = v != NULL;
	if (v == NULL) {
		if (required)
			v_error(errors, field, "required", "This field is required.");
		return NULL;
	}
	if (json_is_null(v)) {
		if (!nullable)
			v_error(errors, field, "type", "This field must be a string.");
		return NULL;
	}
	if (!json_is_string(v)) {
		v_error(errors, field, "type", "This field must be a string.");
		return NULL;
	}
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		v_error(errors, field, "format", "This field must not contain NUL characters.");
		return NULL;
	}
	len = v_utf8_len(s);
	if (len < min) {
		snprintf(msg, sizeof(msg), "At least %zu characters.", min);
		v_error(errors, field, min <= 1 ? "required" : "too_short", msg);
		return NULL;
	}
	if (len > max) {
		snprintf(msg, sizeof(msg), "At most %zu characters.", max);
		v_error(errors, field, "too_long", msg);
		return NULL;
	}
	for (const char *p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 &&
		    !(lines && (*p == '\n' || *p == '\r' || *p == '\t'))) {
			v_error(errors, field, "format",
				lines
				    ? "Control characters other than line breaks and tabs are not "
				      "allowed."
				    : "Control characters are not allowed.");
			return NULL;
		}
	}
	if (len > 0 && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[strlen(s) - 1]))) {
		v_error(errors, field, "format", "No leading or trailing spaces.");
		return NULL;
	}
	return s;
}

const char *v_string(json_t *body, const char *field, int required, int nullable, size_t min,
		     size_t max, int *present, json_t *errors)
{
	return text(body, field, required, nullable, min, max, present, errors, 0);
}

const char *v_prose(json_t *body, const char *field, int required, int nullable, size_t min,
		    size_t max, int *present, json_t *errors)
{
	return text(body, field, required, nullable, min, max, present, errors, 1);
}

const char *v_password(json_t *body, const char *field, json_t *errors)
{
	json_t *v = json_object_get(body, field);
	const char *s = json_string_value(v);

	if (v == NULL)
		v_error(errors, field, "required", "This field is required.");
	else if (s == NULL)
		v_error(errors, field, "type", "This field must be a string.");
	else if (strlen(s) != json_string_length(v))
		v_error(errors, field, "format", "This field must not contain NUL characters.");
	else if (s[0] == '\0')
		v_error(errors, field, "too_short", "At least 1 character.");
	else if (v_utf8_len(s) > V_PASSWORD_MAX)
		v_error(errors, field, "too_long", "At most 256 characters.");
	else
		return s;
	return NULL;
}

int v_is_uuid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

const char *v_uuid(json_t *body, const char *field, int required, json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *s = v_string(body, field, required, 0, 0, 64, NULL, errors);

	if (s == NULL || json_array_size(errors) != before)
		return NULL;
	if (!v_is_uuid(s)) {
		v_error(errors, field, "format", "This field must be a UUID.");
		return NULL;
	}
	return s;
}

const char *v_enum(json_t *body, const char *field, int required, const char *const *values,
		   json_t *errors)
{
	const char *s = v_string(body, field, required, 0, 0, 64, NULL, errors);
	const char *const *v;

	if (s == NULL)
		return NULL;
	for (v = values; *v != NULL; v++) {
		if (strcmp(*v, s) == 0)
			return s;
	}
	v_error(errors, field, "enum", "This value is not one of the allowed values.");
	return NULL;
}

int v_bool(json_t *body, const char *field, int required, int *out, json_t *errors)
{
	json_t *v = json_object_get(body, field);

	if (v == NULL) {
		if (required) {
			v_error(errors, field, "required", "This field is required.");
			return -1;
		}
		return 0;
	}
	if (!json_is_boolean(v)) {
		v_error(errors, field, "type", "This field must be true or false.");
		return -1;
	}
	*out = json_is_true(v);
	return 1;
}

int v_reply(struct http_req *req, json_t *errors)
{
	return http_problem(req, 400, "validation_failed", "The request has invalid fields.",
			    errors, NULL);
}

json_t *v_client_id(json_t *body, const char **id, json_t *errors)
{
	json_t *rest = json_copy(body);

	*id = v_uuid(body, "id", 0, errors);
	json_object_del(rest, "id");
	return rest;
}

/* Validation of JSON request bodies and query values; every error names its field. */
#ifndef ANQUAN_VALIDATE_H
#define ANQUAN_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

#include "http.h"

/* Appends {field, code, message} to `errors` (an array). */
void v_error(json_t *errors, const char *field, const char *code, const char *message);

/* Adds an "unknown_field" error for every member of `body` not in `allowed` (NULL-terminated).
 * Returns the number of unknown members. */
int v_only(json_t *body, const char *const *allowed, json_t *errors);

/* A string member of `body` with a length in characters (UTF-8) within [min, max]. Returns the
 * string (borrowed from body) or NULL; adds "required" when absent and `required`, "type" when
 * not a string (or null when !nullable), "too_short"/"too_long" otherwise. *present is set to
 * whether the member exists (may be NULL). Leading/trailing spaces count as a "format" error. */
const char *v_string(json_t *body, const char *field, int required, int nullable, size_t min,
		     size_t max, int *present, json_t *errors);

/* v_string for a text of paragraphs (a report's narrative, a plan's goal, a rectification):
 * line breaks (LF, CR) and tabs are allowed inside it; other control characters are not. */
const char *v_prose(json_t *body, const char *field, int required, int nullable, size_t min,
		    size_t max, int *present, json_t *errors);

/* An update body must name at least one member (the schemas' minProperties: 1): adds a
 * "required" error on `body` when the object is empty. Returns 1 when it added one, else 0. */
int v_not_empty(json_t *body, json_t *errors);

/* The longest password in characters (the schemas' Password, LoginRequest.password). */
#define V_PASSWORD_MAX 256

/* A password member: a string of 1..V_PASSWORD_MAX characters without NUL; spaces are allowed
 * anywhere (no "format" rule on them). Returns the string (borrowed from body) or NULL with an
 * error added: "required", "type" (null included), "format" (NUL), "too_short", "too_long".
 * The policy (password_check_policy) is the caller's, which knows the user name. */
const char *v_password(json_t *body, const char *field, json_t *errors);

/* A member that must be a UUID string. Same contract as v_string. */
const char *v_uuid(json_t *body, const char *field, int required, json_t *errors);

/* A string member that must be one of `values` (NULL-terminated). */
const char *v_enum(json_t *body, const char *field, int required, const char *const *values,
		   json_t *errors);

/* A boolean member: returns 1 when present and valid (value in *out), 0 when absent, -1 on
 * error (added). */
int v_bool(json_t *body, const char *field, int required, int *out, json_t *errors);

/* Whether `s` is a canonical UUID (8-4-4-4-12 hex). */
int v_is_uuid(const char *s);

/* Number of Unicode characters in a UTF-8 string. */
size_t v_utf8_len(const char *s);

/* Sends 400 validation_failed with `errors` (stolen). Returns the status. */
int v_reply(struct http_req *req, json_t *errors);

/* A create may name its new record's UUID, made by a client offline (a phone that syncs later).
 * Returns a new reference: `body` without "id", for the resource's own member checks; *id gets
 * the UUID (borrowed from body) or NULL when absent; one that is not a UUID is a "format" error
 * naming "id". */
json_t *v_client_id(json_t *body, const char **id, json_t *errors);

#endif

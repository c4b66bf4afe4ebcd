/* Field and paging helpers of the supervision handlers (risks, checklists, inspections,
 * figures): dates, numbers, enums and booleans of query parameters and bodies. */
#ifndef ANQUAN_FIELDS_H
#define ANQUAN_FIELDS_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http.h"

/* Whether `s` is a calendar date "YYYY-MM-DD" (years 1900..2999). */
int fields_date_ok(const char *s);

/* A member that must be a date "YYYY-MM-DD" (null allowed when `nullable`). Same contract as
 * v_string: borrowed string or NULL, *present set (may be NULL). */
const char *fields_date(json_t *body, const char *field, int required, int nullable, int *present,
			json_t *errors);

/* A query parameter that must be a date. Same returns as rest_query; buf holds 11 bytes. */
int fields_query_date(struct http_req *req, const char *name, char *buf, json_t *errors);

/* A query parameter "true" or "false" (1/0 in *out). Returns 1 when present, 0 when absent, -1
 * with an "enum" error added. */
int fields_query_bool(struct http_req *req, const char *name, int *out, json_t *errors);

/* A query parameter that must be one of `values` (NULL-terminated); buf of len bytes. Same
 * returns as rest_query; a bad value is an "enum" error. */
int fields_query_enum(struct http_req *req, const char *name, const char *const *values, char *buf,
		      size_t len, json_t *errors);

/* A number member: returns 1 with the value in *out when present and a number, 0 when absent,
 * -1 with a "type" error added otherwise (null included). */
int fields_number(json_t *body, const char *field, double *out, json_t *errors);

/* An array member `field` of 1..max objects (a template's items, an inspection's inspectors),
 * each read by `one` (adding errors named after the item's members, returning a new reference
 * to the normalised item); errors name "field[i].member". `range` and `not_object` are the
 * messages of a bad length and of an item that is not an object. Returns a new reference: the
 * normalised array, or NULL when absent (an error with `required`) or refused. */
json_t *fields_object_array(json_t *body, const char *field, int required, size_t max,
			    const char *range, const char *not_object,
			    json_t *(*one)(json_t *item, json_t *errors), json_t *errors);

#endif

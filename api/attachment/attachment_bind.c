/* Binding attachments to the records they prove, and listing a record's: the C API other
 * modules (hazards, notices) call inside their own transactions (attachment.h). */
#include "attachment.h"
#include "auth.h"
#include "dbjson.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* Answers 422 naming `field` (or `field`/index when index >= 0). Returns 422. */
static int bind_refused(struct http_req *req, const char *field, long index, const char *code,
			const char *msg)
{
	char name[128];

	if (index >= 0)
		snprintf(name, sizeof(name), "%s/%ld", field, index);
	else
		snprintf(name, sizeof(name), "%s", field);
	return http_problem(req, 422, "validation_failed", msg, http_field_error(name, code, msg),
			    NULL);
}

/* Checks the shape of `ids`: an array of at most ATTACHMENT_BIND_MAX distinct UUID strings.
 * Returns 0, or the status answered. */
static int ids_valid(struct http_req *req, json_t *ids, const char *field)
{
	size_t i, j;

	if (!json_is_array(ids))
		return bind_refused(req, field, -1, "type", "A list of attachment ids.");
	if (json_array_size(ids) > ATTACHMENT_BIND_MAX)
		return bind_refused(req, field, -1, "too_many", "At most 20 attachments.");
	for (i = 0; i < json_array_size(ids); i++) {
		const char *s = json_string_value(json_array_get(ids, i));
		if (s == NULL || !v_is_uuid(s))
			return bind_refused(req, field, (long)i, "format",
					    "An attachment id (a UUID).");
		for (j = 0; j < i; j++)
			if (strcasecmp(s, json_string_value(json_array_get(ids, j))) == 0)
				return bind_refused(req, field, (long)i, "duplicate",
						    "This attachment is already in the list.");
	}
	return 0;
}

int attachment_bind(struct http_req *req, json_t *ids, const char *field, const char *record_type,
		    const char *record_id, const char *org_path, const char *kind)
{
	const char *values[6] = {NULL, record_type, record_id, kind, org_path, auth_scope(req)};
	PGresult *res = NULL;
	size_t i;
	int rc;

	if (ids == NULL)
		return 0;
	rc = ids_valid(req, ids, field);
	for (i = 0; rc == 0 && i < json_array_size(ids); i++) {
		values[0] = json_string_value(json_array_get(ids, i));
		res = db_exec(req->db, "attachment_bind", 6, values);
		if (!db_ok(res))
			rc = dbjson_error(req, res);
		else if (PQntuples(res) != 1)
			rc = bind_refused(req, field, (long)i, "not_found",
					  "No such attachment in your subtree.");
		else if (PQgetvalue(res, 0, 1)[0] != 't')
			rc = bind_refused(req, field, (long)i, "bound",
					  "This attachment belongs to another record.");
		PQclear(res);
		res = NULL;
	}
	return rc;
}

json_t *attachment_list(struct http_req *req, const char *record_type, const char *record_id)
{
	const char *values[3] = {record_type, record_id, auth_scope(req)};
	PGresult *res = db_exec(req->db, "attachment_list", 3, values);
	json_t *out = db_ok(res) ? dbjson_rows(res) : NULL;

	PQclear(res);
	return out;
}

int attachment_compose(struct http_req *req, const char *record_type, const char *record_id,
		       json_t *obj)
{
	json_t *list = attachment_list(req, record_type, record_id);

	if (list == NULL)
		return http_problem(req, 500, "internal", "The attachments could not be read.",
				    NULL, NULL);
	json_object_set_new(obj, "attachments", list);
	return 0;
}

void attachment_ids_check(json_t *body, const char *field, size_t min, json_t *errors)
{
	json_t *arr = json_object_get(body, field), *v;
	char name[64], msg[64];
	size_t i;

	if (arr == NULL) {
		if (min > 0)
			v_error(errors, field, "required", "At least one attachment (a photo).");
		return;
	}
	if (!json_is_array(arr)) {
		v_error(errors, field, "type", "An array of attachment ids.");
		return;
	}
	if (json_array_size(arr) < min || json_array_size(arr) > ATTACHMENT_BIND_MAX) {
		snprintf(msg, sizeof(msg), "From %zu to %d attachment ids.", min,
			 ATTACHMENT_BIND_MAX);
		v_error(errors, field, json_array_size(arr) < min ? "too_short" : "too_long", msg);
		return;
	}
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v) || !v_is_uuid(json_string_value(v))) {
			snprintf(name, sizeof(name), "%s[%zu]", field, i);
			v_error(errors, name, "format", "An attachment id (UUID).");
		}
	}
}

/* The parts {attachments?, remove_attachments?} of `body` (the second only when `removable`,
 * and never on create). */
static json_t *part_read(json_t *body, int creating, int removable, json_t *errors)
{
	static const char *const members[] = {"attachments", "remove_attachments"};
	size_t before = json_array_size(errors), i, n = removable ? 2 : 1;
	json_t *parts;

	for (i = 0; i < n; i++)
		attachment_ids_check(body, members[i], 0, errors);
	if (removable && creating && json_object_get(body, members[1]) != NULL)
		v_error(errors, members[1], "unknown_field", "Only a change removes attachments.");
	if (json_array_size(errors) != before)
		return NULL;
	parts = json_object();
	for (i = 0; parts != NULL && i < n; i++)
		if (json_object_get(body, members[i]) != NULL)
			json_object_set(parts, members[i], json_object_get(body, members[i]));
	if (parts != NULL && json_object_size(parts) == 0) {
		json_decref(parts);
		parts = NULL;
	}
	return parts;
}

json_t *attachment_part_read(json_t *body, int creating, json_t *errors)
{
	return part_read(body, creating, 0, errors);
}

json_t *attachment_part_read_removable(json_t *body, int creating, json_t *errors)
{
	return part_read(body, creating, 1, errors);
}

/* Lets go of the attachments named in `ids`, each bound to record `record_id` of `record_type`
 * and visible to the caller. Returns 0, or answers 422 naming remove_attachments/N. */
static int attachment_unbind(struct http_req *req, json_t *ids, const char *record_type,
			     const char *record_id)
{
	const char *values[4] = {NULL, record_type, record_id, auth_scope(req)};
	PGresult *res;
	size_t i;
	int rc = ids_valid(req, ids, "remove_attachments");

	for (i = 0; rc == 0 && i < json_array_size(ids); i++) {
		values[0] = json_string_value(json_array_get(ids, i));
		res = db_exec(req->db, "attachment_unbind", 4, values);
		if (!db_ok(res))
			rc = dbjson_error(req, res);
		else if (PQntuples(res) != 1)
			rc = bind_refused(req, "remove_attachments", (long)i, "not_found",
					  "No such attachment on this record.");
		PQclear(res);
	}
	return rc;
}

int attachment_part_write(struct http_req *req, json_t *parts, const char *load,
			  const char *record_type, const char *id, const char *kind, json_t *detail)
{
	json_t *add = json_object_get(parts, "attachments");
	json_t *remove = json_object_get(parts, "remove_attachments");
	PGresult *rec = NULL;
	int rc = rest_load(req, load, id, &rec);

	if (rc == 0 && add != NULL)
		rc = attachment_bind(req, add, "attachments", record_type, id,
				     rest_col(rec, 0, "_org_path"), kind);
	if (rc == 0 && remove != NULL)
		rc = attachment_unbind(req, remove, record_type, id);
	if (rc == 0 && add != NULL)
		json_object_set(detail, "attachments", add);
	if (rc == 0 && remove != NULL)
		json_object_set(detail, "removed_attachments", remove);
	PQclear(rec);
	return rc;
}

/* Answering an inspection draft item by item, and submitting it. A failed item carries a finding
 * (隐患) that follows the answer: created on fail, kept up to date, removed when the item no
 * longer fails. A submitted record is fixed. */
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "inspection.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FINDING_MAX_CHARS 1000

static const char *const results[] = {"pass", "fail", "na", NULL};
static const char *const severities[] = {"general", "major", NULL};

/* The position path parameter: 1..99999, or 0 when it is not one. */
static int position_param(const char *s)
{
	if (!rest_only_chars(s, "0123456789") || strlen(s) > 5)
		return 0;
	return atoi(s);
}

/* Writes the default finding text "<item text>：<note>" (the item text alone without a note),
 * cut at FINDING_MAX_CHARS characters, into buf. */
static void default_description(const char *item, const char *note, char *buf, size_t len)
{
	size_t i, chars = 0;

	if (note != NULL && note[0] != '\0')
		snprintf(buf, len, "%s：%s", item, note);
	else
		snprintf(buf, len, "%s", item);
	for (i = 0; buf[i] != '\0'; i++) {
		if (((unsigned char)buf[i] & 0xc0) != 0x80 && ++chars > FINDING_MAX_CHARS) {
			buf[i] = '\0';
			break;
		}
	}
}

/* The finding member of a PUT result body. */
struct finding_in {
	const char *description, *location, *severity;
	int given, location_present;
};

static void finding_read(json_t *body, const char *result, struct finding_in *f, json_t *errors)
{
	static const char *const allowed[] = {"description", "location", "suggested_severity",
					      NULL};
	json_t *obj = json_object_get(body, "finding"), *errs, *e;
	char field[64];
	size_t i;

	memset(f, 0, sizeof(*f));
	if (obj == NULL)
		return;
	/* null is no object either: the schema has no "no finding" value, a pass or na drops it */
	if (!json_is_object(obj)) {
		v_error(errors, "finding", "type", "This field must be an object.");
		return;
	}
	if (result != NULL && strcmp(result, "fail") != 0) {
		v_error(errors, "finding", "not_allowed", "Only a failed item has a finding.");
		return;
	}
	f->given = 1;
	errs = json_array();
	v_only(obj, allowed, errs);
	f->description = v_string(obj, "description", 0, 0, 1, FINDING_MAX_CHARS, NULL, errs);
	f->location = v_string(obj, "location", 0, 1, 1, 200, &f->location_present, errs);
	if (json_object_get(obj, "suggested_severity") != NULL)
		f->severity = v_enum(obj, "suggested_severity", 0, severities, errs);
	json_array_foreach(errs, i, e)
	{
		snprintf(field, sizeof(field), "finding.%s",
			 json_string_value(json_object_get(e, "field")));
		v_error(errors, field, json_string_value(json_object_get(e, "code")),
			json_string_value(json_object_get(e, "message")));
	}
	json_decref(errs);
}

/* Creates or updates the finding of failed item `pos` of inspection `id`. `row` is the result
 * row before the change (item_text, note), `note` the new note. Returns 0, or the status
 * answered. */
static int finding_keep(struct http_req *req, const char *id, const char *pos, const PGresult *row,
			const char *note, const struct finding_in *f)
{
	const char *item = rest_col(row, 0, "item_text");
	char def[4 * FINDING_MAX_CHARS + 8], old_def[4 * FINDING_MAX_CHARS + 8];
	const char *values[6];
	PGresult *cur = NULL, *res = NULL;
	int rc = 0;

	default_description(item, note, def, sizeof(def));
	values[0] = id;
	values[1] = pos;
	values[2] = auth_scope(req);
	cur = db_exec(req->db, "inspection_finding_get", 3, values);
	if (!db_ok(cur)) {
		rc = dbjson_error(req, cur);
		goto out;
	}
	if (PQntuples(cur) == 0) {
		values[0] = id;
		values[1] = pos;
		values[2] = f->description != NULL ? f->description : def;
		values[3] = f->location;
		values[4] = f->severity != NULL ? f->severity : "general";
		values[5] = auth_scope(req);
		res = db_exec(req->db, "inspection_finding_insert", 6, values);
	} else {
		/* A description the server wrote follows the note; one a person wrote stays. */
		const char *desc = rest_col(cur, 0, "description");
		default_description(item, rest_col(row, 0, "note"), old_def, sizeof(old_def));
		if (f->description != NULL)
			desc = f->description;
		else if (strcmp(desc, old_def) == 0)
			desc = def;
		values[0] = rest_col(cur, 0, "id");
		values[1] = desc;
		values[2] = f->location_present ? f->location : rest_col(cur, 0, "location");
		values[3] =
		    f->severity != NULL ? f->severity : rest_col(cur, 0, "suggested_severity");
		values[4] = auth_scope(req);
		res = db_exec(req->db, "inspection_finding_update", 5, values);
	}
	if (!db_ok(res))
		rc = dbjson_error(req, res);
out:
	PQclear(cur);
	PQclear(res);
	return rc;
}

/* Runs a statement on (id, position, scope) or (id, scope) whose failure is answered. Returns 0
 * or the status answered; *rows (may be NULL) receives the row count. */
static int run(struct http_req *req, const char *stmt, int n, const char *const *values, int *rows)
{
	PGresult *res = db_exec(req->db, stmt, n, values);
	int rc = 0;

	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (rows != NULL)
		*rows = PQntuples(res);
	PQclear(res);
	return rc;
}

int inspection_put_result(struct http_req *req)
{
	static const char *const allowed[] = {"result", "note", "finding", NULL};
	const char *id = req->params[0];
	json_t *body = NULL, *errors = json_array();
	PGresult *cur = NULL, *row = NULL;
	struct finding_in f;
	const char *result, *note, *values[5];
	char pos[16];
	int rc, position, rows = 0, note_present = 0;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	result = v_enum(body, "result", 1, results, errors);
	note = v_string(body, "note", 0, 1, 1, 1000, &note_present, errors);
	finding_read(body, result, &f, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = rest_load(req, "inspection_get_locked", id, &cur);
	if (rc != 0)
		goto out;
	rc = wf_permits(req, &inspection_workflow, cur, "answer");
	if (rc != 0)
		goto out;
	if (!rest_if_match(req, rest_col_long(cur, "version"))) {
		rc = req->status;
		goto out;
	}
	position = position_param(req->params[1]);
	snprintf(pos, sizeof(pos), "%d", position);
	values[0] = id;
	values[1] = pos;
	values[2] = auth_scope(req);
	row = db_exec(req->db, "inspection_result_get", 3, values);
	if (!db_ok(row)) {
		rc = dbjson_error(req, row);
		goto out;
	}
	if (position == 0 || PQntuples(row) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	if (!note_present)
		note = rest_col(row, 0, "note");
	values[0] = id;
	values[1] = pos;
	values[2] = result;
	values[3] = note;
	values[4] = auth_scope(req);
	rc = run(req, "inspection_result_set", 5, values, NULL);
	if (rc != 0)
		goto out;
	if (strcmp(result, "fail") == 0) {
		rc = finding_keep(req, id, pos, row, note, &f);
	} else {
		values[2] = auth_scope(req);
		rc = run(req, "inspection_finding_delete", 3, values, NULL);
	}
	if (rc != 0)
		goto out;
	values[1] = auth_scope(req);
	rc = run(req, "inspection_touch", 2, values, &rows);
	if (rc != 0)
		goto out;
	rc = inspection_finish(req, "inspection.update", id,
			       json_pack("{s:i, s:s}", "position", position, "result", result), 200,
			       0, NULL);
out:
	json_decref(body);
	json_decref(errors);
	PQclear(cur);
	PQclear(row);
	return rc;
}

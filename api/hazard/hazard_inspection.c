/* POST /api/v1/inspections/{id}/hazards: the findings and failed items of a submitted inspection
 * registered as hazards in one step, each or all, each linked to its inspection (and finding, or
 * checklist position); the inspection's GET lists them with their states (hazard_of_inspection).
 * They start as reported: grading and the deadline are the register move's. */
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "fields.h"
#include "hazard.h"
#include "idempotency.h"
#include "labels.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS_MAX 200

/* One item {finding_id} or {position}; errors name its members (items[i].position). Returns a
 * new reference to the item, or NULL. */
static json_t *item_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"finding_id", "position", NULL};
	json_t *pos = json_object_get(item, "position");
	const char *fid;

	v_only(item, allowed, errs);
	fid = v_uuid(item, "finding_id", 0, errs);
	if (pos != NULL && (!json_is_integer(pos) || json_integer_value(pos) < 1 ||
			    json_integer_value(pos) > 100000))
		v_error(errs, "position", "type", "A checklist position from 1 to 100000.");
	if (json_array_size(errs) > 0)
		return NULL;
	if ((fid == NULL) == (pos == NULL)) {
		v_error(errs, "finding_id", "required", "Either finding_id or position.");
		return NULL;
	}
	return json_incref(item);
}

/* The body: {all: true} or {items: [{finding_id} | {position}, ...]}, and an optional category
 * for every new hazard ("other" when absent). Fills the two lists (comma-separated; empty: none
 * named). Adds errors naming the members. */
static void read_body(json_t *body, char *findings, size_t flen, char *positions, size_t plen,
		      const char **category, int *all, json_t *errors)
{
	static const char *const allowed[] = {"all", "items", "category", NULL};
	json_t *items, *it;
	size_t i, fu = 0, pu = 0;
	int b = 0;

	v_only(body, allowed, errors);
	*category = v_enum(body, "category", 0, labels_codes(labels_risk_category), errors);
	*all = v_bool(body, "all", 0, &b, errors) == 1 && b;
	findings[0] = positions[0] = '\0';
	if (*all && json_object_get(body, "items") != NULL)
		v_error(errors, "items", "not_allowed", "Either all: true or items, not both.");
	items = fields_object_array(body, "items", !*all, ITEMS_MAX, "From 1 to 200 items.",
				    "Each item is an object {finding_id} or {position}.", item_read,
				    errors);
	json_array_foreach(items, i, it)
	{
		const char *fid = json_string_value(json_object_get(it, "finding_id"));

		if (fid != NULL && fu + 40 < flen)
			fu +=
			    (size_t)snprintf(findings + fu, flen - fu, "%s%s", fu ? "," : "", fid);
		else if (fid == NULL && pu + 12 < plen)
			pu += (size_t)snprintf(
			    positions + pu, plen - pu, "%s%lld", pu ? "," : "",
			    (long long)json_integer_value(json_object_get(it, "position")));
	}
	json_decref(items);
}

/* Whether candidate `c` (its finding id or position) is named in the literal list `list`. */
static int named(const char *list, const char *value)
{
	size_t n = strlen(value);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, value, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* Every named item must be a finding or failed item of the inspection, not registered yet
 * (400 naming items when not). Returns 0 or the status answered. */
static int check_named(struct http_req *req, const char *id, const char *findings,
		       const char *positions)
{
	const char *values[2] = {id, auth_scope(req)};
	PGresult *res = db_exec(req->db, "hazard_inspection_candidates", 2, values);
	int i, found = 0, wanted = 0, rc = 0;
	const char *p;

	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	for (p = findings; *p != '\0'; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
		wanted++;
	for (p = positions; *p != '\0'; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
		wanted++;
	for (i = 0; i < PQntuples(res); i++) {
		const char *fid = rest_col(res, i, "finding_id");
		const char *pos = rest_col(res, i, "position");
		int hit =
		    (fid != NULL && named(findings, fid)) || (pos != NULL && named(positions, pos));

		if (!hit)
			continue;
		if (strcmp(rest_col(res, i, "registered"), "t") == 0) {
			rc =
			    http_problem(req, 409, "conflict", "An item named is a hazard already.",
					 http_field_error("items", "registered",
							  "Registered as a hazard already."),
					 NULL);
			goto out;
		}
		found++;
	}
	if (found < wanted)
		rc = v_reply(req, http_field_error("items", "not_found",
						   "Every item is a finding or a failed item of "
						   "this inspection."));
out:
	PQclear(res);
	return rc;
}

int hazard_from_inspection(struct http_req *req)
{
	const char *id = req->params[0], *category = NULL, *values[8];
	/* the named items' lists, on the heap: 18 KB would take a third of a worker's stack */
	struct lists {
		char findings[ITEMS_MAX * 38 + 3], positions[ITEMS_MAX * 8 + 3];
		char farr[ITEMS_MAX * 38 + 5], parr[ITEMS_MAX * 8 + 5];
	} *l = malloc(sizeof(*l));
	json_t *body = NULL, *errors = json_array(), *reply = NULL, *created;
	PGresult *insp = NULL, *res = NULL;
	int rc, all = 0, i;

	if (l == NULL) {
		http_discard_body(req);
		rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		goto out;
	}
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	read_body(body, l->findings, sizeof(l->findings), l->positions, sizeof(l->positions),
		  &category, &all, errors);
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	rc = rest_load(req, "hazard_inspection", id, &insp);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(insp, 0, "status"), "submitted") != 0) {
		rc =
		    http_problem(req, 409, "conflict",
				 "Hazards are registered from a submitted inspection.", NULL, NULL);
		goto out;
	}
	if (!all && (rc = check_named(req, id, l->findings, l->positions)) != 0)
		goto out;
	snprintf(l->farr, sizeof(l->farr), "{%s}", l->findings);
	snprintf(l->parr, sizeof(l->parr), "{%s}", l->positions);
	values[0] = id;
	values[1] = auth_scope(req);
	values[2] = all ? NULL : l->farr;
	values[3] = all ? NULL : l->parr;
	values[4] = req->auth->id;
	values[5] = req->auth->name;
	values[6] = req->auth->org_id;
	values[7] = category != NULL ? category : "other";
	res = db_exec(req->db, "hazard_inspection_register", 8, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	created = json_array();
	for (i = 0; i < PQntuples(res); i++) {
		json_array_append_new(created, json_string(PQgetvalue(res, i, 0)));
		/* a major hazard is reported upward at once */
		if (rc == 0 && strcmp(PQgetvalue(res, i, 1), "major") == 0)
			rc = hazard_notify(req, PQgetvalue(res, i, 0), "unit", "ancestors",
					   "{admin,leader}", "hazard.major", "重大隐患");
	}
	reply = json_pack("{s:s, s:o}", "inspection_id", id, "created", created);
	if (rc != 0)
		goto out;
	rc = hazard_of_inspection(req, insp, reply);
	if (rc != 0)
		goto out;
	if (audit_record(req, "hazard.from_inspection", "inspection", id, "success",
			 json_pack("{s:s, s:O}", "inspection_id", id, "created", created)) != 0 ||
	    idem_store(req, body, 201, reply, NULL) != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		rc = req->status;
		goto out;
	}
	rc = http_json(req, 201, reply);
	reply = NULL;
out:
	free(l);
	json_decref(body);
	json_decref(errors);
	json_decref(reply);
	PQclear(insp);
	PQclear(res);
	return rc;
}

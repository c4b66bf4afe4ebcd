/* GET /api/v1/todo: the caller's work (待办): hazards waiting for the caller's next move, open
 * hazards of the caller's subtree due within three days, and those past due below the caller
 * (which is how an org above learns of a unit's overdue hazard), each the soonest deadline
 * first with its exact count; and the clock they were read at (app_now()). Each row carries its
 * allowed_actions from the hazard workflow; the waiting rows are those with a move of the
 * caller's among them (the SQL picks the candidates, the workflow's table decides). The section
 * reports (campaigns' reporting calendar) lists the caller's org's reporting obligations due
 * within 14 days or past due (by at most 30 days, or returned) that have no report in. */
#include "todo.h"
#include "auth.h"
#include "dbjson.h"
#include "hazard.h"
#include "rest.h"
#include "roles.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns a row carries for the workflow's rules only (todo_sql.c), not shown. */
static const char *const rule_columns[] = {
    "section",	       "reporter_org_id",     "registered_org_id",   "registered_org_level",
    "rectified_by",    "signed_in_charge_by", "signed_principal_by", "listing_org_id",
    "extension_state", "notice_id",	      "rebound_id",	     NULL,
};

/* The moves that are the caller's work on a hazard (the others, such as update, list or
 * cancel, may be taken but wait for no one). */
static const char *const pending_moves[] = {
    "register", "issue_notice", "start", "submit", "sign_off", "accept", "grant_extension", NULL,
};

static int pending(json_t *allowed)
{
	size_t i, k;

	for (i = 0; i < json_array_size(allowed); i++) {
		const char *a = json_string_value(json_array_get(allowed, i));
		for (k = 0; a != NULL && pending_moves[k] != NULL; k++) {
			if (strcmp(a, pending_moves[k]) == 0)
				return 1;
		}
	}
	return 0;
}

/* One section: {count, items}; items are the rows of `res` whose section is `name`, each with
 * its allowed_actions from the hazard workflow (a waiting row with no move of the caller's
 * among them is left out). Returns a new reference. */
static json_t *section(struct http_req *req, const PGresult *res, const PGresult *counts,
		       const char *name)
{
	json_t *items = json_array();
	int i, k, col = PQfnumber(res, "section");
	int waiting = strcmp(name, "waiting") == 0;

	for (i = 0; i < PQntuples(res); i++) {
		json_t *row, *allowed;
		if (strcmp(PQgetvalue(res, i, col), name) != 0)
			continue;
		allowed = wf_allowed(req, &hazard_workflow, res, i);
		if (waiting && !pending(allowed)) {
			json_decref(allowed);
			continue;
		}
		row = dbjson_row(res, i);
		for (k = 0; rule_columns[k] != NULL; k++)
			json_object_del(row, rule_columns[k]);
		json_object_set_new(row, "allowed_actions", allowed);
		json_array_append_new(items, row);
	}
	return json_pack("{s:I, s:o}", "count",
			 (json_int_t)strtoll(rest_col(counts, 0, name), NULL, 10), "items", items);
}

/* The section of reporting obligations (todo_reports): {count, items}. Returns a new reference,
 * or NULL when the statement failed (answered). */
static json_t *reports_section(struct http_req *req, const char *limit)
{
	const char *values[3] = {req->auth->org_id, req->auth->id, limit};
	PGresult *res = db_exec(req->db, "todo_reports", 3, values);
	json_t *out;

	if (!db_ok(res)) {
		dbjson_error(req, res);
		PQclear(res);
		return NULL;
	}
	out = json_pack(
	    "{s:I, s:o}", "count",
	    (json_int_t)(PQntuples(res) > 0 ? strtoll(rest_col(res, 0, "_total"), NULL, 10) : 0),
	    "items", dbjson_rows(res));
	PQclear(res);
	return out;
}

int todo_get(struct http_req *req)
{
	const struct auth_principal *p = req->auth;
	char limit[16], now[40];
	const char *values[6];
	PGresult *counts = NULL, *items = NULL;
	json_t *reports;
	int rc;

	snprintf(limit, sizeof(limit), "%d", TODO_SECTION_MAX);
	values[0] = auth_scope(req);
	values[1] = p->org_id;
	values[2] = roles_allows(p->role, PERM_HAZARD_WRITE) ? "true" : "false";
	values[3] = roles_allows(p->role, PERM_HAZARD_SIGN) ? "true" : "false";
	values[4] = p->id;
	values[5] = limit;
	counts = db_exec(req->db, "todo_counts", 5, values);
	if (!db_ok(counts) || PQntuples(counts) != 1) {
		rc = dbjson_error(req, counts);
		goto out;
	}
	items = db_exec(req->db, "todo_items", 6, values);
	if (!db_ok(items)) {
		rc = dbjson_error(req, items);
		goto out;
	}
	reports = reports_section(req, limit);
	if (reports == NULL) {
		rc = req->status;
		goto out;
	}
	dbjson_timestamp(rest_col(counts, 0, "now"), now, sizeof(now));
	rc = http_json(req, 200,
		       json_pack("{s:s, s:o, s:o, s:o, s:o}", "now", now, "waiting",
				 section(req, items, counts, "waiting"), "due_soon",
				 section(req, items, counts, "due_soon"), "overdue",
				 section(req, items, counts, "overdue"), "reports", reports));
out:
	PQclear(counts);
	PQclear(items);
	return rc;
}

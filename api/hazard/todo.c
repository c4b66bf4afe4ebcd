/* GET /api/v1/todo: the caller's work (待办): hazards waiting for the caller's next move, open
 * hazards of the caller's subtree due within three days, and those past due below the caller
 * (which is how an org above learns of a unit's overdue hazard), each the soonest deadline
 * first with its exact count; and the clock they were read at (app_now()). */
#include "todo.h"
#include "auth.h"
#include "dbjson.h"
#include "rest.h"
#include "roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One section: {count, items}; items are the rows of `res` whose section is `name`. Returns a
 * new reference. */
static json_t *section(const PGresult *res, const PGresult *counts, const char *name)
{
	json_t *items = json_array();
	int i, col = PQfnumber(res, "section");

	for (i = 0; i < PQntuples(res); i++) {
		json_t *row;
		if (strcmp(PQgetvalue(res, i, col), name) != 0)
			continue;
		row = dbjson_row(res, i);
		json_object_del(row, "section");
		json_array_append_new(items, row);
	}
	return json_pack("{s:I, s:o}", "count",
			 (json_int_t)strtoll(rest_col(counts, 0, name), NULL, 10), "items", items);
}

int todo_get(struct http_req *req)
{
	const struct auth_principal *p = req->auth;
	char limit[16], now[40];
	const char *values[6];
	PGresult *counts = NULL, *items = NULL;
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
	dbjson_timestamp(rest_col(counts, 0, "now"), now, sizeof(now));
	rc = http_json(req, 200,
		       json_pack("{s:s, s:o, s:o, s:o}", "now", now, "waiting",
				 section(items, counts, "waiting"), "due_soon",
				 section(items, counts, "due_soon"), "overdue",
				 section(items, counts, "overdue")));
out:
	PQclear(counts);
	PQclear(items);
	return rc;
}

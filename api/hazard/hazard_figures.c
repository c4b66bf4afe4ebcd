/* GET /api/v1/hazards/figures: for the caller's subtree or an org of it (org_id) and a period of
 * found dates (from, to): hazards found, closed, cancelled, the rectification rate (整改率 =
 * closed / (found - cancelled), null when nothing counts), open major ones, listed ones, overdue
 * ones and rebounds; and the same for each org right below the root, so a province sees which
 * city lags. */
#include "hazard_figures.h"
#include "auth.h"
#include "dbjson.h"
#include "fields.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_int_t col_int(const PGresult *res, int row, const char *col)
{
	const char *v = rest_col(res, row, col);

	return v != NULL ? (json_int_t)strtoll(v, NULL, 10) : 0;
}

/* Returns a new reference: the figures of row `row`, with the rate. */
static json_t *figures_of(const PGresult *res, int row)
{
	json_int_t found = col_int(res, row, "found"), closed = col_int(res, row, "closed");
	json_int_t cancelled = col_int(res, row, "cancelled");
	json_t *f =
	    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "found", found, "closed", closed,
		      "cancelled", cancelled, "open_major", col_int(res, row, "open_major"),
		      "listed", col_int(res, row, "listed"), "overdue",
		      col_int(res, row, "overdue"), "rebounds", col_int(res, row, "rebounds"));

	json_object_set_new(f, "rectification_rate",
			    found - cancelled > 0
				? json_real((double)closed / (double)(found - cancelled))
				: json_null());
	return f;
}

int hazard_figures(struct http_req *req)
{
	json_t *errors = json_array(), *by_org = NULL, *o;
	PGresult *total = NULL, *children = NULL;
	char org_id[37], path[256], from[11], to[11], now[40];
	const char *values[5];
	int rc, i, has_org, has_from, has_to;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	has_from = fields_query_date(req, "from", from, errors) == 1;
	has_to = fields_query_date(req, "to", to, errors) == 1;
	if (has_from && has_to && strcmp(from, to) > 0)
		v_error(errors, "to", "format", "to must not be before from.");
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	if (!has_org) {
		snprintf(org_id, sizeof(org_id), "%s", req->auth->org_id);
		snprintf(path, sizeof(path), "%s", auth_scope(req));
	} else {
		rc = list_scope(req, org_id, 1, path, sizeof(path));
		if (rc != 0)
			goto out;
	}
	values[0] = path;
	values[1] = auth_scope(req);
	values[2] = has_from ? from : NULL;
	values[3] = has_to ? to : NULL;
	values[4] = org_id;
	total = db_exec(req->db, "hazard_figures_total", 4, values);
	children = db_exec(req->db, "hazard_figures_children", 5, values);
	if (!db_ok(total) || !db_ok(children) || PQntuples(total) != 1) {
		rc = dbjson_error(req, !db_ok(total) ? total : children);
		goto out;
	}
	by_org = json_array();
	for (i = 0; i < PQntuples(children); i++) {
		o = figures_of(children, i);
		json_object_set_new(o, "org_id", json_string(rest_col(children, i, "org_id")));
		json_object_set_new(o, "org_name", json_string(rest_col(children, i, "org_name")));
		json_object_set_new(o, "level", json_string(rest_col(children, i, "level")));
		json_array_append_new(by_org, o);
	}
	dbjson_timestamp(rest_col(total, 0, "now"), now, sizeof(now));
	rc = http_json(req, 200,
		       json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}", "org_id", org_id, "from",
				 has_from ? json_string(from) : json_null(), "to",
				 has_to ? json_string(to) : json_null(), "now", now, "totals",
				 figures_of(total, 0), "by_org", by_org));
	by_org = NULL;
out:
	json_decref(errors);
	json_decref(by_org);
	PQclear(total);
	PQclear(children);
	return rc;
}

/* Figures over the caller's subtree (or an org of it): risks by grade and category (archived
 * risks left out), and submitted inspections by type and month with the share of institutions
 * inspected. A record replaced by a submitted correction counts once, as the correction. */
#include "figures.h"
#include "auth.h"
#include "dbjson.h"
#include "fields.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The org_id query parameter as a subtree path into path (the caller's own when absent), with
 * row-level security narrowed to it (list_scope). Returns 0; otherwise it has answered (404 for
 * an org outside the subtree) and returns the status. */
static int org_path(struct http_req *req, const char *org_id, char *path, size_t len)
{
	if (org_id == NULL) {
		snprintf(path, len, "%s", auth_scope(req));
		return 0;
	}
	return list_scope(req, org_id, 1, path, len);
}

static json_int_t col_int(const PGresult *res, int row, const char *col)
{
	const char *v = rest_col(res, row, col);

	return v != NULL ? (json_int_t)strtoll(v, NULL, 10) : 0;
}

int figures_risks(struct http_req *req)
{
	json_t *errors = json_array(), *by_category = NULL;
	PGresult *res = NULL;
	char org_id[37], path[256];
	const char *values[2];
	json_int_t major = 0, significant = 0, general = 0, low = 0, total = 0;
	int rc, i, has_org;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = org_path(req, has_org ? org_id : NULL, path, sizeof(path));
	if (rc != 0)
		goto out;
	values[0] = path;
	values[1] = auth_scope(req);
	res = db_exec(req->db, "figures_risks", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	by_category = dbjson_rows(res);
	for (i = 0; i < PQntuples(res); i++) {
		major += col_int(res, i, "major");
		significant += col_int(res, i, "significant");
		general += col_int(res, i, "general");
		low += col_int(res, i, "low");
		total += col_int(res, i, "total");
	}
	rc = http_json(req, 200,
		       json_pack("{s:I, s:{s:I, s:I, s:I, s:I}, s:o}", "total", total, "by_grade",
				 "major", major, "significant", significant, "general", general,
				 "low", low, "by_category", by_category));
	by_category = NULL;
out:
	json_decref(errors);
	json_decref(by_category);
	PQclear(res);
	return rc;
}

int figures_inspections(struct http_req *req)
{
	json_t *errors = json_array(), *by_type = NULL, *by_month = NULL;
	PGresult *types = NULL, *months = NULL, *cov = NULL;
	char org_id[37], path[256], from[11], to[11];
	const char *values[4];
	json_int_t units, inspected;
	int rc, has_org, has_from, has_to;

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
	rc = org_path(req, has_org ? org_id : NULL, path, sizeof(path));
	if (rc != 0)
		goto out;
	values[0] = path;
	values[1] = auth_scope(req);
	values[2] = has_from ? from : NULL;
	values[3] = has_to ? to : NULL;
	types = db_exec(req->db, "figures_inspections_by_type", 4, values);
	months = db_exec(req->db, "figures_inspections_by_month", 4, values);
	cov = db_exec(req->db, "figures_inspections_coverage", 4, values);
	if (!db_ok(types) || !db_ok(months) || !db_ok(cov)) {
		rc = dbjson_error(req, !db_ok(types) ? types : !db_ok(months) ? months : cov);
		goto out;
	}
	units = col_int(cov, 0, "units");
	inspected = col_int(cov, 0, "inspected");
	by_type = dbjson_rows(types);
	by_month = dbjson_rows(months);
	rc = http_json(req, 200,
		       json_pack("{s:o, s:o, s:{s:I, s:I, s:f}}", "by_type", by_type, "by_month",
				 by_month, "coverage", "units", units, "inspected", inspected,
				 "rate", units > 0 ? (double)inspected / (double)units : 0.0));
	by_type = NULL;
	by_month = NULL;
out:
	json_decref(errors);
	json_decref(by_type);
	json_decref(by_month);
	PQclear(types);
	PQclear(months);
	PQclear(cov);
	return rc;
}

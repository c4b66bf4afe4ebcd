/* The shipped campaign templates (the two seeds) and their instantiation for a year: a draft of
 * an administration of the caller's subtree with every date shifted, editable before issuing. */
#include "auth.h"
#include "campaign.h"
#include "dbjson.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int campaign_templates(struct http_req *req)
{
	PGresult *res = db_exec(req->db, "campaign_templates", 0, NULL);
	int rc;

	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else
		rc = http_json(req, 200, json_pack("{s:o}", "items", dbjson_rows(res)));
	PQclear(res);
	return rc;
}

/* POST /campaigns/from-template {template, year, org_id?}. */
int campaign_from_template(struct http_req *req)
{
	static const char *const allowed[] = {"template", "year", "org_id", NULL};
	static const char *const codes[] = {"spring-inspection", "safe-celebration", NULL};
	const char *code, *org_id, *values[4];
	json_t *body = NULL, *errors = json_array(), *year, *duties = NULL;
	PGresult *res = NULL, *org = NULL;
	char yeartext[8], id[37];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	code = v_enum(body, "template", 1, codes, errors);
	org_id = v_uuid(body, "org_id", 0, errors);
	year = json_object_get(body, "year");
	if (year == NULL)
		v_error(errors, "year", "required", "The year of the campaign.");
	else if (!json_is_integer(year) || json_integer_value(year) < 2000 ||
		 json_integer_value(year) > 2100)
		v_error(errors, "year", "range", "A year from 2000 to 2100.");
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	snprintf(yeartext, sizeof(yeartext), "%d", (int)json_integer_value(year));
	values[0] = org_id != NULL ? org_id : req->auth->org_id;
	values[1] = auth_scope(req);
	org = db_exec(req->db, "campaign_org", 2, values);
	if (!db_ok(org)) {
		rc = dbjson_error(req, org);
		goto out;
	}
	if (PQntuples(org) != 1) {
		rc = rest_not_found(req);
		goto out;
	}
	if (strcmp(PQgetvalue(org, 0, 1), "unit") == 0) {
		rc = http_problem(
		    req, 422, "validation_failed", "Campaigns are issued by an administration.",
		    json_pack("[{s:s, s:s, s:s}]", "field", "org_id", "code", "level", "message",
			      "An administration (province, city or county)."),
		    NULL);
		goto out;
	}
	values[0] = code;
	values[1] = yeartext;
	values[2] = org_id != NULL ? org_id : req->auth->org_id;
	values[3] = auth_scope(req);
	rc = rest_exec_id(req, "campaign_from_template", 4, values, id);
	if (rc != 0)
		goto out;
	res = db_exec(req->db, "campaign_template_duties", 2, values);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = db_ok(res) ? rest_not_found(req) : dbjson_error(req, res);
		goto out;
	}
	duties = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
	rc = campaign_duties_write(req, id, duties, 0);
	if (rc != 0)
		goto out;
	rc = rest_finish(req, &campaign_kind, "campaign.create", id,
			 json_pack("{s:s, s:s}", "template", code, "year", yeartext), 201, 0, body);
out:
	json_decref(body);
	json_decref(errors);
	json_decref(duties);
	PQclear(res);
	PQclear(org);
	return rc;
}

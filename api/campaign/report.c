/* The report record (信息报送): a draft made for one obligation of an issued campaign (checked
 * against campaign_obligations), read with its frozen and live figures, attachments, campaign and
 * duty, edited while a draft or returned (PATCH, If-Match, the workflow's `update` move), and its
 * frozen versions. Submit, accept and return are the workflow's (report_workflow.c). */
#include "report.h"
#include "attachment.h"
#include "auth.h"
#include "dbjson.h"
#include "hazard.h"
#include "list.h"
#include "resource.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <string.h>
#include <strings.h>

/* GET: the record's attachments (record_type `report`). */
static int report_compose(struct http_req *req, const PGresult *res, json_t *obj)
{
	return attachment_compose(req, "report", rest_col(res, 0, "id"), obj);
}

/* What the caller may do: the moves of the workflow table open to them. */
static json_t *report_allowed(struct http_req *req, const PGresult *res, int row)
{
	return wf_allowed(req, &report_workflow, res, row);
}

#define REPORT_KIND                                                                                \
	{                                                                                          \
		"report_get", "report", "/api/v1/reports/", report_allowed, report_compose, NULL   \
	}

const struct rest_kind report_kind = REPORT_KIND;

/* The members of a report body, in the order of report_create's $2.. and report_update's $3... */
enum { RF_CAMPAIGN, RF_DUTY, RF_PERIOD, RF_ORG, RF_NARRATIVE, RF_CREATED_BY };

static const struct res_field report_fields[] = {
    [RF_CAMPAIGN] = {"campaign_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [RF_DUTY] = {"duty_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [RF_PERIOD] = {"period", RES_TEXT, 1, 0, 1, 10, NULL, NULL, RES_CREATE_ONLY},
    [RF_ORG] = {"org_id", RES_UUID, 0, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [RF_NARRATIVE] = {"narrative", RES_PROSE, 0, 0, 1, 20000, NULL, "", 0},
    [RF_CREATED_BY] = {"created_by", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* A period is 'YYYY-MM' (monthly), 'YYYY-Www' (weekly, ISO) or 'YYYY-MM-DD' (once). */
static int period_ok(const char *p)
{
	static const char *const shapes[] = {"dddd-dd", "dddd-Wdd", "dddd-dd-dd", NULL};
	size_t i, k;

	for (i = 0; shapes[i] != NULL; i++) {
		if (strlen(p) != strlen(shapes[i]))
			continue;
		for (k = 0; p[k] != '\0'; k++) {
			char s = shapes[i][k];
			if (s == 'd' ? (p[k] < '0' || p[k] > '9') : p[k] != s)
				break;
		}
		if (p[k] == '\0')
			return 1;
	}
	return 0;
}

static void report_format(const char *const *values, const int *present, int creating,
			  json_t *errors)
{
	(void)present;
	if (creating && values[RF_PERIOD] != NULL && !period_ok(values[RF_PERIOD]))
		v_error(errors, "period", "format",
			"YYYY-MM (monthly), YYYY-Www (weekly, ISO) or YYYY-MM-DD (once).");
}

/* Answers 422 naming `field`. Returns 422. */
static int unfit(struct http_req *req, const char *field, const char *code, const char *message)
{
	return http_problem(req, 422, "validation_failed", message,
			    http_field_error(field, code, message), NULL);
}

/* create: the org is of the subtree (404) and the caller's own (422 org_id: a report is its org's
 * own); the campaign is in view and issued (422 campaign_id); the obligation (duty, org, period)
 * exists (422 naming duty_id, org_id or period, the first that does not fit). PATCH: the workflow
 * allows `update` now (403, 409). */
static int report_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	const char *org = values[RF_ORG] != NULL ? values[RF_ORG] : req->auth->org_id;
	const char *args[5] = {org, auth_scope(req), NULL, NULL, NULL};
	PGresult *res;
	int rc = 0;

	if (cur != NULL)
		return wf_permits(req, &report_workflow, cur, "update");
	res = db_exec(req->db, "report_org", 2, args);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = rest_not_found(req);
	else if (strcasecmp(org, req->auth->org_id) != 0)
		rc = unfit(req, "org_id", "not_own",
			   "A report is its own org's: org_id is the caller's org.");
	PQclear(res);
	if (rc != 0)
		return rc;
	args[0] = values[RF_CAMPAIGN];
	args[1] = values[RF_DUTY];
	args[2] = org;
	args[3] = values[RF_PERIOD];
	args[4] = auth_scope(req);
	res = db_exec(req->db, "report_obligation_check", 5, args);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = unfit(req, "campaign_id", "not_found", "No such campaign in view.");
	else if (strcmp(rest_col(res, 0, "state"), "issued") != 0)
		rc = unfit(req, "campaign_id", "state",
			   "Reports fill the obligations of an issued "
			   "campaign.");
	else if (strcmp(rest_col(res, 0, "duty"), "t") != 0)
		rc = unfit(req, "duty_id", "not_found", "Not a reporting duty of this campaign.");
	else if (strcmp(rest_col(res, 0, "org"), "t") != 0)
		rc =
		    unfit(req, "org_id", "no_obligation", "This org does not report on this duty.");
	else if (strcmp(rest_col(res, 0, "period"), "t") != 0)
		rc = unfit(req, "period", "no_obligation",
			   "No obligation of this duty for this org in this period.");
	PQclear(res);
	return rc;
}

/* A create without org_id makes the caller's org's report; its creator is the caller. */
static int report_before(struct http_req *req, const char **values, const PGresult *cur,
			 char *scratch)
{
	(void)scratch;
	if (cur == NULL) {
		if (values[RF_ORG] == NULL)
			values[RF_ORG] = req->auth->org_id;
		values[RF_CREATED_BY] = req->auth->is_client ? NULL : req->auth->id;
	}
	return 0;
}

/* The documents of a report, a part of the record: `attachments` added to those bound,
 * `remove_attachments` taken off (a draft's or a returned report's only: the update move). */
static int report_parts_write(struct http_req *req, const char *id, json_t *parts,
			      const PGresult *cur, json_t *detail)
{
	(void)cur;
	return attachment_part_write(req, parts, "report_load", "report", id, "document", detail);
}

static const struct res_conflict report_conflicts[] = {
    {"campaign_reports_duty_id_org_id_period_key",
     "This obligation has its report already (one per duty, org and period)."},
    {"campaign_reports_pkey", "A record with this id exists already."},
    {NULL, NULL},
};

static const struct resource report_resource = {
    .kind = REPORT_KIND,
    .get_locked = "report_get_locked",
    .insert = "report_create",
    .update = "report_update",
    .fields = report_fields,
    .write = PERM_REPORT_WRITE,
    .audit_create = "report.create",
    .audit_update = "report.update",
    .create_detail = {"campaign_id", "duty_id", "period", "org_id"},
    .format = report_format,
    .check = report_check,
    .before = report_before,
    .conflicts = report_conflicts,
    .part_names = {"attachments", "remove_attachments"},
    .parts_read = attachment_part_read_removable,
    .parts_write = report_parts_write,
};

RES_HANDLER(report_get, res_get, report_resource)

RES_HANDLER(report_create, res_create, report_resource)

RES_HANDLER(report_patch, res_patch, report_resource)

int report_list(struct http_req *req)
{
	return list_handle(req, &report_list_desc);
}

int report_versions(struct http_req *req)
{
	const char *values[2] = {req->params[0], auth_scope(req)};

	return rest_items(req, "report_load", req->params[0], "report_versions", 2, values);
}

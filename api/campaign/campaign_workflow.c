/* The campaign workflow on the transition engine: a draft is edited and issued; an issued
 * campaign is fixed, changed only by a recorded amendment its subtree sees, adopted by the
 * administrations below it with work plans of their own, and closed. The table below is the one
 * place that says who may do what when; every Campaign carries its allowed_actions from it. */
#include "audit.h"
#include "auth.h"
#include "campaign.h"
#include "dbjson.h"
#include "fields.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdlib.h>
#include <string.h>

/* Column `col` of row `row` is "t". */
static int col_true(const PGresult *rec, int row, const char *col)
{
	const char *v = rest_col(rec, row, col);

	return v != NULL && strcmp(v, "t") == 0;
}

/* The caller's org level (the record's _caller_level) is an administration's. */
static int administration(const PGresult *rec, int row)
{
	const char *level = rest_col(rec, row, "_caller_level");

	return level != NULL && strcmp(level, "unit") != 0;
}

/* The campaign's own org (or one above it) changes it, from an administration. */
static int may_own(struct http_req *req, const PGresult *rec, int row)
{
	(void)req;
	return col_true(rec, row, "_own") && administration(rec, row);
}

/* A city or county adopts a plan; a plan of its own or its subtree's is no plan to adopt (the
 * guard says so: 409, not 403). */
static int may_adopt(struct http_req *req, const PGresult *rec, int row)
{
	const char *level = rest_col(rec, row, "_caller_level");

	(void)req;
	return level != NULL && (strcmp(level, "city") == 0 || strcmp(level, "county") == 0);
}

static const char *adoptable(const PGresult *rec, int row)
{
	return col_true(rec, row, "_adoptable")
		   ? NULL
		   : "Only a plan of an org above is adopted, once per org.";
}

static const char *has_doc_number(const PGresult *rec, int row)
{
	return rest_col(rec, row, "doc_number") != NULL
		   ? NULL
		   : "A campaign is issued with its document number (文号).";
}

/* issue: the state, the instant and the issuer; the focus items become a checklist template. */
static int issue(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[3] = {ctx->id, req->auth->is_client ? NULL : req->auth->id,
				 auth_scope(req)};
	PGresult *res;
	int rc;

	rc = rest_exec_one(req, "campaign_issue", 3, values);
	if (rc != 0)
		return rc;
	values[1] = auth_scope(req);
	res = db_exec(req->db, "campaign_focus_template", 2, values);
	rc = db_ok(res) ? 0 : dbjson_error(req, res);
	PQclear(res);
	return rc;
}

/* The reply of every move: the campaign. */
static int finish(struct wf_ctx *ctx, const char *audit_action)
{
	json_t *detail = ctx->detail;

	ctx->detail = NULL;
	return rest_finish(ctx->req, &campaign_kind, audit_action, ctx->id, detail, ctx->status, 0,
			   NULL);
}

/* From state, action, to state, permission, org-level rule, guard, payload check, change. */
static const struct wf_move campaign_moves[] = {
    {"draft", "update", "draft", PERM_CAMPAIGN_WRITE, may_own, NULL, NULL, NULL,
     "PATCH /api/v1/campaigns/{id}", NULL, NULL, 0},
    {"draft", "issue", "issued", PERM_CAMPAIGN_WRITE, may_own, has_doc_number, NULL, issue, NULL,
     NULL, NULL, 0},
    {"issued", "amend", "issued", PERM_CAMPAIGN_WRITE, may_own, NULL, NULL, NULL,
     "POST /api/v1/campaigns/{id}/amendments", NULL, NULL, 0},
    {"issued", "adopt", "issued", PERM_CAMPAIGN_WRITE, may_adopt, adoptable, NULL, NULL,
     "POST /api/v1/campaigns/{id}/adopt", NULL, NULL, 0},
    {"issued", "close", "closed", PERM_CAMPAIGN_WRITE, may_own, NULL, NULL, NULL, NULL, NULL, NULL,
     0},
    {NULL, NULL, NULL, PERM_PUBLIC, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct workflow campaign_workflow = {
    "campaign",	    "state", "campaign_get_locked", "campaign_get", "campaign_set_state",
    campaign_moves, finish,
};

/* An action on a plan of an org above is refused as such (403), not hidden: the plan is in
 * view. The engine then loads the caller's own, locked. */
int campaign_act(struct http_req *req)
{
	PGresult *seen = NULL;
	int rc = rest_load(req, "campaign_get", req->params[0], &seen);

	if (rc == 0 && !col_true(seen, 0, "_own"))
		rc = wf_permits(req, &campaign_workflow, seen, req->params[1]);
	PQclear(seen);
	if (rc != 0) {
		http_discard_body(req);
		return rc;
	}
	return wf_act(req, &campaign_workflow, NULL);
}

int campaign_events(struct http_req *req)
{
	return wf_events(req, &campaign_workflow);
}

/* The members an amendment may change, with their readers: the period's end (and start), name,
 * goal, phases, actions, focus items and targets. Duties are fixed once issued: reports refer to
 * the obligations derived from them. */
static const char *const amend_members[] = {"name",    "starts_on", "ends_on",	   "goal", "phases",
					    "actions", "targets",   "focus_items", NULL};

/* Reads `changes` into values[3..10] (the amend statement's $3 name, $4 ends_on, $5 goal, $6
 * phases, $7 actions, $8 focus_items, $9 targets, $10 starts_on; NULL: unchanged), the texts it
 * makes into `owned`; errors name "changes.<member>". */
static void changes_read(json_t *changes, const char **values, char **owned, json_t *errors)
{
	json_t *(*const readers[4])(json_t *,
				    json_t *) = {campaign_phases_read, campaign_actions_read,
						 campaign_focus_read, campaign_targets_read};
	json_t *sub = json_array(), *e;
	size_t i;
	char name[80];

	v_only(changes, amend_members, sub);
	if (json_object_size(changes) == 0)
		v_error(sub, "", "required", "At least one member changes.");
	values[3] = v_string(changes, "name", 0, 0, 1, 200, NULL, sub);
	values[4] = fields_date(changes, "ends_on", 0, 0, NULL, sub);
	values[5] = v_string(changes, "goal", 0, 0, 1, 10000, NULL, sub);
	values[10] = fields_date(changes, "starts_on", 0, 0, NULL, sub);
	for (i = 0; i < 4; i++) {
		json_t *v = readers[i](changes, sub);

		if (v != NULL)
			owned[i] = json_dumps(v, JSON_COMPACT);
		values[6 + i] = owned[i];
		json_decref(v);
	}
	json_array_foreach(sub, i, e)
	{
		const char *f = json_string_value(json_object_get(e, "field"));
		snprintf(name, sizeof(name), "changes%s%s", f[0] ? "." : "", f);
		v_error(errors, name, json_string_value(json_object_get(e, "code")),
			json_string_value(json_object_get(e, "message")));
	}
	json_decref(sub);
}

/* POST /campaigns/{id}/amendments {text, changes}: the change applied to the issued campaign
 * and recorded beside it (the subtree sees every amendment with the campaign). */
int campaign_amendment(struct http_req *req)
{
	static const char *const allowed[] = {"text", "changes", NULL};
	const char *values[11] = {NULL}, *text, *dates[3];
	char *owned[4] = {NULL, NULL, NULL, NULL}, *changes_text = NULL, id[37];
	json_t *body = NULL, *errors = json_array(), *changes, *date_errors = NULL;
	PGresult *seen = NULL, *cur = NULL;
	size_t i;
	int rc;

	rc = rest_load(req, "campaign_get", req->params[0], &seen);
	if (rc == 0)
		rc = wf_permits(req, &campaign_workflow, seen, "amend");
	if (rc != 0) {
		http_discard_body(req);
		goto out;
	}
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	text = v_string(body, "text", 1, 0, 1, 2000, NULL, errors);
	changes = json_object_get(body, "changes");
	if (changes == NULL)
		v_error(errors, "changes", "required", "The members changed.");
	else if (!json_is_object(changes))
		v_error(errors, "changes", "type", "An object of the members changed.");
	else
		changes_read(changes, values, owned, errors);
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	rc = rest_load_for_change(req, "campaign_get_locked", req->params[0], &cur);
	if (rc != 0)
		goto out;
	dates[0] = values[10] != NULL ? values[10] : rest_col(cur, 0, "starts_on");
	dates[1] = values[4] != NULL ? values[4] : rest_col(cur, 0, "ends_on");
	dates[2] = values[6] != NULL ? values[6] : rest_col(cur, 0, "phases");
	date_errors = json_array();
	campaign_dates_check(dates[0], dates[1], dates[2], rest_col(cur, 0, "_parent_starts_on"),
			     rest_col(cur, 0, "_parent_ends_on"), date_errors);
	if (json_array_size(date_errors) > 0) {
		json_t *named = json_array(), *e;
		char name[80];

		json_array_foreach(date_errors, i, e)
		{
			snprintf(name, sizeof(name), "changes.%s",
				 json_string_value(json_object_get(e, "field")));
			v_error(named, name, json_string_value(json_object_get(e, "code")),
				json_string_value(json_object_get(e, "message")));
		}
		rc = http_problem(req, 422, "validation_failed",
				  "The amended dates do not fit the campaign's period.", named,
				  NULL);
		goto out;
	}
	{
		const char *amend[10] = {req->params[0], auth_scope(req), values[3], values[4],
					 values[5],	 values[6],	  values[7], values[8],
					 values[9],	 values[10]};
		rc = rest_exec_one(req, "campaign_amend", 10, amend);
	}
	if (rc != 0)
		goto out;
	changes_text = json_dumps(changes, JSON_COMPACT);
	{
		const char *rec[5] = {req->params[0], text, changes_text,
				      req->auth->is_client ? NULL : req->auth->id, auth_scope(req)};
		rc = rest_exec_id(req, "campaign_amendment_insert", 5, rec, id);
	}
	if (rc != 0)
		goto out;
	rc = rest_finish(req, &campaign_kind, "campaign.amend", req->params[0],
			 json_pack("{s:s, s:O}", "amendment_id", id, "changes", changes), 201, 0,
			 body);
out:
	for (i = 0; i < 4; i++)
		free(owned[i]);
	free(changes_text);
	json_decref(body);
	json_decref(errors);
	json_decref(date_errors);
	PQclear(seen);
	PQclear(cur);
	return rc;
}

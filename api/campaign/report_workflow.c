/* The report workflow on the transition engine: the reporting org fills its draft and submits it
 * (the figures frozen, a version kept), the receiver (the campaign's issuing org) accepts it or
 * returns it with a reason, and a returned report is revised and submitted again as the next
 * version. The table below is the one place that says who may do what when; every Report (list
 * rows too) carries its allowed_actions from it. */
#include "auth.h"
#include "dbjson.h"
#include "report.h"
#include "rest.h"
#include "workflow.h"

#include <string.h>

/* Whether column `col` of the row is the caller's org. */
static int caller_org_is(struct http_req *req, const PGresult *rec, int row, const char *col)
{
	const char *v = rest_col(rec, row, col);

	return v != NULL && strcmp(v, req->auth->org_id) == 0;
}

/* The reporting org fills and submits its own report. */
static int reporter(struct http_req *req, const PGresult *rec, int row)
{
	return caller_org_is(req, rec, row, "org_id");
}

/* The receiver (the campaign's issuing org) decides on it. */
static int receiver(struct http_req *req, const PGresult *rec, int row)
{
	return caller_org_is(req, rec, row, "receiver_org_id");
}

static const char *has_narrative(const PGresult *rec, int row)
{
	const char *v = rest_col(rec, row, "_has_narrative");

	return v != NULL && strcmp(v, "t") == 0 ? NULL
						: "A report is submitted with its narrative.";
}

/* submit: an empty narrative is named (422), as the guard's condition in detail. */
static int submit_check(struct wf_ctx *ctx)
{
	if (has_narrative(ctx->rec, 0) == NULL)
		return 0;
	return http_problem(ctx->req, 422, "validation_failed",
			    "A report is submitted with its narrative.",
			    http_field_error("narrative", "required",
					     "Write the narrative (PATCH) before submitting."),
			    NULL);
}

/* Writes the notifications of a move on the report (after the change). */
static int notify(struct wf_ctx *ctx, const char *whose, const char *roles, const char *kind,
		  const char *title)
{
	const char *values[6] = {ctx->id, auth_scope(ctx->req), whose, roles, kind, title};
	PGresult *res = db_exec(ctx->req->db, "report_notify", 6, values);
	int rc = db_ok(res) ? 0 : dbjson_error(ctx->req, res);

	PQclear(res);
	return rc;
}

/* The caller as the actor of a change: a user's id (an API client's is none) and name. */
static const char *actor_id(struct http_req *req)
{
	return req->auth->is_client ? NULL : req->auth->id;
}

/* submit: the figures frozen into the report and its next version; the receiver's admins and
 * inspectors are told. */
static int submit(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[4] = {ctx->id, auth_scope(req), actor_id(req), req->auth->name};
	int rc = rest_exec_one(req, "report_submit", 4, values);

	if (rc == 0)
		rc = notify(ctx, "receiver", "{admin,inspector}", "report.submitted",
			    "信息报送待审核");
	return rc;
}

/* accept and return: the decision on the report and its last version; the reporting org is
 * told. */
static int decide(struct wf_ctx *ctx, const char *decision, const char *kind, const char *title)
{
	struct http_req *req = ctx->req;
	const char *values[6] = {
	    ctx->id,	   auth_scope(req),
	    decision,	   json_string_value(json_object_get(ctx->body, "reason")),
	    actor_id(req), req->auth->name};
	int rc = rest_exec_one(req, "report_decide", 6, values);

	if (rc == 0)
		rc = notify(ctx, "reporter", "{admin,inspector,safety_officer}", kind, title);
	return rc;
}

static int accept_move(struct wf_ctx *ctx)
{
	return decide(ctx, "accepted", "report.accepted", "信息报送已采纳");
}

static int give_back(struct wf_ctx *ctx)
{
	return decide(ctx, "returned", "report.returned", "信息报送被退回");
}

/* The reply of every move: the report. */
static int finish(struct wf_ctx *ctx, const char *audit_action)
{
	json_t *detail = ctx->detail;

	ctx->detail = NULL;
	return rest_finish(ctx->req, &report_kind, audit_action, ctx->id, detail, ctx->status, 0,
			   NULL);
}

#define UPDATE "PATCH /api/v1/reports/{id}"

/* From state, action, to state, permission, org rule, guard, check, change, endpoint, payload
 * members, payload check, flags. */
static const struct wf_move report_moves[] = {
    {"draft", "update", "draft", PERM_REPORT_WRITE, reporter, NULL, NULL, NULL, UPDATE, NULL, NULL,
     0},
    {"returned", "update", "returned", PERM_REPORT_WRITE, reporter, NULL, NULL, NULL, UPDATE, NULL,
     NULL, 0},
    {"draft", "submit", "submitted", PERM_REPORT_WRITE, reporter, has_narrative, submit_check,
     submit, NULL, NULL, NULL, 0},
    {"returned", "submit", "submitted", PERM_REPORT_WRITE, reporter, has_narrative, submit_check,
     submit, NULL, NULL, NULL, 0},
    {"submitted", "accept", "accepted", PERM_CAMPAIGN_WRITE, receiver, NULL, NULL, accept_move,
     NULL, NULL, NULL, 0},
    {"submitted", "return", "returned", PERM_CAMPAIGN_WRITE, receiver, NULL, NULL, give_back, NULL,
     NULL, NULL, WF_REASON},
    {NULL, NULL, NULL, PERM_PUBLIC, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct workflow report_workflow = {
    "report", "state", "report_get_locked", "report_load", NULL, report_moves, finish,
};

int report_act(struct http_req *req)
{
	return wf_act(req, &report_workflow, NULL);
}

int report_events(struct http_req *req)
{
	return wf_events(req, &report_workflow);
}

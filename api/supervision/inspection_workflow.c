/* The inspection workflow on the transition engine: a draft is edited, answered and submitted;
 * a submitted record is fixed and corrected by a new linked draft. The table below is the one
 * place that says who may do what when; the handlers of the endpoints ask it (wf_permits), and
 * every Inspection carries its allowed_actions from it. */
#include "auth.h"
#include "dbjson.h"
#include "inspection.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

int inspection_type_allowed(const struct http_req *req, const char *type)
{
	return strcmp(req->auth->role->name, "safety_officer") != 0 || strcmp(type, "self") == 0;
}

/* The org-level rule: a safety officer acts only on the self-inspections of their unit; an
 * inspection by an administration is the administration's to change. */
static int may_keep(struct http_req *req, const PGresult *rec, int row)
{
	return inspection_type_allowed(req, PQgetvalue(rec, row, PQfnumber(rec, "type")));
}

/* A submitted inspection is corrected once; a correction is corrected in turn. */
static const char *not_corrected(const PGresult *rec, int row)
{
	return PQgetisnull(rec, row, PQfnumber(rec, "corrected_by_id"))
		   ? NULL
		   : "This inspection already has a correction; correct that one.";
}

/* submit: every item answered (the counts come with the record, so allowed_actions offers
 * submit exactly when it would be accepted). */
static const char *all_answered(const PGresult *rec, int row)
{
	const char *answered = PQgetvalue(rec, row, PQfnumber(rec, "answered_count"));
	const char *items = PQgetvalue(rec, row, PQfnumber(rec, "item_count"));

	return strcmp(answered, items) == 0
		   ? NULL
		   : "Every item needs a result before the inspection is submitted.";
}

/* submit: which items are still open (409 naming each position). */
static int open_items(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[2] = {ctx->id, auth_scope(req)};
	PGresult *open = db_exec(req->db, "inspection_unanswered", 2, values);
	char detail[512], field[48], msg[64];
	json_t *errors;
	size_t used;
	int i, n, rc = 0;

	if (!db_ok(open)) {
		rc = dbjson_error(req, open);
		goto out;
	}
	n = PQntuples(open);
	if (n == 0)
		goto out;
	errors = json_array();
	used = (size_t)snprintf(detail, sizeof(detail), "Items not answered (positions):");
	for (i = 0; i < n; i++) {
		const char *p = PQgetvalue(open, i, 0);
		if (used < sizeof(detail) - 16)
			used += (size_t)snprintf(detail + used, sizeof(detail) - used, "%s %s",
						 i == 0 ? "" : ",", p);
		else if (used < sizeof(detail) - 4)
			used += (size_t)snprintf(detail + used, sizeof(detail) - used, "...");
		snprintf(field, sizeof(field), "results/%s/result", p);
		snprintf(msg, sizeof(msg), "Item %s is not answered.", p);
		v_error(errors, field, "required", msg);
	}
	rc = http_problem(req, 409, "conflict", detail, errors, NULL);
out:
	PQclear(open);
	return rc;
}

/* submit: the state, and who submitted when. */
static int submit(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[4] = {ctx->id, ctx->move->to, req->auth->id, auth_scope(req)};

	return rest_exec_one(req, "inspection_submit", 4, values);
}

/* correct: a new draft copying the record, its results and findings; the reply shows it. */
static int correct(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[4] = {ctx->id, req->auth->org_id, req->auth->id, auth_scope(req)};
	PGresult *res = NULL;
	char new_id[37];
	int rc = 0;

	res = db_exec(req->db, "inspection_correction_create", 4, values);
	if (!db_ok(res) || PQntuples(res) != 1) {
		rc = db_ok(res) ? rest_not_found(req) : dbjson_error(req, res);
		goto out;
	}
	snprintf(new_id, sizeof(new_id), "%s", PQgetvalue(res, 0, 0));
	values[0] = new_id;
	values[1] = ctx->id;
	values[2] = auth_scope(req);
	PQclear(res);
	res = db_exec(req->db, "inspection_copy_results", 3, values);
	if (db_ok(res)) {
		PQclear(res);
		res = db_exec(req->db, "inspection_copy_findings", 3, values);
	}
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	ctx->detail = json_pack("{s:s}", "corrects_id", ctx->id);
	snprintf(ctx->id, sizeof(ctx->id), "%s", new_id);
	ctx->status = 201;
out:
	PQclear(res);
	return rc;
}

/* The reply of every move: the inspection shown (the new draft after a correction). */
static int finish(struct wf_ctx *ctx, const char *audit_action)
{
	json_t *detail = ctx->detail;

	ctx->detail = NULL;
	return inspection_finish(ctx->req, audit_action, ctx->id, detail, ctx->status, 0,
				 ctx->body);
}

/* From state, action, to state, permission, org-level rule, guard, check, change, endpoint,
 * payload members, payload check, flags. */
static const struct wf_move inspection_moves[] = {
    {"draft", "update", "draft", PERM_INSPECTION_WRITE, may_keep, NULL, NULL, NULL,
     "PATCH /api/v1/inspections/{id}", NULL, NULL, 0},
    {"draft", "delete", "deleted", PERM_INSPECTION_WRITE, may_keep, NULL, NULL, NULL,
     "DELETE /api/v1/inspections/{id}", NULL, NULL, 0},
    {"draft", "answer", "draft", PERM_INSPECTION_WRITE, may_keep, NULL, NULL, NULL,
     "PUT /api/v1/inspections/{id}/results/{position}", NULL, NULL, 0},
    {"draft", "submit", "submitted", PERM_INSPECTION_WRITE, may_keep, all_answered, open_items,
     submit, NULL, NULL, NULL, 0},
    {"submitted", "correct", "submitted", PERM_INSPECTION_WRITE, may_keep, not_corrected, NULL,
     correct, NULL, NULL, NULL, 0},
    {NULL, NULL, NULL, PERM_PUBLIC, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct workflow inspection_workflow = {
    "inspection",     "status", "inspection_get_locked", "inspection_get", NULL,
    inspection_moves, finish,
};

void inspection_decorate(struct http_req *req, const PGresult *rows, int row, json_t *obj)
{
	json_object_set_new(obj, "allowed_actions",
			    wf_allowed(req, &inspection_workflow, rows, row));
}

int inspection_act(struct http_req *req)
{
	return wf_act(req, &inspection_workflow, NULL);
}

int inspection_submit(struct http_req *req)
{
	return wf_act(req, &inspection_workflow, "submit");
}

int inspection_correction(struct http_req *req)
{
	return wf_act(req, &inspection_workflow, "correct");
}

int inspection_events(struct http_req *req)
{
	return wf_events(req, &inspection_workflow);
}

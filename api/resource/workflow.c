/* The transition engine (see workflow.h): the generic action handler, the event record and
 * allowed_actions, all read from one table per workflow. */
#include "workflow.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "idempotency.h"
#include "rest.h"
#include "validate.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 2000

/* The most payload members one action declares. */
#define WF_FIELDS_MAX 24

static const char *state_of(const struct workflow *wf, const PGresult *rec, int row)
{
	const char *s = PQgetvalue(rec, row, PQfnumber(rec, wf->state_col));

	return s != NULL ? s : "";
}

/* The move of `action` from the record's present state, or NULL. */
static const struct wf_move *move_from(const struct workflow *wf, const char *state,
				       const char *action)
{
	const struct wf_move *m;

	for (m = wf->moves; m->action != NULL; m++) {
		if (strcmp(m->action, action) == 0 && strcmp(m->from, state) == 0)
			return m;
	}
	return NULL;
}

/* A problem about record `id` (NULL: the request's own): wf_take's detail names the record, since
 * its caller takes moves on several. Returns the status. */
static int problem(struct http_req *req, const char *id, int status, const char *code,
		   const char *detail, json_t *errors)
{
	char text[400];

	if (id == NULL)
		return http_problem(req, status, code, detail, errors, NULL);
	snprintf(text, sizeof(text), "Record %s: %s", id, detail);
	return http_problem(req, status, code, text, errors, NULL);
}

/* Role, org rule, state and (with `guard`) the guard, in that order (authorization before
 * state). `named`: the record's id for the problem's detail (wf_take), or NULL. Returns the
 * move, or NULL after answering. */
static const struct wf_move *permitted(struct http_req *req, const struct workflow *wf,
				       const PGresult *rec, const char *action, int guard,
				       const char *named)
{
	const char *state = state_of(wf, rec, 0), *why;
	const struct wf_move *m = move_from(wf, state, action), *rule = m;
	char detail[200];

	/* From another state, the role and org rule of the action's first move decide between
	 * 403 and 409: a caller who may never take it learns nothing of the state. */
	for (rule = m != NULL ? m : wf->moves; rule->action != NULL; rule++) {
		if (strcmp(rule->action, action) == 0)
			break;
	}
	if (rule->action == NULL) {
		problem(req, named, 404, "not_found", "No such action.", NULL);
		return NULL;
	}
	if (!roles_allows(req->auth->role, rule->perm) ||
	    (rule->may != NULL && !rule->may(req, rec, 0))) {
		problem(req, named, 403, "forbidden",
			"You may not take this action on this record.", NULL);
		return NULL;
	}
	if (m == NULL) {
		snprintf(detail, sizeof(detail), "The action %s is not possible in state %s.",
			 action, state);
		problem(req, named, 409, "conflict", detail, NULL);
		return NULL;
	}
	why = guard && m->guard != NULL ? m->guard(rec, 0) : NULL;
	if (why != NULL) {
		problem(req, named, 409, "conflict", why, NULL);
		return NULL;
	}
	return m;
}

/* The guard of move `m` on the locked record: 0, or 409 answered and its status. */
static int guard_holds(struct http_req *req, const struct wf_move *m, const PGresult *rec,
		       const char *named)
{
	const char *why = m->guard != NULL ? m->guard(rec, 0) : NULL;

	return why == NULL ? 0 : problem(req, named, 409, "conflict", why, NULL);
}

int wf_permits(struct http_req *req, const struct workflow *wf, const PGresult *rec,
	       const char *action)
{
	return permitted(req, wf, rec, action, 1, NULL) != NULL ? 0 : req->status;
}

json_t *wf_allowed(struct http_req *req, const struct workflow *wf, const PGresult *rec, int row)
{
	const char *state = state_of(wf, rec, row);
	json_t *out = json_array();
	const struct wf_move *m;

	for (m = wf->moves; m->action != NULL; m++) {
		if (strcmp(m->from, state) != 0 || !roles_allows(req->auth->role, m->perm) ||
		    (m->may != NULL && !m->may(req, rec, row)) ||
		    (m->guard != NULL && m->guard(rec, row) != NULL))
			continue;
		json_array_append_new(out, json_string(m->action));
	}
	return out;
}

/* The first move of `action` (the one that declares its payload), or NULL. */
static const struct wf_move *first_move(const struct workflow *wf, const char *action)
{
	const struct wf_move *m;

	for (m = wf->moves; m->action != NULL; m++) {
		if (strcmp(m->action, action) == 0)
			return m;
	}
	return NULL;
}

/* Checks an action's payload by the declaration of its first move: the members it accepts,
 * `reason` (a string of at most 2000 characters; required with WF_REASON) and the move's
 * payload check. Returns a new reference to the errors array (empty when it holds). */
static json_t *payload_errors(const struct wf_move *m, json_t *body)
{
	const char *names[WF_FIELDS_MAX + 2];
	json_t *errors = json_array();
	size_t k = 0;

	names[k++] = "reason";
	while (m->fields != NULL && m->fields[k - 1] != NULL && k <= WF_FIELDS_MAX) {
		names[k] = m->fields[k - 1];
		k++;
	}
	names[k] = NULL;
	v_only(body, names, errors);
	v_prose(body, "reason", (m->flags & WF_REASON) != 0, (m->flags & WF_REASON) == 0, 1,
		REASON_MAX, NULL, errors);
	if (m->payload != NULL)
		m->payload(body, errors);
	return errors;
}

/* The optional body of an action: {} when none was sent, else an object that the action's
 * payload declaration accepts. Returns a new reference, or NULL after answering. */
static json_t *action_body(struct http_req *req, const struct wf_move *m)
{
	json_t *body = NULL, *errors;

	if (req->ri->content_length <= 0 && http_header(req, "Transfer-Encoding") == NULL)
		body = json_object();
	else if (http_read_json(req, &body, 0) != 0)
		return NULL;
	errors = payload_errors(m, body);
	if (json_array_size(errors) > 0) {
		v_reply(req, errors);
		json_decref(body);
		return NULL;
	}
	json_decref(errors);
	return body;
}

/* Writes the move as an event. Returns 0, or -1 after answering. */
static int record_event(struct wf_ctx *ctx, const char *from)
{
	struct http_req *req = ctx->req;
	const char *reason = json_string_value(json_object_get(ctx->body, "reason"));
	char *payload = json_dumps(ctx->body, JSON_COMPACT);
	const char *values[12];
	PGresult *res;
	int rc;

	values[0] = ctx->wf->name;
	values[1] = PQgetvalue(ctx->rec, 0, PQfnumber(ctx->rec, "id"));
	values[2] = PQgetvalue(ctx->rec, 0, PQfnumber(ctx->rec, "_org_path"));
	values[3] = from;
	values[4] = ctx->move->action;
	values[5] = ctx->move->to;
	values[6] = req->auth->id;
	values[7] = req->auth->name;
	values[8] = req->auth->org_id;
	values[9] = req->auth->role->name;
	values[10] = reason;
	values[11] = payload != NULL ? payload : "{}";
	res = db_exec(req->db, "wf_event_insert", 12, values);
	rc = db_ok(res) ? 0 : -1;
	if (rc != 0)
		dbjson_error(req, res);
	PQclear(res);
	free(payload);
	return rc;
}

/* The move itself, once the caller may take it (ctx->move) on the locked record (ctx->rec):
 * the move's check, its guard, the change (apply, or the workflow's set_state) and the event.
 * Returns 0, or the status answered. */
static int take_move(struct wf_ctx *ctx, const char *named)
{
	struct http_req *req = ctx->req;
	const char *id = PQgetvalue(ctx->rec, 0, PQfnumber(ctx->rec, "id"));
	char from[32];
	PGresult *res = NULL;
	int rc;

	snprintf(from, sizeof(from), "%s", state_of(ctx->wf, ctx->rec, 0));
	if (ctx->move->check != NULL && (rc = ctx->move->check(ctx)) != 0)
		goto out;
	if ((rc = guard_holds(req, ctx->move, ctx->rec, named)) != 0)
		goto out;
	if (ctx->move->apply != NULL) {
		rc = ctx->move->apply(ctx);
		if (rc != 0)
			goto out;
	} else if (strcmp(from, ctx->move->to) != 0) {
		const char *values[3] = {id, ctx->move->to, auth_scope(req)};
		res = db_exec(req->db, ctx->wf->set_state, 3, values);
		if (!db_ok(res) || PQntuples(res) != 1) {
			rc = db_ok(res) ? rest_not_found(req) : dbjson_error(req, res);
			goto out;
		}
	}
	if (record_event(ctx, from) != 0) {
		rc = req->status;
		goto out;
	}
	if (ctx->detail == NULL)
		ctx->detail = json_pack("{s:s, s:s}", "from", from, "to", ctx->move->to);
out:
	PQclear(res);
	return rc;
}

int wf_act(struct http_req *req, const struct workflow *wf, const char *action)
{
	struct wf_ctx ctx;
	const struct wf_move *first;
	PGresult *rec = NULL;
	char audit_action[80];
	int rc, from_path;

	memset(&ctx, 0, sizeof(ctx));
	from_path = action == NULL;
	if (from_path)
		action = req->params[1];
	first = first_move(wf, action);
	if (first == NULL) {
		http_discard_body(req);
		return http_problem(req, 404, "not_found", "No such action.", NULL, NULL);
	}
	ctx.body = action_body(req, first);
	if (ctx.body == NULL)
		return req->status;
	rc = rest_load(req, wf->load_locked, req->params[0], &rec);
	if (rc != 0)
		goto out;
	/* A move with a check of its own explains a failing guard in detail (which items are open):
	 * its check runs first, and the guard after it. */
	ctx.move = permitted(req, wf, rec, action, 0, NULL);
	if (ctx.move == NULL) {
		rc = req->status;
		goto out;
	}
	if (ctx.move->endpoint != NULL && from_path) {
		rc = http_problem(req, 404, "not_found", "This action has an endpoint of its own.",
				  NULL, NULL);
		goto out;
	}
	if (!rest_if_match(req, rest_col_long(rec, "version"))) {
		rc = req->status;
		goto out;
	}
	rc = idem_check(req, ctx.body);
	if (rc != 0) {
		rc = req->status;
		goto out;
	}
	ctx.req = req;
	ctx.wf = wf;
	ctx.rec = rec;
	ctx.status = 200;
	snprintf(ctx.id, sizeof(ctx.id), "%s", req->params[0]);
	rc = take_move(&ctx, NULL);
	if (rc != 0)
		goto out;
	snprintf(audit_action, sizeof(audit_action), "%s.%s", wf->name, ctx.move->action);
	rc = wf->finish(&ctx, audit_action);
	ctx.detail = NULL; /* stolen */
out:
	json_decref(ctx.detail);
	json_decref(ctx.body);
	PQclear(rec);
	return rc;
}

int wf_take(struct http_req *req, const struct workflow *wf, const char *id, const char *action,
	    json_t *payload)
{
	struct wf_ctx ctx;
	const struct wf_move *first = first_move(wf, action);
	PGresult *rec = NULL;
	json_t *errors = NULL;
	char audit_action[80];
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	if (first == NULL)
		return problem(req, id, 404, "not_found", "No such action.", NULL);
	ctx.body = payload != NULL ? json_incref(payload) : json_object();
	errors = payload_errors(first, ctx.body);
	if (json_array_size(errors) > 0) {
		rc =
		    problem(req, id, 400, "validation_failed", "The payload is not valid.", errors);
		errors = NULL;
		goto out;
	}
	rc = rest_load(req, wf->load_locked, id, &rec);
	if (rc != 0)
		goto out;
	ctx.move = permitted(req, wf, rec, action, 0, id);
	if (ctx.move == NULL) {
		rc = req->status;
		goto out;
	}
	ctx.req = req;
	ctx.wf = wf;
	ctx.rec = rec;
	ctx.status = 200;
	snprintf(ctx.id, sizeof(ctx.id), "%s", id);
	rc = take_move(&ctx, id);
	if (rc != 0)
		goto out;
	snprintf(audit_action, sizeof(audit_action), "%s.%s", wf->name, ctx.move->action);
	rc = audit_record(req, audit_action, wf->name, ctx.id, "success", ctx.detail);
	ctx.detail = NULL; /* stolen */
	if (rc != 0)
		rc = problem(req, id, 500, "internal", "The change could not be recorded.", NULL);
out:
	json_decref(errors);
	json_decref(ctx.detail);
	json_decref(ctx.body);
	PQclear(rec);
	return rc;
}

int wf_events(struct http_req *req, const struct workflow *wf)
{
	const char *values[3] = {wf->name, req->params[0], auth_scope(req)};

	return rest_items(req, wf->load, req->params[0], "wf_events", 3, values);
}

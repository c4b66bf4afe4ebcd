/* The moves of the hazard workflow (the table is hazard_workflow.c): what each payload holds,
 * the checks against the record and the database, and each change with its notifications. */
#include "hazard_moves.h"
#include "attachment.h"
#include "auth.h"
#include "dbjson.h"
#include "fields.h"
#include "hazard.h"
#include "labels.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIVE "responsible_person", "responsible_phone", "funds", "measures", "emergency_plan"

static const char *const capacities[] = {"in_charge", "principal", NULL};

const char *const hazard_register_fields[] = {
    "level", "category", "criterion_id", "major_basis", "deadline", "requirement", FIVE, NULL};
const char *const hazard_fix_fields[] = {"rectification", "attachments", NULL};
const char *const hazard_notice_fields[] = {"notice_id", "deadline", "requirement", NULL};
const char *const hazard_start_fields[] = {FIVE, NULL};
const char *const hazard_submit_fields[] = {"rectification", "attachments", NULL};
const char *const hazard_sign_fields[] = {"capacity", "signature", NULL};
const char *const hazard_list_fields[] = {"listing_document", "listing_due", NULL};
const char *const hazard_extension_fields[] = {"extension_until", NULL};
const char *const hazard_rebound_fields[] = {"inspection_id", "attachments", NULL};

/* The shape of every member any hazard action takes, whichever action this is: a malformed
 * member is named as such even where this action does not take it (which is also refused, as an
 * unknown member, by the engine). Requiredness is each action's own check. */
static void shapes(json_t *body, json_t *errors)
{
	static const char *const texts[][2] = {
	    {"major_basis", "1000"},   {"requirement", "2000"},	    {"responsible_person", "64"},
	    {"funds", "200"},	       {"measures", "2000"},	    {"emergency_plan", "2000"},
	    {"rectification", "2000"}, {"listing_document", "100"},
	};
	static const char *const uuids[] = {"criterion_id", "notice_id", "inspection_id",
					    "signature", NULL};
	static const char *const dates[] = {"deadline", "listing_due", "extension_until", NULL};
	const char *phone;
	size_t i;

	v_enum(body, "level", 0, hazard_level_codes, errors);
	v_enum(body, "category", 0, labels_codes(labels_risk_category), errors);
	v_enum(body, "capacity", 0, capacities, errors);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		v_string(body, texts[i][0], 0, 0, 1, (size_t)atoi(texts[i][1]), NULL, errors);
	for (i = 0; uuids[i] != NULL; i++)
		v_uuid(body, uuids[i], 0, errors);
	for (i = 0; dates[i] != NULL; i++)
		fields_date(body, dates[i], 0, 0, NULL, errors);
	phone = v_string(body, "responsible_phone", 0, 0, 5, 20, NULL, errors);
	if (phone != NULL && !rest_only_chars(phone, "0123456789+-"))
		v_error(errors, "responsible_phone", "format", "Digits, + and - only.");
	attachment_ids_check(body, "attachments", 0, errors);
}

/* Adds "required" for each of `names` (NULL-terminated) absent from the body. */
static void need(json_t *body, const char *const *names, json_t *errors)
{
	for (; *names != NULL; names++) {
		if (json_object_get(body, *names) == NULL)
			v_error(errors, *names, "required", "This field is required.");
	}
}

void hazard_register_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"level", "deadline", NULL};
	const char *level = json_string_value(json_object_get(body, "level"));

	shapes(body, errors);
	need(body, req, errors);
	if (level != NULL && strcmp(level, "major") == 0 &&
	    json_object_get(body, "criterion_id") == NULL &&
	    json_object_get(body, "major_basis") == NULL)
		v_error(errors, "criterion_id", "required",
			"A major hazard needs a criterion_id or a major_basis.");
}

/* fix_on_spot and submit: what was done, and at least one after-photo. */
void hazard_fix_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"rectification", "attachments", NULL};
	json_t *att = json_object_get(body, "attachments");

	shapes(body, errors);
	need(body, req, errors);
	if (json_is_array(att) && json_array_size(att) == 0)
		v_error(errors, "attachments", "too_short", "At least one after-photo.");
}

void hazard_notice_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"notice_id", "deadline", NULL};

	shapes(body, errors);
	need(body, req, errors);
}

void hazard_start_payload(json_t *body, json_t *errors)
{
	shapes(body, errors);
}

void hazard_sign_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"capacity", NULL};

	shapes(body, errors);
	need(body, req, errors);
}

void hazard_list_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"listing_document", NULL};

	shapes(body, errors);
	need(body, req, errors);
}

void hazard_extension_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"extension_until", NULL};

	shapes(body, errors);
	need(body, req, errors);
}

void hazard_rebound_payload(json_t *body, json_t *errors)
{
	static const char *const req[] = {"inspection_id", NULL};

	shapes(body, errors);
	need(body, req, errors);
}

/* The moves without members of their own still name a malformed member by its shape. */
void hazard_plain_payload(json_t *body, json_t *errors)
{
	shapes(body, errors);
}

static const char *str(json_t *body, const char *name)
{
	return json_string_value(json_object_get(body, name));
}

/* Runs move statement `stmt` on the record: ($1 id, $2 subtree, then the n values given).
 * Returns 0 or the status answered. */
static int run(struct wf_ctx *ctx, const char *stmt, int n, const char *const *extra)
{
	const char *values[16];
	int i;

	values[0] = ctx->id;
	values[1] = auth_scope(ctx->req);
	for (i = 0; i < n && i < 14; i++)
		values[i + 2] = extra[i];
	return rest_exec_one(ctx->req, stmt, n + 2, values);
}

static int notify(struct wf_ctx *ctx, const char *whose, const char *mode, const char *roles,
		  const char *kind, const char *title)
{
	return hazard_notify(ctx->req, ctx->id, whose, mode, roles, kind, title);
}

static int is_major(const PGresult *rec)
{
	const char *level = rest_col(rec, 0, "level");

	return level != NULL && strcmp(level, "major") == 0;
}

/* Answers 400 naming `field` with `message`. */
static int field_problem(struct http_req *req, const char *field, const char *code,
			 const char *message)
{
	return v_reply(req, http_field_error(field, code, message));
}

/* Whether date `d` is today or later in Asia/Shanghai (app_now()). Returns 1, 0, or -1 after
 * answering a database error. */
static int not_past(struct http_req *req, const char *d)
{
	const char *values[1] = {d};
	PGresult *res = db_exec(req->db, "hazard_date_ok", 1, values);
	int ok;

	if (!db_ok(res)) {
		dbjson_error(req, res);
		PQclear(res);
		return -1;
	}
	ok = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return ok;
}

int hazard_register_check(struct wf_ctx *ctx)
{
	int ok = not_past(ctx->req, str(ctx->body, "deadline"));

	if (ok < 0)
		return ctx->req->status;
	if (!ok)
		return field_problem(ctx->req, "deadline", "past",
				     "The deadline is today or later (Asia/Shanghai).");
	return hazard_criterion_check(ctx->req, str(ctx->body, "criterion_id"));
}

int hazard_register(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *level = str(ctx->body, "level");
	const char *values[13] = {level,
				  str(ctx->body, "category"),
				  str(ctx->body, "criterion_id"),
				  str(ctx->body, "major_basis"),
				  str(ctx->body, "deadline"),
				  str(ctx->body, "requirement"),
				  str(ctx->body, "responsible_person"),
				  str(ctx->body, "responsible_phone"),
				  str(ctx->body, "funds"),
				  str(ctx->body, "measures"),
				  str(ctx->body, "emergency_plan"),
				  req->auth->org_id,
				  req->auth->id};
	int rc = run(ctx, "hazard_register", 13, values);

	/* a major hazard is reported upward at once (unless it was reported major already) */
	if (rc == 0 && strcmp(level, "major") == 0 && !is_major(ctx->rec))
		rc = notify(ctx, "unit", "ancestors", "{admin,leader}", "hazard.major", "重大隐患");
	ctx->detail = json_pack("{s:s, s:s, s:s, s:s}", "from", "reported", "to", "registered",
				"level", level, "deadline", str(ctx->body, "deadline"));
	return rc;
}

/* Binds the payload's `attachments` to the hazard as `kind`. */
static int bind(struct wf_ctx *ctx, json_t *ids, const char *field, const char *id,
		const char *kind)
{
	return attachment_bind(ctx->req, ids, field, "hazard", id,
			       rest_col(ctx->rec, 0, "_org_path"), kind);
}

int hazard_fix_on_spot(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[4] = {str(ctx->body, "rectification"), req->auth->id, req->auth->name,
				 req->auth->org_id};
	int rc = run(ctx, "hazard_fix_on_spot", 4, values);

	if (rc == 0)
		rc = bind(ctx, json_object_get(ctx->body, "attachments"), "attachments", ctx->id,
			  "after");
	return rc;
}

int hazard_issue_notice(struct wf_ctx *ctx)
{
	const char *values[3] = {str(ctx->body, "notice_id"), str(ctx->body, "deadline"),
				 str(ctx->body, "requirement")};
	int rc = run(ctx, "hazard_issue_notice", 3, values);

	if (rc == 0)
		rc = notify(ctx, "unit", "org", "{admin,safety_officer}", "hazard.notice",
			    "整改通知书");
	return rc;
}

int hazard_start_check(struct wf_ctx *ctx)
{
	static const char *const five[] = {FIVE, "deadline", NULL};
	const char *const *f;
	json_t *errors = json_array();
	char msg[96];

	for (f = five; *f != NULL; f++) {
		if (strcmp(*f, "responsible_phone") == 0)
			continue; /* the phone helps; the person is the responsibility */
		if (str(ctx->body, *f) == NULL && rest_col(ctx->rec, 0, *f) == NULL) {
			snprintf(msg, sizeof(msg), "五落实: %s is needed before rectifying.", *f);
			v_error(errors, *f, "required", msg);
		}
	}
	if (json_array_size(errors) == 0) {
		json_decref(errors);
		return 0;
	}
	return http_problem(ctx->req, 409, "five_implementations",
			    "The five implementations (五落实: responsibility, funds, measures, "
			    "deadline, emergency plan) are not complete.",
			    errors, NULL);
}

int hazard_start(struct wf_ctx *ctx)
{
	const char *values[5] = {str(ctx->body, "responsible_person"),
				 str(ctx->body, "responsible_phone"), str(ctx->body, "funds"),
				 str(ctx->body, "measures"), str(ctx->body, "emergency_plan")};

	return run(ctx, "hazard_start", 5, values);
}

int hazard_submit(struct wf_ctx *ctx)
{
	const char *level = rest_col(ctx->rec, 0, "registered_org_level");
	const char *values[2] = {str(ctx->body, "rectification"), ctx->req->auth->id};
	int rc = run(ctx, "hazard_submit", 2, values);

	if (rc == 0)
		rc = bind(ctx, json_object_get(ctx->body, "attachments"), "attachments", ctx->id,
			  "after");
	if (rc != 0)
		return rc;
	/* the acceptance is the registering org's (the unit's own admins when it registered) */
	if (level == NULL || strcmp(level, "unit") == 0)
		rc = notify(ctx, "unit", "org", "{admin}", "hazard.acceptance", "申请验收");
	else
		rc = notify(ctx, "registrar", "org", "{admin,inspector}", "hazard.acceptance",
			    "申请验收");
	if (rc == 0 && is_major(ctx->rec))
		rc =
		    notify(ctx, "unit", "org", "{leader}", "hazard.sign_off", "重大隐患整改待签字");
	return rc;
}

int hazard_sign_check(struct wf_ctx *ctx)
{
	const char *cap = str(ctx->body, "capacity");
	const char *col =
	    strcmp(cap, "in_charge") == 0 ? "signed_in_charge_by" : "signed_principal_by";

	if (rest_col(ctx->rec, 0, col) != NULL)
		return http_problem(ctx->req, 409, "conflict", "This capacity has signed already.",
				    http_field_error("capacity", "signed", "Signed already."),
				    NULL);
	return 0;
}

int hazard_sign_off(struct wf_ctx *ctx)
{
	const char *values[2] = {str(ctx->body, "capacity"), ctx->req->auth->id};
	json_t *sig = json_object_get(ctx->body, "signature"), *ids;
	int rc = run(ctx, "hazard_sign_off", 2, values);

	if (rc == 0 && sig != NULL) {
		ids = json_pack("[O]", sig);
		rc = bind(ctx, ids, "signature", ctx->id, "signature");
		json_decref(ids);
	}
	ctx->detail = json_pack("{s:s}", "capacity", values[0]);
	return rc;
}

int hazard_accept(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[3] = {req->auth->id, req->auth->name, req->auth->org_id};

	return run(ctx, "hazard_accept", 3, values);
}

int hazard_reject(struct wf_ctx *ctx)
{
	int rc = run(ctx, "hazard_reject", 0, NULL);

	if (rc == 0)
		rc = notify(ctx, "unit", "org", "{admin,safety_officer}", "hazard.rejected",
			    "验收未通过");
	return rc;
}

int hazard_cancel(struct wf_ctx *ctx)
{
	const char *values[1] = {str(ctx->body, "reason")};

	return run(ctx, "hazard_cancel", 1, values);
}

int hazard_list_move(struct wf_ctx *ctx)
{
	const char *values[3] = {ctx->req->auth->org_id, str(ctx->body, "listing_document"),
				 str(ctx->body, "listing_due")};
	int rc = run(ctx, "hazard_list_for_supervision", 3, values);

	if (rc == 0)
		rc = notify(ctx, "unit", "org", "{admin,safety_officer,leader}", "hazard.listed",
			    "挂牌督办");
	return rc;
}

int hazard_delist(struct wf_ctx *ctx)
{
	return run(ctx, "hazard_delist", 0, NULL);
}

int hazard_extension_check(struct wf_ctx *ctx)
{
	const char *until = str(ctx->body, "extension_until");
	const char *deadline = rest_col(ctx->rec, 0, "deadline");

	/* both are YYYY-MM-DD: their text order is their date order */
	if (deadline != NULL && strcmp(until, deadline) <= 0)
		return field_problem(ctx->req, "extension_until", "too_early",
				     "The new date lies after the present deadline.");
	return 0;
}

int hazard_request_extension(struct wf_ctx *ctx)
{
	const char *values[2] = {str(ctx->body, "extension_until"), str(ctx->body, "reason")};
	int rc = run(ctx, "hazard_request_extension", 2, values);

	if (rc == 0)
		rc = notify(ctx, "issuer", "org", "{admin,inspector}", "hazard.extension",
			    "延期申请");
	return rc;
}

int hazard_grant_extension(struct wf_ctx *ctx)
{
	int rc = run(ctx, "hazard_grant_extension", 0, NULL);

	if (rc == 0)
		rc = notify(ctx, "unit", "org", "{admin,safety_officer}", "hazard.extension",
			    "延期申请已批准");
	return rc;
}

int hazard_refuse_extension(struct wf_ctx *ctx)
{
	int rc = run(ctx, "hazard_refuse_extension", 0, NULL);

	if (rc == 0)
		rc = notify(ctx, "unit", "org", "{admin,safety_officer}", "hazard.extension",
			    "延期申请未批准");
	return rc;
}

int hazard_rebound_check(struct wf_ctx *ctx)
{
	const char *values[3] = {str(ctx->body, "inspection_id"), auth_scope(ctx->req),
				 rest_col(ctx->rec, 0, "institution_id")};
	PGresult *res = db_exec(ctx->req->db, "hazard_lookback", 3, values);
	int rc = 0;

	if (!db_ok(res))
		rc = dbjson_error(ctx->req, res);
	else if (PQntuples(res) != 1)
		rc = field_problem(ctx->req, "inspection_id", "not_lookback",
				   "A look-back (回头看) inspection of the same institution.");
	PQclear(res);
	return rc;
}

/* rebound: the hazard found again opens a new life, reported, linked to this one; the reply
 * shows the new hazard (201). */
int hazard_rebound(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *values[6] = {ctx->id,	auth_scope(req), str(ctx->body, "inspection_id"),
				 req->auth->id, req->auth->name, req->auth->org_id};
	char new_id[37];
	int rc = rest_exec_id(req, "hazard_rebound_create", 6, values, new_id);

	if (rc != 0)
		return rc;
	rc = bind(ctx, json_object_get(ctx->body, "attachments"), "attachments", new_id, "before");
	if (rc != 0)
		return rc;
	ctx->detail = json_pack("{s:s, s:s}", "rebound_id", new_id, "inspection_id",
				str(ctx->body, "inspection_id"));
	snprintf(ctx->id, sizeof(ctx->id), "%s", new_id);
	ctx->status = 201;
	if (is_major(ctx->rec))
		rc = notify(ctx, "unit", "ancestors", "{admin,leader}", "hazard.major",
			    "重大隐患反弹");
	return rc;
}

/* The hazard workflow on the transition engine (隐患闭环): the table below is the one place that
 * says who may move a hazard when. "Unit side" is the hazard's own unit; "above" an
 * administration whose subtree holds it. The org rules and guards read the record's row, so
 * every Hazard's allowed_actions (list rows too) is exactly what the server then accepts; the
 * payloads, checks and changes are in hazard_moves.c. */
#include "auth.h"
#include "hazard.h"
#include "hazard_moves.h"
#include "rest.h"
#include "workflow.h"

#include <string.h>

static int relation(struct http_req *req, const PGresult *rec, int row)
{
	return hazard_relation(req, rest_col(rec, row, "_org_path"));
}

/* Whether column `col` of the row is the caller's org. */
static int caller_org_is(struct http_req *req, const PGresult *rec, int row, const char *col)
{
	const char *v = rest_col(rec, row, col);

	return v != NULL && strcmp(v, req->auth->org_id) == 0;
}

static int col_is(const PGresult *rec, int row, const char *col, const char *value)
{
	const char *v = rest_col(rec, row, col);

	return v != NULL && strcmp(v, value) == 0;
}

/* The unit, or an administration above it. */
static int unit_or_above(struct http_req *req, const PGresult *rec, int row)
{
	return relation(req, rec, row) != 0;
}

static int unit_side(struct http_req *req, const PGresult *rec, int row)
{
	return relation(req, rec, row) == HAZARD_UNIT;
}

static int above(struct http_req *req, const PGresult *rec, int row)
{
	return relation(req, rec, row) == HAZARD_ABOVE;
}

/* Acceptance and its rejection: an administration above when an administration registered the
 * hazard (the unit cannot close its own supervision findings), else the unit or above; never
 * the user who submitted the rectification. */
static int judge(struct http_req *req, const PGresult *rec, int row)
{
	const char *level = rest_col(rec, row, "registered_org_level");
	const char *by = rest_col(rec, row, "rectified_by");
	int rel = relation(req, rec, row);

	if (by != NULL && strcmp(by, req->auth->id) == 0)
		return 0;
	if (level != NULL && strcmp(level, "unit") != 0)
		return rel == HAZARD_ABOVE;
	return rel != 0;
}

/* Before registration: the reporter's org, or an administration above. */
static int reporter_or_above(struct http_req *req, const PGresult *rec, int row)
{
	return caller_org_is(req, rec, row, "reporter_org_id") || above(req, rec, row);
}

/* After registration: the registering org alone. */
static int registrar(struct http_req *req, const PGresult *rec, int row)
{
	return caller_org_is(req, rec, row, "registered_org_id");
}

static int listing_org(struct http_req *req, const PGresult *rec, int row)
{
	return caller_org_is(req, rec, row, "listing_org_id");
}

static int notice_issuer(struct http_req *req, const PGresult *rec, int row)
{
	return caller_org_is(req, rec, row, "_notice_issuer");
}

/* A leader of the unit who has not signed in the other capacity (one user cannot sign both). */
static int signer(struct http_req *req, const PGresult *rec, int row)
{
	return unit_side(req, rec, row) &&
	       !col_is(rec, row, "signed_in_charge_by", req->auth->id) &&
	       !col_is(rec, row, "signed_principal_by", req->auth->id);
}

static const char *general_only(const PGresult *rec, int row)
{
	return col_is(rec, row, "level", "general")
		   ? NULL
		   : "Only a general hazard is fixed on the spot; a major one is rectified.";
}

static const char *major_unsigned(const PGresult *rec, int row)
{
	if (!col_is(rec, row, "level", "major"))
		return "Only a major hazard is signed off.";
	return rest_col(rec, row, "signed_in_charge_by") == NULL ||
		       rest_col(rec, row, "signed_principal_by") == NULL
		   ? NULL
		   : "Both leaders have signed already.";
}

static const char *signed_if_major(const PGresult *rec, int row)
{
	return !col_is(rec, row, "level", "major") ||
		       (rest_col(rec, row, "signed_in_charge_by") != NULL &&
			rest_col(rec, row, "signed_principal_by") != NULL)
		   ? NULL
		   : "A major hazard closes only after the unit's leader in charge and its "
		     "principal "
		     "have signed off (sign_off).";
}

static const char *major_unlisted(const PGresult *rec, int row)
{
	if (!col_is(rec, row, "level", "major"))
		return "Only a major hazard is listed for supervision.";
	return col_is(rec, row, "listed", "t") ? "The hazard is listed already." : NULL;
}

static const char *is_listed(const PGresult *rec, int row)
{
	return col_is(rec, row, "listed", "t") ? NULL : "The hazard is not listed.";
}

static const char *extension_open(const PGresult *rec, int row)
{
	if (rest_col(rec, row, "notice_id") == NULL)
		return "An extension is asked for against a rectification notice.";
	return rest_col(rec, row, "extension_state") == NULL
		   ? NULL
		   : "An extension was asked for already under this notice (once per notice).";
}

static const char *extension_requested(const PGresult *rec, int row)
{
	return col_is(rec, row, "extension_state", "requested") ? NULL : "No extension is pending.";
}

static const char *not_rebound(const PGresult *rec, int row)
{
	return rest_col(rec, row, "rebound_id") == NULL
		   ? NULL
		   : "This hazard has rebounded already; its later life is the open one.";
}

/* A leader holds hazard:sign but not hazard:write: the sign-off has an endpoint of its own. */
#define SIGN_OFF "POST /api/v1/hazards/{id}/sign-off"

#define F(name) hazard_##name##_fields
#define P(name) hazard_##name##_payload

/* From state, action, to state, permission, org rule, guard, check, change, endpoint, payload
 * members, payload check, flags. Moves of one action share the first one's payload. */
static const struct wf_move hazard_moves[] = {
    {"reported", "register", "registered", PERM_HAZARD_WRITE, unit_or_above, NULL,
     hazard_register_check, hazard_register, NULL, F(register), P(register), 0},
    {"reported", "fix_on_spot", "closed", PERM_HAZARD_WRITE, unit_or_above, general_only, NULL,
     hazard_fix_on_spot, NULL, F(fix), P(fix), 0},
    {"registered", "fix_on_spot", "closed", PERM_HAZARD_WRITE, unit_or_above, general_only, NULL,
     hazard_fix_on_spot, NULL, F(fix), P(fix), 0},
    {"registered", "issue_notice", "notice_issued", PERM_HAZARD_WRITE, above, NULL, NULL,
     hazard_issue_notice, "POST /api/v1/notices", F(notice), P(notice), 0},
    {"registered", "start", "rectifying", PERM_HAZARD_WRITE, unit_side, NULL, hazard_start_check,
     hazard_start, NULL, F(start), P(start), 0},
    {"notice_issued", "start", "rectifying", PERM_HAZARD_WRITE, unit_side, NULL, hazard_start_check,
     hazard_start, NULL, F(start), P(start), 0},
    {"rectifying", "submit", "acceptance_requested", PERM_HAZARD_WRITE, unit_side, NULL, NULL,
     hazard_submit, NULL, F(submit), P(fix), 0},
    {"rectifying", "sign_off", "rectifying", PERM_HAZARD_SIGN, signer, major_unsigned,
     hazard_sign_check, hazard_sign_off, SIGN_OFF, F(sign), P(sign), 0},
    {"acceptance_requested", "sign_off", "acceptance_requested", PERM_HAZARD_SIGN, signer,
     major_unsigned, hazard_sign_check, hazard_sign_off, SIGN_OFF, F(sign), P(sign), 0},
    {"acceptance_requested", "accept", "closed", PERM_HAZARD_WRITE, judge, signed_if_major, NULL,
     hazard_accept, NULL, NULL, P(plain), 0},
    {"acceptance_requested", "reject", "rectifying", PERM_HAZARD_WRITE, judge, NULL, NULL,
     hazard_reject, NULL, NULL, P(plain), WF_REASON},
    {"reported", "cancel", "cancelled", PERM_HAZARD_WRITE, reporter_or_above, NULL, NULL,
     hazard_cancel, NULL, NULL, P(plain), WF_REASON},
    {"registered", "cancel", "cancelled", PERM_HAZARD_WRITE, registrar, NULL, NULL, hazard_cancel,
     NULL, NULL, P(plain), WF_REASON},
    {"notice_issued", "cancel", "cancelled", PERM_HAZARD_WRITE, registrar, NULL, NULL,
     hazard_cancel, NULL, NULL, P(plain), WF_REASON},
    {"registered", "list", "registered", PERM_HAZARD_WRITE, above, major_unlisted, NULL,
     hazard_list_move, NULL, F(list), P(list), 0},
    {"notice_issued", "list", "notice_issued", PERM_HAZARD_WRITE, above, major_unlisted, NULL,
     hazard_list_move, NULL, F(list), P(list), 0},
    {"rectifying", "list", "rectifying", PERM_HAZARD_WRITE, above, major_unlisted, NULL,
     hazard_list_move, NULL, F(list), P(list), 0},
    {"acceptance_requested", "list", "acceptance_requested", PERM_HAZARD_WRITE, above,
     major_unlisted, NULL, hazard_list_move, NULL, F(list), P(list), 0},
    {"closed", "delist", "closed", PERM_HAZARD_WRITE, listing_org, is_listed, NULL, hazard_delist,
     NULL, NULL, P(plain), 0},
    {"notice_issued", "request_extension", "notice_issued", PERM_HAZARD_WRITE, unit_side,
     extension_open, hazard_extension_check, hazard_request_extension, NULL, F(extension),
     P(extension), WF_REASON},
    {"rectifying", "request_extension", "rectifying", PERM_HAZARD_WRITE, unit_side, extension_open,
     hazard_extension_check, hazard_request_extension, NULL, F(extension), P(extension), WF_REASON},
    {"notice_issued", "grant_extension", "notice_issued", PERM_HAZARD_WRITE, notice_issuer,
     extension_requested, NULL, hazard_grant_extension, NULL, NULL, P(plain), 0},
    {"rectifying", "grant_extension", "rectifying", PERM_HAZARD_WRITE, notice_issuer,
     extension_requested, NULL, hazard_grant_extension, NULL, NULL, P(plain), 0},
    {"notice_issued", "refuse_extension", "notice_issued", PERM_HAZARD_WRITE, notice_issuer,
     extension_requested, NULL, hazard_refuse_extension, NULL, NULL, P(plain), WF_REASON},
    {"rectifying", "refuse_extension", "rectifying", PERM_HAZARD_WRITE, notice_issuer,
     extension_requested, NULL, hazard_refuse_extension, NULL, NULL, P(plain), WF_REASON},
    {"closed", "rebound", "closed", PERM_HAZARD_WRITE, unit_or_above, not_rebound,
     hazard_rebound_check, hazard_rebound, NULL, F(rebound), P(rebound), 0},
    {"reported", "update", "reported", PERM_HAZARD_WRITE, unit_or_above, NULL, NULL, NULL,
     "PATCH /api/v1/hazards/{id}", NULL, NULL, 0},
    {"registered", "update", "registered", PERM_HAZARD_WRITE, unit_or_above, NULL, NULL, NULL,
     "PATCH /api/v1/hazards/{id}", NULL, NULL, 0},
    {NULL, NULL, NULL, PERM_PUBLIC, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

/* The reply of every move: the hazard shown (the new one after a rebound, 201). */
static int finish(struct wf_ctx *ctx, const char *audit_action)
{
	json_t *detail = ctx->detail;

	ctx->detail = NULL;
	return rest_finish(ctx->req, &hazard_resource.kind, audit_action, ctx->id, detail,
			   ctx->status, 0, ctx->body);
}

const struct workflow hazard_workflow = {
    "hazard", "state", "hazard_get_locked", "hazard_get", NULL, hazard_moves, finish,
};

int hazard_act(struct http_req *req)
{
	return wf_act(req, &hazard_workflow, NULL);
}

int hazard_sign_off_endpoint(struct http_req *req)
{
	return wf_act(req, &hazard_workflow, "sign_off");
}

int hazard_events(struct http_req *req)
{
	return wf_events(req, &hazard_workflow);
}

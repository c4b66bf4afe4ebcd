/* Rectification notices (整改通知书): issued by an administration (county, city, province) to a
 * unit below it for one or more of the unit's registered hazards, each of which takes the
 * hazard workflow's issue_notice move in the same transaction; numbered without gaps per issuing
 * org and year; received (签收) by the unit through the notice workflow's one move. */
#include "notice.h"
#include "auth.h"
#include "config.h"
#include "dbjson.h"
#include "fields.h"
#include "hazard.h"
#include "list.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Most hazards one notice names. */
#define NOTICE_HAZARDS_MAX 50

static json_t *notice_allowed(struct http_req *req, const PGresult *res, int row)
{
	return wf_allowed(req, &notice_workflow, res, row);
}

/* The parts of a notice: the hazards it names, and the address of its page in the SPA (what
 * its QR code opens). Returns 0, or the status answered. */
static int notice_parts(struct http_req *req, const PGresult *res, json_t *obj)
{
	const char *values[2] = {rest_col(res, 0, "id"), auth_scope(req)};
	PGresult *hazards = db_exec(req->db, "notice_hazards", 2, values);
	char url[300];
	int rc = 0;

	if (!db_ok(hazards)) {
		rc = dbjson_error(req, hazards);
		goto out;
	}
	json_object_set_new(obj, "hazards", dbjson_rows(hazards));
	snprintf(url, sizeof(url), "%s/notices/%s", config.public_url, values[0]);
	json_object_set_new(obj, "url", json_string(url));
out:
	PQclear(hazards);
	return rc;
}

/* The members of a notice body; hazard_ids is its part (read by hazard_ids_read). */
enum { NF_ORG, NF_DEADLINE, NF_REQUIREMENT, NF_COUNT };

static const struct res_field notice_fields[] = {
    [NF_ORG] = {"org_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [NF_DEADLINE] = {"deadline", RES_DATE, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [NF_REQUIREMENT] = {"requirement", RES_PROSE, 1, 0, 1, 2000, NULL, NULL, RES_CREATE_ONLY},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

/* Notices are issued (notice_create, for the hazard moves beside the record) and received (the
 * workflow); nothing else changes one. */
const struct resource notice_resource = {
    .kind = {"notice_get", "notice", "/api/v1/notices/", notice_allowed, notice_parts, NULL},
    .get_locked = "notice_get_locked",
    .insert = "notice_insert",
    .fields = notice_fields,
    .write = PERM_HAZARD_WRITE,
    .audit_create = "notice.issue",
    .create_detail = {"org_id", "deadline", NULL},
    .no_client_id = 1,
    .part_names = {"hazard_ids", NULL},
};

static int uuid_cmp(const void *a, const void *b)
{
	return strcasecmp(json_string_value(*(json_t *const *)a),
			  json_string_value(*(json_t *const *)b));
}

/* hazard_ids: 1..50 distinct UUIDs. Returns a new reference: the ids in one order (every issue
 * locks its hazards in that order, so two notices naming the same hazards never deadlock), or
 * NULL after adding errors naming "hazard_ids" or "hazard_ids[i]". */
static json_t *hazard_ids_read(json_t *body, json_t *errors)
{
	json_t *arr = json_object_get(body, "hazard_ids"), *v, *out = NULL;
	json_t *sorted[NOTICE_HAZARDS_MAX];
	char field[48];
	size_t i, n, bad = json_array_size(errors);

	if (arr == NULL) {
		v_error(errors, "hazard_ids", "required", "Name the hazards of the notice.");
		return NULL;
	}
	if (!json_is_array(arr)) {
		v_error(errors, "hazard_ids", "type", "This field must be an array of hazard ids.");
		return NULL;
	}
	n = json_array_size(arr);
	if (n < 1 || n > NOTICE_HAZARDS_MAX) {
		v_error(errors, "hazard_ids", n < 1 ? "too_short" : "too_long",
			"From 1 to 50 hazards.");
		return NULL;
	}
	json_array_foreach(arr, i, v)
	{
		snprintf(field, sizeof(field), "hazard_ids[%zu]", i);
		if (!json_is_string(v))
			v_error(errors, field, "type", "This field must be a UUID.");
		else if (!v_is_uuid(json_string_value(v)))
			v_error(errors, field, "format", "This field must be a UUID.");
		sorted[i] = v;
	}
	if (json_array_size(errors) != bad)
		return NULL;
	qsort(sorted, n, sizeof(sorted[0]), uuid_cmp);
	for (i = 1; i < n; i++) {
		if (uuid_cmp(&sorted[i - 1], &sorted[i]) == 0) {
			v_error(errors, "hazard_ids", "duplicate", "A hazard is named twice.");
			return NULL;
		}
	}
	out = json_array();
	for (i = 0; i < n; i++)
		json_array_append(out, sorted[i]);
	return out;
}

/* The ids as a PostgreSQL array literal ({a,b}; UUIDs need no quoting). Caller frees. */
static char *uuid_array_text(json_t *ids)
{
	size_t i, n = json_array_size(ids);
	char *out = malloc(n * 37 + 3), *p = out;
	json_t *v;

	if (out == NULL)
		return NULL;
	*p++ = '{';
	json_array_foreach(ids, i, v)
	{
		p += sprintf(p, "%s%s", i == 0 ? "" : ",", json_string_value(v));
	}
	*p++ = '}';
	*p = '\0';
	return out;
}

/* The position of hazard `id` in the body's hazard_ids (for errors naming it). */
static size_t body_position(json_t *body, const char *id)
{
	json_t *arr = json_object_get(body, "hazard_ids"), *v;
	size_t i;

	json_array_foreach(arr, i, v)
	{
		if (strcasecmp(json_string_value(v), id) == 0)
			return i;
	}
	return 0;
}

/* Before a number is drawn: the caller's org issues (an administration: 403 otherwise), every
 * hazard is one the caller sees (404 otherwise, as for a missing one), the addressed org is a
 * unit strictly below the caller's org (404 outside the subtree, 400 otherwise), each hazard is
 * that unit's, and the deadline is not past (400 naming the member). The hazards' states are
 * the workflow's to check. Returns 0, or the status answered. */
static int issue_checks(struct http_req *req, json_t *body, const char *const *values, json_t *ids)
{
	PGresult *issuer = NULL, *seen = NULL, *unit = NULL;
	const char *v[4];
	char *array = uuid_array_text(ids), field[48];
	json_t *errors = json_array();
	int i, rc = 0;

	if (array == NULL) {
		rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		goto out;
	}
	v[0] = array;
	v[1] = auth_scope(req);
	seen = db_exec(req->db, "notice_hazards_seen", 2, v);
	if (!db_ok(seen)) {
		rc = dbjson_error(req, seen);
		goto out;
	}
	if ((size_t)PQntuples(seen) != json_array_size(ids)) {
		rc = rest_not_found(req);
		goto out;
	}
	v[0] = req->auth->org_id;
	rc = rest_exec_row(req, "notice_issuer", 2, v, &issuer);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(issuer, 0, "administration"), "t") != 0) {
		rc = http_problem(req, 403, "forbidden",
				  "Rectification notices are issued by an administration (county, "
				  "city or province) to a unit below it.",
				  NULL, NULL);
		goto out;
	}
	v[0] = values[NF_ORG];
	v[1] = auth_scope(req);
	v[2] = req->auth->org_path;
	v[3] = values[NF_DEADLINE];
	rc = rest_exec_row(req, "notice_unit", 4, v, &unit);
	if (rc != 0)
		goto out;
	if (strcmp(rest_col(unit, 0, "unit_below"), "t") != 0)
		v_error(errors, "org_id", "invalid",
			"The addressee must be a unit below your org.");
	if (strcmp(rest_col(unit, 0, "deadline_ok"), "t") != 0)
		v_error(errors, "deadline", "invalid",
			"The deadline is past (dates are in Asia/Shanghai).");
	for (i = 0; i < PQntuples(seen); i++) {
		if (strcasecmp(PQgetvalue(seen, i, 1), values[NF_ORG]) == 0)
			continue;
		snprintf(field, sizeof(field), "hazard_ids[%zu]",
			 body_position(body, PQgetvalue(seen, i, 0)));
		v_error(errors, field, "invalid", "This hazard is not one of the addressed unit.");
	}
	rc = rest_invalid(req, &errors);
out:
	free(array);
	json_decref(errors);
	PQclear(issuer);
	PQclear(seen);
	PQclear(unit);
	return rc;
}

/* Draws the next number of the caller's org and inserts the notice into `id` (37 bytes).
 * Returns 0, or the status answered. */
static int issue_insert(struct http_req *req, const char *const *values, char *id, json_t **detail)
{
	PGresult *num = NULL;
	const char *v[10];
	int rc;

	v[0] = req->auth->org_id;
	v[1] = auth_scope(req);
	rc = rest_exec_row(req, "notice_next_number", 2, v, &num);
	if (rc != 0)
		goto out;
	v[0] = auth_scope(req);
	v[1] = values[NF_ORG];
	v[2] = values[NF_DEADLINE];
	v[3] = values[NF_REQUIREMENT];
	v[4] = req->auth->org_id;
	v[5] = rest_col(num, 0, "year");
	v[6] = rest_col(num, 0, "seq");
	v[7] = rest_col(num, 0, "number");
	v[8] = req->auth->id;
	v[9] = req->auth->name;
	rc = rest_exec_id(req, "notice_insert", 10, v, id);
	if (rc != 0)
		goto out;
	*detail = json_pack("{s:s, s:s, s:s}", "number", v[7], "org_id", values[NF_ORG], "deadline",
			    values[NF_DEADLINE]);
out:
	PQclear(num);
	return rc;
}

/* Every hazard takes issue_notice through the hazard workflow, in the order of `ids`; the first
 * refusal (state, role, org rule) is the answer, and the transaction rolls back with the
 * notice and its number. Returns 0, or the status answered. */
static int issue_hazards(struct http_req *req, const char *id, const char *const *values,
			 json_t *ids)
{
	json_t *payload = json_pack("{s:s, s:s, s:s}", "notice_id", id, "deadline",
				    values[NF_DEADLINE], "requirement", values[NF_REQUIREMENT]);
	json_t *v;
	size_t i;
	int rc = 0;

	json_array_foreach(ids, i, v)
	{
		rc = wf_take(req, &hazard_workflow, json_string_value(v), "issue_notice", payload);
		if (rc != 0)
			break;
	}
	json_decref(payload);
	return rc;
}

int notice_create(struct http_req *req)
{
	const char *values[NF_COUNT + 1];
	int present[NF_COUNT + 1];
	json_t *body = NULL, *errors = json_array(), *ids = NULL, *detail = NULL, *hazards;
	char id[37];
	int rc;

	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	res_read(&notice_resource, body, 1, values, present, errors);
	ids = hazard_ids_read(body, errors);
	rc = rest_create_checks(req, &errors, body);
	if (rc != 0)
		goto out;
	rc = issue_checks(req, body, values, ids);
	if (rc != 0)
		goto out;
	rc = issue_insert(req, values, id, &detail);
	if (rc != 0)
		goto out;
	/* each hazard's issue_notice tells the unit (hazard.notice) */
	rc = issue_hazards(req, id, values, ids);
	if (rc != 0)
		goto out;
	hazards = ids;
	ids = NULL;
	json_object_set_new(detail, "hazard_ids", hazards);
	rc = rest_finish(req, &notice_resource.kind, notice_resource.audit_create, id, detail, 201,
			 0, body);
	detail = NULL;
out:
	json_decref(body);
	json_decref(errors);
	json_decref(ids);
	json_decref(detail);
	return rc;
}

int notice_get(struct http_req *req)
{
	return rest_get(req, &notice_resource.kind);
}

int notice_list(struct http_req *req)
{
	return list_handle(req, &notice_list_desc);
}

/* The notice workflow. receive: by the addressed unit's own users (the caller's org is the
 * notice's), once. */
static int may_receive(struct http_req *req, const PGresult *rec, int row)
{
	const char *path = PQgetvalue(rec, row, PQfnumber(rec, "_org_path"));

	return path != NULL && strcmp(path, req->auth->org_path) == 0;
}

/* receive: who and when; the issuing org's admins and inspectors are told. */
static int receive(struct wf_ctx *ctx)
{
	struct http_req *req = ctx->req;
	const char *v[4] = {ctx->id, req->auth->id, req->auth->name, auth_scope(req)};
	PGresult *res = NULL;
	int rc;

	rc = rest_exec_one(req, "notice_receive", 4, v);
	if (rc != 0)
		goto out;
	v[1] = auth_scope(req);
	res = db_exec(req->db, "notice_notify_issuer", 2, v);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
out:
	PQclear(res);
	return rc;
}

static int finish(struct wf_ctx *ctx, const char *audit_action)
{
	json_t *detail = ctx->detail;

	ctx->detail = NULL;
	return rest_finish(ctx->req, &notice_resource.kind, audit_action, ctx->id, detail,
			   ctx->status, 0, ctx->body);
}

/* From state, action, to state, permission, org-level rule, guard, check, change, endpoint,
 * payload members, payload check, flags. */
static const struct wf_move notice_moves[] = {
    {"issued", "receive", "received", PERM_HAZARD_WRITE, may_receive, NULL, NULL, receive, NULL,
     NULL, NULL, 0},
    {NULL, NULL, NULL, PERM_PUBLIC, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct workflow notice_workflow = {
    "notice", "state", "notice_get_locked", "notice_get", NULL, notice_moves, finish,
};

int notice_act(struct http_req *req)
{
	return wf_act(req, &notice_workflow, NULL);
}

int notice_events(struct http_req *req)
{
	return wf_events(req, &notice_workflow);
}

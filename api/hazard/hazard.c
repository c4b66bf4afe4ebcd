/* The hazard record (隐患): reported by a unit or an administration for an institution of its
 * subtree (POST, client-made id, Idempotency-Key, before-photos), read with its attachments and
 * notice, edited while reported or registered (PATCH, If-Match, the workflow's `update` move).
 * Every other change is a move of the hazard workflow (hazard_workflow.c). */
#include "hazard.h"
#include "attachment.h"
#include "auth.h"
#include "dbjson.h"
#include "labels.h"
#include "list.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const hazard_level_codes[] = {"general", "major", NULL};
const char *const hazard_source_codes[] = {"inspection", "report", "lookback", "import", NULL};
const char *const hazard_state_codes[] = {
    "reported",	 "registered", "notice_issued", "rectifying", "acceptance_requested", "closed",
    "cancelled", NULL};
const struct export_label hazard_level_labels[] = {
    {"general", "一般隐患"}, {"major", "重大隐患"}, {NULL, NULL}};
const struct export_label hazard_source_labels[] = {{"inspection", "检查发现"},
						    {"report", "上报"},
						    {"lookback", "回头看"},
						    {"import", "导入"},
						    {NULL, NULL}};

int hazard_relation(const struct http_req *req, const char *path)
{
	const char *mine = req->auth->org_path;
	size_t n = strlen(mine);

	if (path == NULL || n == 0)
		return 0;
	if (strcmp(path, mine) == 0)
		return HAZARD_UNIT;
	if (strncmp(path, mine, n) == 0 && path[n] == '.')
		return HAZARD_ABOVE;
	return 0;
}

void hazard_list_check(const char *const *values, json_t *errors)
{
	/* values[0] is `state`, the first filter */
	const char *s = values[0];
	char one[32];

	while (s != NULL && *s != '\0') {
		size_t n = strcspn(s, ","), i;
		int ok = 0;

		if (n < sizeof(one)) {
			memcpy(one, s, n);
			one[n] = '\0';
			for (i = 0; hazard_state_codes[i] != NULL; i++)
				ok |= strcmp(hazard_state_codes[i], one) == 0;
		}
		if (!ok) {
			v_error(errors, "state", "enum",
				"A comma list of reported, registered, notice_issued, rectifying, "
				"acceptance_requested, closed, cancelled.");
			return;
		}
		s += n;
		if (*s == ',')
			s++;
	}
}

/* The values of a hazard, in the order of hazard_create's $2.. and hazard_update's $3... */
enum {
	HV_INSTITUTION,
	HV_KEY_LOCATION,
	HV_RISK,
	HV_DESCRIPTION,
	HV_LOCATION,
	HV_CATEGORY,
	HV_LEVEL,
	HV_CRITERION,
	HV_MAJOR_BASIS,
	HV_FOUND_AT,
	HV_REPORTED_BY,
	HV_REPORTED_NAME,
	HV_REPORTER_ORG,
};

/* found_at: when the hazard was seen (a phone reports later), RFC 3339; default now. Returns
 * the copy values[HV_FOUND_AT] points to (freed by more_free). */
static void *hazard_more(json_t *body, int creating, const char **values, int *present,
			 json_t *errors)
{
	json_t *v = json_object_get(body, "found_at");
	char *copy;

	(void)creating;
	present[HV_FOUND_AT] = v != NULL;
	values[HV_FOUND_AT] = NULL;
	if (v == NULL)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) > 40) {
		v_error(errors, "found_at", "type", "An RFC 3339 date-time.");
		return NULL;
	}
	copy = strdup(json_string_value(v));
	if (copy == NULL || !list_timestamp_ok(copy, 0)) {
		v_error(errors, "found_at", "format", "An RFC 3339 date-time.");
		free(copy);
		return NULL;
	}
	values[HV_FOUND_AT] = copy;
	return copy;
}

static void hazard_more_free(void *owned)
{
	free(owned);
}

/* A major hazard is graded against a criterion or a stated basis. */
static void hazard_rule(const char *const *values, json_t *errors)
{
	if (values[HV_LEVEL] != NULL && strcmp(values[HV_LEVEL], "major") == 0 &&
	    values[HV_CRITERION] == NULL && values[HV_MAJOR_BASIS] == NULL)
		v_error(errors, "criterion_id", "required",
			"A major hazard needs a criterion_id or a major_basis.");
}

/* Whether statement `stmt` ($1 ref, $2 institution, $3 subtree) finds the reference; answers
 * 400 naming `field` when not. Returns 0 or the status. */
static int ref_check(struct http_req *req, const char *stmt, const char *field, const char *ref,
		     const char *institution)
{
	const char *values[3] = {ref, institution, auth_scope(req)};
	PGresult *res;
	int rc = 0;

	if (ref == NULL)
		return 0;
	res = db_exec(req->db, stmt, 3, values);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = v_reply(
		    req, http_field_error(field, "not_found", "Not a record of this institution."));
	PQclear(res);
	return rc;
}

int hazard_criterion_check(struct http_req *req, const char *criterion)
{
	const char *values[1] = {criterion};
	PGresult *res;
	int rc = 0;

	if (criterion == NULL)
		return 0;
	res = db_exec(req->db, "hazard_criterion", 1, values);
	if (!db_ok(res))
		rc = dbjson_error(req, res);
	else if (PQntuples(res) != 1)
		rc = v_reply(req, http_field_error("criterion_id", "not_found",
						   "No such criterion in use."));
	PQclear(res);
	return rc;
}

/* On create the institution is in the subtree (404) and not archived (409); on PATCH the
 * workflow allows `update` now (403, 409). Key location, risk and criterion exist (400). */
static int hazard_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	const char *inst_values[2] = {values[HV_INSTITUTION], auth_scope(req)};
	PGresult *inst;
	int rc = 0;

	if (cur != NULL) {
		rc = wf_permits(req, &hazard_workflow, cur, "update");
		if (rc != 0)
			return rc;
	} else {
		inst = db_exec(req->db, "hazard_institution", 2, inst_values);
		if (!db_ok(inst))
			rc = dbjson_error(req, inst);
		else if (PQntuples(inst) != 1)
			rc = rest_not_found(req);
		else if (strcmp(rest_col(inst, 0, "archived"), "t") == 0)
			rc = http_problem(req, 409, "conflict", "The institution is archived.",
					  NULL, NULL);
		PQclear(inst);
		if (rc != 0)
			return rc;
	}
	rc = ref_check(req, "hazard_key_location", "key_location_id", values[HV_KEY_LOCATION],
		       values[HV_INSTITUTION]);
	if (rc == 0)
		rc = ref_check(req, "hazard_risk", "risk_id", values[HV_RISK],
			       values[HV_INSTITUTION]);
	if (rc == 0)
		rc = hazard_criterion_check(req, values[HV_CRITERION]);
	return rc;
}

/* The reporter is the caller. */
static int hazard_before(struct http_req *req, const char **values, const PGresult *cur,
			 char *scratch)
{
	(void)scratch;
	if (cur == NULL) {
		values[HV_REPORTED_BY] = req->auth->id;
		values[HV_REPORTED_NAME] = req->auth->name;
		values[HV_REPORTER_ORG] = req->auth->org_id;
	}
	return 0;
}

/* A major hazard is reported upward at once: the admins and leaders of every org above. */
int hazard_notify(struct http_req *req, const char *id, const char *whose, const char *mode,
		  const char *roles, const char *kind, const char *title)
{
	const char *values[7] = {id, auth_scope(req), whose, mode, roles, kind, title};
	PGresult *res = db_exec(req->db, "hazard_notify", 7, values);
	int rc = db_ok(res) ? 0 : dbjson_error(req, res);

	PQclear(res);
	return rc;
}

static int hazard_after(struct http_req *req, const char *id, const char *const *values,
			const PGresult *cur)
{
	if (values[HV_LEVEL] == NULL || strcmp(values[HV_LEVEL], "major") != 0)
		return 0;
	if (cur != NULL && strcmp(rest_col(cur, 0, "level"), "major") == 0)
		return 0; /* already reported upward */
	return hazard_notify(req, id, "unit", "ancestors", "{admin,leader}", "hazard.major",
			     "重大隐患");
}

/* The before-photos of a report (`attachments`), a part of the record. */
static int hazard_parts_write(struct http_req *req, const char *id, json_t *parts,
			      const PGresult *cur, json_t *detail)
{
	(void)cur;
	return attachment_part_write(req, parts, "hazard_get", "hazard", id, "before", detail);
}

/* GET: the record's attachments, and nothing more. */
static int hazard_compose(struct http_req *req, const PGresult *res, json_t *obj)
{
	return attachment_compose(req, "hazard", rest_col(res, 0, "id"), obj);
}

static json_t *hazard_allowed(struct http_req *req, const PGresult *res, int row)
{
	return wf_allowed(req, &hazard_workflow, res, row);
}

static const struct res_field hazard_fields[] = {
    [HV_INSTITUTION] = {"institution_id", RES_UUID, 1, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    [HV_KEY_LOCATION] = {"key_location_id", RES_UUID, 0, 1, 0, 0, NULL, NULL, 0},
    [HV_RISK] = {"risk_id", RES_UUID, 0, 1, 0, 0, NULL, NULL, 0},
    [HV_DESCRIPTION] = {"description", RES_PROSE, 1, 0, 1, 2000, NULL, NULL, 0},
    [HV_LOCATION] = {"location", RES_TEXT, 0, 1, 1, 200, NULL, NULL, 0},
    [HV_CATEGORY] = {"category", RES_ENUM, 1, 0, 0, 0, labels_risk_category, NULL, 0},
    [HV_LEVEL] = {"level", RES_ENUM, 0, 0, 0, 0, hazard_level_labels, "general", 0},
    [HV_CRITERION] = {"criterion_id", RES_UUID, 0, 1, 0, 0, NULL, NULL, 0},
    [HV_MAJOR_BASIS] = {"major_basis", RES_TEXT, 0, 1, 1, 1000, NULL, NULL, 0},
    [HV_FOUND_AT] = {"found_at", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},
    [HV_REPORTED_BY] = {"reported_by", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    [HV_REPORTED_NAME] = {"reported_by_name", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    [HV_REPORTER_ORG] = {"reporter_org_id", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, 0},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

const struct resource hazard_resource = {
    .kind = {"hazard_get", "hazard", "/api/v1/hazards/", hazard_allowed, hazard_compose, NULL},
    .get_locked = "hazard_get_locked",
    .insert = "hazard_create",
    .update = "hazard_update",
    .fields = hazard_fields,
    .rule = hazard_rule,
    .write = PERM_HAZARD_WRITE,
    .check = hazard_check,
    .before = hazard_before,
    .after = hazard_after,
    .more = hazard_more,
    .more_free = hazard_more_free,
    .part_names = {"attachments", NULL},
    .parts_read = attachment_part_read,
    .parts_write = hazard_parts_write,
    .audit_create = "hazard.create",
    .audit_update = "hazard.update",
    .create_detail = {"institution_id", "category", "level", NULL},
    .update_detail = {"level", NULL, NULL},
};

RES_HANDLER(hazard_get, res_get, hazard_resource)
RES_HANDLER(hazard_create, res_create, hazard_resource)
RES_HANDLER(hazard_patch, res_patch, hazard_resource)

int hazard_of_inspection(struct http_req *req, const PGresult *res, json_t *obj)
{
	const char *values[2] = {rest_col(res, 0, "id"), auth_scope(req)};
	PGresult *rows = db_exec(req->db, "hazard_of_inspection", 2, values);
	int rc = 0;

	if (!db_ok(rows))
		rc = dbjson_error(req, rows);
	else
		json_object_set_new(obj, "hazards", dbjson_rows(rows));
	PQclear(rows);
	return rc;
}

/* The campaign endpoints (专项整治行动): list, read, create and edit drafts on the resource
 * descriptor, adopt an issued plan of an org above with a work plan of one's own, and the
 * reporting obligations derived from the duties. Issue, close and amendments are the workflow's
 * (campaign_workflow.c). */
#include "campaign.h"
#include "attachment.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "resource.h"
#include "rest.h"
#include "validate.h"
#include "workflow.h"

#include <stdlib.h>
#include <string.h>

/* The parts of the composite record: duties, amendments, the work plans adopting it that the
 * caller sees, and its attachments. Returns 0, or the status answered. */
static int campaign_parts(struct http_req *req, const PGresult *res, json_t *obj)
{
	static const char *const stmts[] = {"campaign_duties", "campaign_amendments",
					    "campaign_adoptions"};
	static const char *const names[] = {"duties", "amendments", "adoptions"};
	const char *values[2] = {rest_col(res, 0, "id"), auth_scope(req)};
	PGresult *part;
	size_t i;

	for (i = 0; i < 3; i++) {
		part = db_exec(req->db, stmts[i], 2, values);
		if (!db_ok(part)) {
			int rc = dbjson_error(req, part);
			PQclear(part);
			return rc;
		}
		json_object_set_new(obj, names[i], dbjson_rows(part));
		PQclear(part);
	}
	return attachment_compose(req, "campaign", values[0], obj);
}

/* What the caller may do: the moves of the workflow table open to them. */
static json_t *campaign_allowed(struct http_req *req, const PGresult *res, int row)
{
	return wf_allowed(req, &campaign_workflow, res, row);
}

#define CAMPAIGN_KIND                                                                              \
	{                                                                                          \
		"campaign_get", "campaign", "/api/v1/campaigns/", campaign_allowed,                \
		    campaign_parts, NULL                                                           \
	}

const struct rest_kind campaign_kind = CAMPAIGN_KIND;

/* The members of a campaign body, in the order of campaign_create's $2.. and campaign_update's
 * $3..; the duties are its parts. */
enum {
	CF_NAME,
	CF_DOC,
	CF_ISSUED_ON,
	CF_STARTS,
	CF_ENDS,
	CF_GOAL,
	CF_PHASES,
	CF_ACTIONS,
	CF_FOCUS,
	CF_TARGETS,
	CF_ORG
};

#define CAMPAIGN_FIELDS(org_type)                                                                  \
	{                                                                                          \
		[CF_NAME] = {"name", RES_TEXT, 1, 0, 1, 200, NULL, NULL, 0},                       \
		[CF_DOC] = {"doc_number", RES_TEXT, 0, 1, 1, 100, NULL, NULL, 0},                  \
		[CF_ISSUED_ON] = {"issued_on", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},               \
		[CF_STARTS] = {"starts_on", RES_DATE, 1, 0, 0, 0, NULL, NULL, 0},                  \
		[CF_ENDS] = {"ends_on", RES_DATE, 1, 0, 0, 0, NULL, NULL, 0},                      \
		[CF_GOAL] = {"goal", RES_PROSE, 0, 1, 1, 10000, NULL, NULL, 0},                    \
		[CF_PHASES] = {"phases", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},                     \
		[CF_ACTIONS] = {"actions", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},                   \
		[CF_FOCUS] = {"focus_items", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},                 \
		[CF_TARGETS] = {"targets", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},                   \
		[CF_ORG] = {"org_id", org_type, 0, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},          \
		{NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},                                       \
	}

static const struct res_field campaign_fields[] = CAMPAIGN_FIELDS(RES_UUID);

/* What campaign_more made: the normalised JSON texts, freed after the write. */
struct campaign_texts {
	char *text[4];
};

static void campaign_more_free(void *owned)
{
	struct campaign_texts *t = owned;
	size_t i;

	for (i = 0; i < 4; i++)
		free(t->text[i]);
	free(t);
}

/* The RES_KIND members (phases, actions, focus items, targets) as normalised JSON text; on a
 * create an absent one is [] (an adopting work plan takes the parent's: NULL). */
static void *campaign_more_in(json_t *body, int creating, const char **values, int *present,
			      json_t *errors, const char *absent)
{
	json_t *(*const readers[4])(json_t *,
				    json_t *) = {campaign_phases_read, campaign_actions_read,
						 campaign_focus_read, campaign_targets_read};
	struct campaign_texts *t = calloc(1, sizeof(*t));
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < 4; i++) {
		json_t *v = readers[i](body, errors);

		present[CF_PHASES + i] = v != NULL;
		if (v != NULL) {
			t->text[i] = json_dumps(v, JSON_COMPACT);
			values[CF_PHASES + i] = t->text[i];
		} else if (creating) {
			values[CF_PHASES + i] = absent;
		}
		json_decref(v);
	}
	return t;
}

static void *campaign_more(json_t *body, int creating, const char **values, int *present,
			   json_t *errors)
{
	return campaign_more_in(body, creating, values, present, errors, "[]");
}

static void *adopt_more(json_t *body, int creating, const char **values, int *present,
			json_t *errors)
{
	return campaign_more_in(body, creating, values, present, errors, NULL);
}

/* Answers 422 with the date errors of a campaign (or work plan) when there are any. */
static int dates_answer(struct http_req *req, const char *const *values, const char *pstart,
			const char *pend)
{
	json_t *errors = json_array();

	campaign_dates_check(values[CF_STARTS], values[CF_ENDS], values[CF_PHASES], pstart, pend,
			     errors);
	if (json_array_size(errors) == 0) {
		json_decref(errors);
		return 0;
	}
	return http_problem(req, 422, "validation_failed",
			    "The dates do not fit: a campaign's phases lie within its period, a "
			    "work plan's period within the plan it adopts.",
			    errors, NULL);
}

/* create: the issuing org is an administration of the subtree (a unit issues no campaign);
 * create and PATCH: the dates fit (a work plan's within its parent's). */
static int campaign_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	PGresult *org;
	const char *args[2];
	int rc = 0;

	if (cur == NULL) {
		args[0] = values[CF_ORG] != NULL ? values[CF_ORG] : req->auth->org_id;
		args[1] = auth_scope(req);
		org = db_exec(req->db, "campaign_org", 2, args);
		if (!db_ok(org))
			rc = dbjson_error(req, org);
		else if (PQntuples(org) != 1)
			rc = rest_not_found(req);
		else if (strcmp(PQgetvalue(org, 0, 1), "unit") == 0)
			rc = http_problem(
			    req, 422, "validation_failed",
			    "Campaigns are issued by an administration.",
			    json_pack("[{s:s, s:s, s:s}]", "field", "org_id", "code", "level",
				      "message", "An administration (province, city or county)."),
			    NULL);
		PQclear(org);
		if (rc != 0)
			return rc;
	}
	return dates_answer(req, values, cur != NULL ? rest_col(cur, 0, "_parent_starts_on") : NULL,
			    cur != NULL ? rest_col(cur, 0, "_parent_ends_on") : NULL);
}

/* A create without org_id makes a campaign of the caller's org. */
static int campaign_before(struct http_req *req, const char **values, const PGresult *cur,
			   char *scratch)
{
	(void)scratch;
	if (cur == NULL && values[CF_ORG] == NULL)
		values[CF_ORG] = req->auth->org_id;
	return 0;
}

/* Only a draft is edited, by its own org's writers (the workflow's "update"): an issued one
 * changes by amendment. */
static int campaign_guard(struct http_req *req, const char *id)
{
	PGresult *seen = NULL;
	int rc = rest_load(req, "campaign_get", id, &seen);

	if (rc == 0)
		rc = wf_permits(req, &campaign_workflow, seen, "update");
	PQclear(seen);
	return rc;
}

int campaign_duties_write(struct http_req *req, const char *id, json_t *duties, int replace)
{
	char *text = json_dumps(duties, JSON_COMPACT);
	const char *values[3] = {id, auth_scope(req), NULL};
	PGresult *res = NULL;
	json_t *errors;
	char field[40];
	int i, rc = 0;

	if (text == NULL)
		return http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
	if (replace) {
		res = db_exec(req->db, "campaign_duties_delete", 2, values);
		if (!db_ok(res)) {
			rc = dbjson_error(req, res);
			goto out;
		}
		PQclear(res);
	}
	values[1] = text;
	values[2] = auth_scope(req);
	res = db_exec(req->db, "campaign_duties_insert", 3, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	PQclear(res);
	values[1] = auth_scope(req);
	res = db_exec(req->db, "campaign_duties_outside", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	if (PQntuples(res) > 0) {
		errors = json_array();
		for (i = 0; i < PQntuples(res); i++) {
			snprintf(field, sizeof(field), "duties[%d].due_date",
				 atoi(PQgetvalue(res, i, 0)) - 1);
			v_error(errors, field, "range", "A one-off duty falls within the period.");
		}
		rc = http_problem(req, 422, "validation_failed",
				  "A one-off reporting duty lies outside the campaign's period.",
				  errors, NULL);
	}
out:
	PQclear(res);
	free(text);
	return rc;
}

/* The parts of a campaign body: its duties and its attachments (the plan document itself), as
 * {duties?, attachments?}; NULL when neither is given. */
static json_t *campaign_parts_read(json_t *body, int creating, json_t *errors)
{
	json_t *parts = json_object(), *duties = campaign_duties_read(body, errors);
	json_t *files = attachment_part_read(body, creating, errors);

	if (duties != NULL)
		json_object_set_new(parts, "duties", duties);
	if (files != NULL)
		json_object_set_new(parts, "attachments", files);
	if (json_object_size(parts) == 0) {
		json_decref(parts);
		return NULL;
	}
	return parts;
}

/* The duties of campaign `id` (on PATCH they replace the draft's), and its attachments, bound
 * at the issuing org's path (whoever sees the campaign sees them: migration 0024). */
static int campaign_parts_write(struct http_req *req, const char *id, json_t *parts,
				const PGresult *cur, json_t *detail)
{
	json_t *duties = json_object_get(parts, "duties");
	json_t *files = json_object_get(parts, "attachments");
	int rc = 0;

	if (duties != NULL) {
		rc = campaign_duties_write(req, id, duties, cur != NULL);
		if (rc == 0)
			json_object_set_new(detail, "duties",
					    json_integer((json_int_t)json_array_size(duties)));
	}
	if (rc == 0 && files != NULL)
		rc = attachment_part_write(req, files, "campaign_get", "campaign", id, "plan",
					   detail);
	return rc;
}

/* Campaigns: drafts created and edited on the descriptor, the duties as parts. */
static const struct resource campaign_resource = {
    .kind = CAMPAIGN_KIND,
    .get_locked = "campaign_get_locked",
    .insert = "campaign_create",
    .update = "campaign_update",
    .fields = campaign_fields,
    .write = PERM_CAMPAIGN_WRITE,
    .audit_create = "campaign.create",
    .audit_update = "campaign.update",
    .create_detail = {"name", "org_id", NULL},
    .check = campaign_check,
    .before = campaign_before,
    .part_names = {"duties", "attachments"},
    .parts_read = campaign_parts_read,
    .parts_write = campaign_parts_write,
    .guard = campaign_guard,
    .more = campaign_more,
    .more_free = campaign_more_free,
};

RES_HANDLER(campaign_get, res_get, campaign_resource)

RES_HANDLER(campaign_create, res_create, campaign_resource)

RES_HANDLER(campaign_patch, res_patch, campaign_resource)

/* adopt: the plan of path parameter 0 is visible (404 before the body is read). */
static int adopt_parent(struct http_req *req)
{
	int rc = campaign_visible(req);

	if (rc != 0)
		http_discard_body(req);
	return rc;
}

/* adopt, once the body is valid: the caller may adopt the plan now (the workflow's "adopt": a
 * city or county below it, an issued plan, not adopted yet), the work plan's period lies within
 * the parent's, and its phases (the parent's when not given) within its period. */
static int adopt_check(struct http_req *req, const char *const *values, const PGresult *cur)
{
	const char *args[2] = {req->params[0], auth_scope(req)};
	const char *merged[CF_ORG + 1];
	PGresult *p = NULL;
	int rc = rest_load(req, "campaign_get", req->params[0], &p);

	(void)cur;
	if (rc == 0)
		rc = wf_permits(req, &campaign_workflow, p, "adopt");
	PQclear(p);
	if (rc != 0)
		return rc;
	p = db_exec(req->db, "campaign_dates", 2, args);
	if (!db_ok(p) || PQntuples(p) != 1) {
		rc = db_ok(p) ? rest_not_found(req) : dbjson_error(req, p);
		PQclear(p);
		return rc;
	}
	memcpy(merged, values, sizeof(merged));
	if (merged[CF_STARTS] == NULL)
		merged[CF_STARTS] = PQgetvalue(p, 0, 0);
	if (merged[CF_ENDS] == NULL)
		merged[CF_ENDS] = PQgetvalue(p, 0, 1);
	if (merged[CF_PHASES] == NULL)
		merged[CF_PHASES] = PQgetvalue(p, 0, 2);
	rc = dates_answer(req, merged, PQgetvalue(p, 0, 0), PQgetvalue(p, 0, 1));
	PQclear(p);
	return rc;
}

/* A work plan is the caller's org's. */
static int adopt_before(struct http_req *req, const char **values, const PGresult *cur,
			char *scratch)
{
	(void)cur;
	(void)scratch;
	values[CF_ORG] = req->auth->org_id;
	return 0;
}

/* Adopting: a work plan (a child campaign, a draft) made under the adopted plan; the name,
 * dates, goal, phases, actions, focus items and targets default to the parent's. */
static const struct res_field adopt_fields_optional[] = {
    [CF_NAME] = {"name", RES_TEXT, 0, 0, 1, 200, NULL, NULL, 0},
    [CF_DOC] = {"doc_number", RES_TEXT, 1, 0, 1, 100, NULL, NULL, 0},
    [CF_ISSUED_ON] = {"issued_on", RES_DATE, 0, 1, 0, 0, NULL, NULL, 0},
    [CF_STARTS] = {"starts_on", RES_DATE, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_ENDS] = {"ends_on", RES_DATE, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_GOAL] = {"goal", RES_PROSE, 0, 1, 1, 10000, NULL, NULL, 0},
    [CF_PHASES] = {"phases", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_ACTIONS] = {"actions", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_FOCUS] = {"focus_items", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_TARGETS] = {"targets", RES_KIND, 0, 0, 0, 0, NULL, NULL, 0},
    [CF_ORG] = {"org_id", RES_COMPUTED, 0, 0, 0, 0, NULL, NULL, RES_CREATE_ONLY},
    {NULL, RES_TEXT, 0, 0, 0, 0, NULL, NULL, 0},
};

static const struct resource adopt_resource = {
    .kind = CAMPAIGN_KIND,
    .insert = "campaign_adopt",
    .fields = adopt_fields_optional,
    .write = PERM_CAMPAIGN_WRITE,
    .parent = adopt_parent,
    .parent_key = "adopts_id",
    .audit_create = "campaign.adopt",
    .create_detail = {"name", "doc_number", NULL},
    .check = adopt_check,
    .before = adopt_before,
    .part_names = {"duties", "attachments"},
    .parts_read = campaign_parts_read,
    .parts_write = campaign_parts_write,
    .more = adopt_more,
    .more_free = campaign_more_free,
};

RES_HANDLER(campaign_adopt, res_create, adopt_resource)

int campaign_list(struct http_req *req)
{
	return list_handle(req, &campaign_list_desc);
}

int campaign_visible(struct http_req *req)
{
	PGresult *seen = NULL;
	int rc = rest_load(req, "campaign_get", req->params[0], &seen);

	PQclear(seen);
	return rc;
}

int campaign_obligations(struct http_req *req)
{
	return list_handle(req, &obligation_list_desc);
}

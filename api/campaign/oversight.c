/* The oversight of reporting (督导): GET /campaigns/{id}/reporting (the reporting table of one
 * duty and period: every obligation-holder below an org with its status, frozen figures beside
 * the live ones and the sum of its children's), POST /campaigns/{id}/reminders (催报: a
 * notification to the orgs that have not reported) and GET /campaigns/{id}/progress (the
 * campaign's targets against the live figures of a subtree). The campaign must be visible to the
 * caller (404 otherwise, as a missing one); an org_id outside the caller's subtree is 404 too. */
#include "oversight.h"
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "rest.h"
#include "roles.h"
#include "validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The counts of a report's figures that add up over orgs (report_figures, migration 0021), and
 * the rates made from them: {rate, numerator, denominator}. */
static const char *const figure_counts[] = {
    "inspections", "hazards_found", "hazards_rectified", "major_open",	    "listed_open",
    "overdue",	   "institutions",  "grid_covered",	 "inspected_units", "spot_checked_units",
};
#define FIGURE_COUNTS (sizeof(figure_counts) / sizeof(figure_counts[0]))
static const char *const figure_rates[][3] = {
    {"rectification_rate", "hazards_rectified", "hazards_found"},
    {"grid_coverage", "grid_covered", "institutions"},
    {"spot_check_rate", "spot_checked_units", "inspected_units"},
};

/* A sum of figures being made. */
struct figure_sum {
	json_int_t n[FIGURE_COUNTS];
	int reports; /* how many figures were added */
};

static void sum_add(struct figure_sum *s, json_t *figures)
{
	size_t i;

	if (!json_is_object(figures))
		return;
	for (i = 0; i < FIGURE_COUNTS; i++)
		s->n[i] += json_integer_value(json_object_get(figures, figure_counts[i]));
	s->reports++;
}

static json_int_t sum_get(const struct figure_sum *s, const char *name)
{
	size_t i;

	for (i = 0; i < FIGURE_COUNTS; i++) {
		if (strcmp(figure_counts[i], name) == 0)
			return s->n[i];
	}
	return 0;
}

/* Returns a new reference: the sum as figures (the rates as report_figures makes them: percent
 * with one decimal, null over nothing) with how many reports it adds up; null when none. */
static json_t *sum_json(const struct figure_sum *s)
{
	json_t *o;
	size_t i;

	if (s->reports == 0)
		return json_null();
	o = json_pack("{s:i}", "reports", s->reports);
	for (i = 0; i < FIGURE_COUNTS; i++)
		json_object_set_new(o, figure_counts[i], json_integer(s->n[i]));
	for (i = 0; i < sizeof(figure_rates) / sizeof(figure_rates[0]); i++) {
		json_int_t a = sum_get(s, figure_rates[i][1]), b = sum_get(s, figure_rates[i][2]);
		json_object_set_new(
		    o, figure_rates[i][0],
		    b == 0 ? json_null() : json_real(round((double)a * 1000.0 / (double)b) / 10.0));
	}
	return o;
}

/* A period as the obligations name it: YYYY-MM, IYYY-Www or YYYY-MM-DD. */
static int period_ok(const char *p)
{
	size_t n = strlen(p), i;
	const char *shape = n == 7    ? "dddd-dd"
			    : n == 8  ? "dddd-Wdd"
			    : n == 10 ? "dddd-dd-dd"
				      : NULL;

	if (shape == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (shape[i] == 'd' ? (p[i] < '0' || p[i] > '9') : p[i] != shape[i])
			return 0;
	}
	return 1;
}

/* Loads org `id` of the caller's subtree (404 otherwise). Returns 0 with the row in *out, or the
 * status answered. */
static int load_org(struct http_req *req, const char *id, PGresult **out)
{
	const char *values[2] = {id, auth_scope(req)};

	return rest_exec_row(req, "oversight_org", 2, values, out);
}

/* The duty and period a table or a reminder is about: `duty` and `period` (either NULL: the
 * default, oversight_pick). Returns 0 with the row in *out, or the status answered: 422 naming
 * duty_id for a duty not of the campaign (or a campaign without duties), period for a period
 * not of the duty. */
static int pick(struct http_req *req, const char *duty, const char *period, PGresult **out)
{
	const char *values[3] = {req->params[0], duty, period};
	PGresult *res = db_exec(req->db, "oversight_pick", 3, values);
	int rc, duty_known = 0;

	*out = NULL;
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		PQclear(res);
		return rc;
	}
	if (PQntuples(res) == 1) {
		*out = res;
		return 0;
	}
	PQclear(res);
	if (duty != NULL && period != NULL) {
		values[2] = NULL;
		res = db_exec(req->db, "oversight_pick", 3, values);
		if (!db_ok(res)) {
			rc = dbjson_error(req, res);
			PQclear(res);
			return rc;
		}
		duty_known = PQntuples(res) == 1;
		PQclear(res);
	}
	if (duty_known || (duty == NULL && period != NULL))
		return http_problem(
		    req, 422, "validation_failed", "The duty has no such reporting period.",
		    http_field_error("period", "not_found", "A period of the duty's obligations."),
		    NULL);
	return http_problem(
	    req, 422, "validation_failed", "The campaign has no such reporting duty.",
	    http_field_error("duty_id", "not_found", "A duty of the campaign."), NULL);
}

/* The status counts of the table. */
static json_t *status_counts(json_t *rows)
{
	static const char *const names[] = {"not_due",	"missing", "submitted", "returned",
					    "accepted", "on_time", "late"};
	json_int_t n[7] = {0};
	json_t *row, *o;
	size_t i, k;

	json_array_foreach(rows, i, row)
	{
		const char *status = json_string_value(json_object_get(row, "status"));
		const char *timely = json_string_value(json_object_get(row, "timeliness"));
		for (k = 0; k < 7; k++) {
			if ((status != NULL && strcmp(status, names[k]) == 0) ||
			    (timely != NULL && strcmp(timely, names[k]) == 0))
				n[k]++;
		}
	}
	o = json_object();
	for (k = 0; k < 7; k++)
		json_object_set_new(o, names[k], json_integer(n[k]));
	return o;
}

/* The statuses a reminder chases: an obligation not reported (yet, or past due) or returned. */
static int remindable(const char *status)
{
	static const char *const statuses[] = {"not_due", "missing", "returned", NULL};
	size_t i;

	for (i = 0; status != NULL && statuses[i] != NULL; i++) {
		if (strcmp(status, statuses[i]) == 0)
			return 1;
	}
	return 0;
}

/* Whether the caller may remind and decide at all: campaign:write from an administration. */
static int may_oversee(struct http_req *req, const char *caller_level)
{
	return roles_allows(req->auth->role, PERM_CAMPAIGN_WRITE) && caller_level != NULL &&
	       strcmp(caller_level, "unit") != 0;
}

/* Whether the row of path `path` lies inside another row (one of its proper prefixes is the path
 * of a row: `index` maps the rows' paths). */
static int inside_another(json_t *index, const char *path)
{
	char prefix[256];
	size_t i, n = strlen(path);

	if (n >= sizeof(prefix))
		return 0;
	for (i = 0; i < n; i++) {
		if (path[i] != '.')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		if (json_object_get(index, prefix) != NULL)
			return 1;
	}
	return 0;
}

/* The rows as JSON: each with its allowed_actions and children_sum; the sum of the top rows'
 * frozen figures into *sum (a new reference). Returns a new reference, or NULL when out of
 * memory. Linear in the rows (a province's table of every unit has tens of thousands). */
static json_t *table_rows(const PGresult *res, int oversee, json_t **sum)
{
	json_t *rows = json_array(), *by_org = json_object(), *by_path = json_object(), *row;
	struct figure_sum total = {{0}, 0}, *children;
	int i, n = PQntuples(res), parent;
	int c_org = PQfnumber(res, "org_id"), c_parent = PQfnumber(res, "parent_id");
	int c_decide = PQfnumber(res, "_decide"), c_path = PQfnumber(res, "_path");
	char *has_children;

	children = calloc((size_t)n + 1, sizeof(*children));
	has_children = calloc((size_t)n + 1, 1);
	if (rows == NULL || by_org == NULL || by_path == NULL || children == NULL ||
	    has_children == NULL) {
		json_decref(rows);
		rows = NULL;
		goto out;
	}
	for (i = 0; i < n; i++) {
		json_array_append_new(rows, dbjson_row(res, i));
		json_object_set_new(by_org, PQgetvalue(res, i, c_org), json_integer(i));
		json_object_set_new(by_path, PQgetvalue(res, i, c_path), json_true());
	}
	for (i = 0; i < n; i++) {
		json_t *p = json_object_get(by_org, PQgetvalue(res, i, c_parent));

		row = json_array_get(rows, (size_t)i);
		if (p == NULL)
			continue;
		parent = (int)json_integer_value(p);
		has_children[parent] = 1;
		sum_add(&children[parent], json_object_get(row, "figures"));
	}
	for (i = 0; i < n; i++) {
		json_t *allowed = json_array();

		row = json_array_get(rows, (size_t)i);
		json_object_set_new(row, "children_sum",
				    has_children[i] ? sum_json(&children[i]) : json_null());
		if (!inside_another(by_path, PQgetvalue(res, i, c_path)))
			sum_add(&total, json_object_get(row, "figures"));
		if (oversee && remindable(json_string_value(json_object_get(row, "status"))))
			json_array_append_new(allowed, json_string("remind"));
		if (oversee && strcmp(PQgetvalue(res, i, c_decide), "t") == 0) {
			json_array_append_new(allowed, json_string("accept"));
			json_array_append_new(allowed, json_string("return"));
		}
		json_object_set_new(row, "allowed_actions", allowed);
	}
	*sum = sum_json(&total);
out:
	json_decref(by_org);
	json_decref(by_path);
	free(children);
	free(has_children);
	return rows;
}

/* The parameters of oversight_rows and oversight_status (OVERSIGHT_PARAMS_USED, oversight_sql.c)
 * into v[15]: the table of the org at `root` for the picked duty and period of campaign `camp`. */
static void table_params(struct http_req *req, const PGresult *camp, const PGresult *picked,
			 const char *root, const char **v)
{
	v[0] = req->params[0];
	v[1] = rest_col(picked, 0, "duty_id");
	v[2] = rest_col(picked, 0, "period");
	v[3] = root;
	v[4] = auth_scope(req);
	v[5] = req->auth->org_id;
	v[6] = rest_col(picked, 0, "period_start");
	v[7] = rest_col(picked, 0, "period_end");
	v[8] = rest_col(picked, 0, "due_at");
	v[9] = rest_col(picked, 0, "_cities");
	v[10] = rest_col(picked, 0, "_counties");
	v[11] = rest_col(picked, 0, "_direct_units");
	v[12] = rest_col(picked, 0, "_all_units");
	v[13] = rest_col(camp, 0, "_org_path");
	v[14] = rest_col(camp, 0, "org_id");
}

int oversight_reporting(struct http_req *req)
{
	json_t *errors = json_array(), *rows, *sum, *duty;
	PGresult *camp = NULL, *org = NULL, *me = NULL, *picked = NULL, *res = NULL,
		 *periods = NULL;
	char duty_id[37], org_id[37], period[16];
	const char *values[15];
	int rc, has_duty, has_org, has_period;

	has_duty = rest_query_uuid(req, "duty_id", duty_id, errors) == 1;
	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	has_period = rest_query(req, "period", period, sizeof(period), errors) == 1;
	if (has_period && !period_ok(period))
		v_error(errors, "period", "format", "YYYY-MM, IYYY-Www or YYYY-MM-DD.");
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load(req, "campaign_get", req->params[0], &camp);
	if (rc == 0)
		rc = load_org(req, has_org ? org_id : req->auth->org_id, &org);
	if (rc == 0)
		rc = has_org ? load_org(req, req->auth->org_id, &me) : 0;
	if (rc == 0)
		rc = pick(req, has_duty ? duty_id : NULL, has_period ? period : NULL, &picked);
	if (rc != 0)
		goto out;
	table_params(req, camp, picked, rest_col(org, 0, "path"), values);
	res = db_exec(req->db, "oversight_plan", 0, NULL);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	PQclear(res);
	res = db_exec(req->db, "oversight_rows", 15, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	periods = db_exec(req->db, "oversight_periods", 1, values);
	if (!db_ok(periods)) {
		rc = dbjson_error(req, periods);
		goto out;
	}
	rows = table_rows(res, may_oversee(req, rest_col(me != NULL ? me : org, 0, "level")), &sum);
	if (rows == NULL) {
		rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		goto out;
	}
	duty = dbjson_row(picked, 0);
	rc = http_json(
	    req, 200,
	    json_pack("{s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:O, s:O, s:O, s:{s:s, s:s}, s:o, s:o, "
		      "s:o, s:o}",
		      "campaign_id", req->params[0], "duty", "id", values[1], "title",
		      rest_col(picked, 0, "title"), "content", rest_col(picked, 0, "content"),
		      "recurrence", rest_col(picked, 0, "recurrence"), "period", values[2],
		      "period_start", json_object_get(duty, "period_start"), "period_end",
		      json_object_get(duty, "period_end"), "due_at",
		      json_object_get(duty, "due_at"), "org", "id", rest_col(org, 0, "id"), "name",
		      rest_col(org, 0, "name"), "counts", status_counts(rows), "rows", rows, "sum",
		      sum, "periods", dbjson_rows(periods)));
	json_decref(duty);
out:
	json_decref(errors);
	PQclear(camp);
	PQclear(org);
	PQclear(me);
	PQclear(picked);
	PQclear(res);
	PQclear(periods);
	return rc;
}

/* The org_ids member of a reminder: absent (NULL), or an array of 1..500 UUIDs (errors added
 * naming org_ids[i]). Returns a new reference. */
static json_t *read_org_ids(json_t *body, json_t *errors)
{
	json_t *ids = json_object_get(body, "org_ids"), *v;
	char field[32];
	size_t i;

	if (ids == NULL)
		return NULL;
	if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > 500) {
		v_error(errors, "org_ids", "type", "An array of 1 to 500 org ids.");
		return NULL;
	}
	json_array_foreach(ids, i, v)
	{
		if (!json_is_string(v) || !v_is_uuid(json_string_value(v))) {
			snprintf(field, sizeof(field), "org_ids[%zu]", i);
			v_error(errors, field, "format", "An org id (UUID).");
		}
	}
	return json_incref(ids);
}

/* The status of org `id` among the obligations (NULL: it has none below the caller). */
static const char *status_of(const PGresult *status, const char *id)
{
	int i;

	for (i = 0; i < PQntuples(status); i++) {
		if (strcmp(PQgetvalue(status, i, 0), id) == 0)
			return PQgetvalue(status, i, 1);
	}
	return NULL;
}

/* The orgs to remind: those named (each must hold the obligation below the caller, and have
 * something to remind of: 422 naming org_ids[i] otherwise), or every missing or returned one.
 * Returns 0 with the ids in *out (a new array), or the status answered. */
static int remind_targets(struct http_req *req, const PGresult *status, json_t *named, json_t **out)
{
	json_t *errors = json_array(), *ids = json_array(), *v;
	char field[32];
	size_t i;
	int k;

	if (named != NULL) {
		json_array_foreach(named, i, v)
		{
			const char *s = status_of(status, json_string_value(v));
			snprintf(field, sizeof(field), "org_ids[%zu]", i);
			if (s == NULL)
				v_error(errors, field, "not_found",
					"No such obligation below the caller's org.");
			else if (!remindable(s))
				v_error(errors, field, "state",
					"Nothing to remind of: the report is in.");
			else
				json_array_append(ids, v);
		}
	} else {
		for (k = 0; k < PQntuples(status); k++) {
			const char *s = PQgetvalue(status, k, 1);
			if (strcmp(s, "missing") == 0 || strcmp(s, "returned") == 0)
				json_array_append_new(ids, json_string(PQgetvalue(status, k, 0)));
		}
	}
	if (json_array_size(errors) > 0) {
		json_decref(ids);
		return http_problem(req, 422, "validation_failed",
				    "Some orgs have nothing to be reminded of.", errors, NULL);
	}
	json_decref(errors);
	*out = ids;
	return 0;
}

/* A PostgreSQL array literal of the ids ({a,b}); the caller frees it. */
static char *id_array(json_t *ids)
{
	size_t n = json_array_size(ids), i;
	char *s = malloc(n * 37 + 3), *p;

	if (s == NULL)
		return NULL;
	p = s;
	*p++ = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			*p++ = ',';
		memcpy(p, json_string_value(json_array_get(ids, i)), 36);
		p += 36;
	}
	*p++ = '}';
	*p = '\0';
	return s;
}

int oversight_remind(struct http_req *req)
{
	static const char *const allowed[] = {"duty_id", "period", "org_ids", NULL};
	json_t *body = NULL, *errors = json_array(), *named = NULL, *ids = NULL;
	PGresult *camp = NULL, *me = NULL, *picked = NULL, *status = NULL, *sent = NULL;
	const char *duty, *period, *values[15];
	char *id_text = NULL;
	json_int_t notified = 0;
	int rc, i;

	rc = rest_load(req, "campaign_get", req->params[0], &camp);
	if (rc == 0)
		rc = load_org(req, req->auth->org_id, &me);
	if (rc == 0 && !may_oversee(req, rest_col(me, 0, "level")))
		rc = http_problem(req, 403, "forbidden", "Reminders are sent by an administration.",
				  NULL, NULL);
	if (rc != 0) {
		http_discard_body(req);
		goto out;
	}
	if (http_read_json(req, &body, 0) != 0) {
		rc = req->status;
		goto out;
	}
	v_only(body, allowed, errors);
	duty = v_uuid(body, "duty_id", 1, errors);
	period = v_string(body, "period", 1, 0, 7, 10, NULL, errors);
	if (period != NULL && !period_ok(period))
		v_error(errors, "period", "format", "YYYY-MM, IYYY-Www or YYYY-MM-DD.");
	named = read_org_ids(body, errors);
	rc = rest_invalid(req, &errors);
	if (rc == 0)
		rc = pick(req, duty, period, &picked);
	if (rc != 0)
		goto out;
	table_params(req, camp, picked, auth_scope(req), values);
	status = db_exec(req->db, "oversight_status", 15, values);
	if (!db_ok(status)) {
		rc = dbjson_error(req, status);
		goto out;
	}
	rc = remind_targets(req, status, named, &ids);
	if (rc != 0)
		goto out;
	if (json_array_size(ids) > 0) {
		id_text = id_array(ids);
		if (id_text == NULL) {
			rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
			goto out;
		}
		values[0] = req->params[0];
		values[1] = duty;
		values[2] = period;
		values[3] = id_text;
		values[4] = auth_scope(req);
		sent = db_exec(req->db, "oversight_remind", 5, values);
		if (!db_ok(sent)) {
			rc = dbjson_error(req, sent);
			goto out;
		}
		for (i = 0; i < PQntuples(sent); i++)
			notified += strtoll(PQgetvalue(sent, i, 1), NULL, 10);
	}
	if (audit_record(req, "campaign.remind", "campaign", req->params[0], "success",
			 json_pack("{s:s, s:s, s:O, s:I}", "duty_id", duty, "period", period,
				   "org_ids", ids, "notifications", notified)) != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		rc = req->status;
		goto out;
	}
	rc = http_json(req, 200,
		       json_pack("{s:I, s:O, s:I}", "reminded", (json_int_t)json_array_size(ids),
				 "org_ids", ids, "notifications", notified));
out:
	json_decref(body);
	json_decref(errors);
	json_decref(named);
	json_decref(ids);
	free(id_text);
	PQclear(camp);
	PQclear(me);
	PQclear(picked);
	PQclear(status);
	PQclear(sent);
	return rc;
}

/* What each kind of target is measured by (a member of the figures), and whether it is met by
 * reaching the percent (1) or by the figure being zero (0). */
static const struct {
	const char *kind;
	const char *figure;
	int percent;
} target_measures[] = {
    {"grid_coverage", "grid_coverage", 1},
    {"rectification_rate", "rectification_rate", 1},
    {"spot_check_rate", "spot_check_rate", 1},
    {"listed_hazards_cleared", "listed_open", 0},
};

/* Returns a new reference: target `t` with its live value and whether it is met. */
static json_t *target_progress(json_t *t, json_t *figures)
{
	const char *kind = json_string_value(json_object_get(t, "kind"));
	json_t *out = json_pack("{s:s?}", "kind", kind);
	json_t *value = json_null();
	int met = 0;
	size_t i;

	if (json_object_get(t, "percent") != NULL)
		json_object_set(out, "percent", json_object_get(t, "percent"));
	if (json_object_get(t, "by_date") != NULL)
		json_object_set(out, "by_date", json_object_get(t, "by_date"));
	json_object_set_new(out, "text",
			    json_is_string(json_object_get(t, "text"))
				? json_incref(json_object_get(t, "text"))
				: json_null());
	for (i = 0; kind != NULL && i < sizeof(target_measures) / sizeof(target_measures[0]); i++) {
		if (strcmp(kind, target_measures[i].kind) != 0)
			continue;
		value = json_object_get(figures, target_measures[i].figure);
		value = value != NULL ? json_incref(value) : json_null();
		if (target_measures[i].percent)
			met = json_is_number(value) &&
			      json_number_value(value) >=
				  json_number_value(json_object_get(t, "percent"));
		else
			met = json_is_number(value) && json_number_value(value) == 0;
		break;
	}
	json_object_set_new(out, "value", value);
	json_object_set_new(out, "met", json_boolean(met));
	return out;
}

int oversight_progress(struct http_req *req)
{
	json_t *errors = json_array(), *row = NULL, *targets, *t, *figures;
	PGresult *camp = NULL, *org = NULL, *res = NULL;
	char org_id[37];
	const char *values[3];
	size_t i;
	int rc, has_org;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	rc = rest_invalid(req, &errors);
	if (rc != 0)
		goto out;
	rc = rest_load(req, "campaign_get", req->params[0], &camp);
	if (rc == 0)
		rc = load_org(req, has_org ? org_id : req->auth->org_id, &org);
	if (rc != 0)
		goto out;
	values[0] = req->params[0];
	values[1] = rest_col(org, 0, "path");
	values[2] = auth_scope(req);
	rc = rest_exec_row(req, "oversight_progress", 3, values, &res);
	if (rc != 0)
		goto out;
	row = dbjson_row(res, 0);
	figures = json_object_get(row, "figures");
	targets = json_array();
	json_array_foreach(json_object_get(row, "targets"), i, t)
	    json_array_append_new(targets, target_progress(t, figures));
	rc = http_json(
	    req, 200,
	    json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:O, s:o}", "campaign_id", req->params[0],
		      "org", "id", rest_col(org, 0, "id"), "name", rest_col(org, 0, "name"),
		      "starts_on", rest_col(camp, 0, "starts_on"), "ends_on",
		      rest_col(camp, 0, "ends_on"), "figures", figures, "targets", targets));
out:
	json_decref(errors);
	json_decref(row);
	PQclear(camp);
	PQclear(org);
	PQclear(res);
	return rc;
}

/* The members of a campaign that are more than a field: phases, special actions (专项行动),
 * check focus items (检查重点), targets and reporting duties. Each is a bounded array of
 * objects, read and normalised here; every error names the member ("phases[1].ends_on"). */
#include "campaign.h"
#include "fields.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define PHASES_MAX 12
#define ACTIONS_MAX 12
#define FOCUS_MAX 50
#define TARGETS_MAX 12
#define DUTIES_MAX 20
#define TASKS_MAX 30
#define TASK_LEN 1000

/* `tasks`: 0..30 strings of 1..1000 characters. Returns a new reference, or NULL (errors). */
static json_t *tasks_read(json_t *item, json_t *errs)
{
	json_t *list = json_object_get(item, "tasks"), *t, *out;
	char name[32];
	size_t i, n;

	if (list == NULL)
		return json_array();
	if (!json_is_array(list) || json_array_size(list) > TASKS_MAX) {
		v_error(errs, "tasks", "type", "An array of at most 30 task texts.");
		return NULL;
	}
	out = json_array();
	json_array_foreach(list, i, t)
	{
		n = json_is_string(t) ? v_utf8_len(json_string_value(t)) : 0;
		if (n < 1 || n > TASK_LEN) {
			snprintf(name, sizeof(name), "tasks[%zu]", i);
			v_error(errs, name, "type", "A task is a text of 1 to 1000 characters.");
			continue;
		}
		json_array_append(out, t);
	}
	if (json_array_size(out) != json_array_size(list)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* An array member that may be empty (fields_object_array wants at least one). */
static json_t *array_read(json_t *body, const char *field, size_t max, const char *range,
			  json_t *(*one)(json_t *item, json_t *errors), json_t *errors)
{
	json_t *list = json_object_get(body, field);

	if (list == NULL)
		return NULL;
	if (json_is_array(list) && json_array_size(list) == 0)
		return json_array();
	return fields_object_array(body, field, 0, max, range, "Each element must be an object.",
				   one, errors);
}

static json_t *phase_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"name", "starts_on", "ends_on", "tasks", NULL};
	const char *name, *starts, *ends;
	json_t *tasks;

	v_only(item, allowed, errs);
	name = v_string(item, "name", 1, 0, 1, 100, NULL, errs);
	starts = fields_date(item, "starts_on", 1, 0, NULL, errs);
	ends = fields_date(item, "ends_on", 1, 0, NULL, errs);
	tasks = tasks_read(item, errs);
	if (starts != NULL && ends != NULL && strcmp(ends, starts) < 0)
		v_error(errs, "ends_on", "range", "A phase ends on or after its start.");
	if (json_array_size(errs) != 0) {
		json_decref(tasks);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s, s:o}", "name", name, "starts_on", starts, "ends_on", ends,
			 "tasks", tasks);
}

json_t *campaign_phases_read(json_t *body, json_t *errors)
{
	return array_read(body, "phases", PHASES_MAX, "At most 12 phases.", phase_read, errors);
}

static json_t *action_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"name", "tasks", NULL};
	const char *name;
	json_t *tasks;

	v_only(item, allowed, errs);
	name = v_string(item, "name", 1, 0, 1, 100, NULL, errs);
	tasks = tasks_read(item, errs);
	if (json_array_size(errs) != 0) {
		json_decref(tasks);
		return NULL;
	}
	return json_pack("{s:s, s:o}", "name", name, "tasks", tasks);
}

json_t *campaign_actions_read(json_t *body, json_t *errors)
{
	return array_read(body, "actions", ACTIONS_MAX, "At most 12 special actions.", action_read,
			  errors);
}

/* A focus item becomes a checklist item: the same limits (text 500, category 50). */
static json_t *focus_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"text", "category", NULL};
	const char *text, *category;

	v_only(item, allowed, errs);
	text = v_string(item, "text", 1, 0, 1, 500, NULL, errs);
	category = v_string(item, "category", 0, 1, 1, 50, NULL, errs);
	if (json_array_size(errs) != 0)
		return NULL;
	return json_pack("{s:s, s:s?}", "text", text, "category", category);
}

json_t *campaign_focus_read(json_t *body, json_t *errors)
{
	return array_read(body, "focus_items", FOCUS_MAX, "At most 50 focus items.", focus_read,
			  errors);
}

/* A target: a percentage to reach (grid coverage, rectification rate, spot-check rate at
 * least) or the listed hazards cleared by a date. */
static json_t *target_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"kind", "percent", "by_date", "text", NULL};
	static const char *const kinds[] = {"grid_coverage", "rectification_rate",
					    "spot_check_rate", "listed_hazards_cleared", NULL};
	const char *kind, *by_date, *text;
	double percent = 0;
	int has_percent;
	json_t *out;

	v_only(item, allowed, errs);
	kind = v_enum(item, "kind", 1, kinds, errs);
	has_percent = fields_number(item, "percent", &percent, errs);
	by_date = fields_date(item, "by_date", 0, 0, NULL, errs);
	text = v_string(item, "text", 0, 1, 1, 500, NULL, errs);
	if (kind != NULL && strcmp(kind, "listed_hazards_cleared") == 0) {
		if (by_date == NULL && json_object_get(item, "by_date") == NULL)
			v_error(errs, "by_date", "required", "Cleared by which date.");
		if (has_percent != 0)
			v_error(errs, "percent", "unknown_field",
				"This target has a date, not a rate.");
	} else if (kind != NULL) {
		if (has_percent == 0)
			v_error(errs, "percent", "required", "The rate to reach, in percent.");
		else if (has_percent == 1 && (percent < 0 || percent > 100))
			v_error(errs, "percent", "range", "A percentage from 0 to 100.");
		if (json_object_get(item, "by_date") != NULL)
			v_error(errs, "by_date", "unknown_field",
				"This target has a rate, not a date.");
	}
	if (json_array_size(errs) != 0)
		return NULL;
	out = json_pack("{s:s, s:s?}", "kind", kind, "text", text);
	if (has_percent == 1)
		json_object_set_new(out, "percent", json_real(percent));
	if (by_date != NULL)
		json_object_set_new(out, "by_date", json_string(by_date));
	return out;
}

json_t *campaign_targets_read(json_t *body, json_t *errors)
{
	return array_read(body, "targets", TARGETS_MAX, "At most 12 targets.", target_read, errors);
}

/* `reporters`: 1..4 distinct codes. Returns a new reference, or NULL (errors). */
static json_t *reporters_read(json_t *item, json_t *errs)
{
	static const char *const codes[] = {"cities", "counties", "direct_units", "all_units",
					    NULL};
	json_t *list = json_object_get(item, "reporters"), *r, *out;
	char name[40];
	size_t i, k, j;

	if (list == NULL) {
		v_error(errs, "reporters", "required", "Who reports.");
		return NULL;
	}
	if (!json_is_array(list) || json_array_size(list) < 1 || json_array_size(list) > 4) {
		v_error(errs, "reporters", "type", "An array of 1 to 4 reporter codes.");
		return NULL;
	}
	out = json_array();
	json_array_foreach(list, i, r)
	{
		const char *s = json_string_value(r);
		for (k = 0; s != NULL && codes[k] != NULL && strcmp(codes[k], s) != 0; k++)
			;
		for (j = 0; s != NULL && j < i; j++) {
			if (strcmp(json_string_value(json_array_get(list, j)), s) == 0)
				s = NULL;
		}
		if (s == NULL || codes[k] == NULL) {
			snprintf(name, sizeof(name), "reporters[%zu]", i);
			v_error(errs, name, "enum",
				"Distinct codes of cities, counties, direct_units, all_units.");
			continue;
		}
		json_array_append_new(out, json_string(s));
	}
	if (json_array_size(out) != json_array_size(list)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* Whether `s` is "HH:MM" (00:00..23:59) or "24:00" (the end of the day). */
static int time_ok(const char *s)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5)
		return 0;
	if (strcmp(s, "24:00") == 0)
		return 1;
	return (s[0] < '2' || (s[0] == '2' && s[1] <= '3')) && s[3] <= '5';
}

/* A duty: monthly by day N, weekly on an ISO weekday (1 Monday .. 7 Sunday), or once on a date;
 * due at HH:MM Asia/Shanghai. */
static json_t *duty_read(json_t *item, json_t *errs)
{
	static const char *const allowed[] = {"content",      "title",	   "recurrence",
					      "day_of_month", "weekday",   "due_date",
					      "due_time",     "reporters", NULL};
	static const char *const contents[] = {"work_plan", "progress", "summary", "free", NULL};
	static const char *const recurrences[] = {"monthly", "weekly", "once", NULL};
	const char *content, *title, *rec, *due_date, *due_time;
	json_t *reporters, *day = json_object_get(item, "day_of_month"),
			   *wd = json_object_get(item, "weekday"), *out;

	v_only(item, allowed, errs);
	content = v_enum(item, "content", 1, contents, errs);
	title = v_string(item, "title", 1, 0, 1, 200, NULL, errs);
	rec = v_enum(item, "recurrence", 1, recurrences, errs);
	due_date = fields_date(item, "due_date", 0, 0, NULL, errs);
	due_time = v_string(item, "due_time", 1, 0, 5, 5, NULL, errs);
	if (due_time != NULL && !time_ok(due_time))
		v_error(errs, "due_time", "format", "HH:MM from 00:00 to 23:59, or 24:00.");
	reporters = reporters_read(item, errs);
	if (rec != NULL && strcmp(rec, "monthly") == 0) {
		if (!json_is_integer(day) || json_integer_value(day) < 1 ||
		    json_integer_value(day) > 31)
			v_error(errs, "day_of_month", day == NULL ? "required" : "range",
				"A day of the month from 1 to 31 (the last day when shorter).");
	} else if (day != NULL) {
		v_error(errs, "day_of_month", "unknown_field", "Only a monthly duty has a day.");
	}
	if (rec != NULL && strcmp(rec, "weekly") == 0) {
		if (!json_is_integer(wd) || json_integer_value(wd) < 1 ||
		    json_integer_value(wd) > 7)
			v_error(errs, "weekday", wd == NULL ? "required" : "range",
				"An ISO weekday: 1 Monday to 7 Sunday.");
	} else if (wd != NULL) {
		v_error(errs, "weekday", "unknown_field", "Only a weekly duty has a weekday.");
	}
	if (rec != NULL && strcmp(rec, "once") == 0) {
		if (due_date == NULL && json_object_get(item, "due_date") == NULL)
			v_error(errs, "due_date", "required", "The date of a one-off duty.");
	} else if (json_object_get(item, "due_date") != NULL) {
		v_error(errs, "due_date", "unknown_field", "Only a one-off duty has a date.");
	}
	if (json_array_size(errs) != 0) {
		json_decref(reporters);
		return NULL;
	}
	out = json_pack("{s:s, s:s, s:s, s:s, s:o}", "content", content, "title", title,
			"recurrence", rec, "due_time", due_time, "reporters", reporters);
	if (strcmp(rec, "monthly") == 0)
		json_object_set(out, "day_of_month", day);
	else if (strcmp(rec, "weekly") == 0)
		json_object_set(out, "weekday", wd);
	else
		json_object_set_new(out, "due_date", json_string(due_date));
	return out;
}

json_t *campaign_duties_read(json_t *body, json_t *errors)
{
	return array_read(body, "duties", DUTIES_MAX, "At most 20 reporting duties.", duty_read,
			  errors);
}

void campaign_dates_check(const char *starts_on, const char *ends_on, const char *phases,
			  const char *parent_starts, const char *parent_ends, json_t *errors)
{
	json_t *list = NULL, *p;
	char name[40];
	size_t i;

	if (starts_on == NULL || ends_on == NULL)
		return;
	if (strcmp(ends_on, starts_on) < 0)
		v_error(errors, "ends_on", "range", "A campaign ends on or after its start.");
	if (parent_starts != NULL && strcmp(starts_on, parent_starts) < 0)
		v_error(errors, "starts_on", "range",
			"A work plan starts within the period of the plan it adopts.");
	if (parent_ends != NULL && strcmp(ends_on, parent_ends) > 0)
		v_error(errors, "ends_on", "range",
			"A work plan ends within the period of the plan it adopts.");
	/* The server's own normalised text: parsed without limits beyond its size. */
	if (phases != NULL)
		list = json_loads(phases, 0, NULL);
	json_array_foreach(list, i, p)
	{
		const char *s = json_string_value(json_object_get(p, "starts_on"));
		const char *e = json_string_value(json_object_get(p, "ends_on"));

		if (s != NULL && strcmp(s, starts_on) < 0) {
			snprintf(name, sizeof(name), "phases[%zu].starts_on", i);
			v_error(errors, name, "range",
				"A phase lies within the campaign's period.");
		}
		if (e != NULL && strcmp(e, ends_on) > 0) {
			snprintf(name, sizeof(name), "phases[%zu].ends_on", i);
			v_error(errors, name, "range",
				"A phase lies within the campaign's period.");
		}
	}
	json_decref(list);
}

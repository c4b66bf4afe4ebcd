/* The keyset list descriptors and the change feed's timestamps: every list's statements are made,
 * each statement names every one of its filter values (so PostgreSQL can type them), a list with
 * a change feed has the feed's order, cursors round-trip for uuid and bigint ids alike, and
 * updated_since takes RFC 3339 only. */
#include "../unit.h"
#include "list.h"

#include <stdio.h>

static void timestamps(void)
{
	static const char *const good[] = {
	    "2026-11-23T18:30:00Z",	 "2026-11-23T18:30:00.5+08:00",	   "2026-11-23t18:30:00z",
	    "2024-02-29T00:00:00-05:30", "2026-11-23T18:30:00.123456789Z", NULL,
	};
	static const char *const bad[] = {
	    "",
	    "yesterday",
	    "2026-11-23",		       /* a date is not a feed timestamp */
	    "2026-11-23T18:30:00",	       /* no offset */
	    "2026-13-01T00:00:00Z",	       /* month */
	    "2026-02-29T00:00:00Z",	       /* not a leap year */
	    "2026-11-23T24:00:00Z",	       /* hour */
	    "2026-11-23T18:30:00.Z",	       /* empty fraction */
	    "2026-11-23T18:30:00.1234567890Z", /* ten digits */
	    "2026-11-23T18:30:00+8:00",
	    "2026-11-23T18:30:00Z' OR 1=1",
	    NULL,
	};
	char buf[64];
	int i;

	for (i = 0; good[i] != NULL; i++) {
		snprintf(buf, sizeof(buf), "%s", good[i]);
		CHECK(list_timestamp_ok(buf, 0));
	}
	for (i = 0; bad[i] != NULL; i++) {
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		CHECK(!list_timestamp_ok(buf, 0));
	}
	snprintf(buf, sizeof(buf), "2026-11-23");
	CHECK(list_timestamp_ok(buf, 1));
	/* a '+' that arrived as a space is put back */
	snprintf(buf, sizeof(buf), "2026-11-23T18:30:00 08:00");
	CHECK(list_timestamp_ok(buf, 1));
	CHECK_STR(buf, "2026-11-23T18:30:00+08:00");
}

/* Whether `sql` names parameter $n (and not only as a prefix of $n0..$n9). */
static int names_param(const char *sql, int n)
{
	char p[8];
	const char *at = sql;
	size_t len;

	len = (size_t)snprintf(p, sizeof(p), "$%d", n);
	while ((at = strstr(at, p)) != NULL) {
		if (at[len] < '0' || at[len] > '9')
			return 1;
		at += len;
	}
	return 0;
}

/* How many times `needle` occurs in `s`. */
static int count_text(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void statements(void)
{
	const struct list_desc *const *d;
	const struct list_sort *s;
	int i, k, n;

	CHECK(list_init() == 0);
	for (d = list_descs; *d != NULL; d++) {
		int feed = 0;
		const struct list_filter *f;
		char sql[16384];

		snprintf(sql, sizeof(sql), "%s %s", (*d)->select, (*d)->from_where);
		n = list_nparams(*d);
		for (k = 1; k <= n; k++) {
			if (!names_param(sql, k))
				fprintf(stderr, "list %s does not name $%d\n", (*d)->name, k);
			CHECK(names_param(sql, k));
		}
		CHECK(!names_param(sql, n + 1));
		for (f = (*d)->filters; f != NULL && f->name != NULL; f++)
			feed |= f->kind == LIST_F_SINCE;
		if (feed) {
			s = list_sort_find(*d, "updated_at");
			CHECK(s != NULL && !s->desc && s->keys[1] == NULL);
		}
		CHECK((*d)->limit_default >= 1 && (*d)->limit_default <= (*d)->limit_max);
		/* joined to the page after its LIMIT: only LEFT JOINs, which neither add nor drop
		 * rows */
		if ((*d)->joins != NULL)
			CHECK(count_text((*d)->joins, "JOIN ") ==
			      count_text((*d)->joins, "LEFT JOIN "));
		CHECK((*d)->export_columns == NULL ||
		      ((*d)->export_name != NULL && (*d)->export_max > 0));
	}
	/* one statement per sort and a count for every list, then list_scope, all named apart */
	for (i = 0; list_sql[i].name != NULL; i++) {
		for (k = 0; k < i; k++)
			CHECK(strcmp(list_sql[i].name, list_sql[k].name) != 0);
		CHECK(strstr(list_sql[i].sql, "OFFSET") == NULL);
	}
	CHECK(i > 20);
	list_free();
}

static const struct list_desc *find(const char *name)
{
	const struct list_desc *const *d;

	for (d = list_descs; *d != NULL; d++) {
		if (strcmp((*d)->name, name) == 0)
			return *d;
	}
	return NULL;
}

static void cursors(void)
{
	const struct list_desc *audit = find("audit_list"), *risk = find("risk_list");
	const char *at[] = {"2026-12-01 17:01:40.442036+00", "755"};
	const char *uuid[] = {"2026-12-01 17:01:40.442036+00",
			      "9be21550-80f1-48c6-9e79-e91ffbe2cd9c"};
	struct list_cursor c;
	json_t *j;

	CHECK(audit != NULL && risk != NULL);
	if (audit == NULL || risk == NULL)
		return;
	j = list_cursor_encode(audit, audit->sorts, at);
	CHECK(json_is_string(j));
	CHECK(list_cursor_decode(audit, audit->sorts, json_string_value(j), &c) == 0);
	CHECK_STR(c.values[0], at[0]);
	CHECK_STR(c.values[1], "755");
	list_cursor_free(&c);
	/* another list's cursor, and an id of the wrong kind, are refused */
	CHECK(list_cursor_decode(risk, list_sort_find(risk, "updated_at"), json_string_value(j),
				 &c) != 0);
	json_decref(j);
	j = list_cursor_encode(audit, audit->sorts, uuid);
	CHECK(list_cursor_decode(audit, audit->sorts, json_string_value(j), &c) != 0);
	json_decref(j);
	j = list_cursor_encode(risk, list_sort_find(risk, "updated_at"), at);
	CHECK(list_cursor_decode(risk, list_sort_find(risk, "updated_at"), json_string_value(j),
				 &c) != 0);
	json_decref(j);
}

/* The SQL of the statement named `name`, or NULL. */
static const char *statement_named(const char *name)
{
	int i;

	for (i = 0; list_sql[i].name != NULL; i++)
		if (strcmp(list_sql[i].name, name) == 0)
			return list_sql[i].sql;
	return NULL;
}

/* A list read in index order with its subtree by LIST_SUBTREE has, per sort, a page statement
 * for a city's subtree and one for a county's, first and later page, 20 and 50 rows (list.c,
 * add_shapes): each holds its level's branch of the CASE and no CASE, names every value the
 * list's statement names, tests the cursor without "IS NULL OR" (a later page's, so that a kept
 * plan starts its index scan there) or not at all (a first page's), writes its page size in,
 * and folds every filter but `archived` away: "$n::type IS NULL OR" is left for none of them. */
static void shapes(void)
{
	const struct list_desc *const *d;
	const struct list_sort *s;
	int found = 0;

	CHECK(list_init() == 0);
	for (d = list_descs; *d != NULL; d++) {
		int has = (*d)->ordered_scans && strstr((*d)->from_where, LIST_LEVEL_CASE) != NULL;

		for (s = (*d)->sorts; s->name != NULL; s++) {
			static const char *const marks[] = {"c", "k"};
			static const char *const columns[] = {".city_path = $1::text",
							      ".county_path = $1::text"};
			char name[128], cursor_or[64];
			const char *base;
			int level, later, keys = 0, k;

			while (keys < LIST_MAX_KEYS && s->keys[keys] != NULL)
				keys++;
			snprintf(name, sizeof(name), "%s:%s", (*d)->name, s->name);
			base = statement_named(name);
			CHECK(base != NULL);
			snprintf(cursor_or, sizeof(cursor_or), "AND ($%d::%s IS NULL OR (",
				 list_nparams(*d) + keys + 1,
				 (*d)->id_type != NULL ? (*d)->id_type : "uuid");
			CHECK(base == NULL || strstr(base, cursor_or) != NULL);
			for (level = 0; level < 2; level++)
				for (later = 0; later < 4; later++) {
					const char *sql;
					char limit[32];
					int size = later % 2 ? 50 : 20, f;

					snprintf(name, sizeof(name), "%s:%s@%s%s%d", (*d)->name,
						 s->name, marks[level], later / 2 ? "l" : "f",
						 size);
					sql = statement_named(name);
					CHECK((sql != NULL) == has);
					if (sql == NULL || base == NULL)
						continue;
					found++;
					CHECK(strstr(sql, LIST_LEVEL_CASE) == NULL);
					CHECK(strstr(sql, columns[level]) != NULL);
					CHECK(strstr(sql, columns[1 - level]) == NULL);
					CHECK(strstr(sql, cursor_or) == NULL);
					CHECK((strstr(sql, ") < ($") != NULL ||
					       strstr(sql, ") > ($") != NULL) == later / 2);
					snprintf(limit, sizeof(limit), " LIMIT %d", size + 1);
					CHECK(strstr(sql, limit) != NULL);
					CHECK(strstr(sql, "LIMIT $") == NULL);
					for (k = 1; k <= list_nparams(*d) + keys + 2; k++) {
						char param[16];

						snprintf(param, sizeof(param), "$%d::", k);
						CHECK(strstr(sql, param) != NULL);
					}
					for (f = 0;
					     (*d)->filters != NULL && (*d)->filters[f].name != NULL;
					     f++) {
						char param[16];
						const char *at = sql;
						int folded = 1;

						snprintf(param, sizeof(param), "$%d::", f + 3);
						while ((at = strstr(at, param)) != NULL) {
							at += strlen(param);
							at += strspn(at,
								     "abcdefghijklmnopqrstuvwxyz_");
							if (strncmp(at, " IS NULL OR", 11) == 0)
								folded = 0;
						}
						CHECK(folded ==
						      ((*d)->filters[f].kind != LIST_F_ARCHIVED));
					}
				}
		}
	}
	/* institutions, risks, inspections, users, audit and hazards have them */
	CHECK(found >= 6 * 8);
	list_free();
}

void unit_list(void)
{
	timestamps();
	statements();
	shapes();
	cursors();
}

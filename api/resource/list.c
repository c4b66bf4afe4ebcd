/* Keyset lists: statements generated per sort order from each list's description, and the one
 * cursor format (base64url of a JSON array: list, sort, key values, id). */
#include "list.h"
#include "auth.h"
#include "dbjson.h"
#include "jsonin.h"
#include "keys.h"
#include "rest.h"
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX_STATEMENTS 1200
/* The longest cursor: three keys of up to 100 characters (300 bytes of UTF-8) each, JSON-escaped.
 */
#define CURSOR_TEXT_MAX 2400

struct db_statement list_sql[LIST_MAX_STATEMENTS + 1];

int list_nparams(const struct list_desc *d)
{
	int n = 2;

	while (d->filters != NULL && d->filters[n - 2].name != NULL)
		n++;
	return n;
}

/* The SQL type of the list's id: uuid unless the list says otherwise. */
static const char *id_type(const struct list_desc *d)
{
	return d->id_type != NULL ? d->id_type : "uuid";
}

/* Whether `s` is an id of list `d`: a UUID, or for a bigint id 1 to 18 digits. */
static int id_ok(const struct list_desc *d, const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (strcmp(id_type(d), "bigint") == 0)
		return n >= 1 && n <= 18 && s[n] == '\0';
	return v_is_uuid(s);
}

static int nkeys(const struct list_sort *s)
{
	int n = 0;

	while (n < LIST_MAX_KEYS && s->keys[n] != NULL)
		n++;
	return n;
}

/* Appends printf-formatted text to *buf (size *cap, used *len). Returns 0 or -1. */
__attribute__((format(printf, 4, 5))) static int append(char **buf, size_t *len, size_t *cap,
							const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return -1;
		if (*len + (size_t)n < *cap)
			break;
		{
			size_t ncap = (*cap + (size_t)n) * 2;
			char *nb = realloc(*buf, ncap);
			if (nb == NULL)
				return -1;
			*buf = nb;
			*cap = ncap;
		}
	}
	*len += (size_t)n;
	return 0;
}

/* " ORDER BY <keys>, <id>" of sort `s` in its direction. Returns 0 or -1. */
static int append_order(char **sql, size_t *len, size_t *cap, const struct list_desc *d,
			const struct list_sort *s)
{
	const char *dir = s->desc ? " DESC" : "";
	int k, rc = append(sql, len, cap, " ORDER BY ");

	for (k = 0; k < nkeys(s); k++)
		rc |= append(sql, len, cap, "%s%s, ", s->keys[k], dir);
	return rc | append(sql, len, cap, "%s%s", d->id, dir);
}

/* Whether `at` (just after "$<n>") ends that parameter's number. */
static int param_end(const char *at)
{
	return *at < '0' || *at > '9';
}

/* The SQL type written after "$<n>::" at `at` (its first letter), copied into `type`; 0, or -1
 * when none is written there. */
static int param_type(const char *at, char *type, size_t len)
{
	size_t n = strspn(at, "abcdefghijklmnopqrstuvwxyz_");

	if (n == 0 || n >= len)
		return -1;
	memcpy(type, at, n);
	type[n] = '\0';
	return 0;
}

/* from_where of `d` for a plain page (cached_plan_ok: no filter but `archived`), appended to
 * *sql: every other filter's parameter $n, always NULL there, written as NULL of its type, so
 * that the planner folds each "($n IS NULL OR ...)" away (a kept plan otherwise compiled and
 * tested every filter on every row: about a fifth of a page's time in PostgreSQL went to
 * setting its expressions up), and each such parameter tested once as "$n IS NULL" (a one-time
 * filter, which also gives it its type). A parameter written once without a type keeps its
 * test as it is. Returns 0 or -1. */
static int append_plain_where(char **sql, size_t *len, size_t *cap, const struct list_desc *d)
{
	char *where = strdup(d->from_where), name[16], type[32];
	const char *tail = "";
	int i, rc = where == NULL ? -1 : 0;

	for (i = 0; rc == 0 && d->filters != NULL && d->filters[i].name != NULL; i++) {
		char *at, *out;
		size_t nl, olen = 0, ocap;
		int typed = 1;

		if (d->filters[i].kind == LIST_F_ARCHIVED)
			continue;
		nl = (size_t)snprintf(name, sizeof(name), "$%d", i + 3);
		type[0] = '\0';
		for (at = strstr(where, name); at != NULL; at = strstr(at + nl, name))
			if (param_end(at + nl) &&
			    (strncmp(at + nl, "::", 2) != 0 ||
			     param_type(at + nl + 2, type, sizeof(type)) != 0))
				typed = 0;
		if (!typed || type[0] == '\0')
			continue;
		ocap = strlen(where) * 2 + 64;
		out = malloc(ocap);
		if (out == NULL) {
			rc = -1;
			break;
		}
		out[0] = '\0';
		for (tail = where; (at = strstr(tail, name)) != NULL; tail = at + nl) {
			rc |= append(&out, &olen, &ocap, "%.*s%s", (int)(at - tail), tail,
				     param_end(at + nl) ? "NULL" : name);
		}
		rc |= append(&out, &olen, &ocap, "%sAND %s::%s IS NULL ", tail, name, type);
		free(where);
		where = out;
	}
	if (rc == 0)
		rc = append(sql, len, cap, "%s", where);
	free(where);
	return rc;
}

/* The statement of list `d` in sort `s`: the list's columns and the keys (as _k0.._kN, _kid),
 * its filters, the keyset condition on the cursor's values and the order, all in one direction
 * so that one row comparison selects the next page. A list with `joins` chooses its page from
 * its own table first and joins the rows' display columns to that page alone; its `from_where`
 * joins nothing (a kept plan keeps every join its filters could need, and each cost the page a
 * probe per row under row-level security: LIST_ORG_NAME_MATCH instead). `plain`, a page size of
 * shape_sizes, writes a plain page's statement of that size (append_plain_where), 0 the one for
 * every page. New string or NULL. */
static char *statement_sql(const struct list_desc *d, const struct list_sort *s, int later,
			   int plain)
{
	const char *cmp = s->desc ? "<" : ">";
	int k, n = nkeys(s), p = list_nparams(d);
	size_t len = 0, cap = 1024, alias = strcspn(d->id, ".");
	char *sql = malloc(cap);
	int rc = 0;

	if (sql == NULL)
		return NULL;
	sql[0] = '\0';
	rc |= append(&sql, &len, &cap, "%s", d->select);
	for (k = 0; k < n; k++)
		rc |= append(&sql, &len, &cap, ", %s AS _k%d", s->keys[k], k);
	rc |= append(&sql, &len, &cap, ", %s AS _kid ", d->id);
	if (d->joins != NULL)
		rc |= append(&sql, &len, &cap, "FROM (SELECT %.*s.* ", (int)alias, d->id);
	if (plain)
		rc |= append_plain_where(&sql, &len, &cap, d);
	else
		rc |= append(&sql, &len, &cap, "%s", d->from_where);
	if (plain && !later) {
		/* a plain first page: no cursor, tested once */
		for (k = 0; k < n; k++)
			rc |= append(&sql, &len, &cap, "AND $%d::%s IS NULL ", p + k + 1,
				     s->types[k]);
		rc |= append(&sql, &len, &cap, "AND $%d::%s IS NULL", p + n + 1, id_type(d));
	} else {
		/* `later`: a cursor is given, and the condition on it is written so that a cached
		 * plan starts its index scan there (with "$id IS NULL OR", only a plan made for
		 * the values drops the first branch; a cached one would read the subtree from its
		 * start). */
		if (later)
			rc |= append(&sql, &len, &cap, "AND ((");
		else
			rc |= append(&sql, &len, &cap, "AND ($%d::%s IS NULL OR (", p + n + 1,
				     id_type(d));
		for (k = 0; k < n; k++)
			rc |= append(&sql, &len, &cap, "%s, ", s->keys[k]);
		rc |= append(&sql, &len, &cap, "%s) %s (", d->id, cmp);
		for (k = 0; k < n; k++)
			rc |= append(&sql, &len, &cap, "$%d::%s, ", p + k + 1, s->types[k]);
		rc |= append(&sql, &len, &cap, "$%d::%s))", p + n + 1, id_type(d));
	}
	/* a plain page's size is written in (shape_sizes): a kept plan estimates a LIMIT given as a
	 * parameter at a tenth of the subtree, and chose to hash every org of a province to join
	 * the names of 21 rows */
	if (plain)
		rc |= append(&sql, &len, &cap, " AND $%d::int = %d", p + n + 2, plain + 1);
	rc |= append_order(&sql, &len, &cap, d, s);
	if (plain)
		rc |= append(&sql, &len, &cap, " LIMIT %d", plain + 1);
	else
		rc |= append(&sql, &len, &cap, " LIMIT $%d::int", p + n + 2);
	if (d->joins != NULL) {
		rc |= append(&sql, &len, &cap, ") %.*s %s", (int)alias, d->id, d->joins);
		rc |= append_order(&sql, &len, &cap, d, s);
	}
	if (rc != 0) {
		free(sql);
		return NULL;
	}
	return sql;
}

static char *statement_name(const struct list_desc *d, const struct list_sort *s)
{
	size_t n = strlen(d->name) + strlen(s->name) + 2;
	char *name = malloc(n);

	if (name != NULL)
		snprintf(name, n, "%s:%s", d->name, s->name);
	return name;
}

/* The levels a page's cached statement is written for: the first two branches of
 * LIST_SUBTREE_OR, a city's subtree and a county's, and a province's (a root of one label), and
 * the mark each puts in its statement's name. A province's statement tests no path of its own:
 * its caller's path is that root (nothing lies above a province), so row-level security already
 * holds the page to it, as it does every page; a test by path, estimated blind in a cached plan,
 * made the province's first institution page read the whole path index and sort it (1.6 s
 * against 0.03). Any other subtree (a unit's) keeps custom plans. */
static const char level_marks[] = {'c', 'k', 'p'};

/* The page sizes a plain page keeps a plan for, each with its size written in (statement_sql):
 * the SPA's lists ask for 50 rows, the phone's and the pickers for 20. Any other size is
 * planned for itself. */
static const int shape_sizes[] = {20, 50};
#define SHAPE_SIZES ((int)(sizeof(shape_sizes) / sizeof(shape_sizes[0])))

/* Whether page size `size` is one of shape_sizes. */
static int shape_size_ok(int size)
{
	int i;

	for (i = 0; i < SHAPE_SIZES; i++)
		if (shape_sizes[i] == size)
			return 1;
	return 0;
}
#define LEVEL_PROVINCE 2
#define LEVEL_OTHER 3

/* The name of the page statement of `d` in sort `s` for one level, first or later page and page
 * size: "<list>:<sort>@<level mark><f|l><size>", in `buf`. */
static void shape_name(char *buf, size_t len, const struct list_desc *d, const struct list_sort *s,
		       int level, int later, int size)
{
	snprintf(buf, len, "%s:%s@%c%c%d", d->name, s->name, level_marks[level], later ? 'l' : 'f',
		 size);
}

/* Whether list `d` has page statements per shape: it reads in index order and tests its
 * subtree by LIST_SUBTREE. */
static int has_shapes(const struct list_desc *d)
{
	return d->ordered_scans && strstr(d->from_where, LIST_LEVEL_CASE) != NULL;
}

/* Whether the last branch of every LIST_SUBTREE_OR of `sql` is LIST_IN_SUBTREE alone (no `more`,
 * as the audit log's rows without an org have): a province's statement then drops it. */
static int other_branch_plain(const char *sql)
{
	const char *at = sql;

	while ((at = strstr(at, LIST_LEVEL_CASE)) != NULL) {
		const char *other = strstr(at, LIST_LEVEL_OTHER), *end, *close;
		if (other == NULL || (end = strstr(other, LIST_LEVEL_END)) == NULL)
			return 0;
		other += strlen(LIST_LEVEL_OTHER);
		close = strstr(other, "$1::ltree) ");
		if (strncmp(other, "ltree_risparent(", 16) != 0 || close == NULL ||
		    close + strlen("$1::ltree) ") != end)
			return 0;
		at = end;
	}
	return 1;
}

/* Whether list `d` has a province's page statements (LEVEL_PROVINCE); list_init refuses a
 * province_shape whose subtree test is not plain (other_branch_plain). */
static int has_province_shape(const struct list_desc *d)
{
	return d->province_shape && has_shapes(d);
}

/* `sql` (freed) with every LIST_SUBTREE_OR CASE replaced by its branch for one level (0 a
 * city, 1 a county), in parentheses, or for LEVEL_PROVINCE by `(true)` (has_province_shape).
 * New string, or NULL when out of memory or when a CASE is not whole. */
static char *level_sql(char *sql, int level)
{
	static const char *const parts[] = {LIST_LEVEL_CASE, LIST_LEVEL_COUNTY, LIST_LEVEL_OTHER,
					    LIST_LEVEL_END};
	char *at;

	while (sql != NULL && (at = strstr(sql, parts[0])) != NULL) {
		const char *b[4];
		size_t len = 0, cap = strlen(sql) + 8;
		char *out = malloc(cap);
		int k, rc = 0;

		b[0] = at + strlen(parts[0]);
		for (k = 1; k < 4 && b[k - 1] != NULL; k++) {
			const char *e = strstr(b[k - 1], parts[k]);
			b[k] = e != NULL ? e + strlen(parts[k]) : NULL;
		}
		if (out == NULL || b[3] == NULL) {
			free(out);
			free(sql);
			return NULL;
		}
		/* branch `level` runs from b[level] to the start of the next part */
		if (level == LEVEL_PROVINCE)
			rc |= append(&out, &len, &cap, "%.*s(true) %s", (int)(at - sql), sql, b[3]);
		else
			rc |= append(&out, &len, &cap, "%.*s(%.*s) %s", (int)(at - sql), sql,
				     (int)(b[level + 1] - strlen(parts[level + 1]) - b[level]),
				     b[level], b[3]);
		free(sql);
		sql = rc == 0 ? out : NULL;
		if (rc != 0)
			free(out);
	}
	return sql;
}

/* "<name>:count": how many rows match the filters over all pages, counted up to one more than
 * LIST_COUNT_CAP (a province's 300,000 risks are not counted on every page view). */
static char *count_sql(const struct list_desc *d)
{
	size_t len = 0, cap = 256;
	char *sql = malloc(cap);

	if (sql == NULL)
		return NULL;
	if (append(&sql, &len, &cap, "SELECT count(*) AS total FROM (SELECT 1 %sLIMIT %d) s",
		   d->count_from_where != NULL ? d->count_from_where : d->from_where,
		   LIST_COUNT_CAP + 1) != 0) {
		free(sql);
		return NULL;
	}
	return sql;
}

static char *dup_text(const char *s)
{
	return strdup(s);
}

/* The settings of a page read in index order, by index scans alone (list_desc.ordered_scans). */
#define ORDERED_SCANS                                                                              \
	"set_config('enable_bitmapscan', 'off', true) AS bitmaps, "                                \
	"set_config('enable_seqscan', 'off', true) AS seqscans"

/* Statement `name` with `sql` (copied) at list_sql[*i]. Returns 0 or -1. */
static int add_fixed(int *i, const char *name, const char *sql)
{
	list_sql[*i].name = dup_text(name);
	list_sql[*i].sql = dup_text(sql);
	if (list_sql[*i].name == NULL || list_sql[*i].sql == NULL)
		return -1;
	(*i)++;
	return 0;
}

/* The page statements of `d` in sort `s` per shape (has_shapes), at list_sql[*i] on. Returns 0
 * or -1. */
static int add_shapes(const struct list_desc *d, const struct list_sort *s, int *i)
{
	char name[96];
	int level, later, size, top = has_province_shape(d) ? LEVEL_PROVINCE : LEVEL_PROVINCE - 1;

	if (!has_shapes(d))
		return 0;
	for (level = 0; level <= top; level++)
		for (later = 0; later < 2; later++)
			for (size = 0; size < SHAPE_SIZES; size++) {
				if (*i >= LIST_MAX_STATEMENTS - 8)
					return -1;
				shape_name(name, sizeof(name), d, s, level, later,
					   shape_sizes[size]);
				list_sql[*i].name = dup_text(name);
				list_sql[*i].sql =
				    level_sql(statement_sql(d, s, later, shape_sizes[size]), level);
				if (list_sql[*i].name == NULL || list_sql[*i].sql == NULL)
					return -1;
				(*i)++;
			}
	return 0;
}

int list_init(void)
{
	const struct list_desc *const *d;
	const struct list_sort *s;
	const struct list_sort count_sort = {"count", 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}};
	int i = 0;

	for (d = list_descs; *d != NULL; d++) {
		if (list_nparams(*d) > LIST_MAX_FILTERS + 2)
			return -1;
		if ((*d)->joins != NULL && strstr((*d)->from_where, " JOIN ") != NULL) {
			fprintf(stderr, "list: %s: from_where joins beside `joins`\n", (*d)->name);
			return -1;
		}
		if (has_province_shape(*d) && !other_branch_plain((*d)->from_where)) {
			fprintf(stderr,
				"list: %s: province_shape with a subtree test beyond its path\n",
				(*d)->name);
			return -1;
		}
		for (s = (*d)->sorts; s->name != NULL; s++) {
			if (i >= LIST_MAX_STATEMENTS - 8)
				return -1;
			list_sql[i].name = statement_name(*d, s);
			list_sql[i].sql = statement_sql(*d, s, 0, 0);
			if (list_sql[i].name == NULL || list_sql[i].sql == NULL)
				return -1;
			i++;
			if (add_shapes(*d, s, &i) != 0)
				return -1;
		}
		if (i >= LIST_MAX_STATEMENTS - 8)
			return -1;
		list_sql[i].name = statement_name(*d, &count_sort);
		list_sql[i].sql = count_sql(*d);
		if (list_sql[i].name == NULL || list_sql[i].sql == NULL)
			return -1;
		i++;
	}
	/* list_scope: the root of a listed subtree, and (with $3) row-level security narrowed to
	 * it; the caller's identity (app.org_path) is left as it is. */
	if (add_fixed(&i, "list_scope",
		      "SELECT o.path::text AS path, CASE WHEN $3::boolean THEN "
		      "set_config('app.list_path', o.path::text, true) END AS narrowed "
		      "FROM orgs o WHERE o.id = $1::uuid AND o.path <@ $2::ltree") != 0)
		return -1;
	/* list_kept_count: a first page's total from the counts kept per province, city and
	 * county (kept_count_ok, migration 0040): $1 the list, $2 the listed subtree (its key, as
	 * text: leakproof, so it leads the plan under row-level security), $3 the caller's path,
	 * $4 archived (NULL: both). The records row-level security hides from their own org are
	 * left out of that org's total, as the policy leaves them out of its pages. */
	if (add_fixed(&i, "list_kept_count",
		      "SELECT coalesce(sum(c.n), 0)::bigint AS total FROM subtree_counts c "
		      "WHERE c.list = $1::text AND c.key = $2::text AND $2::ltree <@ $3::ltree "
		      "AND ($4::boolean IS NULL OR c.archived = $4::boolean) "
		      "AND NOT (c.hidden AND c.own AND c.org_path = $3::ltree)") != 0)
		return -1;
	/* list_custom_plans: a list is planned for its own filters and subtree every time (a plan
	 * cached for the first caller's county would serve the province), in this transaction only:
	 * every other statement keeps its cached plan. */
	if (add_fixed(&i, "list_custom_plans",
		      "SELECT set_config('plan_cache_mode', 'force_custom_plan', true) AS mode") !=
	    0)
		return -1;
	/* list_ordered_plans: the same, with index scans alone where one serves
	 * (list_desc.ordered_scans). */
	if (add_fixed(&i, "list_ordered_plans",
		      "SELECT set_config('plan_cache_mode', 'force_custom_plan', true) AS "
		      "mode, " ORDERED_SCANS) != 0)
		return -1;
	/* list_cached_plans: a plain page's statement per shape keeps the plan it was first given
	 * on its connection, read in index order like list_ordered_plans (list_run). */
	if (add_fixed(&i, "list_cached_plans",
		      "SELECT set_config('plan_cache_mode', 'force_generic_plan', true) AS "
		      "mode, " ORDERED_SCANS) != 0)
		return -1;
	/* list_province_plans: the same for a province's statement (LEVEL_PROVINCE), which has no
	 * path test to lead its plan: row-level security's test, estimated at 26 rows where 30,000
	 * match, chose the path index and a sort of the whole province (330 ms), and without the
	 * sort, a parallel scan whose workers took 10 ms to start. So neither: it walks the list's
	 * order, as its custom plan did. */
	if (add_fixed(&i, "list_province_plans",
		      "SELECT set_config('plan_cache_mode', 'force_generic_plan', true) AS "
		      "mode, " ORDERED_SCANS ", set_config('enable_sort', 'off', true) AS sorts, "
		      "set_config('max_parallel_workers_per_gather', '0', true) AS workers") != 0)
		return -1;
	list_sql[i].name = NULL;
	list_sql[i].sql = NULL;
	return 0;
}

void list_free(void)
{
	int i;

	for (i = 0; list_sql[i].name != NULL; i++) {
		free((char *)list_sql[i].name);
		free((char *)list_sql[i].sql);
		list_sql[i].name = NULL;
		list_sql[i].sql = NULL;
	}
}

const struct list_sort *list_sort_find(const struct list_desc *d, const char *name)
{
	const struct list_sort *s;

	for (s = d->sorts; s->name != NULL; s++) {
		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

int list_cursor_decode(const struct list_desc *d, const struct list_sort *s, const char *enc,
		       struct list_cursor *c)
{
	char text[CURSOR_TEXT_MAX + 1];
	json_t *arr = NULL;
	int n, k, keys = nkeys(s);
	size_t i;

	memset(c, 0, sizeof(*c));
	n = keys_b64url_decode(enc, strlen(enc), (unsigned char *)text, CURSOR_TEXT_MAX);
	if (n > 0)
		arr = jsonin_loadb(text, (size_t)n, JSON_REJECT_DUPLICATES, NULL);
	/* [list, sort, key values..., id]: strings without NUL, the list's and the sort's own */
	if (!json_is_array(arr) || json_array_size(arr) != (size_t)keys + 3 ||
	    !json_is_string(json_array_get(arr, 0)) || !json_is_string(json_array_get(arr, 1)) ||
	    strcmp(json_string_value(json_array_get(arr, 0)), d->name) != 0 ||
	    strcmp(json_string_value(json_array_get(arr, 1)), s->name) != 0)
		goto bad;
	for (i = 2; i < json_array_size(arr); i++) {
		json_t *v = json_array_get(arr, i);
		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
			goto bad;
	}
	if (!id_ok(d, json_string_value(json_array_get(arr, (size_t)keys + 2))))
		goto bad;
	for (k = 0; k <= keys; k++) {
		c->values[k] = strdup(json_string_value(json_array_get(arr, (size_t)k + 2)));
		if (c->values[k] == NULL)
			goto bad;
	}
	c->present = 1;
	json_decref(arr);
	return 0;
bad:
	json_decref(arr);
	list_cursor_free(c);
	return -1;
}

void list_cursor_read(struct http_req *req, const struct list_desc *d, const struct list_sort *s,
		      struct list_cursor *c, json_t *errors)
{
	char enc[CURSOR_TEXT_MAX * 4 / 3 + 8];

	memset(c, 0, sizeof(*c));
	if (rest_query(req, "cursor", enc, sizeof(enc), errors) <= 0)
		return;
	if (list_cursor_decode(d, s, enc, c) != 0)
		v_error(errors, "cursor", "format",
			"This cursor was not issued by this server for this list and sort.");
}

void list_cursor_free(struct list_cursor *c)
{
	int k;

	for (k = 0; k <= LIST_MAX_KEYS; k++) {
		free(c->values[k]);
		c->values[k] = NULL;
	}
	c->present = 0;
}

/* Whether this page is read in index order, by index scans alone (list_desc.ordered_scans):
 * not with a text search, which a trigram index answers, and only through a bitmap. */
static int ordered_scans(const struct list_desc *d, const char *const *filters)
{
	int i;

	if (!d->ordered_scans)
		return 0;
	for (i = 0; d->filters != NULL && d->filters[i].name != NULL; i++)
		if (d->filters[i].kind == LIST_F_TEXT && filters[2 + i] != NULL)
			return 0;
	return 1;
}

/* The level of subtree root `path` ($1), as level_sql numbers them: 0 a city (two labels), 1
 * a county (three), LEVEL_PROVINCE a province (one); LEVEL_OTHER any other (and none), which
 * has no statement of its own. */
static int level_of(const char *path)
{
	int labels = 1;

	if (path == NULL || *path == '\0' || strcmp(path, "*") == 0)
		return LEVEL_OTHER;
	for (; *path != '\0'; path++)
		labels += *path == '.';
	return labels == 1 ? LEVEL_PROVINCE : labels == 2 ? 0 : labels == 3 ? 1 : LEVEL_OTHER;
}

/* Whether no filter of `d` but `archived` has a value in filters. */
static int only_archived(const struct list_desc *d, const char *const *filters)
{
	int i;

	for (i = 0; d->filters != NULL && d->filters[i].name != NULL; i++)
		if (filters[2 + i] != NULL && d->filters[i].kind != LIST_F_ARCHIVED)
			return 0;
	return 1;
}

/* Whether this page's statement keeps a plan per shape (list_cached_plans): a list with
 * has_shapes, a city's, a county's or (its own) a province's subtree, and no filter but
 * `archived` (list_run also asks for a page size of shape_sizes). Planning a list's
 * statement cost two thirds of a plain page; a plan kept for its shape serves every plain page of
 * that shape, since it walks the subtree's index in the list's order whatever the subtree. A filter
 * keeps custom plans: a rare value may be better read through an index of its own. */
static int cached_plan_ok(const struct list_desc *d, const char *const *filters)
{
	int level = level_of(filters[0]);

	if (!has_shapes(d) || level == LEVEL_OTHER)
		return 0;
	/* a province's statement leaves the path to row-level security: only where the root is
	 * the caller's own path */
	if (level == LEVEL_PROVINCE &&
	    (!has_province_shape(d) || strcmp(filters[0], filters[1]) != 0))
		return 0;
	return only_archived(d, filters);
}

/* Whether this first page's total is read from subtree_counts (list_desc.kept_count): no filter
 * but `archived`, a listed subtree of one to three labels (a province, a city, a county: the
 * counts' keys), and a caller's path of one to three labels too (not the whole tree, `*`). */
static int kept_count_ok(const struct list_desc *d, const char *const *filters)
{
	return d->kept_count != NULL && level_of(filters[0]) != LEVEL_OTHER &&
	       level_of(filters[1]) != LEVEL_OTHER && only_archived(d, filters);
}

/* The value of the `archived` filter of `d` in filters, or NULL (none, or "all"). */
static const char *archived_value(const struct list_desc *d, const char *const *filters)
{
	int i;

	for (i = 0; d->filters != NULL && d->filters[i].name != NULL; i++)
		if (d->filters[i].kind == LIST_F_ARCHIVED)
			return filters[2 + i];
	return NULL;
}

PGresult *list_run(struct http_req *req, const struct list_desc *d, const struct list_sort *s,
		   const char *const *filters, const struct list_cursor *c, int limit,
		   PGresult **kept_total)
{
	const char *values[32], *settings;
	char name[96], lim[16];
	int k, n = nkeys(s), p = list_nparams(d);

	if (p + n + 2 > (int)(sizeof(values) / sizeof(values[0])))
		return NULL;
	for (k = 0; k < p; k++)
		values[k] = filters[k];
	for (k = 0; k <= n; k++)
		values[p + k] = c != NULL && c->present ? c->values[k] : NULL;
	snprintf(lim, sizeof(lim), "%d", limit);
	values[p + n + 1] = lim;
	/* Transaction-local plan settings, sent with the page in one round trip: a plain page keeps
	 * the plan it was first given on its connection (a statement per shape); any other is
	 * planned for its own filters and subtree every time (a plan cached for the first caller's
	 * county would serve the province), by index scans alone where one serves
	 * (list_desc.ordered_scans). */
	if (shape_size_ok(limit - 1) && cached_plan_ok(d, filters)) {
		shape_name(name, sizeof(name), d, s, level_of(filters[0]), c != NULL && c->present,
			   limit - 1);
		settings = level_of(filters[0]) == LEVEL_PROVINCE ? "list_province_plans"
								  : "list_cached_plans";
	} else {
		snprintf(name, sizeof(name), "%s:%s", d->name, s->name);
		settings = ordered_scans(d, filters) ? "list_ordered_plans" : "list_custom_plans";
	}
	if (kept_total != NULL)
		*kept_total = NULL;
	/* a first page's kept total travels with it: a few rows of subtree_counts, read whether
	 * or not the page is full, cost less than a round trip of their own */
	if (kept_total != NULL && d->count && (c == NULL || !c->present) &&
	    kept_count_ok(d, filters)) {
		const char *kept[4] = {d->kept_count, filters[0], filters[1],
				       archived_value(d, filters)};
		const struct db_call calls[2] = {{name, p + n + 2, values},
						 {"list_kept_count", 4, kept}};
		PGresult *out[2];

		db_exec_many(req->db, settings, 2, calls, out);
		*kept_total = out[1];
		return out[0];
	}
	return db_exec_after(req->db, settings, name, p + n + 2, values);
}

PGresult *list_count(struct http_req *req, const struct list_desc *d, const char *const *filters)
{
	char name[96];

	snprintf(name, sizeof(name), "%s:count", d->name);
	/* after a page on a kept plan, the count is planned for itself, in index order; otherwise
	 * the page's settings hold for it too */
	if (cached_plan_ok(d, filters))
		return db_exec_after(req->db, "list_ordered_plans", name, list_nparams(d), filters);
	return db_exec(req->db, name, list_nparams(d), filters);
}

json_t *list_cursor_encode(const struct list_desc *d, const struct list_sort *s,
			   const char *const *values)
{
	char enc[CURSOR_TEXT_MAX * 4 / 3 + 8];
	json_t *arr = json_pack("[s, s]", d->name, s->name);
	char *text = NULL;
	int k, n = nkeys(s);

	for (k = 0; k <= n; k++)
		json_array_append_new(arr, json_string(values[k]));
	text = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	if (text == NULL || strlen(text) > CURSOR_TEXT_MAX ||
	    keys_b64url((const unsigned char *)text, strlen(text), enc, sizeof(enc)) < 0) {
		free(text);
		return json_null();
	}
	free(text);
	return json_string(enc);
}

/* Returns a new reference: the cursor after row `row` of `res`, a JSON string. */
static json_t *next_cursor(const struct list_desc *d, const struct list_sort *s,
			   const PGresult *res, int row)
{
	const char *values[LIST_MAX_KEYS + 1];
	char col[16];
	int k, n = nkeys(s);

	for (k = 0; k < n; k++) {
		snprintf(col, sizeof(col), "_k%d", k);
		values[k] = PQgetvalue(res, row, PQfnumber(res, col));
	}
	values[n] = PQgetvalue(res, row, PQfnumber(res, "_kid"));
	return list_cursor_encode(d, s, values);
}

int list_send_page(struct http_req *req, const struct list_desc *d, const struct list_sort *s,
		   const PGresult *rows, long total, int limit)
{
	struct jbuf b = {NULL, 0, 0, 0};
	struct dbjson_cols cols;
	json_t *cursor;
	char num[48];
	int i, n = PQntuples(rows), rc;

	/* written as text straight from the rows (dbjson_row_cols): building the page's objects
	 * first cost the server more CPU than PostgreSQL spent on a later page; the members' keys
	 * are written once for the page, not per row */
	if (dbjson_cols_init(&cols, rows) != 0)
		return http_problem(req, 500, "internal", "The reply could not be encoded.", NULL,
				    NULL);
	jbuf_put(&b, "{\"items\":[", 10);
	for (i = 0; i < n && i < limit; i++) {
		json_t *extra = NULL;
		if ((d->kind != NULL && d->kind->allowed != NULL) || d->decorate != NULL)
			extra = json_object();
		if (d->kind != NULL && d->kind->allowed != NULL)
			json_object_set_new(extra, "allowed_actions",
					    d->kind->allowed(req, rows, i));
		if (d->decorate != NULL)
			d->decorate(req, rows, i, extra);
		if (i > 0)
			jbuf_put(&b, ",", 1);
		dbjson_row_cols(&b, rows, &cols, i, extra);
		json_decref(extra);
	}
	dbjson_cols_free(&cols);
	jbuf_put(&b, "],\"next_cursor\":", 16);
	cursor = n > limit ? next_cursor(d, s, rows, limit - 1) : NULL;
	jbuf_json(&b, cursor);
	json_decref(cursor);
	if (total >= 0) {
		snprintf(num, sizeof(num), ",\"total\":%ld%s",
			 total > LIST_COUNT_CAP ? (long)LIST_COUNT_CAP : total,
			 total > LIST_COUNT_CAP ? ",\"total_capped\":true" : "");
		jbuf_put(&b, num, strlen(num));
	}
	jbuf_put(&b, "}", 1);
	if (b.failed)
		rc = http_problem(req, 500, "internal", "The reply could not be encoded.", NULL,
				  NULL);
	else
		rc = http_send(req, 200, "application/json; charset=utf-8", b.s, b.len, NULL);
	free(b.s);
	return rc;
}

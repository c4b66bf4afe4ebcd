/* Keyset lists: one statement per sort order, generated from a list's description, and one
 * cursor format for every list. No OFFSET: a page starts after the last row of the previous
 * one, so page 100 costs what page 1 costs and rows added meanwhile neither repeat nor vanish. */
#ifndef ANQUAN_LIST_H
#define ANQUAN_LIST_H

#include <jansson.h>
#include <libpq-fe.h>

#include "db.h"
#include "export.h"
#include "http.h"

struct rest_kind;

#define LIST_MAX_KEYS 3

/* A first page's "total" counts at most this many matches; past it the page says
 * "total_capped": true (the figures endpoints count exactly). */
#define LIST_COUNT_CAP 1000
#define LIST_MAX_FILTERS 16

/* Case-insensitive substring match of column `col` with text `n` (a parameter), LIKE's
 * wildcards in `n` taken literally: a list's `q` filter. ILIKE is marked LEAKPROOF (deploy/pg.sh),
 * so a trigram index may serve it ahead of row-level security. */
#define LIST_TEXT_MATCH(col, n)                                                                    \
	col " ILIKE '%' || replace(replace(replace(" n ", '\\', '\\\\'), '%', '\\%'), "            \
	    "'_', '\\_') || '%'"

/* The same for the name of the org whose id is in `org_id`, tested for each row that reached it
 * (a page's table need not join orgs for a filter that is mostly absent: each join cost every
 * page a probe per row under row-level security). */
#define LIST_ORG_NAME_MATCH(org_id, n)                                                             \
	"EXISTS (SELECT 1 FROM orgs m WHERE m.id = " org_id " AND " LIST_TEXT_MATCH("m.name", n) ")"

/* The rows of table alias `a` in the listed subtree ($1), by their path: ltree_risparent(), which
 * the planner does not count as a second 1-in-100 filter beside row-level security's test. */
#define LIST_IN_SUBTREE(a) "ltree_risparent(" a ".org_path, $1::ltree) "

/* The same, for a table that stores its paths' first two and three labels (city_path,
 * county_path; migrations 0031-0035): a city's and a county's subtree are an equality on those,
 * which leads the index of that subtree in the list's order under row-level security (a plan
 * made for the request's values folds the CASE; a plain page's statement per shape holds only
 * its level's branch, list.c); any other is LIST_IN_SUBTREE, `more` added to that branch. */
#define LIST_SUBTREE_OR(a, more)                                                                   \
	LIST_LEVEL_CASE a ".city_path = $1::text " LIST_LEVEL_COUNTY a                             \
			  ".county_path = $1::text " LIST_LEVEL_OTHER                              \
			  LIST_IN_SUBTREE(a)                                                       \
	more LIST_LEVEL_END
/* The parts of that CASE, which list_init finds again to write a page's statement for one level
 * (a cached plan cannot fold the CASE; list.c, level_sql). */
#define LIST_LEVEL_CASE "CASE nlevel($1::ltree) WHEN 2 THEN "
#define LIST_LEVEL_COUNTY "WHEN 3 THEN "
#define LIST_LEVEL_OTHER "ELSE "
#define LIST_LEVEL_END "END "
#define LIST_SUBTREE(a) LIST_SUBTREE_OR(a, "")

/* One sort order: up to LIST_MAX_KEYS key expressions, never NULL (coalesce a nullable column
 * to a sentinel such as 'infinity'), each with the SQL type its cursor value is cast to. The
 * list's id column ends every order as the tie-breaker, in the same direction. */
struct list_sort {
	const char *name;		  /* the `sort` query value: "-score" */
	int desc;			  /* every key descending */
	const char *keys[LIST_MAX_KEYS];  /* SQL expressions, NULL-terminated */
	const char *types[LIST_MAX_KEYS]; /* "int", "numeric", "text", "date", "timestamptz" */
};

/* What a filter's query value must be. */
enum list_filter_kind {
	LIST_F_UUID,	 /* a UUID */
	LIST_F_ENUM,	 /* one of the codes of `labels` (or of `codes`) */
	LIST_F_BOOL,	 /* true or false */
	LIST_F_DATE,	 /* YYYY-MM-DD */
	LIST_F_TEXT,	 /* a search text of at most 100 characters */
	LIST_F_ARCHIVED, /* false (the default), true or all (NULL to the statement) */
	LIST_F_SINCE,	 /* an RFC 3339 timestamp: the change feed (updated_since) */
	LIST_F_PATH_ID,	 /* the request's first path parameter ({id}), not a query value */
	LIST_F_INT,	 /* an integer from 1 to `max` */
	LIST_F_TIME,	 /* an RFC 3339 timestamp or a date (YYYY-MM-DD) */
};

/* One filter: the query parameter `name`, passed to the statement as one text value (NULL when
 * absent). */
struct list_filter {
	const char *name;
	enum list_filter_kind kind;
	const struct export_label *labels; /* LIST_F_ENUM: the codes of a code list */
	const char *const *codes;	   /* LIST_F_ENUM without labels: NULL-terminated */
	int max; /* LIST_F_TEXT: most characters (0: 100); LIST_F_INT: the largest value */
};

/* A list: its statement parts, filters, sort orders and export. Every statement takes $1 the
 * root of the listed subtree (the org_id filter's path, or the caller's subtree), $2 the
 * caller's subtree, then one value per filter ($3..), in the order of `filters`. The generated
 * statement for sort S is named "<name>:<S>"; after the filters it takes one value per key and
 * the id (all NULL for the first page), then the page size. "<name>:count" counts the matches. */
struct list_desc {
	const char *name;	/* "risk_list" */
	const char *select;	/* "SELECT <columns> " */
	const char *from_where; /* "FROM ... WHERE <conditions on $1, $2 and the filters> " */
	/* The LEFT JOINs, each to a unique key, of the columns a row shows (an org's name): the
	 * page is chosen from from_where, which then joins nothing (list_init refuses it; a filter
	 * on a joined column tests it per row, as LIST_ORG_NAME_MATCH), and they are joined to its
	 * rows alone. May be NULL. */
	const char *joins;
	/* The count's FROM and WHERE, when the page's would mislead its estimate (the same rows,
	 * tested another way); NULL: from_where. */
	const char *count_from_where;
	const char *id;		       /* the unique tie-breaker: "r.id" */
	const char *id_type;	       /* its SQL type: NULL for uuid, "bigint" */
	const struct list_sort *sorts; /* the first is the default; name NULL ends */
	/* Adds what a row's object needs beyond its columns; may be NULL. */
	void (*decorate)(struct http_req *req, const PGresult *rows, int row, json_t *obj);
	const struct list_filter
	    *filters; /* name NULL ends; may be NULL; at most LIST_MAX_FILTERS */
	/* Checks of several values together (values[i] is filter i's, NULL when absent); may be
	 * NULL. */
	void (*check)(const char *const *values, json_t *errors);
	/* Runs before the list (the parent record of a nested list); 0 or the status sent. */
	int (*before)(struct http_req *req);
	int limit_default, limit_max;
	const char *org_param; /* the query parameter naming the root org of the listed subtree
				* ("org_id"); NULL: always the caller's subtree */
	int narrow;	       /* narrows row-level security to that root (app.list_path) */
	int root_null;	       /* $1 is NULL, not the caller's subtree, without org_id */
	int count;	       /* pages carry "total" */
	/* The list's name in subtree_counts (migration 0040, which keeps its records' counts per
	 * county): the total of a first page filtered by `archived` alone, over a subtree of at
	 * most three labels, is read there instead of counted. NULL: always counted. */
	const char *kept_count;
	/* A province's plain pages keep a plan too (list.c, LEVEL_PROVINCE): only where measured at
	 * the province data set, since that plan has no path test to lead it (institutions, users,
	 * risks and inspections; the last two's took 0.5-1 s until JIT was turned off, migration
	 * 0042: their generic plans cost past jit_above_cost and were compiled on every run). */
	int province_shape;
	/* The plan reads its indexes in order, by index scans alone (no bitmap, no sequential scan
	 * where an index serves), and so does the first page's capped count, which then stops at
	 * the cap: for a list whose narrowing test (a city's path, as text) is the row-level
	 * security test again, which the planner multiplies as if the two were independent,
	 * estimating a few rows where thousands match and preferring a bitmap and a sort over the
	 * index that already holds the page's order, or a bitmap of two indexes of the whole
	 * subtree for the count (institutions, users, hazards, risks, inspections, audit). Not with
	 * a text search, which a trigram index answers, and only through a bitmap. */
	int ordered_scans;
	const struct rest_kind *kind; /* rows carry the kind's allowed_actions; may be NULL */
	const struct export_column *export_columns; /* may be NULL: no export */
	const char *export_name;		    /* the file's base name */
	int export_max;				    /* most rows an export holds */
};

/* Every list, NULL-terminated (lists.c). */
extern const struct list_desc *const list_descs[];

/* The statements of every list, generated by list_init (registered in sql.c). */
extern struct db_statement list_sql[];

/* Generates the statements of every list. Call once at start, before the pool connects.
 * Returns 0, or -1 when out of memory. */
int list_init(void);

/* Frees what list_init made. */
void list_free(void);

/* How many values a statement of `d` takes before the cursor: $1, $2 and one per filter. */
int list_nparams(const struct list_desc *d);

/* The sort named `name` of `d`, or NULL. */
const struct list_sort *list_sort_find(const struct list_desc *d, const char *name);

/* A decoded cursor: the key values of the last row of the previous page, and its id. */
struct list_cursor {
	int present;
	char *values[LIST_MAX_KEYS + 1]; /* owned; NULL when absent */
};

/* Reads the `cursor` query parameter for list `d` in sort `s`: a cursor of another list or
 * sort, or one that does not decode, is a "format" error naming `cursor`. */
void list_cursor_read(struct http_req *req, const struct list_desc *d, const struct list_sort *s,
		      struct list_cursor *c, json_t *errors);

void list_cursor_free(struct list_cursor *c);

/* Decodes cursor text `enc` (the query value) for list `d` in sort `s` into c (values owned;
 * free with list_cursor_free). Returns 0, or -1 (c empty) when it is not one this server
 * issued for that list and sort. No database, no request: the fuzz target calls it. */
int list_cursor_decode(const struct list_desc *d, const struct list_sort *s, const char *enc,
		       struct list_cursor *c);

/* Returns a new reference: the cursor of list `d` in sort `s` for the key values and id
 * `values` (one per key, then the id), a JSON string; JSON null when it would be too long. */
json_t *list_cursor_encode(const struct list_desc *d, const struct list_sort *s,
			   const char *const *values);

/* Runs one page: `filters` (list_nparams(d) values: $1, $2, one per filter) after cursor `c` (may
 * be NULL: the first page), at most `limit` rows. Returns the result (caller PQclear()s; check
 * db_ok). With `kept_total` (may be NULL), a first page of a counted list whose total is kept
 * (list_desc.kept_count) reads that total in the same round trip into *kept_total (caller
 * PQclear()s; column "total"), which is otherwise left NULL. */
PGresult *list_run(struct http_req *req, const struct list_desc *d, const struct list_sort *s,
		   const char *const *filters, const struct list_cursor *c, int limit,
		   PGresult **kept_total);

/* Counts the rows of `filters` (the first page's total, after list_run, where it read no kept
 * total), with its plan settings in the same round trip: a page run on a kept plan (a plain page
 * of a list with its subtree by LIST_SUBTREE) leaves the count to be planned for its values
 * again. Returns the result (caller PQclear()s; check db_ok; column "total"). */
PGresult *list_count(struct http_req *req, const struct list_desc *d, const char *const *filters);

/* Sends a page: the first `limit` rows of `rows` (run with limit + 1: one more row means another
 * page), "total" (-1: none; past LIST_COUNT_CAP it is capped and says so), and the cursor after
 * the last row shown. Returns the status sent. */
int list_send_page(struct http_req *req, const struct list_desc *d, const struct list_sort *s,
		   const PGresult *rows, long total, int limit);

/* The path of the root of a listed subtree: org `org_id`'s when it is in the caller's subtree
 * (into `path`, len bytes); with `narrow`, row-level security is narrowed to it for the rest of
 * the transaction (app.list_path: the caller's identity, app.org_path, stays as it is). Returns
 * 0, or answers (404 for an org outside the subtree) and returns the status. The one "org_id ->
 * subtree" of every list, export and figure. */
int list_scope(struct http_req *req, const char *org_id, int narrow, char *path, size_t len);

/* Whether `s` is an RFC 3339 date-time ("2026-11-23T18:30:00Z", fraction and offset as the RFC
 * allows) or, with `date_ok`, a plain date, every field in range, so PostgreSQL never meets a
 * value it refuses. A '+' of an offset that arrived as a space (not encoded) is put back. */
int list_timestamp_ok(char *s, int date_ok);

/* GET of list `d`: filters, sort, cursor, limit and the change feed read from the query, the
 * org_id scope, one page. Returns the status sent. */
int list_handle(struct http_req *req, const struct list_desc *d);

/* GET of list `d`'s export: the same filters and sort, every row (up to d->export_max) as CSV or
 * XLSX (`format`). Returns the status sent. */
int list_export(struct http_req *req, const struct list_desc *d);

#endif

/* SQL of the audit log reader. The explicit scope mirrors the table's row-level policy: entries
 * of the subtree, and entries without an org (failed sign-ins under unknown names) only for a
 * caller whose subtree is a whole province. */
#include "audit_list.h"
#include "db.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

#include <string.h>

/* Plans at province scale (tests/plan/): row-level security already limits the log to the
 * subtree, so the explicit subtree test is an ltree_risparent() call, which the planner does
 * not count as a second 1-in-100 filter; a city's or a county's is the equality of its stored
 * prefix, which leads the index of that subtree in the list's order (migration 0032). Entries
 * without an org only for a caller whose subtree is a whole province. */
#define AUDIT_SUBTREE LIST_SUBTREE_OR("a", "OR (a.org_path IS NULL AND nlevel($2::ltree) <= 1) ")

const struct db_statement audit_list_sql[] = {
    {NULL, NULL},
};

/* GET /audit: $1 and $2 the caller's subtree, $3 from, $4 to, $5 user, $6 action; newest first
 * by (at, id) like the audit_log_at index. */
static const struct list_sort audit_sorts[] = {
    {"-at", 1, {"a.at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter audit_filters[] = {
    {"from", LIST_F_TIME, NULL, NULL, 0},    {"to", LIST_F_TIME, NULL, NULL, 0},
    {"user_id", LIST_F_UUID, NULL, NULL, 0}, {"action", LIST_F_TEXT, NULL, NULL, 64},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* action (values[3]): "<object>.<verb>", lower case letters and '_'. */
static void audit_list_check(const char *const *values, json_t *errors)
{
	const char *a = values[3], *dot = a != NULL ? strchr(a, '.') : NULL;

	if (a != NULL &&
	    (dot == NULL || dot == a || dot[1] == '\0' ||
	     !rest_only_chars(a, "abcdefghijklmnopqrstuvwxyz_.") || strchr(dot + 1, '.') != NULL))
		v_error(errors, "action", "format", "An action name such as org.create.");
}

const struct list_desc audit_list_desc = {
    .name = "audit_list",
    .select = "SELECT a.id::text AS id, a.at, a.user_id, a.username, a.org_id, a.action, "
	      "a.object_type, a.object_id, a.result, a.address, a.request_id, a.detail ",
    .from_where = "FROM audit_log a "
		  "WHERE " AUDIT_SUBTREE "AND $1::ltree <@ $2::ltree "
		  "AND ($3::timestamptz IS NULL OR a.at >= $3::timestamptz) "
		  "AND ($4::timestamptz IS NULL OR a.at < $4::timestamptz) "
		  "AND ($5::uuid IS NULL OR a.user_id = $5::uuid) "
		  "AND ($6::text IS NULL OR a.action = $6::text) ",
    .id = "a.id",
    .id_type = "bigint",
    .sorts = audit_sorts,
    .filters = audit_filters,
    .check = audit_list_check,
    .limit_default = 200,
    .limit_max = 500,
    .ordered_scans = 1,
};

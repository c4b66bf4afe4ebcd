/* SQL of the rectification notice endpoints. Every statement takes the caller's subtree as an
 * explicit ltree parameter beside row-level security. */
#include "db.h"
#include "list.h"
#include "notice.h"

/* Today in China, against the injectable clock (app_now(): X-Anquan-Now in tests). */
#define NOTICE_TODAY "(app_now() AT TIME ZONE 'Asia/Shanghai')::date"

/* The Notice representation; state is the workflow's projection (issued until received);
 * _org_path is the handler's. */
#define NOTICE_COLUMNS                                                                             \
	"n.id, n.number, n.year, n.seq, n.issuer_org_id, n.issuer_org_name, n.org_id, "            \
	"o.name AS org_name, n.deadline, n.requirement, n.issued_by, n.issued_by_name, "           \
	"n.issued_at, CASE WHEN n.received_at IS NULL THEN 'issued' ELSE 'received' END AS "       \
	"state, "                                                                                  \
	"n.received_by, n.received_by_name, n.received_at, "                                       \
	"(SELECT count(*) FROM hazards h WHERE h.notice_id = n.id) AS hazard_count, "              \
	"n.version, n.created_at, n.updated_at, n.org_path::text AS _org_path "

#define NOTICE_JOINS "LEFT JOIN orgs o ON o.id = n.org_id "
#define NOTICE_FROM "FROM rectification_notices n " NOTICE_JOINS

/* The filters of GET /notices: $1 org subtree (the addressed units'), $2 scope, $3 received,
 * $4 year. */
#define NOTICE_LIST_WHERE                                                                          \
	"WHERE ltree_risparent(n.org_path, $1::ltree) AND $1::ltree <@ $2::ltree "                 \
	"AND ($3::boolean IS NULL OR (n.received_at IS NOT NULL) = $3::boolean) "                  \
	"AND ($4::int IS NULL OR n.year = $4::int) "

const struct db_statement notice_sql[] = {
    /* notice_get, rest_finish (and the QR code's existence check): one notice in the subtree. */
    {"notice_get",
     "SELECT " NOTICE_COLUMNS NOTICE_FROM "WHERE n.id = $1 AND n.org_path <@ $2::ltree"},
    /* the receive move (the engine's load): the notice, locked. */
    {"notice_get_locked", "SELECT " NOTICE_COLUMNS NOTICE_FROM
			  "WHERE n.id = $1 AND n.org_path <@ $2::ltree FOR UPDATE OF n"},
    /* notice_get (compose): the hazards the notice names, in the order they were found. */
    {"notice_hazards",
     "SELECT h.id, h.description, h.location, h.category, h.level, h.state, h.found_at, "
     "h.requirement, h.deadline FROM hazards h "
     "WHERE h.notice_id = $1 AND h.org_path <@ $2::ltree ORDER BY h.found_at, h.id"},
    /* notice_create: the issuing org, the caller's own ($1 org id, $2 subtree): only an
     * administration (county, city, province) issues. */
    {"notice_issuer", "SELECT o.level, o.level <> 'unit' AS administration FROM orgs o "
		      "WHERE o.id = $1 AND o.path <@ $2::ltree"},
    /* notice_create: which of the hazards $1 (uuid[] text) the caller sees, and whose they are. */
    {"notice_hazards_seen", "SELECT h.id, h.org_id FROM hazards h "
			    "WHERE h.id = ANY ($1::uuid[]) AND h.org_path <@ $2::ltree"},
    /* notice_create: the addressed org ($1) in the subtree ($2): whether it is a unit strictly
     * below the caller's org ($3 its path), and whether the deadline $4 is today or later. */
    {"notice_unit",
     "SELECT o.level = 'unit' AND o.path <@ $3::ltree AND o.path <> $3::ltree AS unit_below, "
     "$4::date >= " NOTICE_TODAY " AS deadline_ok "
     "FROM orgs o WHERE o.id = $1 AND o.path <@ $2::ltree"},
    /* notice_create: the next number of the issuing org ($1) in the year of app_now() in China.
     * The upsert takes the counter row's lock until the transaction ends, so concurrent issues
     * of one org queue here and each gets the next number; a failed issue rolls its number back
     * with everything else, so the numbers have no gaps. */
    {"notice_next_number",
     "WITH c AS (INSERT INTO notice_counters AS nc (org_id, year, last) "
     "SELECT $1::uuid, extract(year FROM app_now() AT TIME ZONE 'Asia/Shanghai')::int, 1 "
     "ON CONFLICT (org_id, year) DO UPDATE SET last = nc.last + 1 RETURNING nc.year, nc.last) "
     "SELECT c.year, c.last AS seq, "
     "coalesce(o.notice_prefix, notice_default_prefix(o.name)) || '〔' || c.year || '〕' "
     "|| c.last || '号' AS number "
     "FROM c JOIN orgs o ON o.id = $1::uuid AND o.path <@ $2::ltree"},
    /* notice_create ($1 subtree, $2 org_id, $3 deadline, $4 requirement, $5 issuing org, $6
     * year, $7 seq, $8 number, $9 issuing user or client, $10 its name when not a user). */
    {"notice_insert",
     "INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, issuer_org_name, org_id, "
     "org_path, year, seq, number, requirement, deadline, issued_by, issued_by_name, issued_at) "
     "SELECT i.id, i.path, i.name, u.id, u.path, $6::int, $7::int, $8, $4, $3::date, $9::uuid, "
     "coalesce((SELECT display_name FROM users WHERE id = $9::uuid), $10), app_now() "
     "FROM orgs i, orgs u WHERE i.id = $5 AND i.path <@ $1::ltree "
     "AND u.id = $2 AND u.path <@ i.path AND u.path <> i.path RETURNING id"},
    /* the receive move: who received it and when (once: the engine's state is its projection). */
    {"notice_receive",
     "UPDATE rectification_notices SET received_by = $2::uuid, received_at = app_now(), "
     "received_by_name = coalesce((SELECT display_name FROM users WHERE id = $2::uuid), $3), "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $4::ltree AND received_at IS NULL RETURNING id"},
    /* the receive move: the issuing org's admins and inspectors learn of the receipt. */
    {"notice_notify_issuer",
     "SELECT notify_users(n.issuer_org_path, 'org', ARRAY['admin', 'inspector'], "
     "'notice.received', 'notice', n.id, '整改通知书已签收 ' || n.number, "
     "coalesce(o.name, '') || ' 已签收，签收人 ' || coalesce(n.received_by_name, ''), NULL) "
     "FROM rectification_notices n LEFT JOIN orgs o ON o.id = n.org_id "
     "WHERE n.id = $1 AND n.org_path <@ $2::ltree"},
    {NULL, NULL},
};

/* GET /notices: newest first by default. */
static const struct list_sort notice_sorts[] = {
    {"-issued_at", 1, {"n.issued_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {"issued_at", 0, {"n.issued_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter notice_filters[] = {
    {"received", LIST_F_BOOL, NULL, NULL, 0},
    {"year", LIST_F_INT, NULL, NULL, 2999},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

const struct list_desc notice_list_desc = {
    .name = "notice_list",
    .select = "SELECT " NOTICE_COLUMNS,
    .from_where = "FROM rectification_notices n " NOTICE_LIST_WHERE,
    .joins = NOTICE_JOINS,
    .id = "n.id",
    .sorts = notice_sorts,
    .filters = notice_filters,
    .limit_default = 50,
    .limit_max = 200,
    .org_param = "org_id",
    .narrow = 1,
    .count = 1,
    .kind = &notice_resource.kind,
};

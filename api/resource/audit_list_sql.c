/* SQL of the audit log reader. The explicit scope mirrors the table's row-level policy: entries
 * of the subtree, and entries without an org (failed sign-ins under unknown names) only for a
 * caller whose subtree is a whole province. */
#include "audit_list.h"
#include "db.h"

/* Plans at province scale (tests/plan/): row-level security already limits the log to the
 * subtree, so the explicit subtree test is an ltree_risparent() call, which the planner does
 * not count as a second 1-in-100 filter. */
const struct db_statement audit_list_sql[] = {
    /* audit_list: one page, newest first, by (at, id) like the audit_log_at index; $6, $7 the
     * keyset of the previous page's last entry (at in microseconds since the epoch, id), $8
     * the page size plus one. */
    {"audit_list",
     "SELECT a.id::text AS id, a.at, a.user_id, a.username, a.org_id, a.action, a.object_type, "
     "a.object_id, a.result, a.address, a.request_id, a.detail, "
     "(extract(epoch FROM a.at) * 1000000)::bigint::text || '.' || a.id::text AS _cursor "
     "FROM audit_log a "
     "WHERE (ltree_risparent(a.org_path, $1::ltree) OR (a.org_path IS NULL AND nlevel($1::ltree) "
     "<= 1)) "
     "AND ($2::timestamptz IS NULL OR a.at >= $2::timestamptz) "
     "AND ($3::timestamptz IS NULL OR a.at < $3::timestamptz) "
     "AND ($4::uuid IS NULL OR a.user_id = $4::uuid) "
     "AND ($5::text IS NULL OR a.action = $5::text) "
     "AND ($6::bigint IS NULL OR (a.at, a.id) < "
     "('epoch'::timestamptz + $6::bigint * interval '1 microsecond', $7::bigint)) "
     "ORDER BY a.at DESC, a.id DESC LIMIT $8::int"},
    {NULL, NULL},
};

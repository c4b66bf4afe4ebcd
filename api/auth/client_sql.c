/* SQL of the API client endpoints. Every statement takes the caller's subtree as an explicit
 * ltree parameter beside row-level security. The secret is stored only as its SHA-256. */
#include "client.h"
#include "db.h"

/* The ApiClient representation; _cursor is the keyset of the list order (creation time in
 * microseconds since the epoch, then id), exact and safe to carry in a cursor. */
#define CLIENT_COLUMNS                                                                             \
	"a.id, a.name, a.org_id, o.name AS org_name, a.scope, a.active, a.created_at, "            \
	"a.last_used_at, a.version AS _version, "                                                  \
	"(extract(epoch FROM a.created_at) * 1000000)::bigint::text || '.' || a.id::text "         \
	"AS _cursor "

const struct db_statement client_sql[] = {
    /* client_get, client_create (the reply): one client in the subtree. */
    {"client_get", "SELECT " CLIENT_COLUMNS "FROM api_clients a JOIN orgs o ON o.id = a.org_id "
		   "WHERE a.id = $1 AND a.org_path <@ $2::ltree"},
    /* client_revoke: the client, locked (If-Match, the audit detail). */
    {"client_get_locked",
     "SELECT " CLIENT_COLUMNS "FROM api_clients a JOIN orgs o ON o.id = a.org_id "
     "WHERE a.id = $1 AND a.org_path <@ $2::ltree FOR UPDATE OF a"},
    /* client_list: one page, newest first; $2, $3 the keyset of the previous page's last row,
     * $4 the page size plus one. */
    {"client_list",
     "SELECT " CLIENT_COLUMNS "FROM api_clients a JOIN orgs o ON o.id = a.org_id "
     "WHERE a.org_path <@ $1::ltree AND ($2::bigint IS NULL OR "
     "((extract(epoch FROM a.created_at) * 1000000)::bigint, a.id) < ($2::bigint, $3::uuid)) "
     "ORDER BY a.created_at DESC, a.id DESC LIMIT $4::int"},
    /* client_list: how many clients the subtree has. */
    {"client_list_count",
     "SELECT count(*) AS total FROM api_clients a WHERE a.org_path <@ $1::ltree"},
    /* client_create: $4 the hex SHA-256 of the secret; a foreign org inserts nothing. */
    {"client_create",
     "INSERT INTO api_clients (name, org_id, org_path, scope, secret_hash, created_by) "
     "SELECT $1, o.id, o.path, $3, decode($4, 'hex'), $5::uuid FROM orgs o "
     "WHERE o.id = $2 AND o.path <@ $6::ltree RETURNING id"},
    /* client_revoke: revoked clients stay for the audit trail; the auth gate refuses their
     * tokens from the next request on. */
    {"client_revoke", "UPDATE api_clients SET active = false, version = version + 1 "
		      "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    {NULL, NULL},
};

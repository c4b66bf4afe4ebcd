/* SQL of the API client endpoints. Every statement takes the caller's subtree as an explicit
 * ltree parameter beside row-level security. The secret is stored only as its SHA-256. */
#include "client.h"
#include "db.h"
#include "list.h"

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
    /* client_create (the descriptor's insert: $1 subtree, $2 name, $3 org_id, $4 scope, $5 the
     * hex SHA-256 of the secret, $6 its maker): a foreign org inserts nothing. */
    {"client_create",
     "INSERT INTO api_clients (name, org_id, org_path, scope, secret_hash, created_by) "
     "SELECT $2, o.id, o.path, $4, decode($5, 'hex'), $6::uuid FROM orgs o "
     "WHERE o.id = $3 AND o.path <@ $1::ltree RETURNING id"},
    /* client_revoke: revoked clients stay for the audit trail; the auth gate refuses their
     * tokens from the next request on. */
    {"client_revoke", "UPDATE api_clients SET active = false, version = version + 1 "
		      "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    {NULL, NULL},
};

/* GET /api-clients: newest first; $1 and $2 both the caller's subtree. */
static const struct list_sort client_sorts[] = {
    {"-created_at", 1, {"a.created_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

const struct list_desc client_list_desc = {
    .name = "client_list",
    .select = "SELECT " CLIENT_COLUMNS,
    .from_where = "FROM api_clients a LEFT JOIN orgs o ON o.id = a.org_id "
		  "WHERE a.org_path <@ $1::ltree AND a.org_path <@ $2::ltree ",
    .id = "a.id",
    .sorts = client_sorts,
    .limit_default = 200,
    .limit_max = 500,
    .count = 1,
    .kind = &client_kind,
};

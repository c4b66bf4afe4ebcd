/* The Idempotency-Key store's statements. */
#include "db.h"
#include "idempotency.h"

const struct db_statement idem_sql[] = {
    /* idem_lock: idem_check serialises requests with one caller's key: a second waits (up to
     * 5 s) until the first has committed its answer, then replays it. The lock ends with the
     * transaction; lock_timeout is set first (the target list is evaluated in order). */
    {"idem_lock", "SELECT set_config('lock_timeout', '5s', true),"
		  " pg_advisory_xact_lock(hashtextextended('idempotency ' || $1 || ' ' || $2, 0))"},
    /* idem_find: idem_check looks up the caller's key. */
    {"idem_find", "SELECT method, path, request_sha, status, body, location FROM idempotency_keys"
		  " WHERE principal = $1::uuid AND key = $2 AND org_path <@ $3::ltree"},
    /* idem_insert: idem_store keeps the answer. */
    {"idem_insert", "INSERT INTO idempotency_keys (key, principal, org_path, method, path, "
		    "request_sha, status, body, location)"
		    " VALUES ($1, $2::uuid, $3::ltree, $4, $5, $6, $7::int, $8, $9)"},
    {NULL, NULL},
};

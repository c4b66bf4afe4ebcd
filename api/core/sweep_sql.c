/* The sweeps' statements. Each takes its own advisory lock with try: an instance that does not
 * get it leaves the job to the one that did. They run in the system scope (db_begin_exec). */
#include "db.h"
#include "sweep.h"

const struct db_statement sweep_sql[] = {
    /* sweep_idempotency: answers kept longer than $1 seconds (a retry comes within minutes). */
    {"sweep_idempotency", "WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended('anquan "
			  "sweep idempotency', 0)) AS got) "
			  "DELETE FROM idempotency_keys WHERE (SELECT got FROM lock) "
			  "AND created_at < now() - make_interval(secs => $1::int) RETURNING 1"},
    /* sweep_sessions: refresh-token families a day past their end (the gate refuses their
     * access tokens already; nothing can refresh them). */
    {"sweep_sessions",
     "WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended('anquan sweep sessions', 0)) "
     "AS got) "
     "DELETE FROM refresh_tokens WHERE (SELECT got FROM lock) "
     "AND family_expires_at < now() - make_interval(secs => $1::int) RETURNING 1"},
    /* sweep_attachments: uploads never bound to a record, $1 seconds after their upload, with
     * their bytes when in the default store (another store's objects are its own to expire). */
    {"sweep_attachments",
     "WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtextextended('anquan sweep attachments', "
     "0)) AS got), "
     "gone AS (DELETE FROM attachments a WHERE (SELECT got FROM lock) AND a.record_id IS NULL "
     "AND a.created_at < now() - make_interval(secs => $1::int) RETURNING a.storage, "
     "a.storage_key), "
     "bytes AS (DELETE FROM attachment_blobs b USING gone g WHERE g.storage = 'postgres' "
     "AND b.key = g.storage_key RETURNING 1) "
     "SELECT (SELECT count(*) FROM bytes) AS blobs FROM gone"},
    {NULL, NULL},
};

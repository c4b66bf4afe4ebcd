/* The pool's own statements: the start of every request's transaction, prepared on each
 * connection like the modules' statements so that a request's pipeline is bind and execute
 * only. */
#include "db.h"

const struct db_statement db_sql[] = {
    /* db_begin: the request's transaction. */
    {"db_begin", "BEGIN"},
    /* db_rollback: db_release ends a request's transaction (prepared: nothing to parse). */
    {"db_rollback", "ROLLBACK"},
    /* db_commit: auth's commit (db_commit_checked), behind the statement that reads what the
     * transaction announced. */
    {"db_commit", "COMMIT"},
    /* db_scope: the transaction's scope, $1: the system scope ('*', see app_scope()), in which
     * the gate looks up the principal (the lookup itself narrows the scope to the caller's
     * subtree), or the subtree of a principal the gate trusts (principal_cache.c). $2 is the
     * transaction's clock (app.now, read by app_now()): the test clock's instant, or '' for the
     * transaction's own time (db_set_now). */
    {"db_scope",
     "SELECT set_config('app.org_path', $1::text, true), set_config('app.now', $2::text, true)"},
    /* db_scope_read: db_scope for a read (db_begin_deferred), which needs no BEGIN: its
     * statements run in the transaction PostgreSQL opens for a pipeline and ends at its Sync,
     * here made read only, so PostgreSQL refuses any write in it. */
    {"db_scope_read",
     "SELECT set_config('app.org_path', $1::text, true), set_config('app.now', $2::text, true), "
     "set_config('transaction_read_only', 'on', true)"},
    {NULL, NULL},
};

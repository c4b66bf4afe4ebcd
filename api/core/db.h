/* A fixed pool of libpq connections with statements prepared once per connection. */
#ifndef ANQUAN_DB_H
#define ANQUAN_DB_H

#include <libpq-fe.h>

/* A named SQL statement, prepared on every pooled connection. */
struct db_statement {
	const char *name; /* named after the function that runs it */
	const char *sql;  /* $1, $2 ... parameters only */
};

/* The statement sets of every module, NULL-terminated (sql.c). */
extern const struct db_statement *const db_statement_sets[];

struct db_conn;

/* Creates the pool. Connections open lazily, so the server starts while PostgreSQL is down.
 * Returns 0 or -1. */
int db_pool_init(const char *conninfo, int size);

/* Closes every connection. Call after the HTTP server has stopped. */
void db_pool_close(void);

/* Takes a connection, waiting up to a few seconds for one to be free, and makes sure it is
 * connected with its statements prepared (reconnecting a broken one). Returns NULL when none is
 * free or PostgreSQL cannot be reached; *why (optional) then names the reason (borrowed). */
struct db_conn *db_acquire(const char **why);

/* Returns a connection to the pool. A connection left inside a transaction is rolled back: the
 * ROLLBACK is sent without waiting, and the next db_acquire reads its answer. */
void db_release(struct db_conn *c);

/* Runs a prepared statement. Returns the result, which the caller PQclear()s; NULL only when
 * out of memory. A statement outside a transaction that meets a dropped connection is retried
 * once on a fresh one. */
PGresult *db_exec(struct db_conn *c, const char *name, int nparams, const char *const *values);

/* Whether a result is a success (tuples or command ok). */
int db_ok(const PGresult *res);

/* Opens a transaction in the system scope (app.org_path '*') and runs prepared statement `name`
 * in it, all in one round trip (libpq's pipeline mode). Returns the statement's result (caller
 * PQclear()s; the transaction stays open), or NULL when the transaction could not be begun.
 * A connection found broken is reconnected and tried once more. */
PGresult *db_begin_exec(struct db_conn *c, const char *name, int nparams,
			const char *const *values);

/* Runs a plain command without parameters (BEGIN, COMMIT, ROLLBACK). Returns 0 or -1. */
int db_command(struct db_conn *c, const char *sql);

/* Whether a statement of the transaction opened by db_begin_exec met a serialization failure
 * (40001) or a deadlock (40P01), so that running the transaction again may succeed. */
int db_retryable(const struct db_conn *c);

/* The underlying libpq connection, for error messages. Borrowed. */
PGconn *db_pg(struct db_conn *c);

#endif

/* A fixed pool of libpq connections; each statement is prepared on a connection when it first
 * runs there. */
#ifndef ANQUAN_DB_H
#define ANQUAN_DB_H

#include <libpq-fe.h>

/* A named SQL statement, prepared on a pooled connection the first time it runs there. */
struct db_statement {
	const char *name; /* named after the function that runs it */
	const char *sql;  /* $1, $2 ... parameters only */
};

/* The statement sets of every module, NULL-terminated (sql.c). */
extern const struct db_statement *const db_statement_sets[];

struct db_conn;

/* The pool's own statements (db_sql.c), prepared before the modules' sets. */
extern const struct db_statement db_sql[];

/* One prepared statement and its parameters, for db_begin_deferred. */
struct db_call {
	const char *name;
	int nparams;
	const char *const *values;
};

/* The most statements db_begin_deferred takes. */
#define DB_MAX_DEFERRED 3

/* The longest instant db_set_now keeps, terminator included. */
#define DB_NOW_MAX 48

/* Sets the instant app_now() answers in the transactions db_begin_exec and db_begin_deferred
 * open on `c` from now until db_release (the test clock, ANQUAN_TEST_CLOCK): an RFC 3339 string
 * checked by the caller, at most DB_NOW_MAX - 1 bytes (copied); NULL or "" for the transaction's
 * own time. Sent with the system scope, so it costs no round trip. */
void db_set_now(struct db_conn *c, const char *instant);

/* Creates the pool: `size` connections a request takes for its own, and `nshared` that reads
 * share (db_acquire_read; 0: none, every read takes a pooled connection). Connections open
 * lazily, so the server starts while PostgreSQL is down. Returns 0 or -1. */
int db_pool_init(const char *conninfo, int size, int nshared);

/* Connects to `conninfo` once and prepares every statement of every module, all in one round
 * trip: the pool prepares each on first use, so this is how a broken statement is found before
 * it is run (anquan-api --check-sql, make test). Failures go to stderr. Returns 0 or -1. */
int db_check_statements(const char *conninfo);

/* Closes every connection. Call after the HTTP server has stopped. */
void db_pool_close(void);

/* Takes a connection, waiting up to a few seconds for one to be free, and makes sure it is
 * connected, with the pool's own statements prepared (reconnecting a broken one). Returns NULL
 * when none is free or PostgreSQL cannot be reached; *why (optional) then names the reason
 * (borrowed). */
struct db_conn *db_acquire(const char **why);

/* A handle for a read on the shared connections, to be begun with db_begin_read_as: each
 * statement then travels with the read's scope in a trip of its own down a connection that many
 * requests share (in a batch of trips, one implicit transaction, read only, ended by the batch's
 * Sync; a trip another's failure skipped is sent again), so the request takes
 * no pooled connection and waits for none. The first statement a trip cannot carry (db_command,
 * db_exec_binary, db_pg, ..., or one that sets what a later statement reads) takes a pooled
 * connection for the rest of the request, the read begun there in the same scope, and so does
 * every statement while all shared connections are held up (a trip waiting 25 ms at the head);
 * statements after db_rollback run on it as on any connection. A trip whose connection broke
 * (PostgreSQL restarted) is sent once more on a fresh one; one that still did not hold (its scope
 * failed, its connection broke again) fails its statements and makes db_deferred_take answer
 * -1. Every function here takes the handle; release it with db_release. Without shared
 * connections, or when the thread's handle is in use, it is db_acquire. */
struct db_conn *db_acquire_read(const char **why);

/* Returns a connection to the pool. A connection left inside a transaction is rolled back, and a
 * read ended by its Sync: either is sent without waiting (or, when a request waits for the
 * connection, ahead of that request's first statements), and the connection's next use reads
 * its answer. */
void db_release(struct db_conn *c);

/* Runs a prepared statement. Returns the result, which the caller PQclear()s; NULL only when
 * out of memory. A statement outside a transaction that meets a dropped connection is retried
 * once on a fresh one. */
PGresult *db_exec(struct db_conn *c, const char *name, int nparams, const char *const *values);

/* Runs prepared statement `first` (no parameters: a transaction-local setting) and then `name`,
 * in one round trip (pipeline mode; behind db_begin_deferred's calls when they wait). Returns
 * `name`'s result, or `first`'s failure (PostgreSQL then skips `name`); the caller PQclear()s. */
PGresult *db_exec_after(struct db_conn *c, const char *first, const char *name, int nparams,
			const char *const *values);

/* The most statements db_exec_many runs in one round trip. */
#define DB_MAX_BATCH 4

/* Runs prepared statement `first` (no parameters: a transaction-local setting; may be NULL) and
 * then `calls`, 1 to DB_MAX_BATCH of them, in one round trip (pipeline mode; behind
 * db_begin_deferred's calls when they wait), each call's result into out[i] (caller PQclear()s
 * every one): `first`'s failure in place of the first call's when it failed, and a failure for
 * each statement PostgreSQL then skipped. Returns 0 when every call succeeded, otherwise -1. */
int db_exec_many(struct db_conn *c, const char *first, int ncalls, const struct db_call *calls,
		 PGresult **out);

/* db_exec with parameters of their own lengths and formats (1: binary, as bytea bytes; NULL
 * arrays: text) and, with `binary_result`, every column in binary (a bytea's raw bytes). For
 * bytes that would double in size as text (attachments). Not retried on a dropped connection.
 * Returns the result (caller PQclear()s). */
PGresult *db_exec_binary(struct db_conn *c, const char *name, int nparams,
			 const char *const *values, const int *lengths, const int *formats,
			 int binary_result);

/* Whether a result is a success (tuples or command ok). */
int db_ok(const PGresult *res);

/* Opens a transaction in the system scope (app.org_path '*') and runs prepared statement `name`
 * in it, all in one round trip (libpq's pipeline mode). Returns the statement's result (caller
 * PQclear()s; the transaction stays open), or NULL when the transaction could not be begun.
 * A connection found broken is reconnected and tried once more. */
PGresult *db_begin_exec(struct db_conn *c, const char *name, int nparams,
			const char *const *values);

/* Begins a read in the system scope and sends `calls` behind it in pipeline mode without
 * waiting: the next statement of the request (db_exec, db_command, db_pg) joins them, and all are
 * answered in one round trip. A read has no BEGIN: its statements run in the transaction
 * PostgreSQL opens for the pipeline, which the scope makes read only (PostgreSQL refuses any
 * write in it) and db_release ends with the pipeline's Sync. A statement outside the pipeline
 * (db_command, db_exec_binary, db_pg) makes it an ordinary transaction first, kept open. When one
 * of them fails, PostgreSQL skips every statement behind it in the pipeline, the next statement's
 * result is a failure, and every statement of the request fails until db_deferred_take: nothing can
 * be read or written on the strength of a failed call. Returns 0, or -1 when nothing could be sent
 * (the connection is then reset by its next use; db_deferred_take still answers). */
int db_begin_deferred(struct db_conn *c, int ncalls, const struct db_call *calls);

/* Begins a read in `scope` (an org path: the subtree of a principal the caller has already
 * confirmed; NULL: the system scope) as db_begin_deferred does with no calls: the request's first
 * statement travels with it. Returns 0 or -1 as db_begin_deferred. "" is no subtree at all:
 * row-level security shows no row, and on the shared connections (db_acquire_read) its trips
 * carry no scope statement (but one that resets the subtree behind a trip with one in the same
 * batch), so not always the read-only rule: only for statements that write nothing and read no
 * secured table (/ready). */
int db_begin_read_as(struct db_conn *c, const char *scope);

/* Waits for the answers of db_begin_deferred's calls (sending them now if no statement has), moves
 * their results into res[0..n-1] (caller PQclear()s; NULL for an answer that never came) and ends
 * the failed state. Returns 0 when the scope and every call succeeded, otherwise -1. */
int db_deferred_take(struct db_conn *c, int n, PGresult **res);

/* Runs a plain command without parameters (BEGIN, COMMIT, ROLLBACK). Returns 0 or -1. */
int db_command(struct db_conn *c, const char *sql);

/* Ends the request's transaction without committing it, whatever it is (an ordinary one: its
 * ROLLBACK; a read: its Sync), and waits for the end, so that what follows (queued audit entries)
 * runs outside it. Nothing to do outside a transaction. */
void db_rollback(struct db_conn *c);

/* Commits the transaction in one round trip with statement `check` (no parameters, one boolean)
 * run just before the COMMIT, whose answer goes into *flag (0 when it did not answer true).
 * Returns 0 when both succeeded, -1 otherwise (a failed transaction is not committed). */
int db_commit_checked(struct db_conn *c, const char *check, int *flag);

/* Whether a statement of the transaction opened by db_begin_exec met a serialization failure
 * (40001) or a deadlock (40P01), so that running the transaction again may succeed. */
int db_retryable(const struct db_conn *c);

/* The underlying libpq connection, for error messages and its transaction status, seen after
 * the statements sent ahead (a read under way is first made an ordinary transaction, see
 * db_begin_deferred). Borrowed. */
PGconn *db_pg(struct db_conn *c);

#endif

/* The pool against a real PostgreSQL (ANQUAN_TEST_DATABASE_URL, set by make test): each statement
 * is prepared on a connection the first time it runs there, in the same pipeline, and a prepare
 * that PostgreSQL skipped is sent again by the next use. Without the variable (make test-unit
 * alone) the group says so and checks nothing. */
#include "../unit.h"
#include "db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NIL_UUID "00000000-0000-0000-0000-000000000000"

/* Runs `name` in a fresh transaction on the pool's one connection; 1 when it succeeded. */
static int runs(const char *name, int nparams, const char *const *values)
{
	struct db_conn *c = db_acquire(NULL);
	PGresult *res;
	int ok;

	if (c == NULL)
		return 0;
	res = db_begin_exec(c, name, nparams, values);
	ok = db_ok(res);
	PQclear(res);
	db_release(c);
	return ok;
}

/* `c` reads the schema version (system_ready): one row. */
static int ready_on(struct db_conn *c)
{
	PGresult *res = db_exec(c, "system_ready", 0, NULL);
	int ok = db_ok(res) && PQntuples(res) == 1;

	PQclear(res);
	return ok;
}

/* A pipeline whose first call fails: the statement behind it, never run on this connection
 * before, has its prepare skipped with it. */
static void a_skipped_prepare_is_sent_again(void)
{
	const char *wrong[1] = {"not the scope"}, *right[1] = {"*"};
	const char *org[2] = {NIL_UUID, "x"};
	struct db_call expect_wrong = {"auth_gate_expect", 1, wrong};
	struct db_call expect_right = {"auth_gate_expect", 1, right};
	struct db_conn *c = db_acquire(NULL);
	PGresult *res, *taken[1];

	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK(db_begin_deferred(c, 1, &expect_wrong) == 0);
	res = db_exec(c, "org_get", 2, org);
	CHECK(!db_ok(res));
	PQclear(res);
	CHECK(db_deferred_take(c, 1, taken) == -1);
	PQclear(taken[0]);
	db_release(c);
	/* org_get's prepare was skipped: without sending it again, "does not exist" */
	CHECK(runs("org_get", 2, org));
	/* auth_gate_expect's prepare went through before its call failed: it runs as prepared */
	c = db_acquire(NULL);
	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK(db_begin_deferred(c, 1, &expect_right) == 0);
	CHECK(db_deferred_take(c, 1, taken) == 0);
	CHECK(db_ok(taken[0]));
	PQclear(taken[0]);
	db_release(c);
}

/* db_exec outside a pipeline prepares first too; a statement used twice is prepared once. */
static void plain_exec_prepares_on_first_use(void)
{
	const char *client[1] = {NIL_UUID};
	struct db_conn *c = db_acquire(NULL);
	PGresult *res;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	for (int i = 0; i < 2; i++) {
		res = db_exec(c, "auth_gate_client", 1, client);
		CHECK(db_ok(res) && PQntuples(res) == 0);
		PQclear(res);
	}
	db_release(c);
}

/* A name no module has fails that request only; the connection goes on. */
static void an_unknown_statement_fails_alone(void)
{
	CHECK(!runs("no_such_statement", 0, NULL));
	CHECK(runs("system_ready", 0, NULL));
}

/* A request waiting for the pool's one connection: plain (a statement outside a pipeline) or
 * pipelined (its first use a pipeline, as a read's). */
struct waiter {
	int pipelined;
	int got; /* a connection came */
	int ok;	 /* outside the last transaction, and its own first use answered */
};

static void *wait_for_connection(void *arg)
{
	struct waiter *w = arg;
	const char *right[1] = {"*"};
	struct db_call expect = {"auth_gate_expect", 1, right};
	struct db_conn *c = db_acquire(NULL);
	PGresult *taken[1] = {NULL};

	w->got = c != NULL;
	if (c == NULL)
		return NULL;
	if (w->pipelined) {
		w->ok = db_begin_deferred(c, 1, &expect) == 0 &&
			db_deferred_take(c, 1, taken) == 0 && db_ok(taken[0]);
		PQclear(taken[0]);
	} else {
		w->ok = PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE;
		w->ok = w->ok && ready_on(c);
	}
	db_release(c);
	return NULL;
}

/* A connection released inside a failed transaction while a request waits goes straight to it,
 * and the waiter's first use ends that transaction (rollback_due) before anything else: a plain
 * use sees the connection idle, a pipeline begins with the ROLLBACK. Without it, the waiter
 * would meet "current transaction is aborted". */
static void hand_on_to(int pipelined)
{
	struct waiter w = {pipelined, 0, 0};
	struct timespec pause = {0, 200 * 1000 * 1000};
	pthread_t t;
	struct db_conn *c = db_acquire(NULL);
	PGresult *res;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	res = db_begin_exec(c, "system_ready", 0, NULL);
	CHECK(db_ok(res));
	PQclear(res);
	res = db_exec(c, "no_such_statement", 0, NULL);
	CHECK(!db_ok(res));
	PQclear(res);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_INERROR);
	CHECK(pthread_create(&t, NULL, wait_for_connection, &w) == 0);
	nanosleep(&pause, NULL); /* the thread waits for the connection by now */
	db_release(c);
	pthread_join(t, NULL);
	CHECK(w.got);
	CHECK(w.ok);
	/* released with nobody waiting: ended at once */
	c = db_acquire(NULL);
	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	db_release(c);
}

/* Whether `res` failed naming the statement that does not exist. */
static int failed_on_missing(const PGresult *res)
{
	return !db_ok(res) && strstr(PQresultErrorMessage(res), "no_such_statement") != NULL;
}

/* db_exec_after(first, "system_ready") behind a read's deferred guard, on a connection of its
 * own; *guard_ok: the guard's answer was taken and held. Returns the result (caller PQclear()s),
 * NULL without a connection. */
static PGresult *after_deferred(const char *first, int *guard_ok)
{
	const char *right[1] = {"*"};
	struct db_call expect = {"auth_gate_expect", 1, right};
	struct db_conn *c = db_acquire(NULL);
	PGresult *res, *taken[1] = {NULL};

	*guard_ok = 0;
	if (c == NULL)
		return NULL;
	if (db_begin_deferred(c, 1, &expect) != 0) {
		db_release(c);
		return NULL;
	}
	res = db_exec_after(c, first, "system_ready", 0, NULL);
	*guard_ok = db_deferred_take(c, 1, taken) == 0 && db_ok(taken[0]);
	PQclear(taken[0]);
	db_release(c);
	return res;
}

/* db_exec_after runs its first statement, then the second, in one call: ROLLBACK first leaves the
 * second outside the transaction; a first that fails is the answer, the second skipped. The
 * same behind a read's deferred calls. */
static void a_statement_runs_after_another_in_one_call(void)
{
	struct db_conn *c = db_acquire(NULL);
	PGresult *res;
	int guard_ok;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	res = db_begin_exec(c, "system_ready", 0, NULL);
	PQclear(res);
	res = db_exec_after(c, "db_rollback", "system_ready", 0, NULL);
	CHECK(db_ok(res) && PQntuples(res) == 1);
	PQclear(res);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	res = db_begin_exec(c, "system_ready", 0, NULL);
	PQclear(res);
	res = db_exec_after(c, "no_such_statement", "system_ready", 0, NULL);
	CHECK(failed_on_missing(res));
	PQclear(res);
	db_release(c);

	res = after_deferred("system_ready", &guard_ok);
	CHECK(db_ok(res) && PQntuples(res) == 1);
	CHECK(guard_ok);
	PQclear(res);
	res = after_deferred("no_such_statement", &guard_ok);
	CHECK(failed_on_missing(res));
	CHECK(guard_ok);
	PQclear(res);
	CHECK(runs("system_ready", 0, NULL));
}

/* db_exec of auth_gate_expect(scope) on `c`: 1 when the transaction's scope is `scope`. */
static int scope_is(struct db_conn *c, const char *scope)
{
	const char *vals[1] = {scope};
	PGresult *res = db_exec(c, "auth_gate_expect", 1, vals);
	int ok = db_ok(res);

	PQclear(res);
	return ok;
}

/* `c` (db_acquire's or db_acquire_read's) with a read begun in `scope`, or NULL (checked). */
static struct db_conn *begin_read(struct db_conn *c, const char *scope)
{
	CHECK(c != NULL);
	if (c == NULL)
		return NULL;
	CHECK(db_begin_read_as(c, scope) == 0);
	return c;
}

/* A pooled connection with a read begun in `scope`, or NULL (checked). */
static struct db_conn *read_in(const char *scope)
{
	return begin_read(db_acquire(NULL), scope);
}

/* Whether `res` failed as a write in a read-only transaction (25006). */
static int refused_as_read_only(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return !db_ok(res) && state != NULL && strcmp(state, "25006") == 0;
}

/* A read runs without BEGIN or ROLLBACK, in the transaction PostgreSQL opens for its pipeline:
 * its scope holds for every statement of the request, each answered before the next is sent;
 * PostgreSQL refuses any write in it; and once released, the connection is seen outside any
 * transaction by its next user. */
static void a_read_is_one_read_only_transaction(void)
{
	const char *one[1] = {"1"};
	struct db_conn *c = read_in("4401.4402");
	PGresult *res;

	if (c == NULL)
		return;
	CHECK(scope_is(c, "4401.4402"));
	CHECK(db_deferred_take(c, 0, NULL) == 0);
	CHECK(scope_is(c, "4401.4402"));
	CHECK(!scope_is(c, "*"));
	/* the failure above ended nothing yet: the statements behind it are skipped */
	res = db_exec(c, "system_ready", 0, NULL);
	CHECK(!db_ok(res));
	PQclear(res);
	db_release(c);
	c = read_in("4401");
	if (c == NULL)
		return;
	res = db_exec(c, "sweep_idempotency", 1, one);
	CHECK(refused_as_read_only(res));
	PQclear(res);
	CHECK(db_deferred_take(c, 0, NULL) == 0);
	/* a failed read ends at its Sync: the connection's status says so, no ROLLBACK needed */
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	db_release(c);
	c = db_acquire(NULL);
	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	db_release(c);
	CHECK(runs("system_ready", 0, NULL));
}

/* A read whose request goes on outside a pipeline (db_pg, db_command) is made a transaction
 * that stays open, its scope and read-only rule with it, until its user ends it. */
static void a_read_goes_on_outside_the_pipeline(void)
{
	const char *one[1] = {"1"};
	struct db_conn *c = read_in("4401.4403");
	PGresult *res;

	if (c == NULL)
		return;
	CHECK(scope_is(c, "4401.4403"));
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_INTRANS);
	CHECK(scope_is(c, "4401.4403"));
	res = db_exec(c, "sweep_idempotency", 1, one);
	CHECK(refused_as_read_only(res));
	PQclear(res);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_INERROR);
	CHECK(db_command(c, "ROLLBACK") == 0);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	CHECK(db_deferred_take(c, 0, NULL) == 0);
	db_release(c);
	CHECK(runs("system_ready", 0, NULL));
}

/* db_rollback ends a read (its Sync) and an ordinary transaction (its ROLLBACK) alike: what
 * follows runs outside it, on the same connection. */
static void a_read_or_a_transaction_is_rolled_back(void)
{
	struct db_conn *c = read_in("4401");
	PGresult *res;

	if (c == NULL)
		return;
	CHECK(scope_is(c, "4401"));
	db_rollback(c);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	CHECK(ready_on(c));
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	CHECK(db_deferred_take(c, 0, NULL) == 0);
	res = db_begin_exec(c, "system_ready", 0, NULL);
	CHECK(db_ok(res));
	PQclear(res);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_INTRANS);
	db_rollback(c);
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	db_rollback(c); /* nothing to end */
	CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
	db_release(c);
}

/* A read released while a request waits: the waiter's first use, plain or a read of its own,
 * begins after the read's end. */
static void hand_on_a_read_to(int pipelined)
{
	struct waiter w = {pipelined, 0, 0};
	struct timespec pause = {0, 200 * 1000 * 1000};
	pthread_t t;
	struct db_conn *c = read_in("4401");

	if (c == NULL)
		return;
	CHECK(scope_is(c, "4401"));
	CHECK(db_deferred_take(c, 0, NULL) == 0);
	CHECK(pthread_create(&t, NULL, wait_for_connection, &w) == 0);
	nanosleep(&pause, NULL);
	db_release(c);
	pthread_join(t, NULL);
	CHECK(w.got);
	CHECK(w.ok);
	CHECK(runs("system_ready", 0, NULL));
}

static void *give_up_waiting(void *arg)
{
	const char **why = arg;
	struct db_conn *c = db_acquire(why);

	if (c != NULL) {
		*why = "got a connection that was held";
		db_release(c);
	}
	return NULL;
}

/* A request that waits longer than the pool allows gets none, says why, and leaves the queue:
 * the next request is served at once, not queued behind it. */
static void a_waiter_gives_up_and_leaves_the_queue(void)
{
	const char *why = NULL;
	pthread_t t;
	struct db_conn *c = db_acquire(NULL), *again;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK(pthread_create(&t, NULL, give_up_waiting, &why) == 0);
	pthread_join(t, NULL);
	CHECK(why != NULL && strcmp(why, "all database connections are busy") == 0);
	db_release(c);
	again = db_acquire(NULL);
	CHECK(again == c);
	db_release(again);
}

/* A read on the shared connections (db_acquire_read) in `scope`, or NULL (checked). */
static struct db_conn *shared_read_in(const char *scope)
{
	return begin_read(db_acquire_read(NULL), scope);
}

/* A read on the shared connections takes no pooled connection: each statement travels with the
 * read's scope in a trip of its own, read only, and a failed statement ends its trip alone. */
static void a_shared_read_carries_its_scope(void)
{
	const char *one[1] = {"1"};
	struct db_conn *h = shared_read_in("4401.4402"), *c;
	PGresult *res;

	if (h == NULL)
		return;
	CHECK(scope_is(h, "4401.4402"));
	/* the pool's one connection is free all the while */
	c = db_acquire(NULL);
	CHECK(c != NULL);
	db_release(c);
	CHECK(!scope_is(h, "*"));
	CHECK(scope_is(h, "4401.4402"));
	res = db_exec(h, "sweep_idempotency", 1, one);
	CHECK(refused_as_read_only(res));
	PQclear(res);
	CHECK(scope_is(h, "4401.4402"));
	CHECK(db_deferred_take(h, 0, NULL) == 0);
	CHECK(!db_retryable(h));
	db_release(h);
}

/* A read begun in "" (no subtree, /ready) sends no scope down the shared connection: it sees
 * nothing of the scope a trip before it set, and runs what needs none. */
static void a_shared_read_without_a_subtree(void)
{
	struct db_conn *h = shared_read_in("4401.4406");

	if (h == NULL)
		return;
	CHECK(scope_is(h, "4401.4406"));
	db_release(h);
	h = shared_read_in("");
	if (h == NULL)
		return;
	CHECK(ready_on(h));
	CHECK(!scope_is(h, "4401.4406"));
	CHECK(!scope_is(h, "*"));
	CHECK(db_deferred_take(h, 0, NULL) == 0);
	db_release(h);
}

/* A statement that sets what a later one reads (set_config) takes a pooled connection for the
 * rest of the request, its read begun there in the same scope: the setting holds for what
 * follows. After db_rollback the request's statements run outside any read. */
static void a_shared_read_that_sets_goes_on_its_own(void)
{
	const char *user[1] = {NIL_UUID}, *one[1] = {"1"};
	struct db_conn *h = shared_read_in("4401.4405");
	PGresult *res;

	if (h == NULL)
		return;
	res = db_exec(h, "todo_notification_user", 1, user);
	CHECK(db_ok(res));
	PQclear(res);
	CHECK(scope_is(h, "4401.4405"));
	res = PQexec(db_pg(h), "SELECT current_setting('app.user_id', true), "
			       "current_setting('transaction_read_only')");
	CHECK(db_ok(res) && PQntuples(res) == 1);
	if (db_ok(res) && PQntuples(res) == 1) {
		CHECK(strcmp(PQgetvalue(res, 0, 0), NIL_UUID) == 0);
		CHECK(strcmp(PQgetvalue(res, 0, 1), "on") == 0);
	}
	PQclear(res);
	db_rollback(h);
	CHECK(PQtransactionStatus(db_pg(h)) == PQTRANS_IDLE);
	res = db_exec(h, "sweep_idempotency", 1, one);
	CHECK(db_ok(res));
	PQclear(res);
	CHECK(db_deferred_take(h, 0, NULL) == 0);
	db_release(h);
	CHECK(runs("system_ready", 0, NULL));
}

#define SHARED_READERS 9
#define SHARED_ROUNDS 150

struct shared_reader {
	int n;
	int wrong; /* trips that did not see their own scope, or saw another's */
};

static void *read_shared_concurrently(void *arg)
{
	struct shared_reader *r = arg;
	char scope[32], other[32];
	struct db_conn *h;
	int i;

	/* the last reader reads without a subtree (as /ready does): it sees none of the others' */
	if (r->n == SHARED_READERS - 1)
		scope[0] = '\0';
	else
		snprintf(scope, sizeof(scope), "4401.%d", 4500 + r->n);
	for (i = 0; i < SHARED_ROUNDS; i++) {
		snprintf(other, sizeof(other), "4401.%d",
			 4500 + (r->n + 1 + i % 2) % (SHARED_READERS - 1));
		h = db_acquire_read(NULL);
		if (h == NULL || db_begin_read_as(h, scope) != 0) {
			r->wrong++;
			db_release(h);
			continue;
		}
		if (scope[0] != '\0'
			? !scope_is(h, scope) || scope_is(h, other) || !scope_is(h, scope)
			: scope_is(h, other) || scope_is(h, "*"))
			r->wrong++;
		if (db_deferred_take(h, 0, NULL) != 0)
			r->wrong++;
		db_release(h);
	}
	return NULL;
}

/* Many requests' trips down one shared connection at once (the tests have one), gathered in
 * batches that each run as one transaction: each sees its own scope and no other (a read
 * without a subtree sees none), whoever reads the answers, and a failed statement (every round
 * has one: the check against another's scope) fails no trip of another. */
static void shared_reads_keep_their_scopes_apart(void)
{
	struct shared_reader r[SHARED_READERS];
	pthread_t t[SHARED_READERS];
	int i, started[SHARED_READERS], wrong = 0;

	for (i = 0; i < SHARED_READERS; i++) {
		r[i] = (struct shared_reader){i, 0};
		started[i] = pthread_create(&t[i], NULL, read_shared_concurrently, &r[i]) == 0;
		CHECK(started[i]);
	}
	for (i = 0; i < SHARED_READERS; i++) {
		if (started[i])
			pthread_join(t[i], NULL);
		wrong += r[i].wrong;
	}
	CHECK(wrong == 0);
}

/* A shared connection that breaks while idle (PostgreSQL ended its backend, as a restart does)
 * is made again by the trip that meets it, which is sent once more and answered: no read fails
 * for it (a /ready after a restart answered 503 before). */
static void a_broken_shared_connection_is_made_again(void)
{
	struct db_conn *h = shared_read_in("4401"), *c;
	char sql[256];
	PGresult *res;

	if (h == NULL)
		return;
	CHECK(scope_is(h, "4401"));
	CHECK(db_deferred_take(h, 0, NULL) == 0);
	db_release(h);
	c = db_acquire(NULL);
	CHECK(c != NULL);
	if (c == NULL)
		return;
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) "
		 "FROM pg_stat_activity WHERE application_name = 'anquan-api shared %ld'",
		 (long)getpid());
	res = PQexec(db_pg(c), sql);
	CHECK(db_ok(res) && PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "1") == 0);
	PQclear(res);
	db_release(c);
	h = shared_read_in("");
	if (h == NULL)
		return;
	CHECK(ready_on(h));
	CHECK(db_deferred_take(h, 0, NULL) == 0);
	db_release(h);
	h = shared_read_in("4401");
	if (h == NULL)
		return;
	CHECK(scope_is(h, "4401"));
	CHECK(db_deferred_take(h, 0, NULL) == 0);
	db_release(h);
}

struct stalled {
	PGconn *lock; /* holds orgs locked until released */
	int ok;	      /* the stalled read got its answer */
};

static void *read_a_locked_table(void *arg)
{
	struct stalled *s = arg;
	const char *org[2] = {NIL_UUID, "4401"};
	struct db_conn *h = db_acquire_read(NULL);
	PGresult *res;

	if (h == NULL || db_begin_read_as(h, "4401") != 0) {
		db_release(h);
		return NULL;
	}
	res = db_exec(h, "org_get", 2, org);
	s->ok = db_ok(res) && PQntuples(res) == 0 && db_deferred_take(h, 0, NULL) == 0;
	PQclear(res);
	db_release(h);
	return NULL;
}

static void *release_the_lock(void *arg)
{
	struct stalled *s = arg;
	struct timespec pause = {2, 0};

	nanosleep(&pause, NULL);
	PQclear(PQexec(s->lock, "COMMIT"));
	return NULL;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* A shared connection held up by a slow statement (here a lock) takes no more trips: the next
 * read goes past it, on a pooled connection, at once rather than behind it. */
static void a_stalled_shared_connection_is_passed(const char *url)
{
	struct stalled s = {PQconnectdb(url), 0};
	struct timespec pause = {0, 200 * 1000 * 1000}, start;
	pthread_t reader, releaser;
	struct db_conn *h;
	PGresult *res;
	int read_started, release_started;

	res = PQexec(s.lock, "BEGIN; LOCK TABLE orgs IN ACCESS EXCLUSIVE MODE");
	CHECK(db_ok(res));
	PQclear(res);
	read_started = pthread_create(&reader, NULL, read_a_locked_table, &s) == 0;
	CHECK(read_started);
	nanosleep(&pause, NULL);
	release_started = pthread_create(&releaser, NULL, release_the_lock, &s) == 0;
	CHECK(release_started);
	clock_gettime(CLOCK_MONOTONIC, &start);
	h = shared_read_in("4401");
	if (h != NULL) {
		CHECK(scope_is(h, "4401"));
		CHECK(db_deferred_take(h, 0, NULL) == 0);
		db_release(h);
	}
	CHECK(elapsed_ms(&start) < 1000);
	if (release_started)
		pthread_join(releaser, NULL);
	else
		PQclear(PQexec(s.lock, "COMMIT"));
	if (read_started)
		pthread_join(reader, NULL);
	CHECK(s.ok);
	PQfinish(s.lock);
}

void unit_db(void)
{
	const char *url = getenv("ANQUAN_TEST_DATABASE_URL");

	if (url == NULL || *url == '\0') {
		fprintf(stderr, "unit: db group skipped (ANQUAN_TEST_DATABASE_URL unset)\n");
		return;
	}
	CHECK(db_check_statements(url) == 0);
	CHECK(db_check_statements("postgresql:///anquan?host=/nonexistent") == -1);
	CHECK(db_pool_init(url, 1, 1) == 0);
	CHECK(runs("system_ready", 0, NULL));
	a_skipped_prepare_is_sent_again();
	plain_exec_prepares_on_first_use();
	an_unknown_statement_fails_alone();
	hand_on_to(0);
	hand_on_to(1);
	a_statement_runs_after_another_in_one_call();
	a_read_is_one_read_only_transaction();
	a_read_goes_on_outside_the_pipeline();
	a_read_or_a_transaction_is_rolled_back();
	hand_on_a_read_to(0);
	hand_on_a_read_to(1);
	a_waiter_gives_up_and_leaves_the_queue();
	a_shared_read_carries_its_scope();
	a_shared_read_without_a_subtree();
	a_shared_read_that_sets_goes_on_its_own();
	shared_reads_keep_their_scopes_apart();
	a_broken_shared_connection_is_made_again();
	a_stalled_shared_connection_is_passed(url);
	db_pool_close();
}

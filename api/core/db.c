/* A fixed pool of libpq connections, each statement prepared on a connection when it first runs
 * there (the pool's own on connect). A connection that breaks (PostgreSQL restarted, network
 * cut) is reset on its next use, so the server recovers without a restart. */
#include "db.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The most commands one pipeline holds: the end of the last user's transaction (its ROLLBACK,
 * rollback_due, or its Sync, synced), BEGIN, the scope, the deferred calls, a setting and a batch
 * (db_exec_many), each with its prepare the first time. */
#define DB_QUEUE_MAX (1 + 2 * (2 + DB_MAX_DEFERRED + 1 + DB_MAX_BATCH))
/* Queue entries other than a prepare's index: a statement whose answer the caller reads, the
 * previous request's ROLLBACK (rollback_due), whose answer nobody needs, and the previous read's
 * Sync (synced), whose answer is the end of its transaction. */
#define Q_ANSWER (-1)
#define Q_ROLLBACK (-2)
#define Q_SYNC (-3)

struct db_conn {
	PGconn *pg;
	int busy;
	int ready; /* connected, with the pool's own statements prepared */
	/* prepared[i]: statement i of the index (see stmt_index) is prepared on this connection,
	 * or its prepare is queued in the pipeline being sent. A statement is prepared the first
	 * time a connection runs it: preparing all ~700 on connect took 0.2-0.3 s of PostgreSQL's
	 * CPU per connection, and a fresh server's first requests queued behind it for seconds. */
	unsigned char *prepared;
	/* The pipeline being sent, one entry per command in order: Q_ANSWER for a statement whose
	 * answer the caller reads, or the index of a statement being prepared (read_pipeline). */
	int queue[DB_QUEUE_MAX];
	int nqueue;
	int pending; /* a ROLLBACK was sent and its answer not yet read (db_release) */
	/* The last user's transaction is still open: db_release handed the connection straight to
	 * a waiting request, whose first pipeline begins with the ROLLBACK (or, outside a pipeline,
	 * settle() sends it first). PostgreSQL then ends one transaction and begins the next on one
	 * wake-up instead of two. */
	int rollback_due;
	/* A read (db_begin_deferred) is under way: the connection is in pipeline mode, inside the
	 * transaction PostgreSQL opened for the pipeline's first statement and ends at its Sync.
	 * A read needs no BEGIN and no ROLLBACK: its scope makes that transaction read only, each
	 * statement is answered on a flush request, and db_release sends the Sync. */
	int implicit;
	/* The last read's Sync was sent (db_release) and its answer not yet read: the connection is
	 * still in pipeline mode, and its next pipeline reads that answer first (Q_SYNC). */
	int synced;
	/* The last read was handed straight to a waiting request (db_release), its Sync not yet
	 * sent: the waiter's first pipeline begins with it (Q_SYNC). */
	int sync_due;
	int retryable; /* a statement of this transaction met a serialization failure or deadlock */
	/* db_begin_deferred: statements sent in pipeline mode and not yet synced; the next
	 * statement joins them and all are answered in one round trip. */
	int deferred;
	int ndeferred;
	PGresult *deferred_res[DB_MAX_DEFERRED];
	int deferred_failed; /* a deferred statement failed: the pipeline behind it was skipped */
	int poisoned; /* ... and every statement of the request fails until db_deferred_take */
	char now[DB_NOW_MAX]; /* db_set_now: app.now of the transactions begun until db_release */
	/* A request's handle on the shared connections (db_acquire_read), not a pooled
	 * connection: each statement goes out as a trip of its own (see struct trip), until one
	 * needs a connection of the request's own, taken from the pool then (own_conn). */
	int shared;
	struct db_conn *own;
	int reading;	 /* the read begun by db_begin_read_as is under way */
	int failed;	 /* a trip did not hold: every later statement fails */
	char scope[256]; /* the read's subtree */
};

/* Notes a serialization failure (40001) or deadlock (40P01): the transaction may be run again. */
static void note_failure(struct db_conn *c, const PGresult *res)
{
	const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (state != NULL && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
		c->retryable = 1;
}

static struct db_conn *pool;
static int pool_size;
static char *pool_conninfo;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

/* Requests waiting for a connection, first come first served: a released connection is handed
 * to the oldest waiter, which alone is woken. (With one condition variable any waiter could be
 * woken, and under load a few waited seconds while others went through.) The waiter sleeps on a
 * semaphore of its own, posted after the pool's lock is dropped: a condition variable signalled
 * under the lock woke the waiter only to have it sleep again on that lock, two more system calls
 * and a context switch for every hand-over. */
struct pool_waiter {
	sem_t wake;
	struct db_conn *conn; /* set by db_release, under the lock, before the post */
	struct pool_waiter *next;
};
static struct pool_waiter *wait_head, *wait_tail;

#define ACQUIRE_WAIT_SECONDS 5

/* Every module's statement (db_statement_sets), sorted by name for bsearch: the index of a
 * connection's `prepared` flags. Built once by db_pool_init. */
static const struct db_statement **stmt_index;
static size_t stmt_count;
/* sets_local[i]: statement i sets a transaction-local setting (set_config) that a later
 * statement of the request reads, so the two must share a transaction: it never travels on a
 * shared connection's trip, which ends its transaction. */
static unsigned char *sets_local;

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct db_statement *const *)a)->name,
		      (*(const struct db_statement *const *)b)->name);
}

static int build_index(void)
{
	const struct db_statement *const *set;
	const struct db_statement *st;
	size_t n = 0;

	for (set = db_statement_sets; *set != NULL; set++)
		for (st = *set; st->name != NULL; st++)
			n++;
	stmt_index = calloc(n > 0 ? n : 1, sizeof(*stmt_index));
	if (stmt_index == NULL)
		return -1;
	stmt_count = 0;
	for (set = db_statement_sets; *set != NULL; set++)
		for (st = *set; st->name != NULL; st++)
			stmt_index[stmt_count++] = st;
	qsort(stmt_index, stmt_count, sizeof(*stmt_index), by_name);
	sets_local = calloc(stmt_count > 0 ? stmt_count : 1, 1);
	if (sets_local == NULL)
		return -1;
	for (n = 0; n < stmt_count; n++)
		sets_local[n] = strstr(stmt_index[n]->sql, "set_config(") != NULL;
	return 0;
}

/* The index of statement `name`, or -1 (the pool's own statements, prepared on connect, and any
 * name no module has: PostgreSQL then answers that it does not exist). */
static long find_statement(const char *name)
{
	struct db_statement key = {name, NULL};
	const struct db_statement *k = &key, **hit;

	hit = bsearch(&k, stmt_index, stmt_count, sizeof(*stmt_index), by_name);
	return hit != NULL ? (long)(hit - stmt_index) : -1;
}

/* Queues prepared statement `name` on `pg` in pipeline mode, its prepare ahead of it the first
 * time the connection runs it (prepared[]: the connection's flags), each command's entry in
 * queue[] (*n of at most `max`): Q_ANSWER, or the statement's index for its prepare. Returns 1
 * when queued. */
static int queue_call(PGconn *pg, unsigned char *prepared, int *queue, int *n, int max,
		      const char *name, int nparams, const char *const *values)
{
	long i = find_statement(name);

	if (*n + 2 > max)
		return 0;
	if (i >= 0 && !prepared[i]) {
		if (PQsendPrepare(pg, name, stmt_index[i]->sql, 0, NULL) != 1)
			return 0;
		prepared[i] = 1; /* taken back by prepare_answered if it fails or is skipped */
		queue[(*n)++] = (int)i;
	}
	if (PQsendQueryPrepared(pg, name, nparams, values, NULL, NULL, 0) != 1)
		return 0;
	queue[(*n)++] = Q_ANSWER;
	return 1;
}

/* Takes the answer `r` of statement `index`'s prepare, queued by queue_call: one that failed or
 * was skipped is sent again by the connection's next use. Returns 0, or 1 when it failed. */
static int prepare_answered(unsigned char *prepared, int index, PGresult *r)
{
	int failed = !db_ok(r);

	if (failed) {
		prepared[index] = 0;
		if (PQresultStatus(r) != PGRES_PIPELINE_ABORTED)
			fprintf(stderr, "db: cannot prepare %s: %s", stmt_index[index]->name,
				PQresultErrorMessage(r));
	}
	PQclear(r);
	return failed;
}

/* Queues the statements of one set for preparing (pipeline mode). Returns 0, or -1. */
static int send_prepares(PGconn *pg, const struct db_statement *set)
{
	const struct db_statement *st;

	for (st = set; st->name != NULL; st++) {
		if (PQsendPrepare(pg, st->name, st->sql, 0, NULL) != 1)
			return -1;
	}
	return 0;
}

/* Reads the answers of one set's prepares. Returns 0 when all succeeded, 1 when one failed (the
 * first failure is logged; PostgreSQL skipped the rest), -1 when the connection failed. */
static int read_prepares(PGconn *pg, const struct db_statement *set, int failed)
{
	const struct db_statement *st;
	PGresult *res;
	int rc = 0;

	for (st = set; st->name != NULL; st++) {
		res = PQgetResult(pg);
		if (res == NULL)
			return -1;
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			if (!failed && rc == 0)
				fprintf(stderr, "db: cannot prepare %s: %s", st->name,
					PQresultErrorMessage(res));
			rc = 1;
		}
		PQclear(res);
		/* each answer ends with a NULL */
		while ((res = PQgetResult(pg)) != NULL)
			PQclear(res);
	}
	return rc;
}

/* Prepares statement sets (NULL-terminated) on `pg`, all sent in one pipeline and answered in
 * one round trip. Returns 0, 1 when a statement failed (logged), or -1 when the connection
 * failed. */
static int prepare_sets(PGconn *pg, const struct db_statement *const *sets)
{
	const struct db_statement *const *set;
	PGresult *res;
	int sent = 1, rc = 0, r;

	if (PQenterPipelineMode(pg) != 1)
		return -1;
	for (set = sets; sent && *set != NULL; set++)
		sent = send_prepares(pg, *set) == 0;
	if (!sent || PQpipelineSync(pg) != 1)
		return -1; /* the connection is dropped by the caller */
	for (set = sets; rc >= 0 && *set != NULL; set++) {
		r = read_prepares(pg, *set, rc != 0);
		rc = r < 0 ? -1 : (rc | r);
	}
	if (rc >= 0) {
		res = PQgetResult(pg);
		if (res == NULL || PQresultStatus(res) != PGRES_PIPELINE_SYNC)
			rc = -1;
		PQclear(res);
	}
	if (PQexitPipelineMode(pg) != 1)
		rc = -1;
	return rc;
}

/* A new connection to `conninfo`, as every pooled one is made, under `name` (its
 * application_name in pg_stat_activity). */
static PGconn *open_conn(const char *conninfo, const char *name)
{
	/* UTC and ISO dates make timestamps easy to turn into RFC 3339 (dbjson.c); no statement
	 * may hold a connection for long. */
	const char *keys[] = {"dbname", "connect_timeout", "application_name", "options", NULL};
	const char *vals[] = {conninfo, "5", name,
			      "-c TimeZone=UTC -c DateStyle=ISO -c statement_timeout=30000", NULL};

	return PQconnectdbParams(keys, vals, 1);
}

int db_check_statements(const char *conninfo)
{
	const struct db_statement *all[2] = {db_sql, NULL};
	PGconn *pg = open_conn(conninfo, "anquan-api");
	int rc = -1;

	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "db: cannot connect: %s", PQerrorMessage(pg));
	} else if (prepare_sets(pg, all) == 0) {
		rc = prepare_sets(pg, db_statement_sets);
	}
	PQfinish(pg);
	return rc == 0 ? 0 : -1;
}

/* Shared connections. A read whose every statement can travel in a trip of its own (the read's
 * scope, then the statements) needs no connection of its own: many requests' trips go down one
 * connection in pipeline mode, one behind the other. The request then does not wait for a
 * pooled connection, and no Sync or ROLLBACK of its own follows it.
 *
 * Trips travel in batches, one Sync each: while PostgreSQL works on one batch, the trips that
 * come meanwhile gather in libpq's buffer, and the reader sends them with their Sync when the
 * batch before is answered. PostgreSQL then reads a batch on one wake-up, runs it as one
 * implicit transaction (read only: every trip's scope makes it so) and answers it in one write;
 * under load each trip costs no send, no wake-up of the backend and no transaction of its own.
 * Each trip's scope statement sets the subtree of the statements after it (a trip without a
 * subtree resets one set before it in the batch), and under READ COMMITTED each statement sees
 * its own snapshot in any case, so sharing a transaction loses nothing; what a statement sets
 * for a later one (sets_local) keeps the request on a pooled connection instead. A failed
 * statement ends its own trip, and PostgreSQL skips the rest of its batch: the trips behind it
 * there ran nothing (aborted) and are sent again. */

/* The most commands a trip holds: the scope, a setting and a batch, each with its prepare. */
#define TRIP_MAX (2 * (2 + DB_MAX_BATCH))

/* One request's trip, on its sender's stack: sent under the connection's lock, answered in the
 * order sent. */
struct trip {
	int queue[TRIP_MAX]; /* Q_ANSWER or the index of a statement being prepared, as sent */
	int nqueue;
	int pos;      /* the entry whose answer comes next; nqueue: the Sync's */
	int answered; /* the entry at pos has its result; the NULL that ends it comes next */
	PGresult *res[2 + DB_MAX_BATCH];
	int nres;
	int done;   /* every answer is in (or the connection broke: broken) */
	int broken; /* the connection broke before every answer came */
	int scoped; /* its first command is the scope (db_scope_read), whose answer comes first */
	/* a trip before it in its batch failed, so that it ran nothing (or ran a statement whose
	 * prepare that failure skipped): it is sent again */
	int aborted;
	long batch; /* the connection's batch it went in */
	int reads;  /* its owner has been handed the reading (the connection's reader) */
	/* posted once: when the trip is done, or when its owner is handed the reading, to read
	 * the connection's answers for itself and the trips behind it (shared_wait) */
	sem_t wake;
	struct trip *next;
};

/* A shared connection, always in pipeline mode and non-blocking. The owner of one waiting trip
 * at a time reads the answers (reader) and hands each trip its own, waking its owner; when its
 * own trip is done it hands the reading on to the owner of the oldest trip still waiting. */
struct db_shared {
	pthread_mutex_t lock;
	PGconn *pg;
	int ready;
	unsigned char *prepared;  /* as a pooled connection's */
	struct trip *head, *tail; /* sent, not yet fully answered, oldest first */
	/* done trips whose owners are to be woken once the lock is dropped (shared_unlock), so
	 * that no owner wakes to a lock still held, and no wake-up is paid for under it */
	struct trip *woken;
	/* the trip whose owner reads the answers, or has been handed the reading and is woken for
	 * it (NULL: nobody reads). Its owner is never woken for its trip's end as well: it looks
	 * for it itself, and one wake-up is all it waits for before its trip may end. */
	struct trip *reader;
	_Atomic int trips; /* trips sent and not done: the least busy connection takes the next */
	/* Since when (CLOCK_MONOTONIC, ms) the oldest trip has waited at the head; 0: none. A
	 * connection whose head has waited SHARED_STALL_MS (a slow statement, a lock) takes no more
	 * trips, so one report does not hold up every read behind it. */
	_Atomic long head_since;
	/* Batch `batch` is gathering: its trips are queued and its Sync is not yet sent; every
	 * batch before it has been sent with its Sync. `read_batch` is the batch whose answers come
	 * next. */
	long batch, read_batch;
	int gathered;	  /* trips in the gathering batch */
	int batch_scoped; /* the last of them set a subtree */
};

/* The most batches sent and not yet answered on one connection: a batch's Sync goes at once
 * while fewer are under way, otherwise when the one before it is answered. */
#define SHARED_BATCHES 2
/* How many times a trip that ran nothing for another's failure (aborted) is sent again, first
 * in a batch of its own, where no other trip's failure can skip it: once, and once more for a
 * statement whose prepare another's failure skipped after it was sent. */
#define SHARED_RESENDS 2

#define SHARED_STALL_MS 25

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1; /* never 0 */
}

static struct db_shared *shared;
static int shared_count;

static void shared_close(void)
{
	int i;

	for (i = 0; i < shared_count; i++) {
		PQfinish(shared[i].pg);
		free(shared[i].prepared);
		pthread_mutex_destroy(&shared[i].lock);
	}
	free(shared);
	shared = NULL;
	shared_count = 0;
}

static int shared_init(int n)
{
	int i;

	shared = calloc((size_t)(n > 0 ? n : 1), sizeof(*shared));
	if (shared == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		pthread_mutex_init(&shared[i].lock, NULL);
		shared[i].prepared = calloc(stmt_count > 0 ? stmt_count : 1, 1);
		if (shared[i].prepared == NULL)
			return -1;
		shared_count = i + 1;
	}
	return 0;
}

/* With the lock held and no trip under way: (re)connects, prepares the pool's own statements and
 * enters pipeline mode for good. Returns 0 when usable. */
static int shared_connect(struct db_shared *s)
{
	const struct db_statement *own[2] = {db_sql, NULL};
	char name[64];

	/* named apart from the pooled ones, with the server's process id */
	snprintf(name, sizeof(name), "anquan-api shared %ld", (long)getpid());
	PQfinish(s->pg);
	s->ready = 0;
	s->batch = s->read_batch = 0;
	s->gathered = s->batch_scoped = 0;
	memset(s->prepared, 0, stmt_count);
	s->pg = open_conn(pool_conninfo, name);
	if (PQstatus(s->pg) != CONNECTION_OK || prepare_sets(s->pg, own) != 0 ||
	    PQenterPipelineMode(s->pg) != 1 || PQsetnonblocking(s->pg, 1) != 0)
		return -1;
	s->ready = 1;
	return 0;
}

/* Queues prepared statement `name` in trip `t`, its prepare ahead of it the first time the
 * connection runs it. Returns 1 when queued. */
static int trip_call(struct db_shared *s, struct trip *t, const char *name, int nparams,
		     const char *const *values)
{
	return queue_call(s->pg, s->prepared, t->queue, &t->nqueue, TRIP_MAX, name, nparams,
			  values);
}

/* With the lock held: trip `t` is done; its owner is woken once the lock is dropped, unless it is
 * awake already (`me`) or the reader, who finds it done when it reads. */
static void wake_later(struct db_shared *s, struct trip *t, struct trip *me)
{
	if (t != me && t != s->reader) {
		t->next = s->woken;
		s->woken = t;
	}
}

/* Sends the gathering batch with its Sync: it is under way, and the next begins gathering.
 * Returns 0, or -1 when the connection failed. */
static int batch_send(struct db_shared *s)
{
	if (PQpipelineSync(s->pg) != 1)
		return -1;
	s->batch++;
	s->gathered = 0;
	s->batch_scoped = 0;
	return 0;
}

/* Sends the gathering batch, if it holds a trip, when fewer than SHARED_BATCHES are under way.
 * Returns 0, or -1 when the connection failed. */
static int batch_go(struct db_shared *s)
{
	return s->gathered == 0 || s->batch - s->read_batch >= SHARED_BATCHES ? 0 : batch_send(s);
}

/* Ends every trip under way on a connection that broke (their owners woken: wake_later) and leaves
 * the connection to be made again by the next trip. */
static void shared_break(struct db_shared *s, struct trip *me)
{
	struct trip *t, *next;

	s->ready = 0;
	for (t = s->head; t != NULL; t = next) {
		next = t->next;
		t->broken = 1;
		t->done = 1;
		s->trips--;
		wake_later(s, t, me);
	}
	s->head = s->tail = NULL;
	s->head_since = 0;
}

/* Takes result `r` for the entry of `t` whose answer came. */
static void trip_answer(struct db_shared *s, struct trip *t, PGresult *r)
{
	int entry = t->queue[t->pos];
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	/* skipped for a failure before it in the batch: its first command, or any statement
	 * whose prepare was skipped so (26000, no such prepared statement) */
	if ((t->pos == 0 && PQresultStatus(r) == PGRES_PIPELINE_ABORTED) ||
	    (state != NULL && strcmp(state, "26000") == 0))
		t->aborted = 1;
	if (entry != Q_ANSWER) {
		prepare_answered(s->prepared, entry, r);
	} else if (t->nres < (int)(sizeof(t->res) / sizeof(t->res[0]))) {
		t->res[t->nres++] = r;
	} else {
		PQclear(r); /* not possible: a trip holds no more answers than res[] */
	}
}

/* `r` ends the connection's session: a FATAL error (PostgreSQL ended the backend: 57P01 at a
 * restart) or the connection lost. */
static int session_ends(PGconn *pg, const PGresult *r)
{
	const char *severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);

	return PQstatus(pg) == CONNECTION_BAD ||
	       (severity != NULL &&
		(strcmp(severity, "FATAL") == 0 || strcmp(severity, "PANIC") == 0));
}

/* With the lock held: trip `t`, the oldest, has every answer: it leaves the queue, and its owner
 * is woken (wake_later). */
static void trip_done(struct db_shared *s, struct trip *t, struct trip *me)
{
	s->head = t->next;
	if (s->head == NULL)
		s->tail = NULL;
	s->head_since = s->head != NULL ? now_ms() : 0;
	s->trips--;
	t->done = 1;
	wake_later(s, t, me);
}

/* With the lock held: reads what has come and gives it to the trips in order, waking the owner
 * of each trip done (wake_later); at the Sync that ends a batch, sends the next one's. */
static void shared_take(struct db_shared *s, struct trip *me)
{
	struct trip *t;
	PGresult *r;

	if (PQconsumeInput(s->pg) != 1) {
		shared_break(s, me);
		return;
	}
	while (!PQisBusy(s->pg)) {
		t = s->head;
		if (t == NULL || t->batch != s->read_batch) {
			/* every trip of batch read_batch is answered: its Sync comes next, if sent
			 */
			if (s->read_batch == s->batch)
				break;
			r = PQgetResult(s->pg);
			if (r == NULL || PQresultStatus(r) != PGRES_PIPELINE_SYNC) {
				PQclear(r);
				shared_break(s, me);
				return;
			}
			PQclear(r);
			s->read_batch++;
			if (batch_go(s) != 0) {
				shared_break(s, me);
				return;
			}
			continue;
		}
		r = PQgetResult(s->pg);
		if (t->answered) {
			/* the NULL that ends an answer; anything else is out of step */
			if (r != NULL) {
				PQclear(r);
				shared_break(s, me);
				return;
			}
			t->answered = 0;
			if (++t->pos == t->nqueue)
				trip_done(s, t, me);
		} else if (r == NULL) {
			shared_break(s, me);
			return;
		} else if (session_ends(s->pg, r)) {
			/* the answers before the Sync of a batch are given out as they come: the
			 * end of the session shows here, and no later answer comes */
			PQclear(r);
			shared_break(s, me);
			return;
		} else {
			trip_answer(s, t, r);
			t->answered = 1;
		}
	}
}

/* Drops the lock, then wakes the owners of the trips done meanwhile and `next` (may be NULL).
 * Each trip is left alone once posted: its owner may have ended it. */
static void shared_unlock(struct db_shared *s, struct trip *next)
{
	struct trip *t = s->woken, *after;

	s->woken = NULL;
	pthread_mutex_unlock(&s->lock);
	for (; t != NULL; t = after) {
		after = t->next;
		sem_post(&t->wake);
	}
	if (next != NULL)
		sem_post(&next->wake);
}

/* With the lock held, after sending `me`: waits until its answers are in, reading the
 * connection's answers meanwhile when no one else does. Returns with the lock released. */
static void shared_wait(struct db_shared *s, struct trip *me)
{
	struct pollfd pfd;
	int more;

	if (s->reader != NULL) {
		shared_unlock(s, NULL);
		while (sem_wait(&me->wake) != 0 && errno == EINTR)
			;
		/* woken for its trip's end, or handed the reading (set before the post) */
		if (!me->reads)
			return;
		pthread_mutex_lock(&s->lock);
	}
	s->reader = me;
	for (;;) {
		shared_take(s, me);
		if (me->done) {
			/* The reading goes to the owner of the oldest trip, woken once the lock is
			 * dropped (it takes the lock first): until it reads, nothing but a broken
			 * connection ends its trip, which it then finds done itself. */
			struct trip *next = s->head;
			s->reader = next;
			if (next != NULL)
				next->reads = 1;
			shared_unlock(s, next);
			return;
		}
		more = PQflush(s->pg);
		if (more < 0) {
			shared_break(s, me);
			continue;
		}
		pfd.fd = PQsocket(s->pg);
		pfd.events = (short)(POLLIN | (more ? POLLOUT : 0));
		pfd.revents = 0;
		shared_unlock(s, NULL);
		poll(&pfd, 1, 1000);
		pthread_mutex_lock(&s->lock);
	}
}

/* The shared connection with the fewest trips under way, passing any whose head has waited
 * SHARED_STALL_MS; NULL when all have (or there are none): the request then takes a pooled
 * connection. Read without the locks: a hint. */
static struct db_shared *shared_pick(void)
{
	struct db_shared *best = NULL;
	long since, now = 0;
	int i;

	for (i = 0; i < shared_count; i++) {
		since = shared[i].head_since;
		if (since != 0) {
			if (now == 0)
				now = now_ms();
			if (now - since >= SHARED_STALL_MS)
				continue;
		}
		if (best == NULL || shared[i].trips < best->trips)
			best = &shared[i];
	}
	return best;
}

int db_pool_init(const char *conninfo, int size, int nshared)
{
	int i;

	pool = calloc((size_t)size, sizeof(*pool));
	pool_conninfo = strdup(conninfo);
	if (pool == NULL || pool_conninfo == NULL || build_index() != 0 ||
	    shared_init(nshared) != 0)
		return -1;
	pool_size = size;
	for (i = 0; i < size; i++) {
		pool[i].prepared = calloc(stmt_count > 0 ? stmt_count : 1, 1);
		if (pool[i].prepared == NULL)
			return -1;
	}
	return 0;
}

void db_pool_close(void)
{
	int i;

	for (i = 0; i < pool_size; i++) {
		PQfinish(pool[i].pg);
		free(pool[i].prepared);
	}
	free(pool);
	shared_close();
	free(stmt_index);
	stmt_index = NULL;
	free(sets_local);
	sets_local = NULL;
	stmt_count = 0;
	free(pool_conninfo);
	pool = NULL;
	pool_size = 0;
}

/* Connects or reconnects, then prepares the pool's own statements (the modules' are prepared
 * on first use). Returns 0 when the connection is usable. */
static int connect_slot(struct db_conn *c)
{
	const struct db_statement *own[2] = {db_sql, NULL};

	c->ready = 0;
	c->rollback_due = 0;
	if (c->pg != NULL && PQpipelineStatus(c->pg) != PQ_PIPELINE_OFF) {
		/* a fresh connection, not one reset in the middle of a pipeline */
		PQfinish(c->pg);
		c->pg = NULL;
	}
	c->implicit = 0;
	c->synced = 0;
	c->sync_due = 0;
	if (c->pg == NULL)
		c->pg = open_conn(pool_conninfo, "anquan-api");
	else
		PQreset(c->pg);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK)
		return -1;
	memset(c->prepared, 0, stmt_count);
	if (prepare_sets(c->pg, own) != 0) {
		/* a fresh connection next time, whatever state the pipeline was left in */
		PQfinish(c->pg);
		c->pg = NULL;
		return -1;
	}
	c->ready = 1;
	return 0;
}

struct db_conn *db_acquire(const char **why)
{
	struct db_conn *c = NULL;
	struct timespec deadline;
	int i;

	pthread_mutex_lock(&pool_lock);
	for (i = 0; wait_head == NULL && i < pool_size; i++) {
		if (!pool[i].busy) {
			c = &pool[i];
			c->busy = 1;
			break;
		}
	}
	if (c != NULL) {
		pthread_mutex_unlock(&pool_lock);
	} else {
		struct pool_waiter w = {.conn = NULL, .next = NULL};
		int woken = 1;

		sem_init(&w.wake, 0, 0);
		if (wait_tail != NULL)
			wait_tail->next = &w;
		else
			wait_head = &w;
		wait_tail = &w;
		pthread_mutex_unlock(&pool_lock);
		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_sec += ACQUIRE_WAIT_SECONDS;
		while (sem_timedwait(&w.wake, &deadline) != 0) {
			if (errno != EINTR) {
				woken = 0;
				break;
			}
		}
		if (!woken) {
			pthread_mutex_lock(&pool_lock);
			if (w.conn == NULL) {
				/* gave up: leave the queue (no post comes once out of it) */
				struct pool_waiter **pp = &wait_head, *prev = NULL;
				while (*pp != &w) {
					prev = *pp;
					pp = &(*pp)->next;
				}
				*pp = w.next;
				if (wait_tail == &w)
					wait_tail = prev;
				pthread_mutex_unlock(&pool_lock);
			} else {
				/* handed a connection just as the wait ran out: its post is on the
				 * way, and must land before `w` leaves the stack */
				pthread_mutex_unlock(&pool_lock);
				while (sem_wait(&w.wake) != 0 && errno == EINTR)
					;
			}
		}
		/* set before the post (or seen under the lock) */
		c = w.conn;
		sem_destroy(&w.wake);
	}
	if (c == NULL) {
		if (why != NULL)
			*why = "all database connections are busy";
		return NULL;
	}
	if (c->pending) {
		PGresult *res;
		c->pending = 0;
		while ((res = PQgetResult(c->pg)) != NULL)
			PQclear(res);
	}
	if (!c->ready || PQstatus(c->pg) != CONNECTION_OK) {
		if (connect_slot(c) != 0) {
			if (why != NULL)
				*why = "the database cannot be reached";
			db_release(c);
			return NULL;
		}
	}
	return c;
}

/* The handle db_acquire_read gives the thread's request. */
static _Thread_local struct db_conn read_handle;

struct db_conn *db_acquire_read(const char **why)
{
	struct db_conn *h = &read_handle;

	if (shared_count == 0 || h->shared)
		return db_acquire(why);
	memset(h, 0, sizeof(*h));
	h->shared = 1;
	return h;
}

/* With the pool's lock held and a request waiting: hands `c`, still busy, to the oldest waiter,
 * releases the lock and wakes it. */
static void hand_on(struct db_conn *c)
{
	struct pool_waiter *w = wait_head;

	wait_head = w->next;
	if (wait_head == NULL)
		wait_tail = NULL;
	w->conn = c;
	pthread_mutex_unlock(&pool_lock);
	sem_post(&w->wake);
}

void db_release(struct db_conn *c)
{
	PGresult *left[DB_MAX_DEFERRED];
	int i, open, read;

	if (c == NULL)
		return;
	if (c->shared) {
		struct db_conn *own = c->own;
		c->shared = 0;
		c->own = NULL;
		db_release(own);
		return;
	}
	c->now[0] = '\0';
	if (c->deferred || c->ndeferred > 0 || c->poisoned) {
		db_deferred_take(c, DB_MAX_DEFERRED, left);
		for (i = 0; i < DB_MAX_DEFERRED; i++)
			PQclear(left[i]);
	}
	/* a read, whose transaction ends at its Sync (nothing was written in it) */
	read = c->implicit && c->ready;
	c->implicit = 0;
	open = !read && c->ready && (c->rollback_due || PQtransactionStatus(c->pg) != PQTRANS_IDLE);
	pthread_mutex_lock(&pool_lock);
	if (wait_head != NULL) {
		/* the waiter runs at once, and its first pipeline ends the open transaction (the
		 * ROLLBACK or the Sync sent just ahead of its own statements) */
		c->rollback_due = open;
		c->sync_due = read;
		hand_on(c);
		return;
	}
	pthread_mutex_unlock(&pool_lock);
	if (read) {
		/* Nobody waits: the Sync goes now, and the connection's next use reads its answer
		 */
		if (PQpipelineSync(c->pg) == 1)
			c->synced = 1;
		else
			c->ready = 0;
	} else if (open) {
		/* Nobody waits, so the connection may idle: its transaction (and the snapshot and
		 * locks it holds) ends now. Sent, not waited for: the reply is out already, and the
		 * next db_acquire of this connection reads the answer. */
		c->rollback_due = 0;
		if (PQsendQueryPrepared(c->pg, "db_rollback", 0, NULL, NULL, NULL, 0) == 1)
			c->pending = 1;
		else
			c->ready = 0;
	}
	pthread_mutex_lock(&pool_lock);
	if (wait_head != NULL) {
		/* a request came while the ROLLBACK went out */
		hand_on(c);
		return;
	}
	c->busy = 0;
	pthread_mutex_unlock(&pool_lock);
}

/* A failed result for a statement that was not run (a deferred call failed before it). */
static PGresult *not_run(struct db_conn *c)
{
	return PQmakeEmptyPGresult(c->pg, PGRES_FATAL_ERROR);
}

/* Sends prepared statement `name` in pipeline mode, its prepare ahead of it the first time the
 * connection runs it. Returns 1 when queued. */
static int send_call(struct db_conn *c, const char *name, int nparams, const char *const *values)
{
	return queue_call(c->pg, c->prepared, c->queue, &c->nqueue, DB_QUEUE_MAX, name, nparams,
			  values);
}

/* Outside a pipeline: prepares `name` on the connection if it is not yet. Returns NULL when it
 * is ready to run, else the failed prepare's result. */
static PGresult *prepare_now(struct db_conn *c, const char *name)
{
	long i = find_statement(name);
	PGresult *res;

	if (i < 0 || c->prepared[i])
		return NULL;
	res = PQprepare(c->pg, name, stmt_index[i]->sql, 0, NULL);
	if (db_ok(res)) {
		c->prepared[i] = 1;
		PQclear(res);
		return NULL;
	}
	if (res == NULL)
		res = PQmakeEmptyPGresult(c->pg, PGRES_FATAL_ERROR);
	return res;
}

/* PQexecPrepared after prepare_now. */
static PGresult *exec_prepared(struct db_conn *c, const char *name, int nparams,
			       const char *const *values, const int *lengths, const int *formats,
			       int binary_result)
{
	PGresult *res = prepare_now(c, name);

	if (res != NULL)
		return res;
	return PQexecPrepared(c->pg, name, nparams, values, lengths, formats, binary_result);
}

/* Enters pipeline mode with an empty queue, the last user's transaction (rollback_due) ended
 * first, in the same round trip; the last read's Sync (synced) is read first. Within a read
 * (implicit) the read's pipeline goes on. Returns 1 when ready to queue. */
static int enter_pipeline(struct db_conn *c)
{
	c->nqueue = 0;
	if (c->implicit)
		return 1;
	if (c->synced || c->sync_due) {
		/* still in pipeline mode */
		if (c->sync_due && PQpipelineSync(c->pg) != 1)
			return 0;
		c->synced = 0;
		c->sync_due = 0;
		c->queue[c->nqueue++] = Q_SYNC;
		return 1;
	}
	if (PQenterPipelineMode(c->pg) != 1)
		return 0;
	if (c->rollback_due) {
		if (PQsendQueryPrepared(c->pg, "db_rollback", 0, NULL, NULL, NULL, 0) != 1)
			return 0;
		c->rollback_due = 0;
		c->queue[c->nqueue++] = Q_ROLLBACK;
	}
	return 1;
}

/* Enters pipeline mode and queues BEGIN and the scope (NULL: the system scope) with the
 * transaction's clock (db_set_now). Returns 1 when queued. */
static int send_begin(struct db_conn *c, const char *scope)
{
	const char *vals[2] = {scope != NULL ? scope : "*", c->now};

	return enter_pipeline(c) && send_call(c, "db_begin", 0, NULL) &&
	       send_call(c, "db_scope", 2, vals);
}

void db_set_now(struct db_conn *c, const char *instant)
{
	snprintf(c->now, sizeof(c->now), "%s", instant != NULL ? instant : "");
}

/* Reads the answer of a Sync sent (db_release, end_pipeline): 0, or -1 when it did not come. */
static int read_sync(struct db_conn *c)
{
	PGresult *r = PQgetResult(c->pg);
	int ok = r != NULL && PQresultStatus(r) == PGRES_PIPELINE_SYNC;

	PQclear(r);
	return ok ? 0 : -1;
}

/* Syncs the pipeline and reads the answers of its `n` statements into res[] (each NULL when it
 * never came), then the sync, and leaves pipeline mode; within a read (implicit), asks for the
 * answers with a flush request instead and stays in the pipeline and its transaction. Returns 0
 * when every statement succeeded, 1 when one failed (PostgreSQL skipped the statements behind it,
 * up to the Sync), -1 when the connection failed: it is then reset by its next use. The answers
 * of the prepares send_call queued are read here too: a prepare that failed or was skipped is
 * sent again by the next use. */
static int read_pipeline(struct db_conn *c, int n, PGresult **res)
{
	PGresult *r;
	int i, k = 0, rc = 0, sync = !c->implicit;

	for (i = 0; i < n; i++)
		res[i] = NULL;
	if (sync ? PQpipelineSync(c->pg) != 1
		 : PQsendFlushRequest(c->pg) != 1 || PQflush(c->pg) != 0)
		rc = -1;
	for (i = 0; rc >= 0 && i < c->nqueue; i++) {
		if (c->queue[i] == Q_SYNC) {
			/* the last read's end: no NULL follows a sync's answer */
			if (read_sync(c) != 0)
				rc = -1;
			continue;
		}
		r = PQgetResult(c->pg);
		if (r == NULL) {
			rc = -1;
			break;
		}
		if (c->queue[i] == Q_ROLLBACK) {
			if (!db_ok(r))
				rc = 1; /* PostgreSQL skipped the rest */
			PQclear(r);
		} else if (c->queue[i] != Q_ANSWER) {
			if (prepare_answered(c->prepared, c->queue[i], r))
				rc = 1;
		} else if (k >= n) {
			PQclear(r); /* not possible: the callers count what they sent */
		} else {
			res[k++] = r;
			if (!db_ok(r)) {
				note_failure(c, r);
				rc = 1;
			}
		}
		/* each statement's answer ends with a NULL */
		while ((r = PQgetResult(c->pg)) != NULL)
			PQclear(r);
	}
	/* fewer answers than sent: the connection is reset, and its prepared flags with it */
	if (k < n)
		rc = -1;
	if (rc >= 0 && sync && read_sync(c) != 0)
		rc = -1;
	c->nqueue = 0;
	if (sync && PQexitPipelineMode(c->pg) != 1)
		rc = -1;
	if (rc < 0)
		c->ready = 0;
	return rc;
}

/* Syncs the pipeline of a read, or of the last one, whose answers are all read, and leaves
 * pipeline mode: PostgreSQL ends the read's transaction. */
static void end_pipeline(struct db_conn *c)
{
	int ok = c->synced || PQpipelineSync(c->pg) == 1;

	c->implicit = 0;
	c->synced = 0;
	c->sync_due = 0;
	if (!ok || read_sync(c) != 0 || PQexitPipelineMode(c->pg) != 1)
		c->ready = 0;
}

/* Outside a pipeline: ends the last user's transaction if it is still open (rollback_due,
 * synced), so that the connection is seen, and used, as its new user expects. Within a read
 * (implicit), whose statements go on outside a pipeline (db_command, db_exec_binary, db_pg):
 * a BEGIN makes its transaction one that stays open past the Sync, scope and all, unless a
 * statement has failed in it: the Sync then ends it, as the ROLLBACK its user sends would. */
static void settle(struct db_conn *c)
{
	PGresult *res = NULL;

	if (c->synced || c->sync_due ||
	    (c->implicit && PQpipelineStatus(c->pg) == PQ_PIPELINE_ABORTED)) {
		end_pipeline(c);
		return;
	}
	if (c->implicit) {
		c->implicit = 0;
		c->nqueue = 0;
		if (!send_call(c, "db_begin", 0, NULL) || read_pipeline(c, 1, &res) != 0)
			c->ready = 0;
		PQclear(res);
		return;
	}
	if (!c->rollback_due)
		return;
	c->rollback_due = 0;
	res = PQexecPrepared(c->pg, "db_rollback", 0, NULL, NULL, NULL, 0);
	if (!db_ok(res))
		c->ready = 0;
	PQclear(res);
}

/* A read: its scope (read only, with the transaction's clock) and `calls`, sent in pipeline
 * mode without a BEGIN (see implicit) and not yet synced. */
static int begin_deferred(struct db_conn *c, const char *scope, int ncalls,
			  const struct db_call *calls)
{
	const char *vals[2];
	int i, ok;

	c->retryable = 0;
	c->poisoned = 0;
	c->deferred_failed = 0;
	c->ndeferred = ncalls < DB_MAX_DEFERRED ? ncalls : DB_MAX_DEFERRED;
	for (i = 0; i < DB_MAX_DEFERRED; i++)
		c->deferred_res[i] = NULL;
	vals[0] = scope != NULL ? scope : "*";
	vals[1] = c->now;
	ok = c->ready && enter_pipeline(c) && send_call(c, "db_scope_read", 2, vals);
	for (i = 0; ok && i < c->ndeferred; i++)
		ok = send_call(c, calls[i].name, calls[i].nparams, calls[i].values);
	if (!ok) {
		/* Nothing usable was sent: the request fails closed and the connection is reset
		 * by its next use. */
		c->ready = 0;
		c->deferred_failed = 1;
		c->poisoned = 1;
		return -1;
	}
	c->implicit = 1;
	c->deferred = 1;
	return 0;
}

/* Whether any of the statements sets what a later one reads (sets_local). */
static int any_sets_local(const char *first, int ncalls, const struct db_call *calls)
{
	long i = first != NULL ? find_statement(first) : -1;
	int k;

	if (i >= 0 && sets_local[i])
		return 1;
	for (k = 0; k < ncalls; k++) {
		i = find_statement(calls[k].name);
		if (i >= 0 && sets_local[i])
			return 1;
	}
	return 0;
}

/* The pooled connection a request on the shared connections goes on with, taken the first time
 * a statement cannot travel in a trip (db_command, db_pg, sets_local, ...): within the read, a
 * read in the same scope is begun on it. NULL when none could be had, or the read has failed:
 * the statement then fails. */
static struct db_conn *own_conn(struct db_conn *h)
{
	if (h->own != NULL || h->failed)
		return h->own;
	h->own = db_acquire(NULL);
	if (h->own == NULL) {
		h->failed = 1;
		return NULL;
	}
	db_set_now(h->own, h->now);
	if (h->reading)
		begin_deferred(h->own, h->scope, 0, NULL);
	return h->own;
}

/* BEGIN, the system scope and statement `name`, sent in one pipeline and answered in one round
 * trip. Returns the statement's result, or NULL when the pipeline failed. */
static PGresult *begin_exec_once(struct db_conn *c, const char *name, int nparams,
				 const char *const *values)
{
	PGresult *res[3];
	int rc;

	if (!send_begin(c, NULL) || !send_call(c, name, nparams, values)) {
		c->ready = 0;
		PQexitPipelineMode(c->pg);
		return NULL;
	}
	rc = read_pipeline(c, 3, res);
	PQclear(res[0]);
	PQclear(res[1]);
	if (rc < 0 || !db_ok(res[0]) || !db_ok(res[1])) {
		PQclear(res[2]);
		return NULL;
	}
	return res[2];
}

PGresult *db_begin_exec(struct db_conn *c, const char *name, int nparams, const char *const *values)
{
	PGresult *res = NULL;

	if (c->shared && (c = own_conn(c)) == NULL)
		return NULL;
	c->retryable = 0;
	if (c->implicit)
		settle(c);
	if (c->ready)
		res = begin_exec_once(c, name, nparams, values);
	if (res == NULL && (!c->ready || PQstatus(c->pg) == CONNECTION_BAD)) {
		/* The connection broke while idle (PostgreSQL restarted): nothing had started, so
		 * one fresh try. */
		c->ready = 0;
		if (connect_slot(c) == 0)
			res = begin_exec_once(c, name, nparams, values);
	}
	return res;
}

int db_begin_deferred(struct db_conn *c, int ncalls, const struct db_call *calls)
{
	if (c->shared && (c = own_conn(c)) == NULL)
		return -1;
	return begin_deferred(c, NULL, ncalls, calls);
}

int db_begin_read_as(struct db_conn *c, const char *scope)
{
	if (c->shared && c->own == NULL) {
		snprintf(c->scope, sizeof(c->scope), "%s", scope != NULL ? scope : "*");
		c->reading = 1;
		c->failed = 0;
		c->retryable = 0;
		return 0;
	}
	if (c->shared)
		c = c->own;
	return begin_deferred(c, scope, 0, NULL);
}

/* The answers of `ncalls` statements sent behind `first` in one pipeline, into out[]: where
 * `first` failed (PostgreSQL then skipped them), a copy of its failure for each, else each
 * statement's own (not_run when it never came, or when `got` is NULL: nothing was sent). `first`
 * and got[] are taken over. */
static void answers(struct db_conn *c, PGresult *first, int ncalls, PGresult **got, PGresult **out)
{
	int i;

	for (i = 0; i < ncalls; i++) {
		out[i] = got != NULL ? got[i] : NULL;
		if (first != NULL && !db_ok(first)) {
			PQclear(out[i]);
			out[i] = i == 0 ? first : not_run(c);
		} else if (out[i] == NULL)
			out[i] = not_run(c);
	}
	if (first != NULL && (db_ok(first) || ncalls == 0))
		PQclear(first);
}

/* Sends `calls` (when ncalls > 0; `first`, without parameters, ahead of them when not NULL)
 * behind the deferred calls, syncs and reads every answer: the deferred calls' results are kept
 * for db_deferred_take. Fills out[0..ncalls-1] (db_exec_many's answers). */
static void resolve_deferred(struct db_conn *c, const char *first, int ncalls,
			     const struct db_call *calls, PGresult **out)
{
	PGresult *res[1 + DB_MAX_DEFERRED + 1 + DB_MAX_BATCH];
	int base = 1 + c->ndeferred, n = base, rc, i, sent = 1;

	c->deferred = 0;
	if (ncalls > 0) {
		if (first != NULL && send_call(c, first, 0, NULL))
			n++;
		else if (first != NULL)
			sent = 0;
		for (i = 0; sent && i < ncalls; i++)
			if ((sent = send_call(c, calls[i].name, calls[i].nparams, calls[i].values)))
				n++;
		if (!sent)
			c->deferred_failed = 1;
	}
	rc = read_pipeline(c, n, res);
	if (rc < 0 || !db_ok(res[0]))
		c->deferred_failed = 1;
	for (i = 0; i < c->ndeferred; i++) {
		c->deferred_res[i] = res[1 + i];
		if (!db_ok(res[1 + i]))
			c->deferred_failed = 1;
	}
	PQclear(res[0]);
	if (ncalls > 0 && sent)
		answers(c, first != NULL ? res[base] : NULL, ncalls, res + base + (first != NULL),
			out);
	else {
		for (i = base; i < n; i++)
			PQclear(res[i]);
		if (ncalls > 0)
			answers(c, NULL, ncalls, NULL, out);
	}
	if (c->deferred_failed) {
		c->poisoned = 1;
		for (i = 0; i < ncalls; i++) {
			PQclear(out[i]);
			out[i] = not_run(c);
		}
	}
}

int db_deferred_take(struct db_conn *c, int n, PGresult **res)
{
	int i, rc;

	if (c->shared) {
		rc = c->own != NULL ? db_deferred_take(c->own, n, res) : 0;
		for (i = 0; c->own == NULL && i < n; i++)
			res[i] = NULL;
		if (c->failed)
			rc = -1;
		c->failed = 0;
		return rc;
	}
	if (c->deferred)
		resolve_deferred(c, NULL, 0, NULL, NULL);
	for (i = 0; i < n; i++) {
		res[i] = i < c->ndeferred ? c->deferred_res[i] : NULL;
		if (i < DB_MAX_DEFERRED)
			c->deferred_res[i] = NULL;
	}
	for (i = n; i < DB_MAX_DEFERRED; i++) {
		PQclear(c->deferred_res[i]);
		c->deferred_res[i] = NULL;
	}
	rc = c->deferred_failed ? -1 : 0;
	c->ndeferred = 0;
	c->deferred_failed = 0;
	c->poisoned = 0;
	return rc;
}

PGresult *db_exec(struct db_conn *c, const char *name, int nparams, const char *const *values)
{
	int in_tx;
	PGresult *res;

	if (c->shared)
		return db_exec_after(c, NULL, name, nparams, values);
	if (c->deferred) {
		const struct db_call call = {name, nparams, values};
		resolve_deferred(c, NULL, 1, &call, &res);
		return res;
	}
	if (c->poisoned)
		return not_run(c);
	if (c->implicit) /* the read's pipeline goes on */
		return db_exec_after(c, NULL, name, nparams, values);
	settle(c);
	in_tx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
	res = exec_prepared(c, name, nparams, values, NULL, NULL, 0);
	if (!db_ok(res))
		note_failure(c, res);
	if (!db_ok(res) && PQstatus(c->pg) == CONNECTION_BAD) {
		c->ready = 0;
		/* Outside a transaction nothing was half done: one retry on a fresh connection. */
		if (!in_tx && connect_slot(c) == 0) {
			PQclear(res);
			res = exec_prepared(c, name, nparams, values, NULL, NULL, 0);
		}
	}
	return res;
}

/* Sends the trip of read `h` down `s` (reconnecting it if it broke and is idle): its scope (none
 * for a read begun in "": see db_begin_read_as; "" when a trip before it in its batch set one),
 * `first` (no parameters; may be NULL) and `calls`, in the gathering batch (`alone`: first in a
 * batch, the one gathering sent first), whose Sync goes now if fewer than SHARED_BATCHES are
 * under way; then waits for its answers, into `t`. */
static void send_trip(struct db_conn *h, struct db_shared *s, struct trip *t, int alone,
		      const char *first, int ncalls, const struct db_call *calls)
{
	const char *vals[2] = {h->scope, h->now}, *none[2] = {"", ""};
	int i, ok;

	memset(t, 0, sizeof(*t));
	sem_init(&t->wake, 0, 0);
	pthread_mutex_lock(&s->lock);
	ok = s->ready || (s->head == NULL && shared_connect(s) == 0);
	ok = ok && (!alone || s->gathered == 0 || batch_send(s) == 0);
	t->scoped = h->scope[0] != '\0' || s->batch_scoped;
	ok = ok &&
	     (!t->scoped ||
	      trip_call(s, t, "db_scope_read", 2, h->scope[0] != '\0' ? vals : none)) &&
	     (first == NULL || trip_call(s, t, first, 0, NULL));
	for (i = 0; ok && i < ncalls; i++)
		ok = trip_call(s, t, calls[i].name, calls[i].nparams, calls[i].values);
	if (ok) {
		t->batch = s->batch;
		s->gathered++;
		s->batch_scoped = h->scope[0] != '\0';
		if (s->tail != NULL) {
			s->tail->next = t;
		} else {
			s->head = t;
			s->head_since = now_ms();
		}
		s->tail = t;
		s->trips++;
		ok = batch_go(s) == 0;
	}
	if (ok) {
		shared_wait(s, t);
	} else {
		/* What was queued never ends in a Sync: every trip under way (this one among them)
		 * ends as broken, and the connection is made again by the next trip. */
		shared_break(s, t);
		t->broken = 1;
		shared_unlock(s, NULL);
	}
	sem_destroy(&t->wake);
}

/* The answers of read `h`'s trip down `s` (send_trip; sent once more when its connection broke):
 * `first`'s and the calls' into out[] as db_exec_many gives them. A trip that does not hold (the
 * scope failed, the connection broke twice) fails `h`. Returns 0 when every call succeeded,
 * otherwise -1. */
static int shared_trip(struct db_conn *h, struct db_shared *s, const char *first, int ncalls,
		       const struct db_call *calls, PGresult **out)
{
	struct trip t;
	int scoped, i, rc = 0, broken = 0, aborted = 0, want;

	for (;;) {
		send_trip(h, s, &t, aborted > 0, first, ncalls, calls);
		/* Sent again: a trip whose connection broke (PostgreSQL restarted while it idled)
		 * once, on a fresh connection, as db_exec retries outside a transaction; a trip
		 * that ran nothing for a failure before it in its batch, alone (SHARED_RESENDS). */
		if (!(t.broken ? broken++ < 1 : t.aborted && aborted++ < SHARED_RESENDS))
			break;
		for (i = 0; i < t.nres; i++)
			PQclear(t.res[i]);
	}
	scoped = t.scoped;
	want = scoped + (first != NULL) + ncalls;
	if (t.broken || t.aborted || t.nres != want || (scoped && !db_ok(t.res[0]))) {
		h->failed = 1;
		for (i = 0; i < t.nres; i++)
			PQclear(t.res[i]);
		answers(h, NULL, ncalls, NULL, out);
		return -1;
	}
	if (scoped)
		PQclear(t.res[0]);
	for (i = scoped; i < want; i++)
		if (!db_ok(t.res[i]))
			note_failure(h, t.res[i]);
	answers(h, first != NULL ? t.res[scoped] : NULL, ncalls, t.res + scoped + (first != NULL),
		out);
	for (i = 0; i < ncalls; i++)
		if (!db_ok(out[i]))
			rc = -1;
	return rc;
}

int db_exec_many(struct db_conn *c, const char *first, int ncalls, const struct db_call *calls,
		 PGresult **out)
{
	PGresult *res[1 + DB_MAX_BATCH];
	int i, rc = 0, n = ncalls + (first != NULL);

	if (ncalls < 1 || ncalls > DB_MAX_BATCH)
		return -1;
	if (c->shared) {
		struct db_shared *s;
		if (c->own == NULL && c->reading && !c->failed &&
		    !any_sets_local(first, ncalls, calls) && (s = shared_pick()) != NULL)
			return shared_trip(c, s, first, ncalls, calls, out);
		if (own_conn(c) == NULL) {
			answers(c, NULL, ncalls, NULL, out);
			return -1;
		}
		c = c->own;
	}
	if (c->deferred)
		resolve_deferred(c, first, ncalls, calls, out);
	else if (c->poisoned)
		for (i = 0; i < ncalls; i++)
			out[i] = not_run(c);
	else {
		int ok = enter_pipeline(c) && (first == NULL || send_call(c, first, 0, NULL));
		for (i = 0; ok && i < ncalls; i++)
			ok = send_call(c, calls[i].name, calls[i].nparams, calls[i].values);
		if (!ok) {
			/* the connection is reset by its next use */
			c->ready = 0;
			PQexitPipelineMode(c->pg);
			answers(c, NULL, ncalls, NULL, out);
		} else {
			read_pipeline(c, n, res);
			answers(c, first != NULL ? res[0] : NULL, ncalls, res + (first != NULL),
				out);
		}
	}
	for (i = 0; i < ncalls; i++)
		if (!db_ok(out[i]))
			rc = -1;
	return rc;
}

PGresult *db_exec_after(struct db_conn *c, const char *first, const char *name, int nparams,
			const char *const *values)
{
	const struct db_call call = {name, nparams, values};
	PGresult *out;

	db_exec_many(c, first, 1, &call, &out);
	return out;
}

PGresult *db_exec_binary(struct db_conn *c, const char *name, int nparams,
			 const char *const *values, const int *lengths, const int *formats,
			 int binary_result)
{
	PGresult *res;

	if (c->shared && (c = own_conn(c)) == NULL)
		return PQmakeEmptyPGresult(NULL, PGRES_FATAL_ERROR);
	/* Statements sent ahead (db_begin_deferred) are answered first, in text. */
	if (c->deferred)
		resolve_deferred(c, NULL, 0, NULL, NULL);
	if (c->poisoned)
		return not_run(c);
	settle(c);
	res = exec_prepared(c, name, nparams, values, lengths, formats, binary_result);
	if (!db_ok(res))
		note_failure(c, res);
	if (!db_ok(res) && PQstatus(c->pg) == CONNECTION_BAD)
		c->ready = 0;
	return res;
}

int db_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);

	return res != NULL && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK);
}

int db_command(struct db_conn *c, const char *sql)
{
	int in_tx, rc;
	PGresult *res;

	if (c->shared && (c = own_conn(c)) == NULL)
		return -1;
	if (c->deferred)
		resolve_deferred(c, NULL, 0, NULL, NULL);
	if (c->poisoned)
		return -1;
	settle(c);
	in_tx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
	res = PQexec(c->pg, sql);
	rc = db_ok(res) ? 0 : -1;
	if (rc != 0)
		note_failure(c, res);
	if (rc != 0 && PQstatus(c->pg) == CONNECTION_BAD) {
		c->ready = 0;
		/* A connection that broke while idle (PostgreSQL restarted) gets one fresh try, as
		 * in db_exec: nothing had started on it. */
		if (!in_tx && connect_slot(c) == 0) {
			PQclear(res);
			res = PQexec(c->pg, sql);
			rc = db_ok(res) ? 0 : -1;
		}
	}
	PQclear(res);
	return rc;
}

int db_commit_checked(struct db_conn *c, const char *check, int *flag)
{
	PGresult *res[2];
	int rc;

	*flag = 0;
	if (c->shared && (c = own_conn(c)) == NULL)
		return -1;
	if (c->deferred)
		resolve_deferred(c, NULL, 0, NULL, NULL);
	if (c->poisoned)
		return -1;
	if (c->implicit)
		settle(c);
	if (!enter_pipeline(c) || !send_call(c, check, 0, NULL) ||
	    !send_call(c, "db_commit", 0, NULL)) {
		/* the connection is reset by its next use */
		c->ready = 0;
		PQexitPipelineMode(c->pg);
		return -1;
	}
	rc = read_pipeline(c, 2, res);
	/* A failed transaction's COMMIT answers ROLLBACK: the check in front of it failed first. */
	if (rc == 0 && PQntuples(res[0]) == 1)
		*flag = PQgetvalue(res[0], 0, 0)[0] == 't';
	PQclear(res[0]);
	PQclear(res[1]);
	return rc == 0 ? 0 : -1;
}

void db_rollback(struct db_conn *c)
{
	PGresult *res;

	if (c->shared) {
		c->reading = 0;
		if (c->own != NULL)
			db_rollback(c->own);
		return;
	}
	if (c->deferred)
		resolve_deferred(c, NULL, 0, NULL, NULL);
	if (c->implicit) {
		end_pipeline(c);
		return;
	}
	settle(c);
	if (!c->ready || PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return;
	res = PQexecPrepared(c->pg, "db_rollback", 0, NULL, NULL, NULL, 0);
	if (!db_ok(res))
		c->ready = 0;
	PQclear(res);
}

int db_retryable(const struct db_conn *c)
{
	return c->retryable || (c->shared && c->own != NULL && c->own->retryable);
}

PGconn *db_pg(struct db_conn *c)
{
	if (c->shared && (c = own_conn(c)) == NULL)
		return NULL;
	/* Whoever looks at the connection (its transaction status) sees it after the deferred
	 * statements. */
	if (c->deferred)
		resolve_deferred(c, NULL, 0, NULL, NULL);
	else
		settle(c);
	return c->pg;
}

/* A fixed pool of libpq connections with statements prepared once per connection. A connection
 * that breaks (PostgreSQL restarted, network cut) is reset on its next use, so the server
 * recovers without a restart. */
#include "db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct db_conn {
	PGconn *pg;
	int busy;
	int ready;     /* connected and every statement prepared */
	int pending;   /* a ROLLBACK was sent and its answer not yet read (db_release) */
	int retryable; /* a statement of this transaction met a serialization failure or deadlock */
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
static pthread_cond_t pool_free = PTHREAD_COND_INITIALIZER;

#define ACQUIRE_WAIT_SECONDS 5

int db_pool_init(const char *conninfo, int size)
{
	pool = calloc((size_t)size, sizeof(*pool));
	pool_conninfo = strdup(conninfo);
	if (pool == NULL || pool_conninfo == NULL)
		return -1;
	pool_size = size;
	return 0;
}

void db_pool_close(void)
{
	int i;

	for (i = 0; i < pool_size; i++)
		PQfinish(pool[i].pg);
	free(pool);
	free(pool_conninfo);
	pool = NULL;
	pool_size = 0;
}

/* Prepares every registered statement. Returns 0, or -1 leaving the connection unready. */
static int prepare_all(struct db_conn *c)
{
	const struct db_statement *const *set;
	const struct db_statement *st;

	for (set = db_statement_sets; *set != NULL; set++) {
		for (st = *set; st->name != NULL; st++) {
			PGresult *res = PQprepare(c->pg, st->name, st->sql, 0, NULL);
			int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
			if (!ok)
				fprintf(stderr, "db: cannot prepare %s: %s", st->name,
					PQerrorMessage(c->pg));
			PQclear(res);
			if (!ok)
				return -1;
		}
	}
	return 0;
}

/* Connects or reconnects, then prepares. Returns 0 when the connection is usable. */
static int connect_slot(struct db_conn *c)
{
	/* UTC and ISO dates make timestamps easy to turn into RFC 3339 (dbjson.c); no statement
	 * may hold a connection for long. */
	const char *keys[] = {"dbname", "connect_timeout", "application_name", "options", NULL};
	const char *vals[] = {pool_conninfo, "5", "anquan-api",
			      "-c TimeZone=UTC -c DateStyle=ISO -c statement_timeout=30000", NULL};

	c->ready = 0;
	if (c->pg == NULL)
		c->pg = PQconnectdbParams(keys, vals, 1);
	else
		PQreset(c->pg);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK)
		return -1;
	if (prepare_all(c) != 0)
		return -1;
	c->ready = 1;
	return 0;
}

struct db_conn *db_acquire(const char **why)
{
	struct db_conn *c = NULL;
	struct timespec deadline;
	int i;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ACQUIRE_WAIT_SECONDS;
	pthread_mutex_lock(&pool_lock);
	while (c == NULL) {
		for (i = 0; i < pool_size; i++) {
			if (!pool[i].busy) {
				c = &pool[i];
				c->busy = 1;
				break;
			}
		}
		if (c == NULL &&
		    pthread_cond_timedwait(&pool_free, &pool_lock, &deadline) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&pool_lock);
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

void db_release(struct db_conn *c)
{
	if (c == NULL)
		return;
	if (c->ready && PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		/* Sent, not waited for: the reply is out already, and the next db_acquire of this
		 * connection reads the answer (PostgreSQL has long ended the transaction by then).
		 */
		if (PQsendQuery(c->pg, "ROLLBACK") == 1)
			c->pending = 1;
		else
			c->ready = 0;
	}
	pthread_mutex_lock(&pool_lock);
	c->busy = 0;
	pthread_cond_signal(&pool_free);
	pthread_mutex_unlock(&pool_lock);
}

/* BEGIN, the system scope and statement `name`, sent in one pipeline and answered in one round
 * trip. Returns the statement's result, or NULL when the pipeline failed. */
static PGresult *begin_exec_once(struct db_conn *c, const char *name, int nparams,
				 const char *const *values)
{
	PGresult *res, *out = NULL;
	int ok, i;

	if (PQenterPipelineMode(c->pg) != 1)
		return NULL;
	ok = PQsendQueryParams(c->pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) == 1 &&
	     PQsendQueryParams(c->pg, "SELECT set_config('app.org_path', '*', true)", 0, NULL, NULL,
			       NULL, NULL, 0) == 1 &&
	     PQsendQueryPrepared(c->pg, name, nparams, values, NULL, NULL, 0) == 1 &&
	     PQpipelineSync(c->pg) == 1;
	/* Every result is read, whatever happened, so the pipeline can be left: one result and a
	 * NULL per statement, then the sync. */
	for (i = 0; ok && i < 3; i++) {
		res = PQgetResult(c->pg);
		if (res == NULL) {
			ok = 0;
			break;
		}
		if (i == 2)
			out = res;
		else {
			if (!db_ok(res))
				ok = 0;
			PQclear(res);
		}
		while ((res = PQgetResult(c->pg)) != NULL)
			PQclear(res);
	}
	while ((res = PQgetResult(c->pg)) != NULL) {
		int sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
		PQclear(res);
		if (sync)
			break;
	}
	if (PQexitPipelineMode(c->pg) != 1 || !ok) {
		PQclear(out);
		return NULL;
	}
	return out;
}

PGresult *db_begin_exec(struct db_conn *c, const char *name, int nparams, const char *const *values)
{
	PGresult *res;

	c->retryable = 0;
	res = begin_exec_once(c, name, nparams, values);

	if (res == NULL && PQstatus(c->pg) == CONNECTION_BAD) {
		/* The connection broke while idle (PostgreSQL restarted): nothing had started, so
		 * one fresh try. */
		c->ready = 0;
		if (connect_slot(c) == 0)
			res = begin_exec_once(c, name, nparams, values);
	}
	return res;
}

PGresult *db_exec(struct db_conn *c, const char *name, int nparams, const char *const *values)
{
	int in_tx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
	PGresult *res = PQexecPrepared(c->pg, name, nparams, values, NULL, NULL, 0);

	if (!db_ok(res))
		note_failure(c, res);
	if (!db_ok(res) && PQstatus(c->pg) == CONNECTION_BAD) {
		c->ready = 0;
		/* Outside a transaction nothing was half done: one retry on a fresh connection. */
		if (!in_tx && connect_slot(c) == 0) {
			PQclear(res);
			res = PQexecPrepared(c->pg, name, nparams, values, NULL, NULL, 0);
		}
	}
	return res;
}

int db_ok(const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);

	return res != NULL && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK);
}

int db_command(struct db_conn *c, const char *sql)
{
	int in_tx = PQtransactionStatus(c->pg) != PQTRANS_IDLE;
	PGresult *res = PQexec(c->pg, sql);
	int rc = db_ok(res) ? 0 : -1;

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

int db_retryable(const struct db_conn *c)
{
	return c->retryable;
}

PGconn *db_pg(struct db_conn *c)
{
	return c->pg;
}

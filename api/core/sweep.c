/* Background sweeps (see sweep.h): expired Idempotency-Key answers, ended sessions, the
 * notifications of hazards past their deadline, and uploads never bound to a record. */
#include "sweep.h"
#include "config.h"

#include <stdio.h>
#include <time.h>

/* One sweep: its statement and its one parameter (the age, in seconds, past which rows go; for
 * the overdue sweep, the most hazards one run notifies). */
struct sweep_job {
	const char *statement;
	const long *age_s;
};

static const long one_day_s = 86400;
static const long overdue_batch = 500;
static const long one_week_s = 7 * 86400;

static const struct sweep_job jobs[] = {
    {"sweep_idempotency", &config.idempotency_keep_s},
    {"sweep_sessions", &one_day_s},
    {"sweep_hazard_overdue", &overdue_batch}, /* api/hazard/todo_sql.c */
    {"sweep_attachments", &one_week_s},
    {NULL, NULL},
};

/* Runs `job` in its own transaction. */
static void run(const struct sweep_job *job)
{
	const char *why = NULL;
	struct db_conn *c = db_acquire(&why);
	char age[24];
	const char *values[1] = {age};
	PGresult *res;

	if (c == NULL) {
		fprintf(stderr, "sweep: %s: %s\n", job->statement,
			why != NULL ? why : "no connection");
		return;
	}
	snprintf(age, sizeof(age), "%ld", *job->age_s);
	res = db_begin_exec(c, job->statement, 1, values);
	if (res == NULL || !db_ok(res) || db_command(c, "COMMIT") != 0)
		fprintf(stderr, "sweep: %s failed: %s", job->statement, PQerrorMessage(db_pg(c)));
	else if (PQntuples(res) > 0)
		fprintf(stderr, "sweep: %s touched %d rows\n", job->statement, PQntuples(res));
	PQclear(res);
	db_release(c);
}

void sweep_maybe(void)
{
	static struct timespec last;
	struct timespec now;
	const struct sweep_job *job;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec != 0 && now.tv_sec - last.tv_sec < config.sweep_interval_s)
		return;
	last = now;
	for (job = jobs; job->statement != NULL; job++)
		run(job);
}

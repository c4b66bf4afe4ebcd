/* Principals seen by the gate, and the trust it may place in them (principal_cache.h). */
#include "principal_cache.h"
#include "config.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Direct-mapped and bounded: a session evicts another only from the same slot. */
#define SEEN_SLOTS 1024

struct seen_slot {
	int used;
	char sub[37];
	char sid[37];
	struct auth_principal p;
	int trusted;	     /* confirmed by the database while listening, nothing since */
	unsigned long epoch; /* the listener's epoch of the confirmation */
	struct timespec at;  /* when confirmed (CLOCK_MONOTONIC) */
};

/* Under `lock`: the slots; `changes` counts every announced change (principal_mark);
 * `epoch` every start and end of listening and every change to any principal, so that an
 * entry confirmed in an earlier epoch is not trusted. */
static struct seen_slot seen[SEEN_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long changes, epoch;
static int listening;
static long trust_override = -1;

static long trust_seconds(void)
{
	return trust_override >= 0 ? trust_override : config.principal_trust_s;
}

static struct seen_slot *slot_of(const struct token_claims *claims)
{
	const char *k = claims->sid[0] != '\0' ? claims->sid : claims->sub;
	unsigned h = 2166136261u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return &seen[h % SEEN_SLOTS];
}

static int same_session(const struct seen_slot *s, const struct token_claims *claims)
{
	return s->used && strcmp(s->sub, claims->sub) == 0 && strcmp(s->sid, claims->sid) == 0;
}

/* Whether `s` (under `lock`) may be trusted now. */
static int still_trusted(const struct seen_slot *s)
{
	struct timespec now;
	long window = trust_seconds();

	if (!s->trusted || !listening || s->epoch != epoch || window <= 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec - s->at.tv_sec < window ||
	       (now.tv_sec - s->at.tv_sec == window && now.tv_nsec < s->at.tv_nsec);
}

int principal_seen(const struct token_claims *claims, struct auth_principal *out)
{
	struct seen_slot *s = slot_of(claims);
	int rc = 0;

	pthread_mutex_lock(&lock);
	if (same_session(s, claims)) {
		*out = s->p;
		rc = still_trusted(s) ? 2 : 1;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

unsigned long principal_mark(void)
{
	unsigned long m;

	pthread_mutex_lock(&lock);
	m = changes;
	pthread_mutex_unlock(&lock);
	return m;
}

void principal_confirmed(const struct token_claims *claims, const struct auth_principal *p,
			 unsigned long mark)
{
	struct seen_slot *s = slot_of(claims);

	pthread_mutex_lock(&lock);
	s->used = 1;
	snprintf(s->sub, sizeof(s->sub), "%s", claims->sub);
	snprintf(s->sid, sizeof(s->sid), "%s", claims->sid);
	s->p = *p;
	s->trusted = listening && mark == changes;
	s->epoch = epoch;
	clock_gettime(CLOCK_MONOTONIC, &s->at);
	pthread_mutex_unlock(&lock);
}

void principal_forget(const struct token_claims *claims)
{
	struct seen_slot *s = slot_of(claims);

	pthread_mutex_lock(&lock);
	if (same_session(s, claims))
		s->used = 0;
	pthread_mutex_unlock(&lock);
}

void principal_changed(const char *id)
{
	int i;

	pthread_mutex_lock(&lock);
	changes++;
	if (id == NULL)
		epoch++;
	else
		for (i = 0; i < SEEN_SLOTS; i++)
			if (seen[i].used && strcmp(seen[i].p.id, id) == 0)
				seen[i].trusted = 0;
	pthread_mutex_unlock(&lock);
}

int principal_commit(struct db_conn *c)
{
	int changed = 0, rc = db_commit_checked(c, "principal_changed_here", &changed);

	/* Even when the COMMIT's answer was lost, the change may have been made. */
	if (changed || rc != 0)
		principal_changed(NULL);
	return rc;
}

/* --- the listener ---------------------------------------------------------------------------- */

static pthread_t listener;
static int listener_running;
static volatile int listener_stop;
static char *listen_conninfo;

static void set_listening(int on)
{
	pthread_mutex_lock(&lock);
	listening = on;
	changes++;
	epoch++;
	pthread_mutex_unlock(&lock);
}

/* Sleeps up to `ms`, waking early when asked to stop. */
static void nap(int ms)
{
	struct timespec ts = {0, 100 * 1000 * 1000};

	for (; ms > 0 && !listener_stop; ms -= 100)
		nanosleep(&ts, NULL);
}

static PGconn *listen_connect(void)
{
	PGconn *pg = PQconnectdb(listen_conninfo);
	PGresult *res;

	if (PQstatus(pg) != CONNECTION_OK) {
		PQfinish(pg);
		return NULL;
	}
	res = PQexec(pg, "LISTEN anquan_principal");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "principal_cache: LISTEN failed: %s", PQerrorMessage(pg));
		PQclear(res);
		PQfinish(pg);
		return NULL;
	}
	PQclear(res);
	return pg;
}

/* Takes every notification libpq has read: a principal id each. */
static void take_notifications(PGconn *pg)
{
	PGnotify *n;

	while ((n = PQnotifies(pg)) != NULL) {
		principal_changed(n->extra);
		PQfreemem(n);
	}
}

static void *listen_main(void *arg)
{
	PGconn *pg = NULL;
	int quiet = 0, failures = 0;

	(void)arg;
	while (!listener_stop) {
		struct pollfd pfd;
		int ready;

		if (pg == NULL) {
			pg = listen_connect();
			if (pg == NULL) {
				if (failures++ == 0)
					fprintf(stderr, "principal_cache: cannot listen; "
							"every read looks its principal up\n");
				nap(1000);
				continue;
			}
			failures = 0;
			quiet = 0;
			set_listening(1);
		}
		pfd.fd = PQsocket(pg);
		pfd.events = POLLIN;
		pfd.revents = 0;
		ready = poll(&pfd, 1, 500);
		/* A quiet connection is asked a question every 10 s, so that one that died without
		 * a word (a broken network) is noticed. */
		if (ready == 0 && ++quiet >= 20) {
			PGresult *res = PQexec(pg, "SELECT 1");
			quiet = 0;
			if (PQresultStatus(res) != PGRES_TUPLES_OK)
				ready = -1;
			PQclear(res);
		} else if (ready > 0) {
			quiet = 0;
			if (PQconsumeInput(pg) != 1)
				ready = -1;
		}
		take_notifications(pg);
		if (ready < 0 || PQstatus(pg) != CONNECTION_OK) {
			set_listening(0);
			fprintf(stderr, "principal_cache: lost the listening connection\n");
			PQfinish(pg);
			pg = NULL;
		}
	}
	if (pg != NULL) {
		set_listening(0);
		PQfinish(pg);
	}
	return NULL;
}

int principal_listen_start(const char *conninfo)
{
	if (trust_seconds() <= 0 || listener_running)
		return 0;
	listen_conninfo = strdup(conninfo);
	listener_stop = 0;
	if (listen_conninfo == NULL || pthread_create(&listener, NULL, listen_main, NULL) != 0) {
		free(listen_conninfo);
		listen_conninfo = NULL;
		return -1;
	}
	listener_running = 1;
	return 0;
}

void principal_listen_stop(void)
{
	if (!listener_running)
		return;
	listener_stop = 1;
	pthread_join(listener, NULL);
	listener_running = 0;
	free(listen_conninfo);
	listen_conninfo = NULL;
}

int principal_listening(void)
{
	int on;

	pthread_mutex_lock(&lock);
	on = listening;
	pthread_mutex_unlock(&lock);
	return on;
}

void principal_set_trust(long seconds)
{
	pthread_mutex_lock(&lock);
	trust_override = seconds;
	pthread_mutex_unlock(&lock);
}

void principal_set_listening(int on)
{
	set_listening(on);
}

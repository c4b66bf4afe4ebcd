/* The principal cache: when a principal is trusted, and what ends the trust (principal_cache.h);
 * with ANQUAN_TEST_DATABASE_URL also the listener and the commit that reads what it changed. */
#include "../unit.h"
#include "db.h"
#include "principal_cache.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void claims_of(struct token_claims *c, const char *sub, const char *sid)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->sub, sizeof(c->sub), "%s", sub);
	snprintf(c->kind, sizeof(c->kind), "user");
	snprintf(c->sid, sizeof(c->sid), "%s", sid);
}

static void principal_of(struct auth_principal *p, const char *id)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "%s", id);
	snprintf(p->org_path, sizeof(p->org_path), "1.2.5");
}

static const char *A = "0b9f7c52-9c1e-4f7e-8d6a-2a4b6c8d0e1f";
static const char *A_SID = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
static const char *B = "7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b";
static const char *B_SID = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a";

/* Confirms A's session with a fresh mark and answers principal_seen. */
static int confirm_and_see(const struct token_claims *c, const struct auth_principal *p)
{
	struct auth_principal got;

	principal_confirmed(c, p, principal_mark());
	return principal_seen(c, &got);
}

static void trust_and_what_ends_it(void)
{
	struct token_claims a, b, stranger;
	struct auth_principal pa, pb, got;
	unsigned long mark;

	claims_of(&a, A, A_SID);
	claims_of(&b, B, B_SID);
	claims_of(&stranger, B, A_SID);
	principal_of(&pa, A);
	principal_of(&pb, B);
	principal_set_trust(30);

	/* not listening: seen, never trusted */
	principal_set_listening(0);
	CHECK(confirm_and_see(&a, &pa) == 1);
	CHECK(principal_seen(&a, &got) == 1 && strcmp(got.org_path, "1.2.5") == 0);
	CHECK(principal_seen(&stranger, &got) == 0);

	/* listening: a confirmation is trusted */
	principal_set_listening(1);
	CHECK(principal_seen(&a, &got) == 1); /* confirmed before it listened */
	CHECK(confirm_and_see(&a, &pa) == 2);
	CHECK(confirm_and_see(&b, &pb) == 2);

	/* a change of A ends A's trust only */
	principal_changed(A);
	CHECK(principal_seen(&a, &got) == 1);
	CHECK(principal_seen(&b, &got) == 2);

	/* a lookup that overlapped any announced change is not trusted */
	mark = principal_mark();
	principal_changed(B);
	principal_confirmed(&a, &pa, mark);
	CHECK(principal_seen(&a, &got) == 1);
	CHECK(confirm_and_see(&a, &pa) == 2);

	/* a change to every principal, and the end of listening, end all trust */
	CHECK(confirm_and_see(&b, &pb) == 2);
	principal_changed(NULL);
	CHECK(principal_seen(&a, &got) == 1 && principal_seen(&b, &got) == 1);
	CHECK(confirm_and_see(&a, &pa) == 2);
	principal_set_listening(0);
	principal_set_listening(1);
	CHECK(principal_seen(&a, &got) == 1);

	/* no trust window: nothing is trusted */
	principal_set_trust(0);
	CHECK(confirm_and_see(&a, &pa) == 1);

	/* the window ends */
	principal_set_trust(1);
	CHECK(confirm_and_see(&a, &pa) == 2);
	{
		struct timespec ts = {1, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	CHECK(principal_seen(&a, &got) == 1);

	/* forgotten: not seen */
	principal_forget(&a);
	CHECK(principal_seen(&a, &got) == 0);
	CHECK(principal_seen(&b, &got) == 1);
	principal_set_trust(30);
}

/* Waits up to 5 s for principal_seen(c) to answer `want`. */
static int becomes(const struct token_claims *c, int want)
{
	struct auth_principal got;
	struct timespec ts = {0, 20 * 1000 * 1000};
	int i;

	for (i = 0; i < 250; i++) {
		if (principal_seen(c, &got) == want)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void the_listener_hears_the_database(const char *url)
{
	struct token_claims a, b;
	struct auth_principal pa, pb;
	PGconn *other;
	PGresult *res;
	int i;

	claims_of(&a, A, A_SID);
	claims_of(&b, B, B_SID);
	principal_of(&pa, A);
	principal_of(&pb, B);
	principal_set_listening(0);
	CHECK(principal_listen_start(url) == 0);
	for (i = 0; i < 250 && !principal_listening(); i++) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	CHECK(principal_listening());
	CHECK(confirm_and_see(&a, &pa) == 2);
	CHECK(confirm_and_see(&b, &pb) == 2);

	/* another session announces a change of A: A's trust ends, B's stays */
	other = PQconnectdb(url);
	CHECK(PQstatus(other) == CONNECTION_OK);
	res = PQexecParams(other, "SELECT pg_notify('anquan_principal', $1)", 1, NULL, &A, NULL,
			   NULL, 0);
	CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
	PQclear(res);
	CHECK(becomes(&a, 1));
	CHECK(principal_seen(&b, &pb) == 2);
	PQfinish(other);

	/* this server's own commit: a transaction that changed a principal ends all trust before
	 * principal_commit returns; one that did not leaves it */
	{
		const char *why = NULL;
		struct db_conn *c;

		CHECK(db_pool_init(url, 1, 0) == 0);
		c = db_acquire(&why);
		CHECK(c != NULL);
		if (c != NULL) {
			CHECK(confirm_and_see(&a, &pa) == 2);
			CHECK(db_command(c, "BEGIN") == 0);
			CHECK(principal_commit(c) == 0);
			CHECK(principal_seen(&a, &pa) == 2);
			CHECK(db_command(c, "BEGIN") == 0);
			CHECK(db_command(
				  c, "SELECT set_config('app.principal_changed', 'on', true)") ==
			      0);
			CHECK(principal_commit(c) == 0);
			CHECK(principal_seen(&a, &pa) == 1);
			CHECK(PQtransactionStatus(db_pg(c)) == PQTRANS_IDLE);
			/* a failed transaction is not committed, and answers -1 */
			CHECK(confirm_and_see(&a, &pa) == 2);
			CHECK(db_command(c, "BEGIN") == 0);
			CHECK(db_command(c, "SELECT 1/0") == -1);
			CHECK(principal_commit(c) == -1);
			CHECK(principal_seen(&a, &pa) == 1);
			db_release(c);
		}
		db_pool_close();
	}

	/* stopped: nothing is trusted */
	principal_listen_stop();
	CHECK(!principal_listening());
	CHECK(confirm_and_see(&b, &pb) == 1);
}

void unit_principal_cache(void)
{
	const char *url = getenv("ANQUAN_TEST_DATABASE_URL");

	trust_and_what_ends_it();
	if (url == NULL || *url == '\0') {
		fprintf(stderr,
			"unit: principal listener skipped (ANQUAN_TEST_DATABASE_URL unset)\n");
		return;
	}
	the_listener_hears_the_database(url);
}

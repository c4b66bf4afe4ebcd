/* Principals the gate has seen, by session (a user's refresh family) or API client, and whether it
 * may trust one without asking the database again.
 *
 * An entry is first a prediction: what the gate's lookup will answer for the session's next
 * request, so that a read can be sent with that lookup in one round trip (auth_gate.c,
 * speculate). An entry the database confirmed less than ANQUAN_PRINCIPAL_TRUST_SECONDS ago is
 * also trusted: a read runs in its subtree without the lookup. Trust ends early, for every
 * server, when the database announces a change to the principal (migration 0039: the triggers on
 * users, refresh_tokens and api_clients notify the channel anquan_principal, which a thread of
 * each server listens on), and at once on the server that commits such a change
 * (principal_commit). Without the listener connected nothing is trusted. */
#ifndef ANQUAN_PRINCIPAL_CACHE_H
#define ANQUAN_PRINCIPAL_CACHE_H

#include "auth.h"
#include "db.h"
#include "token.h"

/* The session's principal into `out` when seen before. Returns 0 when not seen, 1 when seen,
 * 2 when seen and trusted. */
int principal_seen(const struct token_claims *claims, struct auth_principal *out);

/* A mark taken just before the principal lookup is sent, for principal_confirmed. */
unsigned long principal_mark(void);

/* Records what the lookup answered for the claims' session. It is trusted only when nothing was
 * announced since `mark` was taken (the lookup may have read the principal as it was before). */
void principal_confirmed(const struct token_claims *claims, const struct auth_principal *p,
			 unsigned long mark);

/* Forgets the claims' session (its lookup found nothing, or not what was predicted). */
void principal_forget(const struct token_claims *claims);

/* A change announced for principal `id` (a user or client id): no entry of it is trusted any
 * more. NULL: a change to any principal. */
void principal_changed(const char *id);

/* Commits the request's transaction on `c` (db_commit_checked); when the transaction changed a
 * principal (app.principal_changed), no entry is trusted any more before this returns. Returns 0
 * or -1 as db_commit_checked. */
int principal_commit(struct db_conn *c);

/* Starts the thread that listens on anquan_principal through its own connection to `conninfo`;
 * trust begins once it listens, and ends whenever it loses the connection. Returns 0 or -1. With
 * ANQUAN_PRINCIPAL_TRUST_SECONDS=0 no thread is started and nothing is ever trusted. */
int principal_listen_start(const char *conninfo);

/* Stops the listener thread and closes its connection. */
void principal_listen_stop(void);

/* For tests: whether the listener is listening, and a fixed trust window (seconds, -1 = the
 * configured one). */
int principal_listening(void);
void principal_set_trust(long seconds);
void principal_set_listening(int on);

#endif

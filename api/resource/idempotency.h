/* Idempotency-Key on creates: a retried request gets the first answer again, not a second record.
 */
#ifndef ANQUAN_IDEMPOTENCY_H
#define ANQUAN_IDEMPOTENCY_H

#include <jansson.h>

#include "db.h"
#include "http.h"

/* Checks the request's Idempotency-Key (if any) against the keys the caller has used. `body` is
 * the parsed request (borrowed; its canonical form identifies the request). Returns:
 *   0  go on (no key, or a key seen for the first time);
 *   1  the first answer was replayed: the handler returns req->status;
 *  -1  an error was answered (a bad key, or the key reused for a different request: 422). */
int idem_check(struct http_req *req, json_t *body);

/* Stores the answer of a successful create under the request's key, inside the request's
 * transaction (call before auth_commit). No key: does nothing. Returns 0 or -1. */
int idem_store(struct http_req *req, json_t *body, int status, json_t *reply, const char *location);

extern const struct db_statement idem_sql[];

#endif

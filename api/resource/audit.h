/* The audit log: every write and every authentication event, appended, never changed. */
#ifndef ANQUAN_AUDIT_H
#define ANQUAN_AUDIT_H

#include <jansson.h>

#include "db.h"
#include "http.h"

/* Records an event of the current request. A "success" inside the request's transaction is
 * inserted at once, so it commits or rolls back with the change it describes; anything else
 * ("failure", "denied") is queued and written after the transaction ends, so a rollback cannot
 * erase it. `object_type`, `object_id` may be NULL; `detail` (stolen) may be NULL. Returns 0, or
 * -1 when the insert failed (the handler then answers with an error and the change rolls back). */
int audit_record(struct http_req *req, const char *action, const char *object_type,
		 const char *object_id, const char *result, json_t *detail);

/* Like audit_record for a request without a signed-in caller (sign-in, refresh): the user and
 * org are given (may be NULL). Inside a transaction on `c` the entry is inserted at once, whatever
 * its result (the sign-in code commits failures too); otherwise it is queued. */
int audit_record_as(struct http_req *req, struct db_conn *c, const char *user_id,
		    const char *username, const char *org_id, const char *org_path,
		    const char *action, const char *object_type, const char *object_id,
		    const char *result, json_t *detail);

/* Writes the queued entries of a request through `c` (outside any transaction). */
void audit_flush(struct http_req *req, struct db_conn *c);

/* Gives back a connection the handler took itself (sign-in, refresh): rolls back what is still
 * open, writes the queued entries outside it, releases c. */
void audit_release(struct http_req *req, struct db_conn *c);

extern const struct db_statement audit_sql[];

#endif

/* The audit log reader: GET /api/v1/audit. (Writing entries is audit.h's job.) */
#ifndef ANQUAN_AUDIT_LIST_H
#define ANQUAN_AUDIT_LIST_H

#include "db.h"
#include "http.h"

extern const struct db_statement audit_list_sql[];

/* The list of GET /audit (audit_list_sql.c), run by list_handle. */
struct list_desc;
extern const struct list_desc audit_list_desc;

/* GET /audit: entries of the caller's subtree, newest first, in pages. Returns the status sent. */
int audit_list(struct http_req *req);

#endif

/* The audit log reader: entries of the caller's subtree, newest first, filtered by time, user
 * and action (the list described in audit_list_sql.c, run by the one list runner). */
#include "audit_list.h"
#include "list.h"

int audit_list(struct http_req *req)
{
	return list_handle(req, &audit_list_desc);
}

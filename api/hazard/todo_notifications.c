/* The caller's notifications (made by hazard moves and the overdue sweep): GET /notifications,
 * a keyset list of the caller's own, newest first (unread=true: the unread ones); POST
 * /notifications/{id}/read marks one of the caller's own read. Another user's is not found. */
#include "audit.h"
#include "auth.h"
#include "dbjson.h"
#include "list.h"
#include "rest.h"
#include "todo.h"
#include "validate.h"

#include <string.h>

int todo_notification_user(struct http_req *req)
{
	const char *values[1] = {req->auth->id};
	PGresult *res = db_exec(req->db, "todo_notification_user", 1, values);
	int rc = db_ok(res) ? 0 : dbjson_error(req, res);

	PQclear(res);
	return rc;
}

int todo_notification_list(struct http_req *req)
{
	return list_handle(req, &notification_list_desc);
}

int todo_notification_read(struct http_req *req)
{
	const char *id = req->params[0];
	const char *values[2] = {id, req->auth->id};
	PGresult *res = NULL;
	json_t *body;
	int rc;

	if (!v_is_uuid(id))
		return rest_not_found(req);
	rc = rest_exec_row(req, "todo_notification_read", 2, values, &res);
	if (rc != 0)
		goto out;
	body = dbjson_row(res, 0);
	json_object_set_new(body, "allowed_actions", json_array());
	if (audit_record(req, "notification.read", "notification", id, "success", NULL) != 0) {
		json_decref(body);
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		json_decref(body);
		rc = req->status;
		goto out;
	}
	rc = http_json(req, 200, body);
out:
	PQclear(res);
	return rc;
}

/* The audit log: every write and every authentication event, appended and never changed (the
 * runtime role may insert and read, not update or delete). */
#include "audit.h"
#include "auth.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inserts one entry described by `e` (an object of the entry's fields). Returns 0 or -1. */
static int insert(struct db_conn *c, json_t *e)
{
	const char *keys[] = {"user_id",     "username",  "org_id", "org_path", "action",
			      "object_type", "object_id", "result", "address",	"request_id"};
	const char *vals[11];
	char *detail = json_dumps(json_object_get(e, "detail"), JSON_COMPACT);
	PGresult *res;
	size_t i;
	int rc;

	for (i = 0; i < 10; i++)
		vals[i] = json_string_value(json_object_get(e, keys[i]));
	vals[10] = detail != NULL ? detail : "{}";
	res = db_exec(c, "audit_insert", 11, vals);
	rc = db_ok(res) ? 0 : -1;
	PQclear(res);
	free(detail);
	return rc;
}

/* Returns a new reference: the entry as an object; NULL members are left out. */
static json_t *entry(struct http_req *req, const char *user_id, const char *username,
		     const char *org_id, const char *org_path, const char *action,
		     const char *object_type, const char *object_id, const char *result,
		     json_t *detail)
{
	json_t *e = json_object();

	if (user_id != NULL && user_id[0] != '\0')
		json_object_set_new(e, "user_id", json_string(user_id));
	if (username != NULL)
		json_object_set_new(e, "username", json_string(username));
	if (org_id != NULL && org_id[0] != '\0')
		json_object_set_new(e, "org_id", json_string(org_id));
	if (org_path != NULL && org_path[0] != '\0')
		json_object_set_new(e, "org_path", json_string(org_path));
	json_object_set_new(e, "action", json_string(action));
	if (object_type != NULL)
		json_object_set_new(e, "object_type", json_string(object_type));
	if (object_id != NULL)
		json_object_set_new(e, "object_id", json_string(object_id));
	json_object_set_new(e, "result", json_string(result));
	json_object_set_new(e, "address", json_string(req->ri->remote_addr));
	json_object_set_new(e, "request_id", json_string(req->request_id));
	json_object_set_new(e, "detail", detail != NULL ? detail : json_object());
	return e;
}

static int record(struct http_req *req, struct db_conn *c, json_t *e, const char *result)
{
	int rc = 0;

	if (c != NULL && strcmp(result, "success") == 0 &&
	    PQtransactionStatus(db_pg(c)) == PQTRANS_INTRANS) {
		rc = insert(c, e);
		json_decref(e);
		return rc;
	}
	if (req->audit_queue == NULL)
		req->audit_queue = json_array();
	json_array_append_new(req->audit_queue, e);
	return 0;
}

int audit_record(struct http_req *req, const char *action, const char *object_type,
		 const char *object_id, const char *result, json_t *detail)
{
	struct auth_principal *p = req->auth;
	json_t *e;

	if (p == NULL)
		e = entry(req, NULL, NULL, NULL, NULL, action, object_type, object_id, result,
			  detail);
	else
		e = entry(req, p->is_client ? NULL : p->id, p->name, p->org_id, p->org_path, action,
			  object_type, object_id, result, detail);
	return record(req, req->db, e, result);
}

int audit_record_as(struct http_req *req, struct db_conn *c, const char *user_id,
		    const char *username, const char *org_id, const char *org_path,
		    const char *action, const char *object_type, const char *object_id,
		    const char *result, json_t *detail)
{
	json_t *e = entry(req, user_id, username, org_id, org_path, action, object_type, object_id,
			  result, detail);

	/* Sign-in events are written in the request's own transaction whatever their result:
	 * the caller commits failures as well. */
	if (c != NULL && PQtransactionStatus(db_pg(c)) == PQTRANS_INTRANS) {
		int rc = insert(c, e);
		json_decref(e);
		return rc;
	}
	return record(req, c, e, result);
}

void audit_flush(struct http_req *req, struct db_conn *c)
{
	size_t i;
	json_t *e;

	if (req->audit_queue == NULL)
		return;
	if (c != NULL) {
		json_array_foreach(req->audit_queue, i, e)
		{
			if (insert(c, e) != 0)
				fprintf(stderr, "audit: request %s: cannot write an entry\n",
					req->request_id);
		}
	}
	json_decref(req->audit_queue);
	req->audit_queue = NULL;
}

void audit_release(struct http_req *req, struct db_conn *c)
{
	db_rollback(c);
	audit_flush(req, c);
	db_release(c);
}

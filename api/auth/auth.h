/* The authenticated caller of a request, as the auth gate established it. */
#ifndef ANQUAN_AUTH_H
#define ANQUAN_AUTH_H

#include "db.h"
#include "http.h"
#include "roles.h"

struct auth_principal {
	int is_client;	/* an API client rather than a user */
	char id[37];	/* user or client id */
	char name[101]; /* username or client name */
	char org_id[37];
	char org_path[256];	     /* ltree text, e.g. "1.4.17": the caller's subtree */
	const struct role_def *role; /* never NULL once authenticated */
	char sid[37];		     /* the session's refresh family (users) */
	int must_change_password;
};

/* The caller's subtree as ltree text, for statements' explicit scope parameter (the second layer
 * beside row-level security). Borrowed; valid for the request. */
const char *auth_scope(struct http_req *req);

/* Commits the request's transaction. Returns 0; on failure it has answered (503/500) and
 * returns -1. Write handlers call it before they send their success reply. */
int auth_commit(struct http_req *req);

/* The gate's statements (principal lookup). */
struct db_statement;
extern const struct db_statement auth_gate_sql[];

#endif

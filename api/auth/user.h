/* The user endpoints: /api/v1/users. */
#ifndef ANQUAN_USER_H
#define ANQUAN_USER_H

#include "db.h"
#include "http.h"

extern const struct db_statement user_sql[];

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
int user_list(struct http_req *req);	       /* GET   /users */
int user_get(struct http_req *req);	       /* GET   /users/{id} */
int user_create(struct http_req *req);	       /* POST  /users */
int user_patch(struct http_req *req);	       /* PATCH /users/{id} */
int user_reset_password(struct http_req *req); /* POST  /users/{id}/password */

/* The list of GET (run by list_handle), described beside its SQL. */
struct list_desc;
extern const struct list_desc user_list_desc;

/* The record kind (its allowed_actions go on every listed row too). */
struct rest_kind;
extern const struct rest_kind user_kind;

#endif

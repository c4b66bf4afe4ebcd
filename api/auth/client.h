/* The API client endpoints: /api/v1/api-clients (machine access with client credentials). */
#ifndef ANQUAN_CLIENT_H
#define ANQUAN_CLIENT_H

#include "db.h"
#include "http.h"

extern const struct db_statement client_sql[];

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
int client_list(struct http_req *req);	 /* GET    /api-clients */
int client_get(struct http_req *req);	 /* GET    /api-clients/{id} */
int client_create(struct http_req *req); /* POST   /api-clients */
int client_revoke(struct http_req *req); /* DELETE /api-clients/{id} */

/* The list of GET (run by list_handle), described beside its SQL. */
struct list_desc;
extern const struct list_desc client_list_desc;

/* The record kind (its allowed_actions go on every listed row too). */
struct rest_kind;
extern const struct rest_kind client_kind;

#endif

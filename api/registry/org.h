/* The org tree endpoints: /api/v1/orgs. */
#ifndef ANQUAN_ORG_H
#define ANQUAN_ORG_H

#include "db.h"
#include "http.h"

extern const struct db_statement org_sql[];

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
int org_list(struct http_req *req);   /* GET    /orgs */
int org_get(struct http_req *req);    /* GET    /orgs/{id} */
int org_create(struct http_req *req); /* POST   /orgs */
int org_patch(struct http_req *req);  /* PATCH  /orgs/{id} */
int org_move(struct http_req *req);   /* POST   /orgs/{id}/move */
int org_delete(struct http_req *req); /* DELETE /orgs/{id} */

/* The list of GET (run by list_handle), described beside its SQL. */
struct list_desc;
extern const struct list_desc org_list_desc;

/* The org record kind (org.c): listed rows carry its allowed_actions when it has them. */
struct rest_kind;
extern const struct rest_kind org_kind;

#endif

/* The checklist template endpoints: /api/v1/checklist-templates. */
#ifndef ANQUAN_CHECKLIST_H
#define ANQUAN_CHECKLIST_H

#include "db.h"
#include "http.h"

extern const struct db_statement checklist_sql[];

/* The keyset list of GET /checklists (checklist_sql.c). */
struct list_desc;
extern const struct list_desc checklist_list_desc;

/* The record kind (its allowed_actions go on every listed row too). */
struct rest_kind;
extern const struct rest_kind template_kind;

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
int checklist_list(struct http_req *req);   /* GET    /checklist-templates */
int checklist_get(struct http_req *req);    /* GET    /checklist-templates/{id} */
int checklist_create(struct http_req *req); /* POST   /checklist-templates */
int checklist_patch(struct http_req *req);  /* PATCH  /checklist-templates/{id} */
int checklist_delete(struct http_req *req); /* DELETE /checklist-templates/{id} (archives) */

#endif

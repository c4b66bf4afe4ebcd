/* The risk endpoints (风险数据库): /api/v1/risks, /risks/export. */
#ifndef ANQUAN_RISK_H
#define ANQUAN_RISK_H

#include "db.h"
#include "http.h"
#include "resource.h"

extern const struct db_statement risk_sql[];

/* The keyset list of GET /risks (risk_sql.c). */
struct list_desc;
extern const struct list_desc risk_list_desc;

/* The descriptor of risks (risk.c): the list uses its record kind, so every listed row carries
 * its allowed_actions too. */
extern const struct resource risk_resource;

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
/* risk_list.c */
int risk_list(struct http_req *req);   /* GET    /risks */
int risk_export(struct http_req *req); /* GET    /risks/export?format=csv|xlsx */
/* risk.c */
int risk_get(struct http_req *req);    /* GET    /risks/{id} */
int risk_create(struct http_req *req); /* POST   /risks */
int risk_patch(struct http_req *req);  /* PATCH  /risks/{id} (regrades) */
int risk_delete(struct http_req *req); /* DELETE /risks/{id} (archives) */

#endif

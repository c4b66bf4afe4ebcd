/* The inspection endpoints (监督检查数据库): /api/v1/inspections, /inspections/export. */
#ifndef ANQUAN_INSPECTION_H
#define ANQUAN_INSPECTION_H

#include <jansson.h>
#include <libpq-fe.h>

#include "db.h"
#include "http.h"

extern const struct db_statement inspection_sql[];

/* The keyset list of GET /inspections (inspection_sql.c). */
struct list_desc;
extern const struct list_desc inspection_list_desc;

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
/* inspection_list.c */
int inspection_list(struct http_req *req);   /* GET    /inspections */
int inspection_export(struct http_req *req); /* GET    /inspections/export */
/* inspection.c */
int inspection_get(struct http_req *req);    /* GET    /inspections/{id} */
int inspection_create(struct http_req *req); /* POST   /inspections */
int inspection_patch(struct http_req *req);  /* PATCH  /inspections/{id} (draft only) */
int inspection_delete(struct http_req *req); /* DELETE /inspections/{id} (draft only) */
/* inspection_results.c */
int inspection_put_result(struct http_req *req); /* PUT    /inspections/{id}/results/{position} */
/* inspection_workflow.c */
int inspection_act(struct http_req *req); /* POST   /inspections/{id}/actions/{action} */
int inspection_submit(
    struct http_req *req); /* POST   /inspections/{id}/submit (= actions/submit) */
int inspection_correction(
    struct http_req *req); /* POST   /inspections/{id}/correction (= actions/correct) */
int inspection_events(struct http_req *req); /* GET    /inspections/{id}/events */

/* The inspection workflow (inspection_workflow.c): draft -> submitted, corrections. */
struct workflow;
extern const struct workflow inspection_workflow;

/* Adds the caller's allowed_actions to the object of row `row` of an inspection list. */
void inspection_decorate(struct http_req *req, const PGresult *rows, int row, json_t *obj);

/* Whether the caller's role may keep inspections of `type`: a safety officer keeps only
 * self-inspections (自查) of their unit. */
int inspection_type_allowed(const struct http_req *req, const char *type);

/* The end of every successful write of inspection `id`: reads it back with results and
 * findings, records `action` (detail stolen), keeps a create's answer under its Idempotency-Key
 * (`body` borrowed), commits and sends it with its ETag (204 with `no_body`). Returns the status
 * sent. */
int inspection_finish(struct http_req *req, const char *action, const char *id, json_t *detail,
		      int status, int no_body, json_t *body);

#endif

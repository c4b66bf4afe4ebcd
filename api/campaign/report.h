/* The report endpoints (信息报送): /api/v1/reports, an org's filling of one reporting obligation of
 * a campaign, and its workflow draft -> submitted -> accepted | returned -> submitted. */
#ifndef ANQUAN_REPORT_H
#define ANQUAN_REPORT_H

#include "db.h"
#include "http.h"

extern const struct db_statement report_sql[];

/* The keyset list of GET /reports (report_sql.c). */
struct list_desc;
extern const struct list_desc report_list_desc;

/* The record kind (its allowed_actions go on every listed row too). */
struct rest_kind;
extern const struct rest_kind report_kind;

/* The report workflow (report_workflow.c). */
struct workflow;
extern const struct workflow report_workflow;

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
/* report.c */
int report_list(struct http_req *req);	   /* GET   /reports */
int report_get(struct http_req *req);	   /* GET   /reports/{id} */
int report_create(struct http_req *req);   /* POST  /reports */
int report_patch(struct http_req *req);	   /* PATCH /reports/{id} (draft, returned) */
int report_versions(struct http_req *req); /* GET   /reports/{id}/versions */
/* report_workflow.c */
int report_act(struct http_req *req);	 /* POST /reports/{id}/actions/{action} */
int report_events(struct http_req *req); /* GET  /reports/{id}/events */

#endif

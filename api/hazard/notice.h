/* Rectification notices (整改通知书): /api/v1/notices. An administration issues one to a unit for
 * one or more of its registered hazards, numbered without gaps per issuing org and year
 * (和卫安改〔2026〕3号); the unit receives it (签收). */
#ifndef ANQUAN_NOTICE_H
#define ANQUAN_NOTICE_H

#include <jansson.h>
#include <stddef.h>

#include "db.h"
#include "http.h"
#include "resource.h"

extern const struct db_statement notice_sql[];

/* The keyset list of GET /notices (notice_sql.c). */
struct list_desc;
extern const struct list_desc notice_list_desc;

/* The descriptor of notices (notice.c): the list uses its record kind, so every listed row
 * carries its allowed_actions too. */
extern const struct resource notice_resource;

/* The notice workflow (notice.c): issued -> received, one move (receive) by the unit. */
struct workflow;
extern const struct workflow notice_workflow;

/* Handlers (route table): each answers the request and returns the status it sent. */
int notice_list(struct http_req *req);	 /* GET  /notices */
int notice_get(struct http_req *req);	 /* GET  /notices/{id} */
int notice_create(struct http_req *req); /* POST /notices (issue) */
int notice_act(struct http_req *req);	 /* POST /notices/{id}/actions/{action} (receive) */
int notice_events(struct http_req *req); /* GET  /notices/{id}/events */
int notice_qr_svg(struct http_req *req); /* GET  /notices/{id}/qr.svg */

/* Returns the SVG (caller frees) of a QR code of `text` (at most NOTICE_QR_MAX bytes), error
 * correction level M, 4 modules of quiet zone, one 1x1 square per dark module (coordinates in
 * modules); *modules gets the symbol's width in modules without the quiet zone (17 + 4 x
 * version). NULL when the text is too long or libqrencode fails. No request, no database: the
 * unit test calls it. */
#define NOTICE_QR_MAX 512
char *notice_qr_make(const char *text, int *modules);

#endif

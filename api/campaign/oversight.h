/* The oversight of reporting (督导): the reporting table of a campaign's duty and period, reminders
 * to the orgs that have not reported, and a campaign's progress against its targets
 * (api/campaign/oversight*.c, migration 0023). */
#ifndef ANQUAN_OVERSIGHT_H
#define ANQUAN_OVERSIGHT_H

#include "db.h"
#include "http.h"

extern const struct db_statement oversight_sql[];

/* Handlers (route table): each answers the request and returns the status it sent. */
int oversight_reporting(struct http_req *req); /* GET  /campaigns/{id}/reporting */
int oversight_remind(struct http_req *req);    /* POST /campaigns/{id}/reminders */
int oversight_progress(struct http_req *req);  /* GET  /campaigns/{id}/progress */

#endif

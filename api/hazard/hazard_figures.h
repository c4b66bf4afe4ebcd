/* Hazard figures (GET /hazards/figures) and the import of a legacy hazard list (POST
 * /hazards/import). */
#ifndef ANQUAN_HAZARD_FIGURES_H
#define ANQUAN_HAZARD_FIGURES_H

#include "db.h"
#include "http.h"

extern const struct db_statement hazard_figures_sql[];

/* Handlers (route table): each answers the request and returns the status it sent. */
/* hazard_figures.c */
int hazard_figures(struct http_req *req); /* GET /hazards/figures?org_id&from&to */
/* hazard_import.c */
int hazard_import(struct http_req *req); /* POST /hazards/import?dry_run */

#endif

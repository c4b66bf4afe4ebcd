/* Figures for the overview pages: risks by grade and category, inspections by type and month
 * with coverage. (/figures/grid-coverage lives with the institutions.) */
#ifndef ANQUAN_FIGURES_H
#define ANQUAN_FIGURES_H

#include "db.h"
#include "http.h"

extern const struct db_statement figures_sql[];

/* Handlers (route table): each answers the request and returns the status it sent. */
int figures_risks(struct http_req *req);       /* GET /figures/risks?org_id */
int figures_inspections(struct http_req *req); /* GET /figures/inspections?org_id&from&to */

#endif

/* The institutions database (医疗卫生机构数据库): institutions, their key locations (重点部位)
 * and construction projects (施工项目), the grid coverage figure, CSV import and exports. */
#ifndef ANQUAN_INSTITUTION_H
#define ANQUAN_INSTITUTION_H

#include <jansson.h>

#include "db.h"
#include "http.h"

extern const struct db_statement institution_sql[];
extern const struct db_statement location_sql[];

/* The lists (institution_sql.c, location_sql.c), run by list_handle and list_export. */
struct list_desc;
extern const struct list_desc institution_list_desc;
extern const struct list_desc location_list_desc;
extern const struct list_desc project_list_desc;
extern const struct list_desc unpermitted_list_desc;

/* The record kinds whose allowed_actions listed rows carry too. */
struct rest_kind;
extern const struct rest_kind institution_kind;
extern const struct rest_kind location_kind;
extern const struct rest_kind project_kind;

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
int institution_list(struct http_req *req);	     /* GET    /institutions */
int institution_export(struct http_req *req);	     /* GET    /institutions/export */
int institution_get(struct http_req *req);	     /* GET    /institutions/{id} */
int institution_create(struct http_req *req);	     /* POST   /institutions */
int institution_patch(struct http_req *req);	     /* PATCH  /institutions/{id} */
int institution_archive(struct http_req *req);	     /* DELETE /institutions/{id} */
int institution_grid_coverage(struct http_req *req); /* GET /figures/grid-coverage */

int location_list(struct http_req *req);   /* GET    /institutions/{id}/key-locations */
int location_create(struct http_req *req); /* POST   /institutions/{id}/key-locations */
int location_get(struct http_req *req);	   /* GET    /key-locations/{id} */
int location_patch(struct http_req *req);  /* PATCH  /key-locations/{id} */
int location_delete(struct http_req *req); /* DELETE /key-locations/{id} */

int project_list(struct http_req *req);		      /* GET    /institutions/{id}/projects */
int project_create(struct http_req *req);	      /* POST   /institutions/{id}/projects */
int project_get(struct http_req *req);		      /* GET    /projects/{id} */
int project_patch(struct http_req *req);	      /* PATCH  /projects/{id} */
int project_delete(struct http_req *req);	      /* DELETE /projects/{id} */
int project_unpermitted(struct http_req *req);	      /* GET    /projects/unpermitted */
int project_unpermitted_export(struct http_req *req); /* GET /projects/unpermitted/export */

/* Shared by the institution handlers and the CSV import. */

/* Whether `s` is a phone number as the registry keeps it: 7 to 20 of digits and '-'. */
int institution_phone_ok(const char *s);

/* Checks a credit code, adding a "format" or "checksum" error named `field` (with `message`
 * prefix none). Returns 1 when valid. */
int institution_credit_code_ok(const char *code, const char *field, json_t *errors);

/* Answers a failed institution or unit-org write: a taken credit code, a sibling with the same
 * name, a unit that already has a record each get a 409 that says so. Returns the status. */
int institution_write_error(struct http_req *req, const PGresult *res);

#endif

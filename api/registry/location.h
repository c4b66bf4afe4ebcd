/* Helpers shared by the records that hang under an institution: key locations and projects. */
#ifndef ANQUAN_LOCATION_H
#define ANQUAN_LOCATION_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http.h"
#include "resource.h"

/* The descriptors of key locations and projects (location.c, project.c); their lists use the
 * record kinds inside them. */
extern const struct resource location_resource;
extern const struct resource project_resource;

/* The institution of a list or create (path parameter 0): 404 when missing or foreign; with
 * `writing`, 409 when archived. Returns 0 or the status sent. */
int child_institution(struct http_req *req, int writing);

/* The institution of a nested list (child_institution for reading): the lists' `before`. */
int child_list_parent(struct http_req *req);

/* Answers 409 because the record's institution is archived. */
int child_archived(struct http_req *req);

#endif

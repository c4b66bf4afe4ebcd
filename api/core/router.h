/* The route table: method + path pattern -> handler, and the dispatcher over it. */
#ifndef ANQUAN_ROUTER_H
#define ANQUAN_ROUTER_H

#include "http.h"
#include "roles.h"

/* A handler answers the request (it always sends a reply) and returns the status it sent. */
typedef int (*router_handler)(struct http_req *req);

struct router_route {
	const char *method;  /* "GET", "POST", ... ; GET routes also answer HEAD */
	const char *pattern; /* "/api/v1/orgs/{id}": a {name} segment matches one path segment */
	router_handler handler;
	enum perm perm; /* PERM_PUBLIC: no credentials; else the permission the role needs */
};

/* The route table, terminated by a route whose method is NULL (routes.c). */
extern const struct router_route router_routes[];

/* Answers an /api/ request from the table: 404 for an unknown path, 405 with Allow for a known
 * path with another method. Returns the status sent. */
int router_dispatch(struct http_req *req);

/* Matches `path` against `pattern`, storing {name} segments into req's params. Returns 1 on a
 * match, 0 otherwise. Exposed for the unit tests. */
int router_match(const char *pattern, const char *path, struct http_req *req);

#endif

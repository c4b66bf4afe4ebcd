/* The gate every routed request passes: authentication per the route's rule, then the handler. */
#ifndef ANQUAN_AUTH_GATE_H
#define ANQUAN_AUTH_GATE_H

#include "router.h"

/* Authenticates the request as the route requires and calls its handler; answers 401 itself
 * when credentials are required and missing or invalid. Returns the status sent. */
int auth_gate(struct http_req *req, const struct router_route *route);

#endif

/* The gate every routed request passes. The skeleton has public routes only; identity comes
 * with the sign-in work and plugs in here, so no handler authenticates on its own. */
#include "auth_gate.h"

int auth_gate(struct http_req *req, const struct router_route *route)
{
	if (route->perm != PERM_PUBLIC) {
		http_discard_body(req);
		return http_problem(req, 401, "unauthorized", "Sign-in required.", NULL,
				    "WWW-Authenticate: Bearer realm=\"anquan\"\r\n");
	}
	return route->handler(req);
}

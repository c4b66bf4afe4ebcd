/* The route table: every URL the API answers, its method, handler and who may call it. */
#include "router.h"
#include "system.h"

const struct router_route router_routes[] = {
	{"GET", "/api/v1/health", system_health, PERM_PUBLIC},
	{"GET", "/api/v1/ready", system_ready, PERM_PUBLIC},
	{"GET", "/api/v1/openapi.json", system_openapi, PERM_PUBLIC},
	{"POST", "/api/v1/echo", system_echo, PERM_PUBLIC},
	{NULL, NULL, NULL, PERM_PUBLIC},
};

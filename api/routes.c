/* The route table: every URL the API answers, its method, handler and who may call it. */
#include "router.h"
#include "system.h"

const struct router_route router_routes[] = {
	{"GET", "/api/v1/health", system_health, ROUTER_PUBLIC},
	{"GET", "/api/v1/ready", system_ready, ROUTER_PUBLIC},
	{"GET", "/api/v1/openapi.json", system_openapi, ROUTER_PUBLIC},
	{"POST", "/api/v1/echo", system_echo, ROUTER_PUBLIC},
	{NULL, NULL, NULL, ROUTER_PUBLIC},
};

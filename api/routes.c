/* The route table: every URL the API answers, its method, handler and who may call it. */
#include "authn.h"
#include "router.h"
#include "system.h"

const struct router_route router_routes[] = {
	{"GET", "/api/v1/health", system_health, PERM_PUBLIC},
	{"GET", "/api/v1/ready", system_ready, PERM_PUBLIC},
	{"GET", "/api/v1/openapi.json", system_openapi, PERM_PUBLIC},
	{"POST", "/api/v1/echo", system_echo, PERM_PUBLIC},
	{"GET", "/.well-known/jwks.json", authn_jwks, PERM_PUBLIC},
	{"POST", "/api/v1/auth/login", authn_login, PERM_PUBLIC},
	{"POST", "/api/v1/auth/refresh", authn_refresh, PERM_PUBLIC},
	{"POST", "/api/v1/auth/logout", authn_logout, PERM_PUBLIC},
	{"POST", "/api/v1/auth/token", authn_token, PERM_PUBLIC},
	{"GET", "/api/v1/auth/me", authn_me, PERM_SELF},
	{"POST", "/api/v1/auth/password", authn_change_password, PERM_SELF},
	{NULL, NULL, NULL, PERM_PUBLIC},
};

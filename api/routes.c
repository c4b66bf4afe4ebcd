/* The route table: every URL the API answers, its method, handler and who may call it. */
#include "audit_list.h"
#include "authn.h"
#include "client.h"
#include "org.h"
#include "router.h"
#include "system.h"
#include "user.h"

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
	{"GET", "/api/v1/orgs", org_list, PERM_ORG_READ},
	{"POST", "/api/v1/orgs", org_create, PERM_ORG_WRITE},
	{"GET", "/api/v1/orgs/{id}", org_get, PERM_ORG_READ},
	{"PATCH", "/api/v1/orgs/{id}", org_patch, PERM_ORG_WRITE},
	{"DELETE", "/api/v1/orgs/{id}", org_delete, PERM_ORG_WRITE},
	{"POST", "/api/v1/orgs/{id}/move", org_move, PERM_ORG_WRITE},
	{"GET", "/api/v1/users", user_list, PERM_USER_READ},
	{"POST", "/api/v1/users", user_create, PERM_USER_WRITE},
	{"GET", "/api/v1/users/{id}", user_get, PERM_USER_READ},
	{"PATCH", "/api/v1/users/{id}", user_patch, PERM_USER_WRITE},
	{"POST", "/api/v1/users/{id}/password", user_reset_password, PERM_USER_WRITE},
	{"GET", "/api/v1/api-clients", client_list, PERM_CLIENT_READ},
	{"POST", "/api/v1/api-clients", client_create, PERM_CLIENT_WRITE},
	{"GET", "/api/v1/api-clients/{id}", client_get, PERM_CLIENT_READ},
	{"DELETE", "/api/v1/api-clients/{id}", client_revoke, PERM_CLIENT_WRITE},
	{"GET", "/api/v1/audit", audit_list, PERM_AUDIT_READ},
	{NULL, NULL, NULL, PERM_PUBLIC},
};

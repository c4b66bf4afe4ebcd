/* The route patterns: exact segments, {param} segments, nothing partial. */
#include "../unit.h"
#include "router.h"

static void a_param_segment_captures_one_segment(void)
{
	struct http_req req;

	memset(&req, 0, sizeof(req));
	CHECK(router_match("/api/v1/orgs/{id}", "/api/v1/orgs/abc-123", &req) == 1);
	CHECK(req.nparams == 1);
	CHECK_STR(req.params[0], "abc-123");
	CHECK(router_match("/api/v1/orgs/{id}/users/{uid}", "/api/v1/orgs/a/users/b", &req) == 1);
	CHECK(req.nparams == 2);
	CHECK_STR(req.params[0], "a");
	CHECK_STR(req.params[1], "b");
}

static void no_partial_or_empty_match(void)
{
	struct http_req req;

	memset(&req, 0, sizeof(req));
	CHECK(router_match("/api/v1/health", "/api/v1/health", &req) == 1);
	CHECK(router_match("/api/v1/health", "/api/v1/healthz", &req) == 0);
	CHECK(router_match("/api/v1/health", "/api/v1/health/", &req) == 0);
	CHECK(router_match("/api/v1/health", "/api/v1", &req) == 0);
	CHECK(router_match("/api/v1/orgs/{id}", "/api/v1/orgs/", &req) == 0);
	CHECK(router_match("/api/v1/orgs/{id}", "/api/v1/orgs/a/b", &req) == 0);
}

static void every_route_is_unique_and_well_formed(void)
{
	const struct router_route *a, *b;

	for (a = router_routes; a->method != NULL; a++) {
		CHECK(strncmp(a->pattern, "/api/v1/", 8) == 0 ||
		      strncmp(a->pattern, "/.well-known/", 13) == 0);
		CHECK(a->handler != NULL);
		for (b = a + 1; b->method != NULL; b++)
			CHECK(!(strcmp(a->method, b->method) == 0 &&
				strcmp(a->pattern, b->pattern) == 0));
	}
}

void unit_router(void)
{
	a_param_segment_captures_one_segment();
	no_partial_or_empty_match();
	every_route_is_unique_and_well_formed();
}

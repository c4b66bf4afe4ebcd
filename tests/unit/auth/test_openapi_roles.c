/* The route table, the roles table and the OpenAPI document say the same thing: every route is
 * documented, every documented operation is routed, and each operation's x-anquan-permission and
 * x-anquan-roles match what the server enforces. */
#include "../unit.h"
#include "roles.h"
#include "router.h"

#include <ctype.h>
#include <jansson.h>

static json_t *operation(json_t *doc, const char *method, const char *path)
{
	char m[16];
	size_t i;

	for (i = 0; method[i] != '\0' && i < sizeof(m) - 1; i++)
		m[i] = (char)tolower((unsigned char)method[i]);
	m[i] = '\0';
	return json_object_get(json_object_get(json_object_get(doc, "paths"), path), m);
}

/* Whether the operation's x-anquan-roles equals the roles holding `p`. */
static int roles_match(json_t *op, enum perm p)
{
	json_t *listed = json_object_get(op, "x-anquan-roles");
	const struct role_def *r;
	size_t expected = 0, i;
	json_t *v;

	for (r = roles_table; r->name != NULL; r++) {
		int found = 0;
		if (!roles_allows(r, p))
			continue;
		expected++;
		json_array_foreach(listed, i, v)
		{
			if (json_is_string(v) && strcmp(json_string_value(v), r->name) == 0)
				found = 1;
		}
		if (!found) {
			fprintf(stderr, "  role %s missing from x-anquan-roles\n", r->name);
			return 0;
		}
	}
	return json_array_size(listed) == expected;
}

void unit_openapi_roles(void)
{
	json_error_t err;
	json_t *doc = json_load_file("build/openapi.json", 0, &err);
	const struct router_route *r;
	const char *path, *method;
	json_t *item, *op;
	size_t routed = 0, documented = 0;

	CHECK(doc != NULL);
	if (doc == NULL)
		return;
	for (r = router_routes; r->method != NULL; r++) {
		op = operation(doc, r->method, r->pattern);
		routed++;
		if (op == NULL) {
			fprintf(stderr, "  %s %s is routed but not in the OpenAPI document\n",
				r->method, r->pattern);
			CHECK(op != NULL);
			continue;
		}
		if (r->perm == PERM_PUBLIC) {
			CHECK_STR(json_string_value(json_object_get(op, "x-anquan-auth")), "none");
			continue;
		}
		if (json_string_value(json_object_get(op, "x-anquan-permission")) == NULL ||
		    strcmp(json_string_value(json_object_get(op, "x-anquan-permission")),
			   roles_perm_name(r->perm)) != 0)
			fprintf(stderr, "  %s %s: x-anquan-permission should be %s\n", r->method,
				r->pattern, roles_perm_name(r->perm));
		CHECK_STR(json_string_value(json_object_get(op, "x-anquan-permission")),
			  roles_perm_name(r->perm));
		if (!roles_match(op, r->perm))
			fprintf(stderr, "  %s %s: x-anquan-roles differ from roles.c\n", r->method,
				r->pattern);
		CHECK(roles_match(op, r->perm));
	}
	json_object_foreach(json_object_get(doc, "paths"), path, item)
	{
		json_object_foreach(item, method, op)
		{
			const struct router_route *found = NULL;
			char up[16];
			size_t i;
			if (strcmp(method, "parameters") == 0)
				continue;
			for (i = 0; method[i] != '\0' && i < sizeof(up) - 1; i++)
				up[i] = (char)toupper((unsigned char)method[i]);
			up[i] = '\0';
			documented++;
			for (r = router_routes; r->method != NULL; r++) {
				if (strcmp(r->pattern, path) == 0 && strcmp(r->method, up) == 0)
					found = r;
			}
			if (found == NULL)
				fprintf(stderr, "  %s %s is documented but not routed\n", up, path);
			CHECK(found != NULL);
		}
	}
	CHECK(routed == documented);
	/* The Permission enum lists exactly the permissions of roles.c. */
	{
		json_t *en = json_object_get(
		    json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
				    "Permission"),
		    "enum");
		int p;
		size_t i2;
		json_t *v;
		CHECK(json_array_size(en) == (size_t)(PERM_COUNT - 1));
		for (p = PERM_SELF; p < PERM_COUNT; p++) {
			int found = 0;
			json_array_foreach(en, i2, v)
			{
				if (strcmp(json_string_value(v), roles_perm_name((enum perm)p)) ==
				    0)
					found = 1;
			}
			if (!found)
				fprintf(stderr,
					"  permission %s missing from the Permission enum\n",
					roles_perm_name((enum perm)p));
			CHECK(found);
		}
	}
	json_decref(doc);
}

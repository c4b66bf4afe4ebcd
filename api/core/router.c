/* Dispatch over the route table: path patterns, 404 and 405 with Allow. */
#include "router.h"
#include "auth_gate.h"

#include <stdio.h>
#include <string.h>

int router_match(const char *pattern, const char *path, struct http_req *req)
{
	const char *p = pattern, *s = path;
	size_t used = 0;
	int n = 0;

	while (*p != '\0' && *s != '\0') {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t seg = strcspn(s, "/");
			if (close == NULL || seg == 0 || n >= HTTP_MAX_PARAMS ||
			    used + seg + 1 > sizeof(req->param_buf))
				return 0;
			memcpy(req->param_buf + used, s, seg);
			req->param_buf[used + seg] = '\0';
			req->params[n++] = req->param_buf + used;
			used += seg + 1;
			p = close + 1;
			s += seg;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p != '\0' || *s != '\0')
		return 0;
	req->nparams = n;
	return 1;
}

int router_dispatch(struct http_req *req)
{
	const struct router_route *r;
	char allow[128] = "";
	char extra[160];
	int is_head = strcmp(req->method, "HEAD") == 0;

	for (r = router_routes; r->method != NULL; r++) {
		if (!router_match(r->pattern, req->path, req))
			continue;
		if (strcmp(r->method, req->method) == 0 ||
		    (is_head && strcmp(r->method, "GET") == 0))
			return auth_gate(req, r);
		if (strstr(allow, r->method) == NULL) {
			size_t n = strlen(allow);
			snprintf(allow + n, sizeof(allow) - n, "%s%s", n ? ", " : "", r->method);
			if (strcmp(r->method, "GET") == 0) {
				n = strlen(allow);
				snprintf(allow + n, sizeof(allow) - n, ", HEAD");
			}
		}
	}
	if (allow[0] != '\0') {
		char detail[256];
		snprintf(extra, sizeof(extra), "Allow: %s\r\n", allow);
		snprintf(detail, sizeof(detail), "%s is not allowed here; allowed: %s.",
			 req->method, allow);
		http_discard_body(req);
		return http_problem(req, 405, "method_not_allowed", detail, NULL, extra);
	}
	http_discard_body(req);
	return http_problem(req, 404, "not_found", "No such resource.", NULL, NULL);
}

/* libFuzzer: the request path as the server reads it: CivetWeb's mg_url_decode (what fills
 * local_uri_raw), the checks of http_req_init (absolute, fits req.path), the escaping of bytes
 * that are not UTF-8 (http_escape_invalid_utf8, checked with utf8_valid), then router_match over
 * every route. A match must rebuild the path exactly from the pattern and the captured segments. */
#include "http.h"
#include "router.h"
#include "utf8.h"

#include <civetweb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whether `path` is `pattern` with each {name} replaced by the next of req's params, each one
 * non-empty segment without '/'. */
static int rebuilds(const char *pattern, const char *path, const struct http_req *req)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p != '\0') {
		if (*p == '{') {
			const char *v;
			size_t len;
			if (n >= req->nparams)
				return 0;
			v = req->params[n++];
			len = strlen(v);
			if (len == 0 || strchr(v, '/') != NULL || strncmp(s, v, len) != 0)
				return 0;
			s += len;
			p = strchr(p, '}') + 1;
			continue;
		}
		if (*p++ != *s++)
			return 0;
	}
	return *s == '\0' && n == req->nparams;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_req req;
	const struct router_route *r;
	char path[sizeof(req.path) + 64];
	int n;

	if (size > 4 * sizeof(req.path))
		return 0;
	n = mg_url_decode((const char *)data, (int)size, path, (int)sizeof(path), 0);
	if (n < 0 || (size_t)n >= sizeof(path))
		return 0;
	if (path[0] != '/' || strlen(path) >= sizeof(req.path))
		return 0;
	memset(&req, 0, sizeof(req));
	if (http_escape_invalid_utf8(path, req.path, sizeof(req.path)) != 0)
		return 0;
	/* What reaches the handlers, the reply and the access log is UTF-8, and only grows. */
	if (!utf8_valid(req.path, strlen(req.path)) || strlen(req.path) < strlen(path) ||
	    req.path[0] != '/')
		abort();
	for (r = router_routes; r->method != NULL; r++) {
		if (!router_match(r->pattern, req.path, &req))
			continue;
		if (req.nparams < 0 || req.nparams > HTTP_MAX_PARAMS ||
		    !rebuilds(r->pattern, req.path, &req))
			abort();
	}
	return 0;
}

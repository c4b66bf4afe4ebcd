/* Static files of the single-page app, for development. CivetWeb's own file serving stays off
 * (no document_root: CVE-2025-55763 in its directory redirect); this handler maps paths itself. */
#include "static.h"
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILE (8 * 1024 * 1024)

int static_path_safe(const char *path)
{
	const char *seg = path;

	if (path[0] != '/')
		return 0;
	for (const char *p = path; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	}
	while (*seg == '/') {
		size_t n;
		seg++;
		n = strcspn(seg, "/");
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		seg += n;
	}
	return 1;
}

const char *static_content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".json", "application/json; charset=utf-8"},
	    {".webmanifest", "application/manifest+json"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".jpg", "image/jpeg"},
	    {".jpeg", "image/jpeg"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot != NULL && strchr(dot, '/') == NULL) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
		}
	}
	return "application/octet-stream";
}

/* Reads a regular file of at most STATIC_MAX_FILE bytes under the real web root. Returns a
 * malloc'd buffer (caller frees) and fills *len and *st, or NULL. */
static char *read_under_root(const char *root, const char *rel, size_t *len, struct stat *st)
{
	char full[PATH_MAX], real[PATH_MAX];
	size_t rootlen = strlen(root);
	char *buf = NULL;
	int fd = -1;
	ssize_t n;

	if (snprintf(full, sizeof(full), "%s%s", root, rel) >= (int)sizeof(full))
		return NULL;
	/* A symlink pointing outside the web root is refused as well. */
	if (realpath(full, real) == NULL || strncmp(real, root, rootlen) != 0 ||
	    real[rootlen] != '/')
		return NULL;
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || st->st_size > STATIC_MAX_FILE)
		goto fail;
	buf = malloc((size_t)st->st_size + 1);
	if (buf == NULL)
		goto fail;
	n = read(fd, buf, (size_t)st->st_size);
	if (n != st->st_size)
		goto fail;
	*len = (size_t)n;
	close(fd);
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

int static_serve(struct http_req *req)
{
	char root[PATH_MAX];
	const char *rel = req->path;
	const char *last;
	char etag[64], extra[160];
	const char *inm;
	struct stat st;
	size_t len = 0;
	char *body = NULL;
	int rc;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		http_discard_body(req);
		return http_problem(req, 405, "method_not_allowed",
				    "Only GET and HEAD are allowed here.", NULL,
				    "Allow: GET, HEAD\r\n");
	}
	if (config.web_dir[0] == '\0' || realpath(config.web_dir, root) == NULL)
		return http_problem(req, 404, "not_found", "No such resource.", NULL, NULL);
	if (!static_path_safe(rel))
		return http_problem(req, 404, "not_found", "No such resource.", NULL, NULL);
	if (strcmp(rel, "/") == 0)
		rel = "/index.html";
	body = read_under_root(root, rel, &len, &st);
	if (body == NULL) {
		last = strrchr(req->path, '/');
		/* A missing asset (with an extension) is a 404; any other path is an SPA route. */
		if (last != NULL && strchr(last, '.') != NULL)
			return http_problem(req, 404, "not_found", "No such file.", NULL, NULL);
		rel = "/index.html";
		body = read_under_root(root, rel, &len, &st);
		if (body == NULL)
			return http_problem(req, 404, "not_found", "No such resource.", NULL, NULL);
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
		     (unsigned long long)st.st_mtim.tv_nsec);
	/* Files have no content hash in their names, so the browser revalidates every time. */
	snprintf(extra, sizeof(extra), "ETag: %s\r\nCache-Control: no-cache\r\n", etag);
	inm = http_header(req, "If-None-Match");
	if (inm != NULL && strstr(inm, etag) != NULL)
		rc = http_send(req, 304, NULL, NULL, 0, extra);
	else
		rc = http_send(req, 200, static_content_type(rel), body, len, extra);
	free(body);
	return rc;
}

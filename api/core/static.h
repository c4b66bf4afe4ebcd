/* Static files of the single-page app, for development (nginx serves them in deployment). */
#ifndef ANQUAN_STATIC_H
#define ANQUAN_STATIC_H

#include "http.h"

/* Serves a non-API path from the web directory: the file when it exists, 404 for a missing file
 * with an extension, index.html for any other path (the SPA's own routes). Returns the status. */
int static_serve(struct http_req *req);

/* Whether a decoded URL path is safe to map under the web directory: starts with '/', no ".."
 * or "." segment, no backslash, no control character. */
int static_path_safe(const char *path);

/* The Content-Type for a file name, by extension. Borrowed, never NULL. */
const char *static_content_type(const char *name);

#endif

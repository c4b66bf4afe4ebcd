/* The JSON-lines access log: one line per request. */
#ifndef ANQUAN_ACCESSLOG_H
#define ANQUAN_ACCESSLOG_H

#include "http.h"

/* Opens the log at `path` ("-" for stdout). Returns 0 or -1. */
int accesslog_open(const char *path);

/* A request begins: while it is under way, other requests' lines may wait in the buffer (up to
 * 200 ms). Each accesslog_enter is followed by the request's accesslog_write. */
void accesslog_enter(void);

/* Appends the line for a finished request; written at once when no other request is under way.
 * Thread-safe. */
void accesslog_write(const struct http_req *req);

/* Writes what waits and closes the log. */
void accesslog_close(void);

#endif

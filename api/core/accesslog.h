/* The JSON-lines access log: one line per request. */
#ifndef ANQUAN_ACCESSLOG_H
#define ANQUAN_ACCESSLOG_H

#include "http.h"

/* Opens the log at `path` ("-" for stdout). Returns 0 or -1. */
int accesslog_open(const char *path);

/* Appends the line for a finished request. Thread-safe. */
void accesslog_write(const struct http_req *req);

void accesslog_close(void);

#endif

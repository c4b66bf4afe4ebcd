/* System endpoints: health, readiness, the OpenAPI document, the JSON echo. */
#ifndef ANQUAN_SYSTEM_H
#define ANQUAN_SYSTEM_H

#include "db.h"
#include "http.h"

extern const struct db_statement system_sql[];

/* Loads the bundled OpenAPI document into memory. Returns 0, or -1 when it cannot be read
 * (the endpoint then answers 503). */
int system_load_openapi(const char *path);
void system_free_openapi(void);

int system_health(struct http_req *req);
int system_ready(struct http_req *req);
int system_openapi(struct http_req *req);
int system_echo(struct http_req *req);

#endif

/* Server configuration, read once from the environment at start. */
#ifndef ANQUAN_CONFIG_H
#define ANQUAN_CONFIG_H

#include <stddef.h>

struct config {
	const char *listen;        /* ANQUAN_LISTEN, "127.0.0.1:8080" */
	const char *database_url;  /* DATABASE_URL (runtime role) */
	int threads;               /* ANQUAN_THREADS, CivetWeb worker threads */
	int pool_size;             /* ANQUAN_POOL_SIZE, libpq connections */
	size_t body_limit;         /* ANQUAN_BODY_LIMIT, bytes of a request body */
	const char *web_dir;       /* ANQUAN_WEB_DIR, static files in development; "" disables */
	const char *openapi_file;  /* ANQUAN_OPENAPI_FILE, the bundled document */
	const char *access_log;    /* ANQUAN_ACCESS_LOG, file path or "-" for stdout */
	int request_timeout_ms;    /* ANQUAN_REQUEST_TIMEOUT_MS */
};

/* The process-wide configuration; valid after config_load(). Borrowed. */
extern struct config config;

/* Reads the environment into `config`. Returns 0, or -1 after printing why to stderr. */
int config_load(void);

/* Prints the effective configuration to stderr, with the password of DATABASE_URL masked. */
void config_print(void);

#endif

/* Server configuration from environment variables, with defaults for local development. */
#include "config.h"
#include "version.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct config config;

static const char *env_str(const char *name, const char *def)
{
	const char *v = getenv(name);

	return (v != NULL && v[0] != '\0') ? v : def;
}

/* Parses a positive integer variable within [min, max]; -1 on a bad value. */
static int env_long(const char *name, long def, long min, long max, long *out)
{
	const char *v = getenv(name);
	char *end = NULL;
	long n;

	if (v == NULL || v[0] == '\0') {
		*out = def;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "config: %s=%s is not an integer in [%ld, %ld]\n", name, v, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

int config_load(void)
{
	long threads, pool, body, timeout;

	config.listen = env_str("ANQUAN_LISTEN", "127.0.0.1:8080");
	config.database_url = env_str("DATABASE_URL", "postgresql://anquan_app@/anquan?host=var/pg/run&port=54329");
	config.web_dir = env_str("ANQUAN_WEB_DIR", "web");
	config.openapi_file = env_str("ANQUAN_OPENAPI_FILE", "build/openapi.json");
	config.access_log = env_str("ANQUAN_ACCESS_LOG", "-");
	if (env_long("ANQUAN_THREADS", 16, 1, 1024, &threads) != 0 ||
	    env_long("ANQUAN_POOL_SIZE", 8, 1, 512, &pool) != 0 ||
	    env_long("ANQUAN_BODY_LIMIT", 1048576, 1024, 1L << 30, &body) != 0 ||
	    env_long("ANQUAN_REQUEST_TIMEOUT_MS", 30000, 100, 3600000, &timeout) != 0)
		return -1;
	config.threads = (int)threads;
	config.pool_size = (int)pool;
	config.body_limit = (size_t)body;
	config.request_timeout_ms = (int)timeout;
	return 0;
}

/* Copies url into buf with any password (between "user:" and "@", or password=...) masked. */
static void mask_url(const char *url, char *buf, size_t len)
{
	const char *scheme = strstr(url, "://");
	const char *at, *colon;
	const char *pw;

	snprintf(buf, len, "%s", url);
	if (scheme != NULL) {
		at = strchr(scheme + 3, '@');
		colon = strchr(scheme + 3, ':');
		if (at != NULL && colon != NULL && colon < at)
			snprintf(buf, len, "%.*s:***%s", (int)(colon - url), url, at);
	}
	pw = strstr(buf, "password=");
	if (pw != NULL) {
		char *p = buf + (pw - buf) + strlen("password=");
		size_t rest = strcspn(p, " &");
		memmove(p + 3, p + rest, strlen(p + rest) + 1);
		memcpy(p, "***", 3);
	}
}

void config_print(void)
{
	char url[1024];

	mask_url(config.database_url, url, sizeof(url));
	fprintf(stderr,
		"anquan-api %s: listen=%s threads=%d pool=%d body_limit=%zu timeout_ms=%d\n"
		"  database=%s\n  web_dir=%s openapi=%s access_log=%s schema_version=%d\n",
		ANQUAN_VERSION, config.listen, config.threads, config.pool_size, config.body_limit,
		config.request_timeout_ms, url, config.web_dir[0] ? config.web_dir : "(off)",
		config.openapi_file, config.access_log, ANQUAN_SCHEMA_VERSION);
}

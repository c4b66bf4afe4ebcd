/* Server configuration from environment variables, with defaults for local development. */
#include "config.h"
#include "version.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		fprintf(stderr, "config: %s=%s is not an integer in [%ld, %ld]\n", name, v, min,
			max);
		return -1;
	}
	*out = n;
	return 0;
}

/* Parses a threshold triple variable; -1 on a bad value. */
static int env_thresholds(const char *name, const struct risk_thresholds *def,
			  struct risk_thresholds *out)
{
	const char *v = getenv(name);

	*out = *def;
	if (v == NULL || v[0] == '\0')
		return 0;
	if (risk_grade_parse_thresholds(v, out) != 0) {
		fprintf(
		    stderr,
		    "config: %s=%s is not three descending numbers >= 0 (e.g. \"320,160,70\")\n",
		    name, v);
		return -1;
	}
	return 0;
}

/* ANQUAN_PUBLIC_URL: http:// or https://, printable ASCII without spaces, quotes or angle
 * brackets (it is written into SVG and JSON), at most 200 bytes; a trailing slash is dropped.
 * Returns 0, or -1 after printing why. */
static int env_public_url(void)
{
	static char buf[201];
	const char *v = env_str("ANQUAN_PUBLIC_URL", "http://127.0.0.1:8080");
	size_t i, n = strlen(v);

	if (n > 200 || (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) ||
	    n <= 8) {
		fprintf(stderr,
			"ANQUAN_PUBLIC_URL: expected http(s)://host[:port][/path], got %s\n", v);
		return -1;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
		    c == '\\') {
			fprintf(stderr, "ANQUAN_PUBLIC_URL: character %zu is not allowed\n", i);
			return -1;
		}
	}
	memcpy(buf, v, n + 1);
	while (n > 0 && buf[n - 1] == '/')
		buf[--n] = '\0';
	config.public_url = buf;
	return 0;
}

/* The pool's size unless ANQUAN_POOL_SIZE says: two connections per CPU (PostgreSQL's rule of
 * thumb for a pool; at 32 connections on two cores the lists' throughput was highest at 4, and 8
 * queued more), and at least 4. */
static long default_pool_size(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus > 2 ? 2 * cpus : 4;
}

int config_load(void)
{
	long threads, pool, shared, body, timeout, attach;
	long ttl, idle, maxh, mem, passes, lanes, lock_n, lock_m, ipn, ipw, minlen, classes, age,
	    secure, clock, trust;

	config.listen = env_str("ANQUAN_LISTEN", "127.0.0.1:8080");
	config.database_url =
	    env_str("DATABASE_URL", "postgresql://anquan_app@/anquan?host=var/pg/run&port=54329");
	config.web_dir = env_str("ANQUAN_WEB_DIR", "web");
	config.openapi_file = env_str("ANQUAN_OPENAPI_FILE", "build/openapi.json");
	config.access_log = env_str("ANQUAN_ACCESS_LOG", "-");
	if (env_public_url() != 0)
		return -1;
	if (env_long("ANQUAN_THREADS", 64, 1, 1024, &threads) != 0 ||
	    env_long("ANQUAN_POOL_SIZE", default_pool_size(), 1, 512, &pool) != 0 ||
	    env_long("ANQUAN_SHARED_CONNECTIONS", 2, 0, 64, &shared) != 0 ||
	    env_long("ANQUAN_BODY_LIMIT", 1048576, 1024, 1L << 30, &body) != 0 ||
	    env_long("ANQUAN_REQUEST_TIMEOUT_MS", 30000, 100, 3600000, &timeout) != 0 ||
	    env_long("ANQUAN_ATTACHMENT_LIMIT", 10485760, 1024, 1L << 30, &attach) != 0)
		return -1;
	config.attachment_limit = (size_t)attach;
	config.key_dir = env_str("ANQUAN_JWT_KEY_DIR", "var/keys");
	if (env_long("ANQUAN_ACCESS_TTL_S", 600, 30, 3600, &ttl) != 0 ||
	    env_long("ANQUAN_SESSION_IDLE_MINUTES", 30, 1, 1440, &idle) != 0 ||
	    env_long("ANQUAN_SESSION_MAX_HOURS", 12, 1, 720, &maxh) != 0 ||
	    env_long("ANQUAN_ARGON2_MEMORY_KIB", 19456, 8, 4194304, &mem) != 0 ||
	    env_long("ANQUAN_ARGON2_PASSES", 2, 1, 100, &passes) != 0 ||
	    env_long("ANQUAN_ARGON2_LANES", 1, 1, 64, &lanes) != 0 ||
	    env_long("ANQUAN_LOCKOUT_THRESHOLD", 5, 1, 1000, &lock_n) != 0 ||
	    env_long("ANQUAN_LOCKOUT_MINUTES", 30, 1, 10080, &lock_m) != 0 ||
	    env_long("ANQUAN_LOGIN_IP_LIMIT", 30, 1, 1000000, &ipn) != 0 ||
	    env_long("ANQUAN_LOGIN_IP_WINDOW_S", 300, 1, 86400, &ipw) != 0 ||
	    env_long("ANQUAN_PASSWORD_MIN_LENGTH", 12, 6, 128, &minlen) != 0 ||
	    env_long("ANQUAN_PASSWORD_CLASSES", 0, 0, 4, &classes) != 0 ||
	    env_long("ANQUAN_PASSWORD_MAX_AGE_DAYS", 0, 0, 3650, &age) != 0 ||
	    env_long("ANQUAN_COOKIE_SECURE", 1, 0, 1, &secure) != 0 ||
	    env_long("ANQUAN_PRINCIPAL_TRUST_SECONDS", 30, 0, 3600, &trust) != 0 ||
	    env_long("ANQUAN_TEST_CLOCK", 0, 0, 1, &clock) != 0)
		return -1;
	config.test_clock = (int)clock;
	config.access_ttl_s = ttl;
	config.session_idle_s = idle * 60;
	config.session_max_s = maxh * 3600;
	config.argon2_memory_kib = (int)mem;
	config.argon2_passes = (int)passes;
	config.argon2_lanes = (int)lanes;
	config.lockout_threshold = (int)lock_n;
	config.lockout_s = lock_m * 60;
	config.ip_fail_limit = (int)ipn;
	config.ip_fail_window_s = ipw;
	config.password_min_length = (int)minlen;
	config.password_classes = (int)classes;
	config.password_max_age_s = age * 86400;
	config.cookie_secure = (int)secure;
	config.principal_trust_s = trust;
	if (env_thresholds("ANQUAN_RISK_LEC_THRESHOLDS", &risk_grade_lec_default,
			   &config.risk_lec) != 0 ||
	    env_thresholds("ANQUAN_RISK_MATRIX_THRESHOLDS", &risk_grade_matrix_default,
			   &config.risk_matrix) != 0)
		return -1;
	{
		long sweep, keep;
		if (env_long("ANQUAN_SWEEP_SECONDS", 300, 1, 86400, &sweep) != 0 ||
		    env_long("ANQUAN_IDEMPOTENCY_HOURS", 24, 1, 8760, &keep) != 0)
			return -1;
		config.sweep_interval_s = sweep;
		config.idempotency_keep_s = keep * 3600;
	}
	config.threads = (int)threads;
	config.pool_size = (int)pool;
	config.shared_conns = (int)shared;
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
	fprintf(
	    stderr,
	    "anquan-api %s: listen=%s threads=%d pool=%d shared=%d body_limit=%zu timeout_ms=%d\n"
	    "  database=%s\n  web_dir=%s openapi=%s access_log=%s schema_version=%d\n"
	    "  public_url=%s\n",
	    ANQUAN_VERSION, config.listen, config.threads, config.pool_size, config.shared_conns,
	    config.body_limit, config.request_timeout_ms, url,
	    config.web_dir[0] ? config.web_dir : "(off)", config.openapi_file, config.access_log,
	    ANQUAN_SCHEMA_VERSION, config.public_url);
	fprintf(
	    stderr,
	    "  keys=%s access_ttl=%lds session_idle=%lds argon2id m=%dKiB t=%d p=%d\n"
	    "  lockout=%d failures/%lds ip_limit=%d/%lds password min=%d classes=%d max_age=%lds\n"
	    "  principal_trust=%lds\n",
	    config.key_dir, config.access_ttl_s, config.session_idle_s, config.argon2_memory_kib,
	    config.argon2_passes, config.argon2_lanes, config.lockout_threshold, config.lockout_s,
	    config.ip_fail_limit, config.ip_fail_window_s, config.password_min_length,
	    config.password_classes, config.password_max_age_s, config.principal_trust_s);
	if (config.test_clock)
		fprintf(stderr, "  test clock on: X-Anquan-Now sets each request's app_now()\n");
	fprintf(stderr, "  risk thresholds lec=%g,%g,%g matrix=%g,%g,%g\n", config.risk_lec.t[0],
		config.risk_lec.t[1], config.risk_lec.t[2], config.risk_matrix.t[0],
		config.risk_matrix.t[1], config.risk_matrix.t[2]);
}

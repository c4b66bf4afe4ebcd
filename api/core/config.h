/* Server configuration, read once from the environment at start. */
#ifndef ANQUAN_CONFIG_H
#define ANQUAN_CONFIG_H

#include <stddef.h>

#include "risk_grade.h"

struct config {
	const char *listen;	  /* ANQUAN_LISTEN, "127.0.0.1:8080" */
	const char *database_url; /* DATABASE_URL (runtime role) */
	int threads;		  /* ANQUAN_THREADS, CivetWeb worker threads */
	int pool_size;		  /* ANQUAN_POOL_SIZE, libpq connections */
	int shared_conns;	  /* ANQUAN_SHARED_CONNECTIONS, shared by reads */
	size_t body_limit;	  /* ANQUAN_BODY_LIMIT, bytes of a request body */
	size_t attachment_limit;  /* ANQUAN_ATTACHMENT_LIMIT, bytes of an upload (10 MiB) */
	const char *web_dir;	  /* ANQUAN_WEB_DIR, static files in development; "" disables */
	const char *openapi_file; /* ANQUAN_OPENAPI_FILE, the bundled document */
	const char *access_log;	  /* ANQUAN_ACCESS_LOG, file path or "-" for stdout */
	int request_timeout_ms;	  /* ANQUAN_REQUEST_TIMEOUT_MS */
	/* ANQUAN_PUBLIC_URL, "http://127.0.0.1:8080": the address users open the SPA at, without a
	 * trailing slash (a notice's QR code links there; never taken from a request's Host) */
	const char *public_url;
	/* identity */
	const char *key_dir;	 /* ANQUAN_JWT_KEY_DIR, ES256 keys (*.pem), "var/keys" */
	long access_ttl_s;	 /* ANQUAN_ACCESS_TTL_S, 600 */
	long session_idle_s;	 /* ANQUAN_SESSION_IDLE_MINUTES (30) in seconds */
	long session_max_s;	 /* ANQUAN_SESSION_MAX_HOURS (12) in seconds */
	int argon2_memory_kib;	 /* ANQUAN_ARGON2_MEMORY_KIB, 19456 (OWASP) */
	int argon2_passes;	 /* ANQUAN_ARGON2_PASSES, 2 */
	int argon2_lanes;	 /* ANQUAN_ARGON2_LANES, 1 */
	int lockout_threshold;	 /* ANQUAN_LOCKOUT_THRESHOLD, 5 failures */
	long lockout_s;		 /* ANQUAN_LOCKOUT_MINUTES (30) in seconds */
	int ip_fail_limit;	 /* ANQUAN_LOGIN_IP_LIMIT, 30 failures per window per address */
	long ip_fail_window_s;	 /* ANQUAN_LOGIN_IP_WINDOW_S, 300 */
	int password_min_length; /* ANQUAN_PASSWORD_MIN_LENGTH, 12 */
	int password_classes;	 /* ANQUAN_PASSWORD_CLASSES, 0..4 classes required, 0 */
	long password_max_age_s; /* ANQUAN_PASSWORD_MAX_AGE_DAYS (0 = off) in seconds */
	int cookie_secure;	 /* ANQUAN_COOKIE_SECURE, 1 */
	/* ANQUAN_PRINCIPAL_TRUST_SECONDS, 30: how long a read trusts a principal the database
	 * confirmed, while no change to it is announced (principal_cache.h); 0 looks it up on
	 * every request */
	long principal_trust_s;
	/* tests: the X-Anquan-Now header sets app_now() for its request (auth_gate.c) */
	int test_clock; /* ANQUAN_TEST_CLOCK, 0 */
	/* background work (sweep.c) */
	long sweep_interval_s;	 /* ANQUAN_SWEEP_SECONDS, 300 */
	long idempotency_keep_s; /* ANQUAN_IDEMPOTENCY_HOURS (24) in seconds */
	/* risk grading: three descending thresholds each (major, significant, general) */
	struct risk_thresholds risk_lec;    /* ANQUAN_RISK_LEC_THRESHOLDS, "320,160,70" */
	struct risk_thresholds risk_matrix; /* ANQUAN_RISK_MATRIX_THRESHOLDS, "20,12,6" */
};

/* The process-wide configuration; valid after config_load(). Borrowed. */
extern struct config config;

/* Reads the environment into `config`. Returns 0, or -1 after printing why to stderr. */
int config_load(void);

/* Prints the effective configuration to stderr, with the password of DATABASE_URL masked. */
void config_print(void);

#endif

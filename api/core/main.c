/* anquan-api: configuration, the CivetWeb server, and a clean shutdown on SIGTERM/SIGINT. */
#include "accesslog.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "keys.h"
#include "labels.h"
#include "list.h"
#include "memory.h"
#include "password.h"
#include "principal_cache.h"
#include "router.h"
#include "stackmark.h"
#include "static.h"
#include "sweep.h"
#include "system.h"
#include "token.h"

#include <civetweb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Every request enters here: the API through the route table, everything else as a static
 * file. Returns the status sent (non-zero: CivetWeb treats the request as handled). */
static int on_request(struct mg_connection *conn, void *cbdata)
{
	struct http_req req;
	(void)cbdata;

	accesslog_enter();
	if (http_req_init(&req, conn) != 0) {
		http_discard_body(&req);
		http_problem(&req, 400, "bad_path", "The request path cannot be read.", NULL, NULL);
	} else if (http_check_framing(&req) != 0) {
		/* answered */
	} else if (strncmp(req.path, "/api/", 5) == 0 || strcmp(req.path, "/api") == 0 ||
		   strncmp(req.path, "/.well-known/", 13) == 0) {
		if (http_check_query(&req) == 0)
			router_dispatch(&req);
	} else {
		static_serve(&req);
	}
	accesslog_write(&req);
	http_req_free(&req);
	return req.status;
}

/* Errors CivetWeb finds before a request reaches the route table (a malformed request line, a
 * raw non-ASCII byte in the URL, headers over the limit) are answered as problem+json too, so
 * every client parses one error format. Returns 0: handled. */
static int on_http_error(struct mg_connection *conn, int status, const char *errmsg)
{
	char body[512], id[37];
	json_t *p;
	char *text;

	(void)errmsg;
	token_uuid(id);
	p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type",
		      status == 400 ? "https://anquan.example.cn/problems/bad_request"
				    : "https://anquan.example.cn/problems/http_error",
		      "title", http_reason(status), "status", status, "code",
		      status == 400 ? "bad_request" : "http_error", "detail",
		      status == 400
			  ? "The request could not be read: check the request line, that the URL "
			    "is percent-encoded (UTF-8), and the headers."
			  : "The request could not be handled.",
		      "request_id", id);
	text = p != NULL ? json_dumps(p, JSON_COMPACT) : NULL;
	snprintf(body, sizeof(body), "%s", text != NULL ? text : "{}");
	free(text);
	json_decref(p);
	mg_printf(
	    conn,
	    "HTTP/1.1 %d %s\r\nContent-Type: application/problem+json\r\nContent-Length: %zu\r\n"
	    "X-Request-Id: %s\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n%s",
	    status, http_reason(status), strlen(body), id, body);
	return 0;
}

/* Authorization is the route table's (auth_gate.c). Installing this handler, which lets every
 * request through, only stops CivetWeb from looking for an .htpasswd file on each request.
 * Returns 1: authorized. */
static int on_authorize(struct mg_connection *conn, void *cbdata)
{
	(void)conn;
	(void)cbdata;
	return 1;
}

/* Worker threads paint their stack when they start and measure it when they stop. */
static void *on_thread_start(const struct mg_context *ctx, int thread_type)
{
	(void)ctx;
	if (thread_type == 1)
		stackmark_paint();
	return NULL;
}

static void on_thread_stop(const struct mg_context *ctx, int thread_type, void *thread_pointer)
{
	(void)ctx;
	(void)thread_pointer;
	if (thread_type == 1)
		stackmark_measure();
}

/* CivetWeb's own log messages go to stderr. */
static int on_log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	fprintf(stderr, "civetweb: %s\n", message);
	return 1;
}

/* For `make bench`: prints the seconds one argon2id hash takes at the configured cost, the unit
 * of the sign-in bound (cores / seconds per hash). */
static int time_argon2(void)
{
	char hash[PASSWORD_HASH_MAX];
	struct timespec a, b;
	int i, n = 8;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (password_hash("bench-password-0123456789", hash, sizeof(hash)) != 0)
			return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.6f\n",
	       ((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9) / n);
	return 0;
}

/* For the code-list test: every code list of labels.c as JSON {"name": [[code, label], ...]}.
 * Returns the exit status. */
static int print_labels(void)
{
	const struct labels_list *l;
	json_t *all = json_object();
	char *text;
	int i;

	for (l = labels_lists; l->name != NULL; l++) {
		json_t *pairs = json_array();
		for (i = 0; l->labels[i].code != NULL; i++)
			json_array_append_new(
			    pairs, json_pack("[s, s]", l->labels[i].code, l->labels[i].label));
		json_object_set_new(all, l->name, pairs);
	}
	text = json_dumps(all, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(all);
	if (text == NULL)
		return 1;
	printf("%s\n", text);
	free(text);
	return 0;
}

/* For `make bench`: prints the SQL of prepared statement `name`, so that pgbench runs exactly
 * what the server runs. Returns the exit status. */
static int print_sql(const char *name)
{
	const struct db_statement *const *set;
	const struct db_statement *st;

	for (set = db_statement_sets; *set != NULL; set++) {
		for (st = *set; st->name != NULL; st++) {
			if (strcmp(st->name, name) == 0) {
				printf("%s\n", st->sql);
				return 0;
			}
		}
	}
	fprintf(stderr, "no statement named %s\n", name);
	return 1;
}

int main(int argc, char **argv)
{
	struct mg_callbacks callbacks;
	struct mg_context *ctx = NULL;
	struct sigaction sa;
	char threads[16], timeout[16];
	int rc = 1;

	if (memory_init() != 0)
		fprintf(stderr,
			"memory: malloc settings not taken (another allocator, e.g. ASan's)\n");
	if (config_load() != 0)
		return 2;
	if (list_init() != 0) {
		fprintf(stderr, "cannot generate the list statements\n");
		return 1;
	}
	if (argc == 2 && strcmp(argv[1], "--time-argon2") == 0)
		return time_argon2();
	if (argc == 3 && strcmp(argv[1], "--print-sql") == 0)
		return print_sql(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--print-labels") == 0)
		return print_labels();
	if (argc == 2 && strcmp(argv[1], "--check-sql") == 0) {
		/* every statement prepared once against DATABASE_URL: the pool prepares each on
		 * first use, so this finds a broken one before a request does */
		if (db_check_statements(config.database_url) != 0)
			return 1;
		printf("every statement prepares\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(
		    stderr,
		    "usage: %s [--time-argon2 | --print-sql NAME | --print-labels | --check-sql]   "
		    "(configuration comes from the environment)\n",
		    argv[0]);
		return 2;
	}
	config_print();
	if (accesslog_open(config.access_log) != 0) {
		fprintf(stderr, "cannot open access log %s\n", config.access_log);
		return 1;
	}
	labels_init();
	if (keys_init(config.key_dir) != 0)
		return 1;
	if (system_load_openapi(config.openapi_file) != 0)
		fprintf(stderr, "warning: cannot read %s; /api/v1/openapi.json answers 503\n",
			config.openapi_file);
	if (db_pool_init(config.database_url, config.pool_size, config.shared_conns) != 0) {
		fprintf(stderr, "cannot create the database pool\n");
		goto out;
	}
	if (principal_listen_start(config.database_url) != 0)
		fprintf(stderr, "warning: cannot start the principal listener; every read looks "
				"its principal up\n");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	snprintf(threads, sizeof(threads), "%d", config.threads);
	snprintf(timeout, sizeof(timeout), "%d", config.request_timeout_ms);
	{
		/* No document_root: CivetWeb serves no files (see static.c). */
		const char *options[] = {
		    "listening_ports",
		    config.listen,
		    "num_threads",
		    threads,
		    "enable_keep_alive",
		    "yes",
		    "keep_alive_timeout_ms",
		    "5000",
		    "tcp_nodelay",
		    "1",
		    "request_timeout_ms",
		    timeout,
		    "max_request_size",
		    "16384",
		    "enable_directory_listing",
		    "no",
		    NULL,
		};
		mg_init_library(0);
		memset(&callbacks, 0, sizeof(callbacks));
		callbacks.log_message = on_log_message;
		callbacks.http_error = on_http_error;
		callbacks.init_thread = on_thread_start;
		callbacks.exit_thread = on_thread_stop;
		ctx = mg_start(&callbacks, NULL, options);
	}
	if (ctx == NULL) {
		fprintf(stderr, "cannot listen on %s\n", config.listen);
		goto out;
	}
	mg_set_request_handler(ctx, "/", on_request, NULL);
	mg_set_auth_handler(ctx, "/", on_authorize, NULL);
	fprintf(stderr, "anquan-api: serving on http://%s/\n", config.listen);

	while (!stop_requested) {
		usleep(100 * 1000);
		memory_maintain();
		sweep_maybe();
	}
	fprintf(stderr, "anquan-api: stopping; finishing requests in flight\n");
	/* mg_stop returns once every worker has finished its current request. */
	mg_stop(ctx);
	ctx = NULL;
	{
		size_t size, used = stackmark_deepest(&size);
		fprintf(stderr, "anquan-api: worker stack: deepest use %zu of %zu bytes\n", used,
			size);
	}
	rc = 0;
out:
	if (ctx != NULL)
		mg_stop(ctx);
	principal_listen_stop();
	db_pool_close();
	system_free_openapi();
	keys_free();
	accesslog_close();
	list_free();
	mg_exit_library();
	fprintf(stderr, "anquan-api: stopped\n");
	return rc;
}

/* HTTP request context and reply helpers: JSON, problem+json, bounded JSON bodies. */
#ifndef ANQUAN_HTTP_H
#define ANQUAN_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

struct mg_connection;
struct mg_request_info;
struct auth_principal;
struct db_conn;

#define HTTP_MAX_PARAMS 4

/* One request in flight. Lives on the worker thread's stack for the request's duration. */
struct http_req {
	struct mg_connection *conn;
	const struct mg_request_info *ri;
	const char *method; /* borrowed from CivetWeb */
	char path[2048];    /* URL-decoded path, without query */
	char request_id[65];
	const char *params[HTTP_MAX_PARAMS]; /* path parameters, pointing into param_buf */
	int nparams;
	char param_buf[512];
	int status; /* status of the reply sent, 0 before */
	long long bytes_sent;
	int body_unread; /* a body was sent and not read: say Connection: close */
	int must_close;	 /* the request's framing cannot be trusted: close at once */
	struct timespec started;
	struct auth_principal *auth; /* the authenticated caller, set by the auth gate */
	struct db_conn *db;	     /* the request's transaction, opened by the auth gate */
	json_t *audit_queue;	     /* audit entries to write after the transaction (audit.c) */
	char *body; /* the request body, read once (http_read_body), NUL-terminated */
	size_t body_len;
	int body_read;
	int buffering; /* replies are kept in `out` until http_flush (auth_gate.c) */
	char *out;
	size_t out_len;
	char scope_buf[256]; /* the caller's org path, text form (auth gate) */
};

/* Fills the context for a new request: path decoding, request id. Returns 0, or -1 when the
 * path cannot be decoded (the caller answers 400). */
int http_req_init(struct http_req *req, struct mg_connection *conn);

/* Copies `in` to out (outlen bytes), writing each byte that is not part of well-formed UTF-8
 * as %XX. Returns 0, or -1 when it does not fit. */
int http_escape_invalid_utf8(const char *in, char *out, size_t outlen);

/* Checks that every query parameter's name and value decode to UTF-8 without NUL bytes. Returns
 * 0, or -1 after answering 400 naming each bad parameter. */
int http_check_query(struct http_req *req);

/* Checks the body framing headers: at most one Content-Length value, not beside
 * Transfer-Encoding. Returns 0, or -1 after answering 400 (the connection closes). */
int http_check_framing(struct http_req *req);

/* Returns the value of a request header, or NULL. Borrowed. */
const char *http_header(struct http_req *req, const char *name);

/* Copies the value of query parameter `name` (URL-decoded) into buf. Returns its length, or -1
 * when absent or too long. */
int http_query(struct http_req *req, const char *name, char *buf, size_t len);

/* Sends a complete reply. `extra` holds additional header lines ("Name: value\r\n" each) or NULL.
 * The body is not sent for HEAD. Returns the status. */
int http_send(struct http_req *req, int status, const char *content_type, const char *body,
	      size_t len, const char *extra);

/* Sends `body` as application/json and releases it (steals the reference). Returns the status. */
int http_json(struct http_req *req, int status, json_t *body);

/* Sends an RFC 9457 problem+json reply. `errors` (stolen, may be NULL) is an array of
 * {field, code, message}. `extra` as for http_send. Returns the status. */
int http_problem(struct http_req *req, int status, const char *code, const char *detail,
		 json_t *errors, const char *extra);

/* Answers 413 payload_too_large naming `body` (the configured body limit in the detail); the
 * rest of the body is left unread. Returns 413. */
int http_too_large(struct http_req *req);

/* http_too_large for a body bounded by `limit` bytes rather than the body limit (uploads). */
int http_too_large_limit(struct http_req *req, size_t limit);

/* Returns a new reference to a one-element errors array naming `field`. */
json_t *http_field_error(const char *field, const char *code, const char *message);

/* Reads the request body as JSON, enforcing the content type (415), the size limit (413, before
 * reading when Content-Length says so, while reading for chunked bodies) and JSON syntax (400,
 * with the position). On success stores a new reference in *out and returns 0; otherwise the
 * problem reply has been sent and it returns -1. `any` accepts any JSON value; otherwise only an
 * object. */
int http_read_json(struct http_req *req, json_t **out, int any);

/* Reads the request body once, bounded by the body limit (413 before reading when
 * Content-Length says so, while reading for chunked bodies), and keeps it: a handler run again
 * (a retried transaction) reads the same bytes. On success points *buf (borrowed, NUL-terminated)
 * and *len at it and returns 0; otherwise it has answered and returns -1. */
int http_read_body(struct http_req *req, const char **buf, size_t *len);

/* http_read_body bounded by `limit` bytes instead of the body limit (an attachment upload has
 * its own). */
int http_read_body_limit(struct http_req *req, size_t limit, const char **buf, size_t *len);

/* Sends the reply kept while buffering, and stops buffering. */
void http_flush(struct http_req *req);

/* Forgets the reply kept while buffering (the handler is run again). */
void http_discard_reply(struct http_req *req);

/* Frees what the request holds (its body, a reply never sent). */
void http_req_free(struct http_req *req);

/* Marks the connection for closing when the client sent a body that will not be read. */
void http_discard_body(struct http_req *req);

/* Whether a client-sent X-Request-Id is acceptable to echo (1..64 of [A-Za-z0-9._-]). */
int http_request_id_ok(const char *id);

/* Whether a Content-Type names JSON: application/json, parameters allowed, charset utf-8 only. */
int http_is_json_type(const char *content_type);

/* The HTTP reason phrase for a status. */
const char *http_reason(int status);

#endif

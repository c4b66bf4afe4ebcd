/* HTTP request context and reply helpers: JSON, problem+json, bounded JSON bodies. */
#include "http.h"
#include "config.h"
#include "jsonin.h"
#include "utf8.h"

#include <civetweb.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sent with every reply. The SPA loads only its own scripts and styles; nothing may frame it. */
static const char SECURITY_HEADERS[] =
    "Content-Security-Policy: default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
    "script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n"
    "X-Frame-Options: DENY\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

int http_request_id_ok(const char *id)
{
	size_t n = 0;

	for (; id[n] != '\0'; n++) {
		char c = id[n];
		if (n >= 64 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return n > 0;
}

/* Random bytes for request ids, drawn from OpenSSL 512 bytes at a time per worker thread: one
 * RAND_bytes call (a lock and a getpid) per 32 requests instead of one each. The pool is small:
 * glibc takes static TLS from the thread stack, which CivetWeb fixes at 100 KiB. */
static void request_random(unsigned char out[16])
{
	static __thread unsigned char pool[512];
	static __thread size_t left;

	if (left < 16) {
		if (RAND_bytes(pool, sizeof(pool)) != 1)
			abort(); /* no randomness: nothing about identity can be trusted any more */
		left = sizeof(pool);
	}
	memcpy(out, pool + sizeof(pool) - left, 16);
	left -= 16;
}

static void new_uuid(char out[37])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	int i, o = 0;

	request_random(b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0f];
	}
	out[o] = '\0';
}

int http_req_init(struct http_req *req, struct mg_connection *conn)
{
	const char *rid;
	const char *uri;

	memset(req, 0, sizeof(*req));
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	req->conn = conn;
	req->ri = mg_get_request_info(conn);
	req->method = req->ri->request_method;
	rid = mg_get_header(conn, "X-Request-Id");
	if (rid != NULL && http_request_id_ok(rid))
		snprintf(req->request_id, sizeof(req->request_id), "%s", rid);
	else
		new_uuid(req->request_id);
	/* CivetWeb has URL-decoded local_uri_raw; the static handler refuses ".." segments. */
	uri = req->ri->local_uri_raw != NULL ? req->ri->local_uri_raw : req->ri->local_uri;
	if (uri == NULL || uri[0] != '/' || strlen(uri) >= sizeof(req->path))
		return -1;
	/* Bytes that are not UTF-8 ("%ff%fe") stay percent-encoded: the path then matches no
	 * route or a malformed id (404), and the reply and the access log can name it. */
	if (http_escape_invalid_utf8(uri, req->path, sizeof(req->path)) != 0)
		return -1;
	return 0;
}

/* The length of the well-formed UTF-8 sequence at s[0] (1..4), or 0 when it is not one. */
static size_t utf8_seq(const char *s, size_t left)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;

	return n <= left && utf8_valid(s, n) ? n : 0;
}

int http_escape_invalid_utf8(const char *in, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0, o = 0, len = strlen(in);

	while (i < len) {
		size_t n = utf8_seq(in + i, len - i);
		if (n > 0) {
			if (o + n >= outlen)
				return -1;
			memcpy(out + o, in + i, n);
			o += n;
			i += n;
			continue;
		}
		if (o + 3 >= outlen)
			return -1;
		out[o++] = '%';
		out[o++] = hex[(unsigned char)in[i] >> 4];
		out[o++] = hex[(unsigned char)in[i] & 0x0f];
		i++;
	}
	out[o] = '\0';
	return 0;
}

/* json_array_extend that releases `more`. */
static void add_errors(json_t *array, json_t *more)
{
	json_array_extend(array, more);
	json_decref(more);
}

/* One query parameter's name or value, form-decoded into buf. Returns the decoded length, or -1
 * when it does not fit. */
static int decode_part(const char *s, size_t n, char *buf, size_t len)
{
	if (n >= len)
		return -1;
	return mg_url_decode(s, (int)n, buf, (int)len, 1);
}

int http_check_query(struct http_req *req)
{
	const char *qs = req->ri->query_string;
	char name[256], value[4096], field[800];
	json_t *errors;

	if (qs == NULL)
		return 0;
	errors = json_array();
	while (*qs != '\0') {
		size_t part = strcspn(qs, "&");
		size_t nlen = strcspn(qs, "=&");
		size_t vlen = nlen < part ? part - nlen - 1 : 0;
		int dn = decode_part(qs, nlen, name, sizeof(name));
		int dv = decode_part(qs + nlen + 1, vlen, value, sizeof(value));

		if (dn < 0 || http_escape_invalid_utf8(name, field, sizeof(field)) != 0)
			snprintf(field, sizeof(field), "query");
		/* A value too long to check here is checked by its handler's length rule. */
		if (dn < 0 || !utf8_valid(name, (size_t)dn) || strlen(name) != (size_t)dn ||
		    (dv >= 0 && (!utf8_valid(value, (size_t)dv) || strlen(value) != (size_t)dv)))
			add_errors(
			    errors,
			    http_field_error(
				field, "encoding",
				"The parameter must be percent-encoded UTF-8 without NUL bytes."));
		qs += part;
		if (*qs == '&')
			qs++;
	}
	if (json_array_size(errors) == 0) {
		json_decref(errors);
		return 0;
	}
	http_discard_body(req);
	http_problem(req, 400, "validation_failed", "A query parameter is not valid UTF-8.", errors,
		     NULL);
	return -1;
}

int http_check_framing(struct http_req *req)
{
	const char *clen = NULL;
	int i, te = 0, bad = 0;

	/* RFC 9112 6.3: differing Content-Length values, or one beside Transfer-Encoding, make
	 * the body's end ambiguous (request smuggling): answer 400 and close. */
	for (i = 0; i < req->ri->num_headers; i++) {
		const char *name = req->ri->http_headers[i].name;
		const char *value = req->ri->http_headers[i].value;
		if (strcasecmp(name, "Transfer-Encoding") == 0)
			te = 1;
		if (strcasecmp(name, "Content-Length") != 0)
			continue;
		if (strchr(value, ',') != NULL || (clen != NULL && strcmp(clen, value) != 0))
			bad = 1;
		clen = value;
	}
	if (!bad && !(te && clen != NULL))
		return 0;
	req->must_close = 1;
	http_problem(req, 400, "bad_request",
		     "The request has conflicting Content-Length or Transfer-Encoding headers.",
		     http_field_error("Content-Length", "conflict",
				      "send one Content-Length, or Transfer-Encoding alone"),
		     NULL);
	return -1;
}

const char *http_header(struct http_req *req, const char *name)
{
	return mg_get_header(req->conn, name);
}

int http_query(struct http_req *req, const char *name, char *buf, size_t len)
{
	const char *qs = req->ri->query_string;
	int n;

	if (qs == NULL)
		return -1;
	n = mg_get_var(qs, strlen(qs), name, buf, len);
	return n < 0 ? -1 : n;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 428:
		return "Precondition Required";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Unknown";
	}
}

/* Whether the connection stays open after this reply (RFC 9112 9.3): not when a body was left
 * unread, nor when the client asked to close or speaks HTTP/1.0 without keep-alive. */
static int keep_alive(struct http_req *req)
{
	const char *c = http_header(req, "Connection");
	const char *v = req->ri->http_version;

	if (req->body_unread || req->must_close)
		return 0;
	if (c != NULL && strcasestr(c, "close") != NULL)
		return 0;
	if (v != NULL && strcmp(v, "1.0") == 0)
		return c != NULL && strcasestr(c, "keep-alive") != NULL;
	return 1;
}

int http_send(struct http_req *req, int status, const char *content_type, const char *body,
	      size_t len, const char *extra)
{
	char head[2048], date[64], clen[48] = "";
	char *out = head;
	int is_head = strcmp(req->method, "HEAD") == 0;
	int keep = keep_alive(req);
	size_t n, blen = is_head ? 0 : len;
	time_t now = time(NULL);
	struct tm tm;
	int h;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (status != 204 && status != 304)
		snprintf(clen, sizeof(clen), "Content-Length: %zu\r\n", len);
	/* The status line, the headers and the body go out in one write (CivetWeb's header API
	 * sends each line on its own). The headers are ours and bounded; extra lines are short. */
	h = snprintf(head, sizeof(head),
		     "HTTP/1.1 %d %s\r\nDate: %s\r\nConnection: %s\r\n%s%s%s%s"
		     "X-Request-Id: %s\r\n%s%s\r\n",
		     status, http_reason(status), date, keep ? "keep-alive" : "close",
		     content_type != NULL ? "Content-Type: " : "",
		     content_type != NULL ? content_type : "", content_type != NULL ? "\r\n" : "",
		     clen, req->request_id, SECURITY_HEADERS, extra != NULL ? extra : "");
	if (h < 0 || (size_t)h >= sizeof(head))
		abort(); /* our own headers outgrew the buffer: a programming error */
	n = (size_t)h;
	if (blen > 0 && n + blen <= sizeof(head)) {
		memcpy(head + n, body, blen);
		n += blen;
		blen = 0;
	} else if (blen > 0 && (out = malloc(n + blen)) != NULL) {
		memcpy(out, head, n);
		memcpy(out + n, body, blen);
		n += blen;
		blen = 0;
	} else {
		out = head; /* out of memory: headers, then the body, in two writes */
	}
	/* A body left unread is discarded by CivetWeb after the reply, so that the client, still
	 * sending it, reads the answer; a request whose framing is in doubt is not read further. */
	if (req->must_close)
		mg_disable_connection_keep_alive(req->conn);
	if (req->buffering && blen == 0) {
		/* kept until the handler's transaction has held (http_flush) */
		free(req->out);
		req->out = out != head ? out : malloc(n);
		if (req->out != NULL && out == head)
			memcpy(req->out, head, n);
		req->out_len = req->out != NULL ? n : 0;
		out = head;
	} else {
		mg_write(req->conn, out, n);
		if (blen > 0)
			mg_write(req->conn, body, blen);
	}
	if (out != head)
		free(out);
	req->status = status;
	req->bytes_sent = is_head ? 0 : (long long)len;
	return status;
}

int http_json(struct http_req *req, int status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15));
	int rc;

	json_decref(body);
	if (text == NULL)
		return http_problem(req, 500, "internal", "The reply could not be encoded.", NULL,
				    NULL);
	rc = http_send(req, status, "application/json; charset=utf-8", text, strlen(text), NULL);
	free(text);
	return rc;
}

json_t *http_field_error(const char *field, const char *code, const char *message)
{
	return json_pack("[{s:s, s:s, s:s}]", "field", field, "code", code, "message", message);
}

int http_problem(struct http_req *req, int status, const char *code, const char *detail,
		 json_t *errors, const char *extra)
{
	char type[128];
	json_t *p;
	char *text;
	int rc;

	snprintf(type, sizeof(type), "https://anquan.example.cn/problems/%s", code);
	p = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type", type, "title", http_reason(status),
		      "status", status, "code", code, "instance", req->path, "request_id",
		      req->request_id);
	if (p == NULL) {
		json_decref(errors);
		return http_send(req, 500, "application/problem+json", "{}", 2, extra);
	}
	if (detail != NULL)
		json_object_set_new(p, "detail", json_string(detail));
	if (errors != NULL)
		json_object_set_new(p, "errors", errors);
	text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	if (text == NULL)
		return http_send(req, 500, "application/problem+json", "{}", 2, extra);
	rc = http_send(req, status, "application/problem+json", text, strlen(text), extra);
	free(text);
	return rc;
}

int http_is_json_type(const char *ct)
{
	size_t n = strcspn(ct, ";");
	const char *params = ct + n;

	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (!(n == strlen("application/json") && strncasecmp(ct, "application/json", n) == 0))
		return 0;
	if (strcasestr(params, "charset") != NULL && strcasestr(params, "utf-8") == NULL)
		return 0;
	return 1;
}

void http_discard_body(struct http_req *req)
{
	const char *te = http_header(req, "Transfer-Encoding");

	if (req->ri->content_length > 0 || te != NULL)
		req->body_unread = 1;
}

int http_too_large(struct http_req *req)
{
	return http_too_large_limit(req, config.body_limit);
}

int http_too_large_limit(struct http_req *req, size_t limit)
{
	char detail[128];

	snprintf(detail, sizeof(detail), "The request body exceeds the limit of %zu bytes.", limit);
	req->body_unread = 1;
	return http_problem(req, 413, "payload_too_large", detail,
			    http_field_error("body", "too_large", detail), NULL);
}

int http_read_body(struct http_req *req, const char **out, size_t *out_len)
{
	return http_read_body_limit(req, config.body_limit, out, out_len);
}

int http_read_body_limit(struct http_req *req, size_t limit, const char **out, size_t *out_len)
{
	long long clen = req->ri->content_length;
	size_t cap, len = 0;
	char *buf = NULL;

	if (req->body_read) {
		*out = req->body;
		*out_len = req->body_len;
		return 0;
	}
	*out = NULL;
	*out_len = 0;
	if (clen > (long long)limit) {
		http_too_large_limit(req, limit);
		return -1;
	}
	/* Chunked bodies have no length: read at most one byte past the limit to notice them. */
	cap = clen >= 0 ? (size_t)clen : 16384;
	buf = malloc(cap + 1);
	if (buf == NULL) {
		http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		return -1;
	}
	for (;;) {
		int n;
		if (len == cap) {
			char *nb;
			if (clen >= 0 || cap > limit)
				break;
			cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
			nb = realloc(buf, cap + 1);
			if (nb == NULL) {
				free(buf);
				http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
				return -1;
			}
			buf = nb;
		}
		n = mg_read(req->conn, buf + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len > limit) {
			free(buf);
			http_too_large_limit(req, limit);
			return -1;
		}
	}
	buf[len] = '\0';
	req->body = buf;
	req->body_len = len;
	req->body_read = 1;
	*out = buf;
	*out_len = len;
	return 0;
}

int http_read_json(struct http_req *req, json_t **out, int any)
{
	const char *ct = http_header(req, "Content-Type");
	const char *buf;
	size_t len;
	json_error_t err;
	json_t *doc = NULL;
	int rc = -1;

	*out = NULL;
	if (ct == NULL || !http_is_json_type(ct)) {
		http_discard_body(req);
		http_problem(
		    req, 415, "unsupported_media_type",
		    "The request body must be sent as Content-Type: application/json.",
		    http_field_error("Content-Type", "unsupported", "expected application/json"),
		    NULL);
		goto out;
	}
	if (http_read_body(req, &buf, &len) != 0)
		goto out;
	doc = jsonin_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (doc == NULL) {
		char detail[300];
		snprintf(detail, sizeof(detail), "Invalid JSON at line %d, column %d (byte %d): %s",
			 err.line, err.column, err.position, err.text);
		http_problem(req, 400, "invalid_json", detail,
			     http_field_error("body", "invalid_json", detail), NULL);
		goto out;
	}
	/* Well-formed JSON of the wrong type is invalid input, not a syntax error. */
	if (!any && !json_is_object(doc)) {
		http_problem(req, 400, "validation_failed",
			     "The request body must be a JSON object.",
			     http_field_error("body", "type", "expected a JSON object"), NULL);
		goto out;
	}
	*out = doc;
	doc = NULL;
	rc = 0;
out:
	json_decref(doc);
	return rc;
}

void http_flush(struct http_req *req)
{
	if (req->out != NULL)
		mg_write(req->conn, req->out, req->out_len);
	http_discard_reply(req);
	req->buffering = 0;
}

void http_discard_reply(struct http_req *req)
{
	free(req->out);
	req->out = NULL;
	req->out_len = 0;
}

void http_req_free(struct http_req *req)
{
	http_discard_reply(req);
	free(req->body);
	req->body = NULL;
	req->body_read = 0;
}

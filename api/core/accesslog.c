/* The JSON-lines access log: one line per request, formatted on the stack and written with one
 * write(2) under a lock, so lines never mix and a reader sees each line as soon as the request
 * ends. Written by hand rather than through jansson: the log line is on every request's path. */
#include "accesslog.h"
#include "utf8.h"

#include <civetweb.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 8192

static int log_fd = -1;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

int accesslog_open(const char *path)
{
	if (strcmp(path, "-") == 0) {
		log_fd = STDOUT_FILENO;
		return 0;
	}
	log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	return log_fd >= 0 ? 0 : -1;
}

/* Line being built: bytes in buf[0..len), never past cap (what does not fit is cut). */
struct line {
	char buf[LINE_MAX_BYTES];
	size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (n > sizeof(l->buf) - l->len)
		n = sizeof(l->buf) - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

/* Appends `s` as a JSON string: quotes, backslashes and control bytes escaped; a text that is not
 * well-formed UTF-8 has each byte past ASCII written as \u00XX, so the line always parses. */
static void put_string(struct line *l, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = s != NULL ? strlen(s) : 0, i;
	int raw_utf8 = n > 0 && utf8_valid(s, n);
	char esc[6] = {'\\', 'u', '0', '0', 0, 0};

	put(l, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			char two[2] = {'\\', (char)c};
			put(l, two, 2);
		} else if (c < 0x20 || (c >= 0x80 && !raw_utf8)) {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(l, esc, 6);
		} else {
			put(l, (const char *)&s[i], 1);
		}
	}
	put(l, "\"", 1);
}

static void put_fmt(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_fmt(struct line *l, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(l, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void accesslog_write(const struct http_req *req)
{
	struct timespec now, wall;
	struct tm tm;
	struct line l;
	long long us;
	const char *p;
	ssize_t w;

	if (log_fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	gmtime_r(&wall.tv_sec, &tm);
	us = (long long)(now.tv_sec - req->started.tv_sec) * 1000000LL +
	     (now.tv_nsec - req->started.tv_nsec) / 1000;
	if (us < 0)
		us = 0;
	l.len = 0;
	put_fmt(&l, "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"request_id\":",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		wall.tv_nsec / 1000000);
	put_string(&l, req->request_id);
	put(&l, ",\"method\":", 10);
	put_string(&l, req->method);
	put(&l, ",\"path\":", 8);
	put_string(&l, req->path);
	put_fmt(&l, ",\"status\":%d,\"bytes\":%lld,\"duration_ms\":%lld.%03lld,\"remote\":",
		req->status, req->bytes_sent, us / 1000, us % 1000);
	put_string(&l, req->ri != NULL ? req->ri->remote_addr : "");
	/* the closing brace and the newline always fit: a cut line still ends a line */
	if (l.len > sizeof(l.buf) - 2)
		l.len = sizeof(l.buf) - 2;
	l.buf[l.len++] = '}';
	l.buf[l.len++] = '\n';
	pthread_mutex_lock(&log_lock);
	for (p = l.buf; l.len > 0;) {
		w = write(log_fd, p, l.len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		l.len -= (size_t)w;
	}
	pthread_mutex_unlock(&log_lock);
}

void accesslog_close(void)
{
	if (log_fd >= 0 && log_fd != STDOUT_FILENO)
		close(log_fd);
	log_fd = -1;
}

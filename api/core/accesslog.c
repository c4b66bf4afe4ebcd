/* The JSON-lines access log: one line per request, formatted on the stack and added whole to a
 * buffer under a lock, so lines never mix. The buffer goes out in one write(2) when the request
 * adding a line is the only one under way (an otherwise idle server writes each line as its
 * request ends), when it holds FLUSH_BYTES, or when its oldest line has waited FLUSH_MS (a
 * thread of its own looks): under load one write carries a hundred lines or more instead of a
 * system call per request (about a tenth of the server's CPU on a /ready). Written by hand
 * rather than through jansson: the log line is on every request's path. */
#include "accesslog.h"
#include "utf8.h"

#include <civetweb.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 8192

#define BUFFER_BYTES (64 * 1024)
#define FLUSH_BYTES (32 * 1024)
#define FLUSH_MS 200

static int log_fd = -1;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_tick;
static char pending[BUFFER_BYTES]; /* lines not yet written, whole */
static size_t pending_len;
static long pending_since; /* CLOCK_MONOTONIC ms of the oldest pending line */
static int stopping;
static pthread_t flusher;
static int flusher_started;
static _Atomic int under_way; /* requests begun (accesslog_enter) whose line is not yet added */

static long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* With the lock held: writes the pending lines. */
static void flush_pending(void)
{
	const char *p = pending;
	size_t left = pending_len;
	ssize_t w;

	while (left > 0) {
		w = write(log_fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break; /* a full disk: the lines are dropped rather than kept without bound
				*/
		p += w;
		left -= (size_t)w;
	}
	pending_len = 0;
}

/* Writes lines that have waited FLUSH_MS while requests are still under way: asleep while
 * nothing waits (a line added to an empty buffer wakes it), otherwise until the oldest is due. */
static void *flush_late_lines(void *arg)
{
	struct timespec at;
	long due;

	(void)arg;
	pthread_mutex_lock(&log_lock);
	while (!stopping) {
		if (pending_len == 0) {
			pthread_cond_wait(&log_tick, &log_lock);
			continue;
		}
		due = pending_since + FLUSH_MS;
		if (mono_ms() >= due) {
			flush_pending();
			continue;
		}
		at.tv_sec = due / 1000;
		at.tv_nsec = due % 1000 * 1000000L;
		pthread_cond_timedwait(&log_tick, &log_lock, &at);
	}
	pthread_mutex_unlock(&log_lock);
	return NULL;
}

int accesslog_open(const char *path)
{
	pthread_condattr_t attr;

	if (strcmp(path, "-") == 0)
		log_fd = STDOUT_FILENO;
	else
		log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (log_fd < 0)
		return -1;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&log_tick, &attr);
	pthread_condattr_destroy(&attr);
	stopping = 0;
	pending_len = 0;
	flusher_started = pthread_create(&flusher, NULL, flush_late_lines, NULL) == 0;
	return 0;
}

void accesslog_enter(void)
{
	atomic_fetch_add(&under_way, 1);
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
	long now_ms;
	int others = atomic_fetch_sub(&under_way, 1) - 1, first;

	if (log_fd < 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	now_ms = (long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
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
	if (pending_len + l.len > sizeof(pending))
		flush_pending();
	first = pending_len == 0;
	if (first)
		pending_since = now_ms;
	memcpy(pending + pending_len, l.buf, l.len);
	pending_len += l.len;
	/* no other request under way, or enough for one write, or the oldest line late (its
	 * flusher held up) */
	if (others <= 0 || pending_len >= FLUSH_BYTES || !flusher_started ||
	    now_ms - pending_since >= FLUSH_MS)
		flush_pending();
	else if (first)
		pthread_cond_signal(&log_tick); /* the flusher sleeps until a line waits */
	pthread_mutex_unlock(&log_lock);
}

void accesslog_close(void)
{
	pthread_mutex_lock(&log_lock);
	stopping = 1;
	pthread_cond_signal(&log_tick);
	pthread_mutex_unlock(&log_lock);
	if (flusher_started)
		pthread_join(flusher, NULL);
	flusher_started = 0;
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0) {
		flush_pending();
		pthread_cond_destroy(&log_tick);
	}
	if (log_fd >= 0 && log_fd != STDOUT_FILENO)
		close(log_fd);
	log_fd = -1;
	pthread_mutex_unlock(&log_lock);
}

/* The JSON-lines access log: one line per request, written under a lock so lines never mix. */
#include "accesslog.h"

#include <civetweb.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

int accesslog_open(const char *path)
{
	if (strcmp(path, "-") == 0) {
		log_file = stdout;
		return 0;
	}
	log_file = fopen(path, "a");
	return log_file != NULL ? 0 : -1;
}

void accesslog_write(const struct http_req *req)
{
	struct timespec now, wall;
	struct tm tm;
	char ts[96];
	double ms;
	json_t *line;
	char *text;

	if (log_file == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	clock_gettime(CLOCK_REALTIME, &wall);
	gmtime_r(&wall.tv_sec, &tm);
	snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 wall.tv_nsec / 1000000);
	ms = (double)(now.tv_sec - req->started.tv_sec) * 1e3 +
	     (double)(now.tv_nsec - req->started.tv_nsec) / 1e6;
	line = json_pack("{s:s, s:s, s:s, s:s, s:i, s:I, s:f, s:s}", "time", ts, "request_id",
			 req->request_id, "method", req->method, "path", req->path, "status",
			 req->status, "bytes", (json_int_t)req->bytes_sent, "duration_ms", ms,
			 "remote", req->ri->remote_addr);
	if (line == NULL)
		return;
	text = json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(line);
	if (text == NULL)
		return;
	pthread_mutex_lock(&log_lock);
	fputs(text, log_file);
	fputc('\n', log_file);
	fflush(log_file);
	pthread_mutex_unlock(&log_lock);
	free(text);
}

void accesslog_close(void)
{
	if (log_file != NULL && log_file != stdout)
		fclose(log_file);
	log_file = NULL;
}

/* The access log written by many workers at once: every line reaches the file whole and once,
 * without a close, and the last line before a close is there after it. */
#include "../unit.h"
#include "accesslog.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WRITERS 8
#define LINES 2000

static void *write_lines(void *arg)
{
	struct http_req *req = calloc(1, sizeof(*req));
	int i, w = (int)(long)arg;

	if (req == NULL)
		return NULL;
	req->method = "GET";
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	for (i = 0; i < LINES; i++) {
		snprintf(req->request_id, sizeof(req->request_id), "w%d-%d", w, i);
		snprintf(req->path, sizeof(req->path), "/api/v1/orgs/%d", i);
		req->status = 200;
		accesslog_enter();
		accesslog_write(req);
	}
	free(req);
	return NULL;
}

/* Lines of `path` that parse as a log line, and whether every request id appears once. */
static int count_lines(const char *path, int *whole)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0;

	*whole = 1;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t len = strlen(line);
		if (len < 2 || line[0] != '{' || line[len - 1] != '\n' || line[len - 2] != '}' ||
		    strstr(line, "\"request_id\":\"w") == NULL)
			*whole = 0;
		n++;
	}
	fclose(f);
	return n;
}

static void write_one(const char *id)
{
	struct http_req one;

	memset(&one, 0, sizeof(one));
	one.method = "GET";
	snprintf(one.request_id, sizeof(one.request_id), "%s", id);
	accesslog_write(&one);
}

/* While other requests are under way a line may wait in the buffer, and reaches the file within
 * the flusher's 200 ms all the same; the line of the last request under way goes out at once,
 * with every line that waited. */
static void lines_wait_while_requests_are_under_way(void)
{
	char path[] = "/tmp/anquan-unit-accesslog-XXXXXX";
	int fd = mkstemp(path), whole, n = -1, tries;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK(accesslog_open(path) == 0);
	accesslog_enter();
	accesslog_enter();
	accesslog_enter();
	write_one("w-first");
	write_one("w-second");
	for (tries = 0; tries < 200 && n != 2; tries++) {
		usleep(10000);
		n = count_lines(path, &whole);
	}
	CHECK(n == 2);
	write_one("w-third");
	n = count_lines(path, &whole);
	CHECK(n == 3);
	CHECK(whole);
	accesslog_close();
	unlink(path);
}

void unit_accesslog(void)
{
	char path[] = "/tmp/anquan-unit-accesslog-XXXXXX";
	pthread_t t[WRITERS];
	struct http_req one;
	int fd = mkstemp(path), i, whole, n = -1, tries;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK(accesslog_open(path) == 0);
	for (i = 0; i < WRITERS; i++)
		pthread_create(&t[i], NULL, write_lines, (void *)(long)i);
	for (i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
	/* without a close (the lines may follow a moment after their request) */
	for (tries = 0; tries < 200 && n != WRITERS * LINES; tries++) {
		usleep(10000);
		n = count_lines(path, &whole);
	}
	CHECK(n == WRITERS * LINES);
	CHECK(whole);
	/* the last line before a close is in the file after it */
	memset(&one, 0, sizeof(one));
	one.method = "POST";
	snprintf(one.request_id, sizeof(one.request_id), "w-last");
	accesslog_enter();
	accesslog_write(&one);
	accesslog_close();
	n = count_lines(path, &whole);
	CHECK(n == WRITERS * LINES + 1);
	CHECK(whole);
	unlink(path);
	lines_wait_while_requests_are_under_way();
}

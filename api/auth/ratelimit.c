/* Failed sign-ins per client address, counted in a fixed window per address. In memory: each
 * server instance counts its own; behind several instances the per-account lockout (stored in
 * the database) still holds. */
#include "ratelimit.h"
#include "config.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096

struct slot {
	char addr[48];
	long window_start;
	int failures;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot of `addr`, claiming an expired or empty one on the way. Caller holds the lock. */
static struct slot *find(const char *addr, long now, int create)
{
	unsigned h = hash(addr);
	struct slot *free_slot = NULL;
	int i;

	for (i = 0; i < 16; i++) {
		struct slot *s = &slots[(h + (unsigned)i) % SLOTS];
		if (strcmp(s->addr, addr) == 0)
			return s;
		if (free_slot == NULL &&
		    (s->addr[0] == '\0' || now - s->window_start >= config.ip_fail_window_s))
			free_slot = s;
	}
	if (!create)
		return NULL;
	if (free_slot == NULL) /* all 16 busy: reuse the first, losing an old count */
		free_slot = &slots[h % SLOTS];
	strncpy(free_slot->addr, addr, sizeof(free_slot->addr) - 1);
	free_slot->addr[sizeof(free_slot->addr) - 1] = '\0';
	free_slot->window_start = now;
	free_slot->failures = 0;
	return free_slot;
}

long ratelimit_blocked(const char *addr)
{
	long now = (long)time(NULL), wait = 0;
	struct slot *s;

	pthread_mutex_lock(&lock);
	s = find(addr, now, 0);
	if (s != NULL && now - s->window_start < config.ip_fail_window_s &&
	    s->failures >= config.ip_fail_limit)
		wait = config.ip_fail_window_s - (now - s->window_start);
	pthread_mutex_unlock(&lock);
	return wait;
}

void ratelimit_fail(const char *addr)
{
	long now = (long)time(NULL);
	struct slot *s;

	pthread_mutex_lock(&lock);
	s = find(addr, now, 1);
	if (now - s->window_start >= config.ip_fail_window_s) {
		s->window_start = now;
		s->failures = 0;
	}
	s->failures++;
	pthread_mutex_unlock(&lock);
}

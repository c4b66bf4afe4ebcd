/* The worker stack's high-water mark. CivetWeb as Debian builds it gives each worker thread a
 * 100 KiB stack, and no option changes it: so each worker paints its unused stack when it
 * starts, and when it stops reports how deep any request went. The deepest use is printed at
 * shutdown, and `make test` fails when it passes half the stack (see README, "Limits"). */
#include "stackmark.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define PAINT 0xa5
/* Left alone below the painter's own frame, for the painter's callees and signal handlers. */
#define SLACK 4096

static atomic_size_t deepest;
static atomic_size_t stack_size;

/* The lowest address of the calling thread's stack and its size; 0 when unknown. */
static size_t stack_bounds(unsigned char **low)
{
	pthread_attr_t a;
	void *addr = NULL;
	size_t size = 0;

	if (pthread_getattr_np(pthread_self(), &a) != 0)
		return 0;
	if (pthread_attr_getstack(&a, &addr, &size) != 0)
		size = 0;
	pthread_attr_destroy(&a);
	*low = addr;
	return size;
}

/* Not instrumented: the bytes below the stack pointer belong to no frame yet. */
__attribute__((no_sanitize_address, noinline)) void stackmark_paint(void)
{
	unsigned char *low = NULL, *p;
	volatile unsigned char here = 0;
	size_t size = stack_bounds(&low);

	if (size == 0)
		return;
	atomic_store(&stack_size, size);
	for (p = low; (uintptr_t)p + SLACK < (uintptr_t)&here; p++)
		*(volatile unsigned char *)p = PAINT;
}

__attribute__((no_sanitize_address, noinline)) void stackmark_measure(void)
{
	unsigned char *low = NULL, *p;
	size_t size = stack_bounds(&low), used, prev;

	if (size == 0)
		return;
	for (p = low; p < low + size && *(volatile unsigned char *)p == PAINT; p++)
		;
	used = size - (size_t)(p - low);
	prev = atomic_load(&deepest);
	while (used > prev && !atomic_compare_exchange_weak(&deepest, &prev, used))
		;
}

size_t stackmark_deepest(size_t *size)
{
	if (size != NULL)
		*size = atomic_load(&stack_size);
	return atomic_load(&deepest);
}

int stackmark_run_large(void *(*fn)(void *), void *arg)
{
	pthread_attr_t a;
	pthread_t t;
	int rc;

	if (pthread_attr_init(&a) != 0)
		return -1;
	rc = pthread_attr_setstacksize(&a, STACKMARK_LARGE);
	if (rc == 0)
		rc = pthread_create(&t, &a, fn, arg);
	pthread_attr_destroy(&a);
	if (rc != 0)
		return -1;
	return pthread_join(t, NULL) == 0 ? 0 : -1;
}

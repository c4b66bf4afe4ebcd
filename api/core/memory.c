/* How the server's heap hands memory back to the system: glibc malloc's mmap threshold pinned,
 * one arena per CPU, and a trim of the arenas every few seconds.
 *
 * Why (issue 7: RSS from 51 to 206 MB in steps of ~40 MB under a mixed load, never back).
 *
 * 1. Every sign-in hashes one password with argon2id, whose working memory is one block of
 *    ANQUAN_ARGON2_MEMORY_KIB (19 MiB by default), malloc'ed and freed within the request. glibc
 *    serves a block that large with mmap and, when it is freed, raises its mmap threshold to the
 *    block's size (the "dynamic threshold", up to 32 MiB) and the trim threshold to twice that.
 *    From then on every 19 MiB block comes from the calling thread's malloc arena and stays there
 *    once freed. Each CivetWeb worker (16 by default) had an arena of its own (glibc allows 8 per
 *    core), so RSS grew by 19 MiB the first time each worker handled a sign-in: 12 MB at start,
 *    71 MB after four sign-ins, 227 MB after twelve. The same, smaller, for any large transient
 *    buffer (a CSV export of several MB, a large reply).
 * 2. Exports of thousands of rows make many small allocations (libpq's result blocks, a cell
 *    record per XLSX cell). Freed, they leave an arena's heap full of free pages it does not
 *    return (only the top of a heap is trimmed). Each worker's arena kept its own peak: at
 *    province scale, 11 MB at start, 68 MB after a minute, 81 MB after four, malloc_trim(0)
 *    taking it back to 17 MB: free memory, not a leak (ASan's leak checker, rightly, sees none).
 *
 * The fix, measured by the soak scenario of `make bench` (tests/bench/README.md):
 * - M_MMAP_THRESHOLD set explicitly turns the dynamic adjustment off: every block of 128 KiB or
 *   more is mapped on its own and unmapped when freed (the trim threshold stays at 128 KiB).
 *   Cost: page faults on a fresh mapping per large block; for a sign-in, small beside the hash.
 * - M_ARENA_MAX at the number of online CPUs: no more threads allocate at once than there are
 *   CPUs, and the workers mostly wait on PostgreSQL, so more arenas buy little and each one holds
 *   its own peak. Fewer arenas share their free memory: the retained peak is the peak of the
 *   requests in flight, not the sum of every worker's own peak.
 * - malloc_trim(0) every MEMORY_TRIM_INTERVAL_S from the main thread returns the free pages in
 *   the middle of the arenas' heaps after a burst (well under a millisecond usually; it locks one
 *   arena at a time). */
#include "memory.h"

#include <malloc.h>
#include <time.h>
#include <unistd.h>

int memory_init(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int rc = 0;

	if (mallopt(M_MMAP_THRESHOLD, MEMORY_MMAP_THRESHOLD) != 1)
		rc = -1;
	if (mallopt(M_ARENA_MAX, cpus > 0 ? (int)cpus : 1) != 1)
		rc = -1;
	return rc;
}

void memory_maintain(void)
{
	static struct timespec last;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - last.tv_sec < MEMORY_TRIM_INTERVAL_S)
		return;
	last = now;
	malloc_trim(0);
}

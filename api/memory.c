/* How the server's heap hands memory back to the system: glibc malloc's mmap threshold, pinned.
 *
 * Why. Every sign-in hashes one password with argon2id, whose working memory is one block of
 * ANQUAN_ARGON2_MEMORY_KIB (19 MiB by default), malloc'ed and freed within the request. glibc
 * serves a block that large with mmap and, when it is freed, raises its mmap threshold to the
 * block's size (the "dynamic threshold", up to 32 MiB) and the trim threshold to twice that. From
 * then on every 19 MiB block comes from the calling thread's malloc arena and stays there once
 * freed: nothing above the threshold is ever trimmed. Each CivetWeb worker thread (16 by default)
 * has an arena of its own (glibc allows 8 per core), so RSS grew by 19 MiB the first time each
 * worker handled a sign-in: 12 MB at start, 71 MB after four sign-ins, 227 MB after twelve, and
 * it never came back. Under a mixed load with sign-ins now and then, that was a step of one or
 * two workers (20 to 40 MB) every few minutes, up to about 16 x 19 MiB. The same happened, on a
 * smaller scale, with any large transient buffer (an export of several MB, a large reply).
 *
 * The fix. Setting M_MMAP_THRESHOLD explicitly turns the dynamic adjustment off: every block of
 * 128 KiB or more is mapped on its own and unmapped on free, and the trim threshold stays at its
 * 128 KiB default, so a freed large block goes straight back to the kernel. The cost is a fresh
 * mapping (page faults on first touch) per large block: for a sign-in, small beside the hash
 * itself (see the login figure of `make bench`). The soak scenario of `make bench` measures the
 * result: VmRSS after warm-up must not grow by 5 MB. */
#include "memory.h"

#include <malloc.h>

int memory_init(void)
{
	return mallopt(M_MMAP_THRESHOLD, MEMORY_MMAP_THRESHOLD) == 1 ? 0 : -1;
}

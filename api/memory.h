/* How the server's heap hands memory back to the system (glibc malloc settings). */
#ifndef ANQUAN_MEMORY_H
#define ANQUAN_MEMORY_H

/* The largest allocation served from a malloc arena; anything larger is mapped on its own and
 * unmapped when freed. glibc's default start value, pinned (see memory.c). */
#define MEMORY_MMAP_THRESHOLD (128 * 1024)

/* Pins the mmap threshold at MEMORY_MMAP_THRESHOLD. Call first in main, before any thread starts.
 * Returns 0, or -1 when malloc refused the setting (another allocator: harmless). */
int memory_init(void);

#endif

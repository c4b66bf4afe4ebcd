/* How the server's heap hands memory back to the system (glibc malloc settings, and a trim). */
#ifndef ANQUAN_MEMORY_H
#define ANQUAN_MEMORY_H

/* The largest allocation served from a malloc arena; anything larger is mapped on its own and
 * unmapped when freed. glibc's default start value, pinned (see memory.c). */
#define MEMORY_MMAP_THRESHOLD (128 * 1024)

/* Seconds between two trims of the malloc arenas (memory_maintain). */
#define MEMORY_TRIM_INTERVAL_S 10

/* Pins the mmap threshold at MEMORY_MMAP_THRESHOLD and allows one malloc arena per online CPU.
 * Call first in main, before any thread starts. Returns 0, or -1 when malloc refused a setting
 * (another allocator, such as AddressSanitizer's: harmless). */
int memory_init(void);

/* Gives the free pages of every malloc arena back to the system, at most once per
 * MEMORY_TRIM_INTERVAL_S; call it from the main thread's idle loop. */
void memory_maintain(void);

#endif

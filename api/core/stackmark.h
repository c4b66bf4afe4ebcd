/* The worker stack's high-water mark, measured by painting each worker's unused stack. */
#ifndef ANQUAN_STACKMARK_H
#define ANQUAN_STACKMARK_H

#include <stddef.h>

/* Paints the calling thread's unused stack. Call first thing in a new worker thread. */
void stackmark_paint(void);

/* Records how deep the calling thread's stack was ever used. Call as the worker thread ends. */
void stackmark_measure(void);

/* The deepest stack use recorded, in bytes; *size (may be NULL) gets a worker's stack size. */
size_t stackmark_deepest(size_t *size);

/* The stack of stackmark_run_large's thread. */
#define STACKMARK_LARGE (1024 * 1024)

/* Runs fn(arg) on a thread of its own with a STACKMARK_LARGE stack and waits for it: for library
 * code that needs more stack than a worker has (libxlsxwriter). Returns 0, or -1 when the thread
 * could not be started. */
int stackmark_run_large(void *(*fn)(void *), void *arg);

#endif

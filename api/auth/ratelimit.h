/* Failed sign-ins per client address, in memory: a burst from one address answers 429. */
#ifndef ANQUAN_RATELIMIT_H
#define ANQUAN_RATELIMIT_H

/* Whether `addr` has reached the failure limit in the current window. Returns 0 when allowed;
 * otherwise the seconds until the window ends (for Retry-After). */
long ratelimit_blocked(const char *addr);

/* Counts one failure for `addr`. */
void ratelimit_fail(const char *addr);

#endif

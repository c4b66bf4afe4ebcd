/* Background work of the server: periodic sweeps run under PostgreSQL advisory locks, so any
 * number of instances do each job once. */
#ifndef ANQUAN_SWEEP_H
#define ANQUAN_SWEEP_H

#include "db.h"

/* Runs the sweeps when ANQUAN_SWEEP_SECONDS have passed since the last; call from the main
 * thread's idle loop. Failures are logged and tried again next time. */
void sweep_maybe(void);

extern const struct db_statement sweep_sql[];

#endif

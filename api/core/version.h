/* Version of the server and the schema version its build expects. */
#ifndef ANQUAN_VERSION_H
#define ANQUAN_VERSION_H

#define ANQUAN_VERSION "0.1.0"

/* The number of the newest file in db/migrations; the Makefile passes it at build time. */
#ifndef ANQUAN_SCHEMA_VERSION
#error "ANQUAN_SCHEMA_VERSION must be defined by the build"
#endif

#endif

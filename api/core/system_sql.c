/* SQL of the system endpoints. */
#include "db.h"
#include "system.h"

const struct db_statement system_sql[] = {
    /* system_ready: the schema version the database is at. */
    {"system_ready", "SELECT coalesce(max(version), 0) FROM schema_migrations"},
    {NULL, NULL},
};

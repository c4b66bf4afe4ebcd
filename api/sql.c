/* Every module's prepared statements, prepared on each pooled connection. */
#include "db.h"
#include "system.h"

const struct db_statement *const db_statement_sets[] = {
	system_sql,
	NULL,
};

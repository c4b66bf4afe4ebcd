/* Every module's prepared statements, prepared on each pooled connection. */
#include "audit.h"
#include "auth.h"
#include "authn.h"
#include "db.h"
#include "session.h"
#include "system.h"

const struct db_statement *const db_statement_sets[] = {
	system_sql,
	auth_gate_sql,
	authn_sql,
	session_sql,
	audit_sql,
	NULL,
};

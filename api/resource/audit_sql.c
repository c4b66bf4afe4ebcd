/* The audit log's statements. */
#include "audit.h"
#include "db.h"

const struct db_statement audit_sql[] = {
    /* audit_insert: audit_record, audit_record_as, audit_flush. */
    {"audit_insert",
     "INSERT INTO audit_log (user_id, username, org_id, org_path, action, object_type, object_id,"
     " result, address, request_id, detail)"
     " VALUES ($1::uuid, $2, $3::uuid, $4::ltree, $5, $6, $7, $8, $9, $10, $11::jsonb)"},
    {NULL, NULL},
};

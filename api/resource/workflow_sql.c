/* The transition engine's statements: the events. */
#include "db.h"
#include "workflow.h"

const struct db_statement wf_sql[] = {
    /* wf_act: the move, as an event beside the state it projects. The actor is named as the
     * timeline shows people: a user by the display name, an API client by its name ($8). */
    {"wf_event_insert",
     "INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state,"
     " actor_id, actor_name, actor_org_id, actor_role, reason, payload)"
     " VALUES ($1, $2::uuid, $3::ltree, $4, $5, $6, $7::uuid,"
     " coalesce((SELECT u.display_name FROM users u WHERE u.id = $7::uuid), $8),"
     " $9::uuid, $10, $11, $12::jsonb)"},
    /* wf_events: a record's moves, oldest first (by the bigint column: ORDER BY id would sort
     * the text output column of the same name, so that event 100 came before event 99). */
    {"wf_events",
     "SELECT e.id::text AS id, from_state, action, to_state, actor_id, actor_name, actor_org_id,"
     " actor_role, at, reason, payload FROM workflow_events e"
     " WHERE workflow = $1 AND record_id = $2::uuid AND org_path <@ $3::ltree ORDER BY e.id"},
    {NULL, NULL},
};

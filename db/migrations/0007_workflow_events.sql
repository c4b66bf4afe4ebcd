-- The transition engine's record of every move (api/workflow.c): insert-only, one row per
-- action taken on a record of a workflow (inspections now; hazards, reports and campaigns
-- next). A record's state column is the projection of its events, written in the same
-- transaction as the event.
CREATE TABLE workflow_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow     text NOT NULL CHECK (workflow ~ '^[a-z_]+$'),
    record_id    uuid NOT NULL,
    org_path     ltree NOT NULL,          -- the record's org when the move was made
    from_state   text NOT NULL,
    action       text NOT NULL CHECK (action ~ '^[a-z_]+$'),
    to_state     text NOT NULL,
    actor_id     uuid,
    actor_name   text,
    actor_org_id uuid,
    actor_role   text,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    reason       text CHECK (length(reason) <= 2000),
    payload      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX workflow_events_record ON workflow_events (workflow, record_id, id);
CREATE INDEX workflow_events_org_path_gist ON workflow_events USING gist (org_path);

ALTER TABLE workflow_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE workflow_events FORCE ROW LEVEL SECURITY;
CREATE POLICY workflow_events_read ON workflow_events FOR SELECT USING (org_path <@ app_scope());
CREATE POLICY workflow_events_append ON workflow_events FOR INSERT WITH CHECK (org_path <@ app_scope());
-- Events are never changed or removed: the runtime role may only add and read them.
GRANT SELECT, INSERT ON workflow_events TO anquan_app;

-- The submissions made before the engine, so that every submitted inspection's state has its event.
SELECT set_config('app.org_path', '*', true);
INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_id, at, payload)
SELECT 'inspection', s.id, s.org_path, 'draft', 'submit', 'submitted', s.submitted_by, s.submitted_at,
       '{"recorded_by": "migration 0007"}'::jsonb
FROM inspections s WHERE s.status = 'submitted';

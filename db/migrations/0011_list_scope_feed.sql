-- The caller's identity and a list's narrowing, held apart. app.org_path (set by the gate) is who
-- the caller is; app.list_path (set by a list's org_id filter) narrows what row-level security
-- lets a statement see, inside the caller's subtree only. The narrowing keeps the county lists
-- fast: ltree operators are not leakproof, so the policy's condition leads the plan.
CREATE FUNCTION app_identity() RETURNS ltree
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE coalesce(current_setting('app.org_path', true), '')
           WHEN '' THEN NULL::ltree
           WHEN '*' THEN ''::ltree
           ELSE current_setting('app.org_path', true)::ltree END
$$;

-- The subtree a statement sees: the list's narrowing when it lies inside the caller's subtree,
-- otherwise the caller's own (unset identity: NULL, every policy fails closed).
CREATE OR REPLACE FUNCTION app_scope() RETURNS ltree
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN coalesce(current_setting('app.list_path', true), '') <> ''
                     AND current_setting('app.list_path', true)::ltree <@ app_identity()
                THEN current_setting('app.list_path', true)::ltree
                ELSE app_identity() END
$$;

-- An unannounced draft stays hidden from the inspected unit's own callers: compared with who the
-- caller is, not with the subtree a list narrowed to (a county listing one unit sees the county's
-- drafts there). Writes are checked against the caller's subtree.
DROP POLICY inspections_subtree ON inspections;
CREATE POLICY inspections_subtree ON inspections
    USING (org_path <@ app_scope()
           AND NOT (type = 'unannounced' AND status = 'draft' AND org_path = app_identity()))
    WITH CHECK (org_path <@ app_identity());

-- A deleted draft inspection is archived, never removed: a phone that cached it learns from the
-- change feed that it is gone.
ALTER TABLE inspections ADD COLUMN archived boolean NOT NULL DEFAULT false;
REVOKE DELETE ON inspections FROM anquan_app;

-- The change feed's order (updated_since, then the cursor): (updated_at, id) of every resource a
-- phone caches.
CREATE INDEX institutions_feed ON institutions (updated_at, id);
CREATE INDEX key_locations_feed ON key_locations (institution_id, updated_at, id);
CREATE INDEX construction_projects_feed ON construction_projects (institution_id, updated_at, id);
CREATE INDEX risks_feed ON risks (updated_at, id);
CREATE INDEX inspections_feed ON inspections (updated_at, id);
CREATE INDEX checklist_templates_feed ON checklist_templates (updated_at, id);

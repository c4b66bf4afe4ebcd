-- The overdue sweep's record (api/core/sweep.c, hazard.overdue): one row per hazard and deadline
-- it has notified, whoever received it, so the sweep writes each deadline once however often and
-- on however many instances it runs, and a hazard nobody can be told about is not looked at again.
-- A deadline moved by an extension is a new deadline: overdue again, notified again.
CREATE TABLE hazard_overdue_sweeps (
    hazard_id uuid NOT NULL REFERENCES hazards (id),
    deadline  date NOT NULL,
    org_path  ltree NOT NULL,               -- the hazard's unit (row-level security)
    notified  integer NOT NULL CHECK (notified >= 0),   -- notifications written
    swept_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hazard_id, deadline)
);
CREATE INDEX hazard_overdue_sweeps_org_path_gist ON hazard_overdue_sweeps USING gist (org_path);

ALTER TABLE hazard_overdue_sweeps ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazard_overdue_sweeps FORCE ROW LEVEL SECURITY;
CREATE POLICY hazard_overdue_sweeps_subtree ON hazard_overdue_sweeps
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_identity());
GRANT SELECT, INSERT ON hazard_overdue_sweeps TO anquan_app;

-- The hazard list in deadline order (GET /hazards?sort=due_at, the overdue list of a city or the
-- province: tests/plan/): its sort key, walked in order and filtered, instead of every hazard of the
-- subtree read and sorted.
CREATE INDEX hazards_due_order ON hazards ((coalesce(due_at, 'infinity'::timestamptz)), id);

-- A caller's unread notifications, newest first (GET /notifications?unread=true).
CREATE INDEX notifications_user_unread ON notifications (user_id, created_at DESC, id) WHERE read_at IS NULL;

-- notify_users() as in 0015, each mode a query the users' subtree index answers: row-level
-- security leads a plan unless the query's own test is leakproof, and of ltree's operators only
-- the subtree tests (<@, @>) are (deploy/pg.sh), so 'org' and 'parent' match the org as the path
-- that is both above and below it, not with =, which read every user (30 ms a call at the
-- province data set's 30,405 users; the overdue sweep makes two calls per hazard).
CREATE OR REPLACE FUNCTION notify_users(target ltree, mode text, roles text[], p_kind text, p_record_type text,
                             p_record_id uuid, p_title text, p_body text, p_dedupe text)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_path text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
    n integer := 0;
BEGIN
    IF old_path = '' THEN
        RETURN 0;   -- no caller: nothing is written
    END IF;
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    IF mode IN ('org', 'parent') AND (mode = 'org' OR nlevel(target) > 1) THEN
        INSERT INTO notifications (user_id, org_path, kind, record_type, record_id, title, body, dedupe_key)
        SELECT u.id, u.org_path, p_kind, p_record_type, p_record_id, p_title, p_body, p_dedupe
        FROM users u
        WHERE u.org_path <@ CASE mode WHEN 'org' THEN target ELSE subpath(target, 0, nlevel(target) - 1) END
          AND u.org_path @> CASE mode WHEN 'org' THEN target ELSE subpath(target, 0, nlevel(target) - 1) END
          AND u.active AND u.role = ANY (roles)
        ON CONFLICT (user_id, dedupe_key) DO NOTHING;
        GET DIAGNOSTICS n = ROW_COUNT;
    ELSIF mode = 'ancestors' THEN
        INSERT INTO notifications (user_id, org_path, kind, record_type, record_id, title, body, dedupe_key)
        SELECT u.id, u.org_path, p_kind, p_record_type, p_record_id, p_title, p_body, p_dedupe
        FROM users u
        WHERE u.org_path @> target AND u.org_path <> target AND u.active AND u.role = ANY (roles)
        ON CONFLICT (user_id, dedupe_key) DO NOTHING;
        GET DIAGNOSTICS n = ROW_COUNT;
    END IF;
    PERFORM set_config('app.org_path', old_path, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN n;
END
$$;

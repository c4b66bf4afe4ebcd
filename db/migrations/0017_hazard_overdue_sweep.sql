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

-- A caller's unread notifications, newest first (GET /notifications?unread=true).
CREATE INDEX notifications_user_unread ON notifications (user_id, created_at DESC, id) WHERE read_at IS NULL;

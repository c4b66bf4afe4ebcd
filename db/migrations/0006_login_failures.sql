-- Failed sign-ins under user names that do not exist are counted and locked exactly like those of
-- real accounts, so that "account_locked" tells nothing about which names exist. A row lives
-- until its lock has long expired (authn_unknown_failed removes stale rows as it goes).
CREATE TABLE login_failures (
    username     text PRIMARY KEY CHECK (length(username) BETWEEN 1 AND 256),
    failures     integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locked_until timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_stale ON login_failures (updated_at);

-- Names only, no org's data: no row-level security. The runtime role keeps the counts.
GRANT SELECT, INSERT, UPDATE, DELETE ON login_failures TO anquan_app;

-- The gate refuses an access token whose session (refresh-token family) has ended: looked up by
-- family on every authenticated request.
CREATE INDEX refresh_tokens_live_family ON refresh_tokens (family_id) WHERE revoked_at IS NULL;

-- Identity: the org tree, users, API clients, refresh tokens, the audit log, and row-level
-- security on every table that holds an org's data.

-- The caller's subtree for row-level security, set per transaction by the server with
-- set_config('app.org_path', ..., true). Unset or empty: NULL, so every policy fails closed.
-- '*' is the system scope that only the sign-in lookups use: the empty path, ancestor of all.
CREATE FUNCTION app_scope() RETURNS ltree
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE coalesce(current_setting('app.org_path', true), '')
           WHEN '' THEN NULL::ltree
           WHEN '*' THEN ''::ltree
           ELSE current_setting('app.org_path', true)::ltree END
$$;

CREATE TABLE orgs (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    parent_id     uuid REFERENCES orgs (id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100 AND name = btrim(name)),
    level         text NOT NULL CHECK (level IN ('province', 'city', 'county', 'unit')),
    division_code text CHECK (division_code ~ '^[1-9][0-9]{5}$'),
    path          ltree NOT NULL UNIQUE,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, path),
    CHECK ((level = 'unit') = (division_code IS NULL)),
    CHECK ((level = 'province') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX orgs_sibling_names ON orgs (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name);
CREATE INDEX orgs_path_gist ON orgs USING gist (path);
CREATE INDEX orgs_parent ON orgs (parent_id);
CREATE INDEX orgs_name_trgm ON orgs USING gin (name gin_trgm_ops);

-- Which level may hang under which: city under province, county under city, units under any
-- administrative level, nothing under a unit.
CREATE FUNCTION org_level_allowed(parent_level text, child_level text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE child_level
           WHEN 'province' THEN parent_level IS NULL
           WHEN 'city' THEN parent_level = 'province'
           WHEN 'county' THEN parent_level = 'city'
           WHEN 'unit' THEN parent_level IN ('province', 'city', 'county')
           ELSE false END
$$;

-- A new node's path is its parent's path plus its own sequence number.
CREATE FUNCTION orgs_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    p orgs%ROWTYPE;
BEGIN
    IF NEW.parent_id IS NULL THEN
        IF NEW.level <> 'province' THEN
            RAISE EXCEPTION 'a % needs a parent', NEW.level USING ERRCODE = 'check_violation';
        END IF;
        NEW.path := text2ltree(NEW.seq::text);
        RETURN NEW;
    END IF;
    SELECT * INTO p FROM orgs WHERE id = NEW.parent_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'parent % not found', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NOT org_level_allowed(p.level, NEW.level) THEN
        RAISE EXCEPTION 'a % cannot hang under a %', NEW.level, p.level USING ERRCODE = 'check_violation';
    END IF;
    NEW.path := p.path || text2ltree(NEW.seq::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER orgs_before_insert BEFORE INSERT ON orgs
    FOR EACH ROW EXECUTE FUNCTION orgs_before_insert();

CREATE TABLE users (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,31}$'),
    display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    phone                text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    org_id               uuid NOT NULL,
    org_path             ltree NOT NULL,
    role                 text NOT NULL CHECK (role IN ('admin', 'leader', 'inspector', 'safety_officer', 'viewer')),
    active               boolean NOT NULL DEFAULT true,
    password_hash        text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    must_change_password boolean NOT NULL DEFAULT false,
    failed_logins        integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until         timestamptz,
    last_login_at        timestamptz,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    -- A moved org carries its users along.
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX users_org_path_gist ON users USING gist (org_path);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE api_clients (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    org_id       uuid NOT NULL,
    org_path     ltree NOT NULL,
    scope        text NOT NULL CHECK (scope IN ('read', 'read-write')),
    secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
    active       boolean NOT NULL DEFAULT true,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    version      integer NOT NULL DEFAULT 1,
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX api_clients_org_path_gist ON api_clients USING gist (org_path);
CREATE INDEX api_clients_org ON api_clients (org_id);

CREATE TABLE refresh_tokens (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    family_id         uuid NOT NULL,
    user_id           uuid NOT NULL REFERENCES users (id),
    token_hash        bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    family_expires_at timestamptz NOT NULL,
    used_at           timestamptz,
    revoked_at        timestamptz,
    revoked_reason    text
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_id     uuid,
    username    text,
    org_id      uuid,
    org_path    ltree,
    action      text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    object_type text,
    object_id   text,
    result      text NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
    address     text,
    request_id  text,
    detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_org_path_gist ON audit_log USING gist (org_path);

-- Row-level security, enabled and forced (the owner is bound too).
ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
CREATE POLICY orgs_subtree ON orgs USING (path <@ app_scope()) WITH CHECK (path <@ app_scope());

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_subtree ON users USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());

ALTER TABLE api_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY api_clients_subtree ON api_clients USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());

-- Refresh tokens: the sign-in machinery works in the system scope; an admin's request sees the
-- sessions of the users it sees (to end them on a password reset).
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY refresh_tokens_owner ON refresh_tokens
    USING (EXISTS (SELECT 1 FROM users u WHERE u.id = refresh_tokens.user_id))
    WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.id = refresh_tokens.user_id));

-- Audit entries are read within the subtree; entries with no org (a failed sign-in with an
-- unknown name) only by a caller whose subtree is a whole province. Anyone may append.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
    USING (org_path <@ app_scope() OR (org_path IS NULL AND nlevel(app_scope()) <= 1));
CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON orgs TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON users TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON api_clients TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO anquan_app;
GRANT SELECT, INSERT ON audit_log TO anquan_app;

-- A refresh token carries its user's org path, as users and API clients do, so that its
-- row-level security policy is the plain subtree comparison instead of a subquery into users
-- under that table's own policy: the gate reads the token's session on every authenticated
-- request, and that nested subquery was most of the gate's PostgreSQL time.
ALTER TABLE users ADD CONSTRAINT users_id_path UNIQUE (id, org_path);
ALTER TABLE refresh_tokens ADD COLUMN org_path ltree;

DO $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    UPDATE refresh_tokens r SET org_path = u.org_path FROM users u WHERE u.id = r.user_id;
    PERFORM set_config('app.org_path', old_scope, true);
END
$$;

ALTER TABLE refresh_tokens ALTER COLUMN org_path SET NOT NULL;
-- The path follows the user's (which follows its org's) when an org moves.
ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_user_path
    FOREIGN KEY (user_id, org_path) REFERENCES users (id, org_path) ON UPDATE CASCADE;

-- A new token takes its user's path, read in the writer's scope: a user the writer cannot see
-- leaves it NULL, and the insert fails.
CREATE FUNCTION refresh_tokens_path() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.org_path := (SELECT u.org_path FROM users u WHERE u.id = NEW.user_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER refresh_tokens_path BEFORE INSERT ON refresh_tokens
    FOR EACH ROW EXECUTE FUNCTION refresh_tokens_path();

DROP POLICY refresh_tokens_owner ON refresh_tokens;
CREATE POLICY refresh_tokens_owner ON refresh_tokens
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());

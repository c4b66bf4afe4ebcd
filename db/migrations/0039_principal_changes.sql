-- A change to what the gate reads about a principal is announced, so that a server may trust a
-- principal it confirmed a moment ago instead of looking it up on every read (api/auth/
-- principal_cache.c). Each changed user, session or API client is named on the channel
-- anquan_principal (every server listens on it), and the transaction that changed it sets
-- app.principal_changed, which the server that commits it reads in the same round trip as its
-- COMMIT, so that its own next request never trusts what it has just changed.
CREATE FUNCTION principal_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- a session names its user; a user or client names itself
    IF TG_TABLE_NAME = 'refresh_tokens' THEN
        PERFORM pg_notify('anquan_principal', OLD.user_id::text);
    ELSE
        PERFORM pg_notify('anquan_principal', OLD.id::text);
    END IF;
    PERFORM set_config('app.principal_changed', 'on', true);
    RETURN NULL;
END
$$;

-- What the gate's lookup reads (auth_gate_sql.c): a user's name, org, path, role, whether it is
-- active and its password's state; a session's end; an API client's name, org, scope and state.
-- A sign-in (last_login_at, failed_logins), a refresh (a token used, a new one issued) and a
-- client's use (last_used_at) change none of them.
CREATE TRIGGER users_principal_changed
    AFTER UPDATE ON users FOR EACH ROW
    WHEN ((OLD.username, OLD.org_id, OLD.org_path, OLD.role, OLD.active,
           OLD.must_change_password, OLD.password_changed_at)
          IS DISTINCT FROM (NEW.username, NEW.org_id, NEW.org_path, NEW.role, NEW.active,
                            NEW.must_change_password, NEW.password_changed_at))
    EXECUTE FUNCTION principal_changed();
CREATE TRIGGER users_principal_deleted
    AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION principal_changed();
CREATE TRIGGER refresh_tokens_principal_changed
    AFTER UPDATE ON refresh_tokens FOR EACH ROW
    WHEN ((OLD.revoked_at, OLD.family_expires_at, OLD.user_id)
          IS DISTINCT FROM (NEW.revoked_at, NEW.family_expires_at, NEW.user_id))
    EXECUTE FUNCTION principal_changed();
CREATE TRIGGER refresh_tokens_principal_deleted
    AFTER DELETE ON refresh_tokens FOR EACH ROW EXECUTE FUNCTION principal_changed();
CREATE TRIGGER api_clients_principal_changed
    AFTER UPDATE ON api_clients FOR EACH ROW
    WHEN ((OLD.name, OLD.org_id, OLD.org_path, OLD.scope, OLD.active)
          IS DISTINCT FROM (NEW.name, NEW.org_id, NEW.org_path, NEW.scope, NEW.active))
    EXECUTE FUNCTION principal_changed();
CREATE TRIGGER api_clients_principal_deleted
    AFTER DELETE ON api_clients FOR EACH ROW EXECUTE FUNCTION principal_changed();

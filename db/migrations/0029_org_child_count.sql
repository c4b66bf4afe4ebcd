-- An org's number of child orgs, kept by a trigger, so that an org's answer (has_children, and
-- whether it could be deleted) reads a column instead of planning and starting a subquery under
-- row-level security on every read of an org: GET /orgs/{id} was the bench's one-record read,
-- and those subqueries were half of its PostgreSQL time.
ALTER TABLE orgs ADD COLUMN child_count integer NOT NULL DEFAULT 0 CHECK (child_count >= 0);

-- A child counted under its parent. The parent is in the writer's subtree whenever the child is
-- (org_create, org_move and org_delete never touch the caller's own org's parent), but the count
-- is bookkeeping, not the caller's write: it is kept in the system scope, as the hazard counts are
-- (0026), and the caller's scope is put back.
CREATE FUNCTION orgs_child_count() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.parent_id IS NOT NULL THEN
        UPDATE orgs SET child_count = child_count - 1 WHERE id = OLD.parent_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.parent_id IS NOT NULL THEN
        UPDATE orgs SET child_count = child_count + 1 WHERE id = NEW.parent_id;
    END IF;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION orgs_child_count() FROM PUBLIC;
CREATE TRIGGER orgs_child_count AFTER INSERT OR DELETE ON orgs
    FOR EACH ROW EXECUTE FUNCTION orgs_child_count();
CREATE TRIGGER orgs_child_count_move AFTER UPDATE OF parent_id ON orgs
    FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
    EXECUTE FUNCTION orgs_child_count();

-- Nothing but child orgs could hang on the org: no user, API client or institution record. Read
-- in the caller's scope (the org's answer asks it only for an org without children); a function
-- so that the three lookups are planned once per connection and started only when asked.
CREATE FUNCTION org_unused(org uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    RETURN NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = org)
       AND NOT EXISTS (SELECT 1 FROM api_clients a WHERE a.org_id = org)
       AND NOT EXISTS (SELECT 1 FROM institutions i WHERE i.org_id = org);
END
$$;

DO $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    UPDATE orgs o SET child_count = c.n
    FROM (SELECT parent_id, count(*)::integer AS n FROM orgs WHERE parent_id IS NOT NULL GROUP BY parent_id) c
    WHERE c.parent_id = o.id;
    PERFORM set_config('app.org_path', old_scope, true);
END
$$;

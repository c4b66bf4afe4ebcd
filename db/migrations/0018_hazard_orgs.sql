-- The hazard workflow names orgs above the caller: the registering administration to notify when
-- a unit submits its rectification, the issuing org of a notice when the unit asks for more time.
-- A unit's caller does not see those orgs (row-level security), so this function reads the path
-- of org p_org with the whole tree in view, but only when it is p_below itself or an org above it
-- (what a caller could infer from p_below's own path anyway); otherwise NULL. Restores the
-- caller's settings on return, as notify_users does.
CREATE FUNCTION org_path_above(p_org uuid, p_below ltree) RETURNS ltree
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_path text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
    found ltree;
BEGIN
    IF old_path = '' OR p_org IS NULL OR p_below IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    SELECT o.path INTO found FROM orgs o WHERE o.id = p_org AND o.path @> p_below;
    PERFORM set_config('app.org_path', old_path, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN found;
END
$$;
REVOKE ALL ON FUNCTION org_path_above(uuid, ltree) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION org_path_above(uuid, ltree) TO anquan_app;

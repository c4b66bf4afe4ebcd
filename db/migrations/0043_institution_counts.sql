-- An institution's numbers of key locations and construction projects (not archived), kept on its
-- row by triggers, so that its answer reads two columns instead of planning and starting two
-- counting subqueries under row-level security for each row: on the institution list (20 a page)
-- those were 40 subqueries per request, and the institution list was the slowest of the lists at
-- the province data set (issue 8). As 0029 keeps an org's child count.
ALTER TABLE institutions
    ADD COLUMN key_location_count integer NOT NULL DEFAULT 0 CHECK (key_location_count >= 0),
    ADD COLUMN project_count integer NOT NULL DEFAULT 0 CHECK (project_count >= 0);

-- A record counted under its institution while it is not archived. The institution is in the
-- writer's subtree whenever the record is (a record's path is its institution's), and the
-- handlers lock the institution first (institution_get_locked), so this adds no lock order; the
-- count is bookkeeping, kept in the system scope as 0029's is, and the caller's scope is put back.
-- Neither version nor updated_at moves: the institution itself did not change.
CREATE FUNCTION institutions_child_counts() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
    o_id uuid;
    n_id uuid;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.archived THEN
        o_id := OLD.institution_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NOT NEW.archived THEN
        n_id := NEW.institution_id;
    END IF;
    IF o_id IS NOT DISTINCT FROM n_id THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    IF TG_TABLE_NAME = 'key_locations' THEN
        UPDATE institutions SET key_location_count = key_location_count - 1 WHERE id = o_id;
        UPDATE institutions SET key_location_count = key_location_count + 1 WHERE id = n_id;
    ELSE
        UPDATE institutions SET project_count = project_count - 1 WHERE id = o_id;
        UPDATE institutions SET project_count = project_count + 1 WHERE id = n_id;
    END IF;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION institutions_child_counts() FROM PUBLIC;

CREATE TRIGGER key_locations_institution_count AFTER INSERT OR DELETE ON key_locations
    FOR EACH ROW EXECUTE FUNCTION institutions_child_counts();
CREATE TRIGGER key_locations_institution_count_update AFTER UPDATE ON key_locations
    FOR EACH ROW WHEN ((OLD.institution_id, OLD.archived) IS DISTINCT FROM (NEW.institution_id, NEW.archived))
    EXECUTE FUNCTION institutions_child_counts();
CREATE TRIGGER construction_projects_institution_count AFTER INSERT OR DELETE ON construction_projects
    FOR EACH ROW EXECUTE FUNCTION institutions_child_counts();
CREATE TRIGGER construction_projects_institution_count_update AFTER UPDATE ON construction_projects
    FOR EACH ROW WHEN ((OLD.institution_id, OLD.archived) IS DISTINCT FROM (NEW.institution_id, NEW.archived))
    EXECUTE FUNCTION institutions_child_counts();

DO $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    UPDATE institutions i SET key_location_count = c.n
    FROM (SELECT institution_id, count(*)::integer AS n FROM key_locations
          WHERE NOT archived GROUP BY institution_id) c
    WHERE c.institution_id = i.id;
    UPDATE institutions i SET project_count = c.n
    FROM (SELECT institution_id, count(*)::integer AS n FROM construction_projects
          WHERE NOT archived GROUP BY institution_id) c
    WHERE c.institution_id = i.id;
    PERFORM set_config('app.org_path', old_scope, true);
END
$$;

-- The open hazards counted by what a reporting table's live figures read of them (major_open,
-- listed_open, overdue: report_figures, migration 0021), so that a province's table reads tens of
-- thousands of counts instead of half a million hazards (api/campaign/oversight_sql.c,
-- oversight_rows). Exact, never stale: triggers on hazards and orgs keep it in the same
-- transaction as the change.
--
-- One row per the hazards' nearest administration (the org's parent when the org is a unit, else
-- the org itself: nothing hangs under a unit) and what the figures need of a hazard: its deadline
-- (coalesce(deadline, 'infinity')), major (level = 'major'), listed, and counting (a state whose
-- deadline makes it overdue: TODO_OPEN_STATES in api/hazard/todo.h). n counts the hazards open
-- (state NOT IN ('closed', 'cancelled')) and not archived; a row that falls to 0 is deleted. A
-- hazard is overdue exactly when it is counting and deadline < today in Asia/Shanghai (its due_at,
-- deadline_end(deadline), is the following midnight there, and overdue is due_at <= app_now()).
-- The key's path follows its org through the foreign key, as hazards' do; a unit moved to another
-- parent takes its hazards' counts along (orgs_hazard_open_counts below).
CREATE TABLE hazard_open_counts (
    org_id    uuid NOT NULL,
    org_path  ltree NOT NULL,
    deadline  date NOT NULL,
    major     boolean NOT NULL,
    listed    boolean NOT NULL,
    counting  boolean NOT NULL,
    n         integer NOT NULL CHECK (n >= 0),
    PRIMARY KEY (org_id, deadline, major, listed, counting),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX hazard_open_counts_path ON hazard_open_counts USING gist (org_path);

-- Read by the runtime role within its subtree; written only by the functions below (their
-- owner's, with the whole tree in view: a unit's hazard counts at the administration above it).
ALTER TABLE hazard_open_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazard_open_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY hazard_open_counts_subtree ON hazard_open_counts
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());
GRANT SELECT ON hazard_open_counts TO anquan_app;

-- Adds delta to the count of a key (the caller's scope must hold the key's path). A decrement of
-- a key that has no row, or below 0, means the counts are out of step with the hazards: an error,
-- never a silently wrong figure. Called only by the functions below (their search_path; no SET
-- of its own, which would cost each hazard write a configuration change more).
CREATE FUNCTION hazard_open_add(p_org uuid, p_path ltree, p_deadline date, p_major boolean,
                                p_listed boolean, p_counting boolean, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    left_n integer;
BEGIN
    IF p_delta > 0 THEN
        INSERT INTO hazard_open_counts AS c (org_id, org_path, deadline, major, listed, counting, n)
        VALUES (p_org, p_path, p_deadline, p_major, p_listed, p_counting, p_delta)
        ON CONFLICT (org_id, deadline, major, listed, counting) DO UPDATE SET n = c.n + excluded.n;
    ELSIF p_delta < 0 THEN
        UPDATE hazard_open_counts SET n = n + p_delta
        WHERE org_id = p_org AND deadline = p_deadline AND major = p_major AND listed = p_listed
          AND counting = p_counting
        RETURNING n INTO left_n;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'hazard_open_counts: no count to take % from (org %, deadline %)', -p_delta, p_org, p_deadline;
        END IF;
        IF left_n = 0 THEN
            DELETE FROM hazard_open_counts
            WHERE org_id = p_org AND deadline = p_deadline AND major = p_major AND listed = p_listed
              AND counting = p_counting AND n = 0;
        END IF;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION hazard_open_add(uuid, ltree, date, boolean, boolean, boolean, integer) FROM PUBLIC;

-- Keeps the counts of a hazard written: its old key (if it was open) loses one, its new key (if
-- it is open) gains one, the smaller key first (two transactions moving hazards between the same
-- two keys take their locks in the same order). The key's org is read with the whole tree in view
-- (a unit's caller does not see the administration above it).
CREATE FUNCTION hazards_open_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
    o_org uuid; o_path ltree; o_dl date; o_major boolean; o_listed boolean; o_counting boolean;
    n_org uuid; n_path ltree; n_dl date; n_major boolean; n_listed boolean; n_counting boolean;
    was_open boolean := false;
    is_open boolean := false;
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    IF TG_OP <> 'INSERT' AND OLD.state NOT IN ('closed', 'cancelled') AND NOT OLD.archived THEN
        was_open := true;
        SELECT CASE WHEN g.level = 'unit' THEN g.parent_id ELSE g.id END,
               CASE WHEN g.level = 'unit' THEN subpath(g.path, 0, nlevel(g.path) - 1) ELSE g.path END
        INTO o_org, o_path FROM orgs g WHERE g.id = OLD.org_id;
        o_dl := coalesce(OLD.deadline, 'infinity'::date);
        o_major := OLD.level = 'major';
        o_listed := OLD.listed;
        o_counting := OLD.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested');
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.state NOT IN ('closed', 'cancelled') AND NOT NEW.archived THEN
        is_open := true;
        IF was_open AND OLD.org_id = NEW.org_id THEN
            n_org := o_org;
            n_path := o_path;
        ELSE
            SELECT CASE WHEN g.level = 'unit' THEN g.parent_id ELSE g.id END,
                   CASE WHEN g.level = 'unit' THEN subpath(g.path, 0, nlevel(g.path) - 1) ELSE g.path END
            INTO n_org, n_path FROM orgs g WHERE g.id = NEW.org_id;
        END IF;
        n_dl := coalesce(NEW.deadline, 'infinity'::date);
        n_major := NEW.level = 'major';
        n_listed := NEW.listed;
        n_counting := NEW.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested');
    END IF;
    IF was_open AND is_open
       AND (o_org, o_dl, o_major, o_listed, o_counting) = (n_org, n_dl, n_major, n_listed, n_counting) THEN
        PERFORM set_config('app.org_path', old_scope, true);
        PERFORM set_config('app.list_path', old_list, true);
        RETURN NULL;
    END IF;
    IF was_open AND (NOT is_open
                     OR (o_org, o_dl, o_major, o_listed, o_counting) < (n_org, n_dl, n_major, n_listed, n_counting)) THEN
        PERFORM hazard_open_add(o_org, o_path, o_dl, o_major, o_listed, o_counting, -1);
        was_open := false;
    END IF;
    IF is_open THEN
        PERFORM hazard_open_add(n_org, n_path, n_dl, n_major, n_listed, n_counting, 1);
    END IF;
    IF was_open THEN
        PERFORM hazard_open_add(o_org, o_path, o_dl, o_major, o_listed, o_counting, -1);
    END IF;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION hazards_open_counts() FROM PUBLIC;
-- Only a write that changes what the counts read fires it: not the path an org move cascades
-- into the hazards (orgs_hazard_open_counts moves a unit's counts), nor an edit of the text.
CREATE TRIGGER hazards_open_counts AFTER INSERT OR DELETE ON hazards
    FOR EACH ROW EXECUTE FUNCTION hazards_open_counts();
CREATE TRIGGER hazards_open_counts_update AFTER UPDATE ON hazards
    FOR EACH ROW WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.state IS DISTINCT FROM NEW.state
                       OR OLD.level IS DISTINCT FROM NEW.level OR OLD.listed IS DISTINCT FROM NEW.listed
                       OR OLD.deadline IS DISTINCT FROM NEW.deadline OR OLD.archived IS DISTINCT FROM NEW.archived)
    EXECUTE FUNCTION hazards_open_counts();

-- A unit moved to another parent (api/registry/org_sql.c, org_move) takes the counts of its open
-- hazards from the old parent to the new one; so does an org whose level changes to or from a unit
-- (not a move the API makes: the key follows the rule all the same). An administration moved keeps
-- its own key (its path follows through the foreign key); nothing hangs under a unit.
CREATE FUNCTION orgs_hazard_open_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
    old_key uuid := CASE WHEN OLD.level = 'unit' THEN OLD.parent_id ELSE OLD.id END;
    new_key uuid := CASE WHEN NEW.level = 'unit' THEN NEW.parent_id ELSE NEW.id END;
    new_path ltree := CASE WHEN NEW.level = 'unit' THEN subpath(NEW.path, 0, nlevel(NEW.path) - 1) ELSE NEW.path END;
    r record;
BEGIN
    IF old_key = new_key THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    FOR r IN
        SELECT coalesce(h.deadline, 'infinity'::date) AS deadline, h.level = 'major' AS major, h.listed,
               h.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested') AS counting,
               count(*)::integer AS n
        FROM hazards h
        WHERE h.org_id = NEW.id AND h.state NOT IN ('closed', 'cancelled') AND NOT h.archived
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    LOOP
        PERFORM hazard_open_add(old_key, NULL, r.deadline, r.major, r.listed, r.counting, -r.n);
        PERFORM hazard_open_add(new_key, new_path, r.deadline, r.major, r.listed, r.counting, r.n);
    END LOOP;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION orgs_hazard_open_counts() FROM PUBLIC;
CREATE TRIGGER orgs_hazard_open_counts AFTER UPDATE OF parent_id, level ON orgs
    FOR EACH ROW WHEN ((OLD.level = 'unit' OR NEW.level = 'unit')
                       AND (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.level IS DISTINCT FROM NEW.level))
    EXECUTE FUNCTION orgs_hazard_open_counts();

-- The counts made again from the hazards: here, and by the bulk generator
-- (db/generate/province.sql), which loads its million hazards with the trigger disabled.
CREATE FUNCTION hazard_open_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    DELETE FROM hazard_open_counts;
    -- grouped by the key's org id first (hashable, unlike the path), its path joined after
    INSERT INTO hazard_open_counts (org_id, org_path, deadline, major, listed, counting, n)
    SELECT k.org_id, a.path, k.deadline, k.major, k.listed, k.counting, k.n
    FROM (SELECT CASE WHEN g.level = 'unit' THEN g.parent_id ELSE g.id END AS org_id,
                 coalesce(h.deadline, 'infinity'::date) AS deadline, h.level = 'major' AS major, h.listed,
                 h.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested') AS counting,
                 count(*)::integer AS n
          FROM hazards h JOIN orgs g ON g.id = h.org_id
          WHERE h.state NOT IN ('closed', 'cancelled') AND NOT h.archived
          GROUP BY 1, 2, 3, 4, 5) k
    JOIN orgs a ON a.id = k.org_id;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
END
$$;
REVOKE ALL ON FUNCTION hazard_open_counts_rebuild() FROM PUBLIC;
SELECT hazard_open_counts_rebuild();
ANALYZE hazard_open_counts;

-- How many records of a list the province, each city and each county holds, so that a first
-- page's "total" over a whole subtree reads one key's few rows instead of counting up to 1,001
-- records under row-level security (api/resource/list.c, kept_count_ok): the count was about half
-- of PostgreSQL's work on a first page of institutions, risks, inspections or users at the
-- province data set. Exact, never stale: triggers on each table keep it in the same transaction
-- as the change.
--
-- A record is counted under each of the first one, two and three labels of its path: its
-- province, its city and its county (or as many of them as its path has). So the records under a
-- root of at most three labels are that one key's count, whatever lies between. The key is also
-- kept as text, whose equality is leakproof and so leads the plan under row-level security
-- (ltree's operators are not). A write of a record waits for its province's row while another
-- transaction writing the same list there holds it: the lists' writes are a person's edits and
-- imports, not a stream.
--
-- `own` says the record's path is the key itself (the record of that very org); `hidden` that
-- row-level security hides the record from its own org (an unannounced inspection's draft,
-- inspections_subtree, 0036): such a record is left out of the total of a caller whose path is
-- its key. `archived` is the record's (users have none: false). A row that falls to 0 is deleted.
CREATE TABLE subtree_counts (
    list      text NOT NULL CHECK (list IN ('institutions', 'risks', 'inspections', 'users')),
    key       text NOT NULL,
    org_path  ltree NOT NULL CHECK (nlevel(org_path) BETWEEN 1 AND 3 AND key = org_path::text),
    own       boolean NOT NULL,
    hidden    boolean NOT NULL,
    archived  boolean NOT NULL,
    n         bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (list, key, own, hidden, archived)
);

-- Read by the runtime role within its subtree; written only by subtree_count_add below (its
-- owner's, with every key in view: no configuration change on each write).
ALTER TABLE subtree_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE subtree_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY subtree_counts_subtree ON subtree_counts FOR SELECT TO anquan_app
    USING (org_path <@ app_scope());
CREATE POLICY subtree_counts_owner ON subtree_counts TO anquan_owner
    USING (true) WITH CHECK (true);
GRANT SELECT ON subtree_counts TO anquan_app;

-- Adds delta to the counts of a record at p_path: the keys of its province, its city and its
-- county, in that order. A decrement of a key that has no row, or below 0, means
-- the counts are out of step with the records: an error, never a silently wrong total.
CREATE FUNCTION subtree_count_add(p_list text, p_path ltree, p_hidden boolean, p_archived boolean,
                                  p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    k_path ltree;
    left_n bigint;
BEGIN
    FOR k IN 1..least(nlevel(p_path), 3) LOOP
        k_path := subpath(p_path, 0, k);
        IF p_delta > 0 THEN
            INSERT INTO subtree_counts AS c (list, key, org_path, own, hidden, archived, n)
            VALUES (p_list, k_path::text, k_path, k_path = p_path, p_hidden, p_archived, p_delta)
            ON CONFLICT (list, key, own, hidden, archived) DO UPDATE SET n = c.n + excluded.n;
        ELSE
            UPDATE subtree_counts SET n = n + p_delta
            WHERE list = p_list AND key = k_path::text AND own = (k_path = p_path)
              AND hidden = p_hidden AND archived = p_archived
            RETURNING n INTO left_n;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'subtree_counts: no count of % at % to take % from', p_list, k_path, -p_delta;
            END IF;
            IF left_n = 0 THEN
                DELETE FROM subtree_counts
                WHERE list = p_list AND key = k_path::text AND own = (k_path = p_path)
                  AND hidden = p_hidden AND archived = p_archived AND n = 0;
            END IF;
        END IF;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION subtree_count_add(text, ltree, boolean, boolean, integer) FROM PUBLIC;

-- Keeps the counts of a record written (TG_ARGV[0] the list): its old key loses one, its new key
-- gains one, the smaller key first (two transactions moving records between the same two keys
-- take their locks in the same order). An org moved takes its records' paths along through the
-- foreign key (ON UPDATE CASCADE), which fires this trigger on each of them.
CREATE FUNCTION subtree_counts_keep() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    list text := TG_ARGV[0];
    o_path ltree; o_hidden boolean := false; o_archived boolean := false;
    n_path ltree; n_hidden boolean := false; n_archived boolean := false;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o_path := OLD.org_path;
        IF TG_TABLE_NAME = 'inspections' THEN
            o_hidden := OLD.type = 'unannounced' AND OLD.status = 'draft';
        END IF;
        IF TG_TABLE_NAME <> 'users' THEN
            o_archived := OLD.archived;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n_path := NEW.org_path;
        IF TG_TABLE_NAME = 'inspections' THEN
            n_hidden := NEW.type = 'unannounced' AND NEW.status = 'draft';
        END IF;
        IF TG_TABLE_NAME <> 'users' THEN
            n_archived := NEW.archived;
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND (o_path, o_hidden, o_archived) = (n_path, n_hidden, n_archived) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE'
                            AND (o_path::text, o_hidden, o_archived) < (n_path::text, n_hidden, n_archived)) THEN
        PERFORM subtree_count_add(list, o_path, o_hidden, o_archived, -1);
        o_path := NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM subtree_count_add(list, n_path, n_hidden, n_archived, 1);
    END IF;
    IF TG_OP = 'UPDATE' AND o_path IS NOT NULL THEN
        PERFORM subtree_count_add(list, o_path, o_hidden, o_archived, -1);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION subtree_counts_keep() FROM PUBLIC;

CREATE TRIGGER institutions_subtree_counts AFTER INSERT OR DELETE ON institutions
    FOR EACH ROW EXECUTE FUNCTION subtree_counts_keep('institutions');
CREATE TRIGGER institutions_subtree_counts_update AFTER UPDATE ON institutions
    FOR EACH ROW WHEN ((OLD.org_path, OLD.archived) IS DISTINCT FROM (NEW.org_path, NEW.archived))
    EXECUTE FUNCTION subtree_counts_keep('institutions');
CREATE TRIGGER risks_subtree_counts AFTER INSERT OR DELETE ON risks
    FOR EACH ROW EXECUTE FUNCTION subtree_counts_keep('risks');
CREATE TRIGGER risks_subtree_counts_update AFTER UPDATE ON risks
    FOR EACH ROW WHEN ((OLD.org_path, OLD.archived) IS DISTINCT FROM (NEW.org_path, NEW.archived))
    EXECUTE FUNCTION subtree_counts_keep('risks');
CREATE TRIGGER inspections_subtree_counts AFTER INSERT OR DELETE ON inspections
    FOR EACH ROW EXECUTE FUNCTION subtree_counts_keep('inspections');
CREATE TRIGGER inspections_subtree_counts_update AFTER UPDATE ON inspections
    FOR EACH ROW WHEN ((OLD.org_path, OLD.archived, OLD.type, OLD.status)
                       IS DISTINCT FROM (NEW.org_path, NEW.archived, NEW.type, NEW.status))
    EXECUTE FUNCTION subtree_counts_keep('inspections');
CREATE TRIGGER users_subtree_counts AFTER INSERT OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION subtree_counts_keep('users');
CREATE TRIGGER users_subtree_counts_update AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.org_path IS DISTINCT FROM NEW.org_path)
    EXECUTE FUNCTION subtree_counts_keep('users');

-- The counts made again from the records: here, and by the bulk generator
-- (db/generate/province.sql), which loads its rows with triggers off.
CREATE FUNCTION subtree_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    DELETE FROM subtree_counts;
    INSERT INTO subtree_counts (list, key, org_path, own, hidden, archived, n)
    SELECT r.list, subpath(r.org_path, 0, k.k)::text, subpath(r.org_path, 0, k.k),
           nlevel(r.org_path) = k.k, r.hidden, r.archived, count(*)
    FROM (SELECT 'institutions' AS list, org_path, false AS hidden, archived FROM institutions
          UNION ALL
          SELECT 'risks', org_path, false, archived FROM risks
          UNION ALL
          SELECT 'inspections', org_path, type = 'unannounced' AND status = 'draft', archived
          FROM inspections
          UNION ALL
          SELECT 'users', org_path, false, false FROM users) r,
         generate_series(1, least(nlevel(r.org_path), 3)) AS k(k)
    GROUP BY 1, 2, 3, 4, 5, 6;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
END
$$;
REVOKE ALL ON FUNCTION subtree_counts_rebuild() FROM PUBLIC;

SELECT subtree_counts_rebuild();
SELECT app_expand_policies();

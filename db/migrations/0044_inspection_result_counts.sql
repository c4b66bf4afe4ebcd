-- An inspection's numbers of checklist items, of items answered and of items failed, kept on its
-- row by a trigger on its results, so that its answer reads three columns instead of starting a
-- counting subquery over inspection_results under row-level security for each row: on the
-- inspection list (20 a page) that was about a seventh of PostgreSQL's time on a page at the
-- province data set, the list that missed its p99 most often in `make bench` (issue 8). As 0043 keeps an
-- institution's counts. A caller who can read an inspection can read all of its results (their
-- policy asks for the inspection and the same subtree), so the kept numbers are the ones each
-- caller counted.
ALTER TABLE inspections
    ADD COLUMN item_count integer NOT NULL DEFAULT 0 CHECK (item_count >= 0),
    ADD COLUMN answered_count integer NOT NULL DEFAULT 0 CHECK (answered_count >= 0),
    ADD COLUMN fail_count integer NOT NULL DEFAULT 0 CHECK (fail_count >= 0);

-- A result counted under its inspection: an item, answered when it has a result, failed when that
-- result is 'fail'. The handlers lock the inspection before they write its results, so this adds
-- no lock order; the count is bookkeeping, kept in the system scope as 0043's are, and the
-- caller's scope is put back. Neither version nor updated_at moves: the handler that wrote the
-- results says whether the inspection changed.
CREATE FUNCTION inspections_result_counts() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE inspections SET item_count = item_count - 1,
               answered_count = answered_count - (OLD.result IS NOT NULL)::integer,
               fail_count = fail_count - (OLD.result IS NOT DISTINCT FROM 'fail')::integer
         WHERE id = OLD.inspection_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE inspections SET item_count = item_count + 1,
               answered_count = answered_count + (NEW.result IS NOT NULL)::integer,
               fail_count = fail_count + (NEW.result IS NOT DISTINCT FROM 'fail')::integer
         WHERE id = NEW.inspection_id;
    END IF;
    PERFORM set_config('app.org_path', old_scope, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION inspections_result_counts() FROM PUBLIC;

CREATE TRIGGER inspection_results_counts AFTER INSERT OR DELETE ON inspection_results
    FOR EACH ROW EXECUTE FUNCTION inspections_result_counts();
CREATE TRIGGER inspection_results_counts_update AFTER UPDATE ON inspection_results
    FOR EACH ROW WHEN ((OLD.inspection_id, OLD.result) IS DISTINCT FROM (NEW.inspection_id, NEW.result))
    EXECUTE FUNCTION inspections_result_counts();

DO $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    UPDATE inspections s SET item_count = c.items, answered_count = c.answered, fail_count = c.failed
    FROM (SELECT inspection_id, count(*)::integer AS items, count(result)::integer AS answered,
                 (count(*) FILTER (WHERE result = 'fail'))::integer AS failed
          FROM inspection_results GROUP BY inspection_id) c
    WHERE c.inspection_id = s.id;
    PERFORM set_config('app.org_path', old_scope, true);
END
$$;

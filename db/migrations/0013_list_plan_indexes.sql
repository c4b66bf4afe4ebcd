-- The lists' own orders at province scale (tests/plan/): a page of the default order reads its
-- twenty rows from an index, not a sort of every row of the caller's subtree.
-- Risks: grade (low < general < significant < major), then score, then id (GET /risks, "-score").
CREATE INDEX risks_grade_score ON risks
    ((array_position(ARRAY['low', 'general', 'significant', 'major'], grade)), score, id);
-- Inspections: inspection day, then the order they were recorded, then id ("-inspected_on").
CREATE INDEX inspections_inspected_on ON inspections (inspected_on, created_at, id);

-- Row-level security and the statistics: PostgreSQL uses a table's statistics for a predicate under
-- row-level security only when the predicate's function is LEAKPROOF, otherwise every subtree
-- test (org_path <@ ...) is guessed at 1% of the rows, whatever the subtree. ltree's subtree tests
-- are leakproof (a boolean of two paths, no error), but only a superuser may say so: deploy/pg.sh
-- does it for the local clusters; a managed database needs, once, as its superuser:
--   ALTER FUNCTION ltree_risparent(ltree, ltree) LEAKPROOF;
--   ALTER FUNCTION ltree_isparent(ltree, ltree) LEAKPROOF;

-- Custom plans for every statement: the lists' optional filters ("$3 IS NULL OR r.category = $3")
-- and the subtree in app.org_path are only known per execution; a generic plan, cached after
-- five executions, guesses them (a handful of rows where a city has 33,000) and keeps the guess
-- of the first caller's subtree for every later one. Planning each time costs far less.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
END
$$;

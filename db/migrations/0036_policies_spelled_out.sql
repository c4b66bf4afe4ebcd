-- Row-level security's policies spell out what app_scope() and app_identity() (0011) answer,
-- instead of calling them. PostgreSQL inlines a SQL function where a plan uses it by parsing and
-- analysing its body again, every time, and every list is planned for its own request (list.c):
-- a page of inspections (the inspection, its unit, its inspecting org, its checklist, its answers
-- and its correction, each under its table's policy) parsed those bodies about twenty times, a
-- quarter to a third of its planning. Spelled out, a plan folds the same expression with nothing
-- to parse; what a policy admits, and how a plan estimates and runs it, stay the same.
--
-- app_expand_policies() rewrites every policy that calls either function (found in pg_policy)
-- with their bodies as they are now, so the functions stay the one definition: a migration that
-- creates a policy calling them, or changes them, ends with SELECT app_expand_policies();
-- tests/api/auth/policies.test.mjs fails while any policy still calls them.
CREATE FUNCTION app_expand_policies() RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    body_of CONSTANT text := '^\s*SELECT\s+';
    ident text;
    scope text;
    p record;
    q text;
    c text;
    n integer := 0;
BEGIN
    SELECT '(' || regexp_replace(f.prosrc, body_of, '', 'i') || ')' INTO STRICT ident
        FROM pg_proc f WHERE f.oid = 'app_identity()'::regprocedure;
    SELECT '(' || regexp_replace(regexp_replace(f.prosrc, body_of, '', 'i'),
                                 '\mapp_identity\(\)', ident, 'g') || ')' INTO STRICT scope
        FROM pg_proc f WHERE f.oid = 'app_scope()'::regprocedure;
    FOR p IN SELECT pol.polname, pol.polrelid::regclass AS tbl,
                    pg_get_expr(pol.polqual, pol.polrelid) AS qual,
                    pg_get_expr(pol.polwithcheck, pol.polrelid) AS chk
             FROM pg_policy pol
    LOOP
        q := regexp_replace(regexp_replace(p.qual, '\mapp_scope\(\)', scope, 'g'),
                            '\mapp_identity\(\)', ident, 'g');
        c := regexp_replace(regexp_replace(p.chk, '\mapp_scope\(\)', scope, 'g'),
                            '\mapp_identity\(\)', ident, 'g');
        CONTINUE WHEN q IS NOT DISTINCT FROM p.qual AND c IS NOT DISTINCT FROM p.chk;
        EXECUTE format('ALTER POLICY %I ON %s', p.polname, p.tbl)
             || coalesce(' USING (' || q || ')', '')
             || coalesce(' WITH CHECK (' || c || ')', '');
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION app_expand_policies() FROM PUBLIC;

SELECT app_expand_policies();

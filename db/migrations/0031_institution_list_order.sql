-- The institution list in name order at every level (GET /institutions, 20 a page): the province's
-- first page sorted all 30,000 of its institutions to show 20 (250 ms, about 8 requests/s at 32
-- connections). The list now sorts by the unit org's name kept on the institution, and two
-- indexes serve that order:
--   institutions_by_name       the whole tree (the province): walk the names, stop after a page;
--   institutions_city_by_name  a city's subtree, found by city_path: a text equality on a stored
--                              column, which may lead the plan under row-level security (the
--                              subpath() it stores is not leakproof, so an index on that
--                              expression could not), already in name order.
-- A county's list stays with the subtree index and a sort of its few hundred.
-- city_path is the path's first two labels: the city's path for anything at or below a city.
ALTER TABLE institutions ADD COLUMN org_name text;
ALTER TABLE institutions ADD COLUMN city_path text
    GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 2)))) STORED;

-- The name follows the org: taken on insert, kept on a rename (both in the writer's scope, which
-- holds the org and its institution record alike).
CREATE FUNCTION institutions_org_name() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.org_name := (SELECT o.name FROM orgs o WHERE o.id = NEW.org_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER institutions_org_name BEFORE INSERT OR UPDATE OF org_id ON institutions
    FOR EACH ROW EXECUTE FUNCTION institutions_org_name();

CREATE FUNCTION orgs_rename_institution() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE institutions SET org_name = NEW.name WHERE org_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER orgs_rename_institution AFTER UPDATE OF name ON orgs
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION orgs_rename_institution();

DO $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    UPDATE institutions i SET org_name = o.name FROM orgs o WHERE o.id = i.org_id;
    PERFORM set_config('app.org_path', old_scope, true);
END
$$;
ALTER TABLE institutions ALTER COLUMN org_name SET NOT NULL;
CREATE INDEX institutions_by_name ON institutions (org_name, id);
CREATE INDEX institutions_city_by_name ON institutions (city_path, org_name, id);

-- A county's and a city's users in username order (GET /users, 20 a page): their subtree index
-- read every user of the subtree (a county's few hundred, a city's thousands) and sorted them for
-- a page. Each subtree now walks an index of its own in username order, found by a stored prefix
-- of the path as institutions (0031, 0035), the audit log, hazards, risks and inspections do
-- (0032-0034): city_path and county_path are the path's first two and three labels (all of a
-- shorter path), a text equality that may lead a plan under row-level security. A user moved to
-- another org takes its new prefixes with its new path.
ALTER TABLE users
    ADD COLUMN city_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 2)))) STORED,
    ADD COLUMN county_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 3)))) STORED;
-- county_path keeps no statistics, for the reason 0035 gives for institutions' (a county holds a
-- few hundred users, as it does institutions).
ALTER TABLE users ALTER COLUMN county_path SET STATISTICS 0;
CREATE INDEX users_city_by_username ON users (city_path, username, id);
CREATE INDEX users_county_by_username ON users (county_path, username, id);

-- A county's or a city's hazard list (GET /hazards, 20 a page, newest first or the overdue list in
-- deadline order) walked the whole province's index of that order and dropped the other subtrees'
-- hazards: a county's overdue page read 3,400 of the province's hazards to show 20 (10 ms, and
-- more the quieter the county), as its audit log did (0032). Each subtree now walks an index of
-- its own in the list's order, found by a stored prefix of the path (a text equality, which may
-- lead a plan under row-level security: 0031, 0032):
--   hazards_city_found, hazards_county_found  newest (or oldest) first, the default order;
--   hazards_city_due, hazards_county_due      deadline order (?sort=due_at, the overdue list).
-- city_path and county_path are the path's first two and three labels (all of a shorter path).
ALTER TABLE hazards
    ADD COLUMN city_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 2)))) STORED,
    ADD COLUMN county_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 3)))) STORED;
CREATE INDEX hazards_city_found ON hazards (city_path, found_at, id);
CREATE INDEX hazards_county_found ON hazards (county_path, found_at, id);
CREATE INDEX hazards_city_due ON hazards (city_path, (coalesce(due_at, 'infinity'::timestamptz)), id);
CREATE INDEX hazards_county_due ON hazards (county_path, (coalesce(due_at, 'infinity'::timestamptz)), id);

-- A county's or a city's risks and inspections in their lists' default orders (GET /risks, grade
-- and score; GET /inspections, newest inspection day first): each walked the whole province's
-- index of that order (0013) and dropped the other subtrees' rows, as the audit log and the
-- hazards did (0032, 0033). Each subtree now walks an index of its own in that order, found by a
-- stored prefix of the path (a text equality, which may lead a plan under row-level security).
-- city_path and county_path are the path's first two and three labels (all of a shorter path).
ALTER TABLE risks
    ADD COLUMN city_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 2)))) STORED,
    ADD COLUMN county_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 3)))) STORED;
CREATE INDEX risks_city_grade_score ON risks
    (city_path, (array_position(ARRAY['low', 'general', 'significant', 'major'], grade)), score, id);
CREATE INDEX risks_county_grade_score ON risks
    (county_path, (array_position(ARRAY['low', 'general', 'significant', 'major'], grade)), score, id);

ALTER TABLE inspections
    ADD COLUMN city_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 2)))) STORED,
    ADD COLUMN county_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 3)))) STORED;
CREATE INDEX inspections_city_inspected_on ON inspections (city_path, inspected_on, created_at, id);
CREATE INDEX inspections_county_inspected_on ON inspections (county_path, inspected_on, created_at, id);

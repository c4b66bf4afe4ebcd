-- A county's institution list in name order (GET /institutions, 20 a page): its subtree index
-- read every institution of the county (a few hundred) and sorted them for a page of 20, where a
-- city's list walks institutions_city_by_name (0031) and stops after the page. A county's now
-- walks an index of its own in name order, found by a stored prefix of the path as the audit log,
-- hazards, risks and inspections do (0032-0034): county_path is the path's first three labels
-- (all of a shorter path), a text equality that may lead a plan under row-level security.
--
-- county_path keeps no statistics. It only repeats the subtree test of row-level security, whose
-- estimate the planner already has (a county: about 1 % of the province's institutions); with the
-- column's own, it multiplies the two into a few rows, and a page of a few rows is cheaper to sort
-- from the subtree index than to walk in order, so a county's list read and sorted its hundreds
-- again (the plan suite, tests/plan/, at the province data set). Without them the equality takes
-- the planner's default (0.5 %), and the ordered walk, which stops after the page, is the cheaper.
ALTER TABLE institutions ADD COLUMN county_path text
    GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 3)))) STORED;
ALTER TABLE institutions ALTER COLUMN county_path SET STATISTICS 0;
CREATE INDEX institutions_county_by_name ON institutions (county_path, org_name, id);

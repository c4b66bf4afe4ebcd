-- The audit log of a city or a county, newest first (GET /audit, 20 a page): the plan walked the
-- whole log's time index (audit_log_at) and dropped every entry of the rest of the province, so a
-- county's page cost what the province's activity since its entries did (a county's second page
-- read 24,000 entries at the province data set, 185 requests/s at 32 connections), and a quiet
-- county's list grew slower as the others worked. Each subtree now walks an index of its own, in
-- the list's order:
--   audit_log_city_at    a city's subtree, found by city_path;
--   audit_log_county_at  a county's (or a unit's directly under a city), found by county_path;
-- both text equalities on stored columns, which may lead a plan under row-level security (the
-- subpath() they store is not leakproof, so an index on that expression could not; 0031 says the
-- same of institutions). The province keeps audit_log_at, and deeper subtrees the GiST index.
-- city_path and county_path are the path's first two and three labels (all of a shorter path):
-- equal to a city's (county's) path exactly for the entries of its subtree.
ALTER TABLE audit_log
    ADD COLUMN city_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 2)))) STORED,
    ADD COLUMN county_path text
        GENERATED ALWAYS AS (ltree2text(subpath(org_path, 0, least(nlevel(org_path), 3)))) STORED;
CREATE INDEX audit_log_city_at ON audit_log (city_path, at DESC, id DESC);
CREATE INDEX audit_log_county_at ON audit_log (county_path, at DESC, id DESC);

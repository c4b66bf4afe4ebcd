-- A name search of the institution list (q) matches the unit's name kept on the institution
-- (org_name, migration 0031) rather than joining orgs: the join cost every page of the list a probe
-- of orgs per row under row-level security, searched or not (a third of PostgreSQL's CPU on a
-- county's plain page). The trigram index serves the search at province scale as orgs_name_trgm
-- served it through orgs.
CREATE INDEX institutions_name_trgm ON institutions USING gin (org_name gin_trgm_ops);

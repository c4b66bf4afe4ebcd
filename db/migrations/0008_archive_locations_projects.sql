-- Key locations and construction projects are archived, never deleted: a phone that cached one
-- must learn that it is gone, and risks and hazards keep pointing at the place they were found.
ALTER TABLE key_locations ADD COLUMN archived boolean NOT NULL DEFAULT false;
ALTER TABLE construction_projects ADD COLUMN archived boolean NOT NULL DEFAULT false;
REVOKE DELETE ON key_locations, construction_projects FROM anquan_app;

-- A county's share of a province's hazards is about 1%: with the default statistics (a histogram
-- of 100 paths from a 30,000-row sample) the planner's estimate of a county subtree on hazards'
-- org_path came out anywhere from 100 to 10,000 rows of 11,000 between two ANALYZE runs of the
-- same data set (tests/plan: the county's overdue list planned for 17 rows and got 4,200). A
-- finer histogram makes the subtree estimates stable.
ALTER TABLE hazards ALTER COLUMN org_path SET STATISTICS 1000;
ANALYZE hazards (org_path);

-- Every Inspection answer names its correction (corrected_by_id) and the figures leave corrected
-- records out: both look inspections up by corrects_id, which at province scale scanned a county's
-- inspections once per row listed (about 15 s for one county's list).
CREATE INDEX inspections_corrects ON inspections (corrects_id) WHERE corrects_id IS NOT NULL;

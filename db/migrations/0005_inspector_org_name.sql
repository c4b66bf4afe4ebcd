-- The inspecting org's name is kept on the inspection: a unit's users cannot read the org rows
-- above their own (row-level security), yet must see who inspected them.
ALTER TABLE inspections ADD COLUMN inspector_org_name text CHECK (length(inspector_org_name) <= 100);

-- Filled from the inspecting org when the row is written (the inspecting org is the caller's
-- own, or any org in the system scope used by demo and generated data).
CREATE FUNCTION inspections_inspector_org_name() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.inspector_org_name IS NULL THEN
        SELECT name INTO NEW.inspector_org_name FROM orgs WHERE id = NEW.inspector_org_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER inspections_inspector_org_name BEFORE INSERT ON inspections
    FOR EACH ROW EXECUTE FUNCTION inspections_inspector_org_name();

SELECT set_config('app.org_path', '*', true);
UPDATE inspections s SET inspector_org_name = o.name FROM orgs o WHERE o.id = s.inspector_org_id;

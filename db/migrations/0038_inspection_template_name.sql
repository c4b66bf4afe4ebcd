-- An inspection keeps the name of the checklist it was made from, as it keeps the texts of the
-- checklist's items (inspection_copy_items) and the inspecting org's name (0005): the record says
-- what was asked, and under which checklist, even if the template is renamed later. Every page of
-- inspections showed the name by joining the template, one more table under row-level security in
-- each page's plan (about 0.3 ms of planning, inspections being planned for every request).
ALTER TABLE inspections ADD COLUMN template_name text;

-- Filled from the template when the row is written (the caller may read the template it chose,
-- inspection_template; generated and demo data are written in the system scope). A correction
-- copies its original's.
CREATE FUNCTION inspections_template_name() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.template_name IS NULL AND NEW.template_id IS NOT NULL THEN
        SELECT name INTO NEW.template_name FROM checklist_templates WHERE id = NEW.template_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER inspections_template_name BEFORE INSERT ON inspections
    FOR EACH ROW EXECUTE FUNCTION inspections_template_name();

DO $$
DECLARE
    old_scope text := coalesce(current_setting('app.org_path', true), '');
BEGIN
    PERFORM set_config('app.org_path', '*', true);
    UPDATE inspections s SET template_name = t.name FROM checklist_templates t
        WHERE t.id = s.template_id;
    PERFORM set_config('app.org_path', old_scope, true);
END
$$;

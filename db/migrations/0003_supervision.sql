-- The three supervision databases (seed 000 §二(三)): institutions (医疗卫生机构数据库), risks
-- (风险数据库) and inspections (监督检查数据库), with checklist templates, and idempotent creates.
-- Every org-owned table carries the org path of the unit it belongs to (following moves through
-- the composite foreign key) and has row-level security enabled and forced.

CREATE TABLE institutions (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL UNIQUE,
    org_path        ltree NOT NULL,
    credit_code     text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
    type            text NOT NULL CHECK (type IN ('general_hospital', 'tcm_hospital', 'specialist_hospital',
                        'primary_care', 'cdc', 'maternal_child', 'blood_station', 'health_supervision', 'other')),
    grade           text NOT NULL DEFAULT 'none' CHECK (grade IN ('3A', '3B', '3C', '2A', '2B', '2C', '1A', '1B', '1C', 'none')),
    ownership       text NOT NULL DEFAULT 'public' CHECK (ownership IN ('public', 'private', 'other')),
    address         text CHECK (length(address) <= 200),
    longitude       numeric(9, 6) CHECK (longitude BETWEEN 73 AND 136),
    latitude        numeric(8, 6) CHECK (latitude BETWEEN 3 AND 54),
    beds            integer CHECK (beds BETWEEN 0 AND 100000),
    staff           integer CHECK (staff BETWEEN 0 AND 1000000),
    principal       jsonb NOT NULL DEFAULT '{}'::jsonb,   -- 主要负责人 {name, phone}
    contacts        jsonb NOT NULL DEFAULT '[]'::jsonb,   -- [{name, role, phone}]
    safety_department jsonb NOT NULL DEFAULT '{}'::jsonb, -- 安全管理部门 {name, head, phone}
    safety_officers jsonb NOT NULL DEFAULT '[]'::jsonb,   -- 各科室安全员 [{department, name, phone}]
    grid_name       text CHECK (length(grid_name) <= 100),          -- 网格
    grid_head       text CHECK (length(grid_head) <= 64),           -- 网格责任人
    grid_head_phone text CHECK (grid_head_phone ~ '^[0-9-]{7,20}$'),
    archived        boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX institutions_org_path_gist ON institutions USING gist (org_path);
CREATE INDEX institutions_type ON institutions (type);

CREATE TABLE key_locations (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    institution_id uuid NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    org_id         uuid NOT NULL,
    org_path       ltree NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('oxygen_station', 'power_room', 'boiler_room', 'gas_pipeline',
                       'hazchem_store', 'laboratory', 'kitchen', 'ebike_charging', 'other')),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    duty_24h       boolean NOT NULL DEFAULT false,
    note           text CHECK (length(note) <= 500),
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX key_locations_institution ON key_locations (institution_id);
CREATE INDEX key_locations_org_path_gist ON key_locations USING gist (org_path);

CREATE TABLE construction_projects (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    institution_id      uuid NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    org_id              uuid NOT NULL,
    org_path            ltree NOT NULL,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    contractor          text CHECK (length(contractor) <= 200),
    construction_permit text CHECK (length(construction_permit) BETWEEN 1 AND 64),  -- 施工许可证号
    other_permits       text CHECK (length(other_permits) <= 500),
    start_date          date,
    end_date            date CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    status              text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'under_way', 'suspended', 'completed')),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX construction_projects_institution ON construction_projects (institution_id);
CREATE INDEX construction_projects_org_path_gist ON construction_projects USING gist (org_path);
-- 打非治违: projects under way without a construction permit.
CREATE INDEX construction_projects_unpermitted ON construction_projects (org_path) WHERE status = 'under_way' AND construction_permit IS NULL;

CREATE TABLE risks (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    institution_id   uuid NOT NULL REFERENCES institutions (id),
    org_id           uuid NOT NULL,
    org_path         ltree NOT NULL,
    key_location_id  uuid REFERENCES key_locations (id) ON DELETE SET NULL,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category         text NOT NULL CHECK (category IN ('fire', 'electrical', 'gas', 'medical_gas', 'hazchem',
                         'special_equipment', 'lab_biosafety', 'radiation', 'construction', 'flood_weather',
                         'ebike_charging', 'other')),
    method           text NOT NULL CHECK (method IN ('lec', 'matrix')),
    lec_l            numeric CHECK (lec_l IN (0.1, 0.2, 0.5, 1, 3, 6, 10)),
    lec_e            numeric CHECK (lec_e IN (0.5, 1, 2, 3, 6, 10)),
    lec_c            numeric CHECK (lec_c IN (1, 3, 7, 15, 40, 100)),
    likelihood       integer CHECK (likelihood BETWEEN 1 AND 5),
    severity         integer CHECK (severity BETWEEN 1 AND 5),
    score            numeric NOT NULL CHECK (score >= 0),   -- D = L x E x C, or R = likelihood x severity
    grade            text NOT NULL CHECK (grade IN ('major', 'significant', 'general', 'low')),
    measures         text CHECK (length(measures) <= 2000),
    control_level    text CHECK (control_level IN ('unit', 'department', 'team', 'post')),
    control_person   text CHECK (length(control_person) <= 64),
    review_date      date,
    archived         boolean NOT NULL DEFAULT false,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK ((method = 'lec') = (lec_l IS NOT NULL AND lec_e IS NOT NULL AND lec_c IS NOT NULL)),
    CHECK ((method = 'matrix') = (likelihood IS NOT NULL AND severity IS NOT NULL))
);
CREATE INDEX risks_org_path_gist ON risks USING gist (org_path);
CREATE INDEX risks_institution ON risks (institution_id);
CREATE INDEX risks_grade_category ON risks (grade, category);
CREATE INDEX risks_name_trgm ON risks USING gin (name gin_trgm_ops);

-- Checklist templates belong to an org; its whole subtree uses them, so a template is readable
-- from below (ancestors' templates) and writable only within the subtree. Templates without an
-- org are the shipped, national ones (migration 0004): readable by every signed-in caller,
-- writable by none.
CREATE TABLE checklist_templates (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      uuid,
    org_path    ltree,
    code        text UNIQUE CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text CHECK (length(description) <= 1000),
    archived    boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE
);
CREATE INDEX checklist_templates_org_path_gist ON checklist_templates USING gist (org_path);

CREATE TABLE checklist_items (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    template_id uuid NOT NULL REFERENCES checklist_templates (id) ON DELETE CASCADE,
    org_path    ltree,
    position    integer NOT NULL CHECK (position > 0),
    text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    category    text CHECK (length(category) <= 50),
    legal_basis text CHECK (length(legal_basis) <= 300),
    UNIQUE (template_id, position)
);

CREATE TABLE inspections (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    institution_id    uuid NOT NULL REFERENCES institutions (id),
    org_id            uuid NOT NULL,            -- the inspected unit's org
    org_path          ltree NOT NULL,
    inspector_org_id  uuid NOT NULL REFERENCES orgs (id),
    inspectors        jsonb NOT NULL DEFAULT '[]'::jsonb,   -- [{user_id?, name}]
    type              text NOT NULL CHECK (type IN ('self', 'routine', 'holiday', 'supervision', 'spot',
                          'unannounced', 'lookback', 'acceptance')),
    template_id       uuid REFERENCES checklist_templates (id),
    inspected_on      date NOT NULL,
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    conclusion        text CHECK (length(conclusion) <= 2000),
    corrects_id       uuid REFERENCES inspections (id),
    created_by        uuid,
    submitted_by      uuid,
    submitted_at      timestamptz,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX inspections_org_path_gist ON inspections USING gist (org_path);
CREATE INDEX inspections_institution ON inspections (institution_id);
CREATE INDEX inspections_type_date ON inspections (type, inspected_on);

CREATE TABLE inspection_results (
    inspection_id uuid NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    org_path      ltree NOT NULL,
    position      integer NOT NULL CHECK (position > 0),
    item_id       uuid REFERENCES checklist_items (id),
    item_text     text NOT NULL,
    category      text,
    legal_basis   text,
    result        text CHECK (result IN ('pass', 'fail', 'na')),
    note          text CHECK (length(note) <= 1000),
    PRIMARY KEY (inspection_id, position)
);

CREATE TABLE findings (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    inspection_id      uuid NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    org_path           ltree NOT NULL,
    position           integer,             -- the failed checklist item, if any
    description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
    location           text CHECK (length(location) <= 200),
    suggested_severity text NOT NULL DEFAULT 'general' CHECK (suggested_severity IN ('general', 'major')),
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX findings_inspection ON findings (inspection_id);
CREATE INDEX findings_org_path_gist ON findings USING gist (org_path);

-- Idempotency-Key on creates: the first answer is replayed for a retry with the same key.
CREATE TABLE idempotency_keys (
    key         text NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
    principal   uuid NOT NULL,
    org_path    ltree NOT NULL,         -- the caller's subtree when the key was first used
    method      text NOT NULL,
    path        text NOT NULL,
    request_sha text NOT NULL,
    status      integer NOT NULL,
    body        text NOT NULL,
    location    text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);

-- Row-level security
ALTER TABLE institutions ENABLE ROW LEVEL SECURITY;
ALTER TABLE institutions FORCE ROW LEVEL SECURITY;
CREATE POLICY institutions_subtree ON institutions USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());
ALTER TABLE key_locations ENABLE ROW LEVEL SECURITY;
ALTER TABLE key_locations FORCE ROW LEVEL SECURITY;
CREATE POLICY key_locations_subtree ON key_locations USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());
ALTER TABLE construction_projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE construction_projects FORCE ROW LEVEL SECURITY;
CREATE POLICY construction_projects_subtree ON construction_projects USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());
ALTER TABLE risks ENABLE ROW LEVEL SECURITY;
ALTER TABLE risks FORCE ROW LEVEL SECURITY;
CREATE POLICY risks_subtree ON risks USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());

ALTER TABLE checklist_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE checklist_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY checklist_templates_read ON checklist_templates FOR SELECT
    USING (org_path <@ app_scope() OR org_path @> app_scope() OR (org_path IS NULL AND app_scope() IS NOT NULL));
CREATE POLICY checklist_templates_insert ON checklist_templates FOR INSERT
    WITH CHECK (org_path <@ app_scope() OR (org_path IS NULL AND app_scope() = ''::ltree));
CREATE POLICY checklist_templates_update ON checklist_templates FOR UPDATE
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());
CREATE POLICY checklist_templates_delete ON checklist_templates FOR DELETE USING (org_path <@ app_scope());
ALTER TABLE checklist_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE checklist_items FORCE ROW LEVEL SECURITY;
CREATE POLICY checklist_items_read ON checklist_items FOR SELECT
    USING (org_path <@ app_scope() OR org_path @> app_scope() OR (org_path IS NULL AND app_scope() IS NOT NULL));
CREATE POLICY checklist_items_insert ON checklist_items FOR INSERT
    WITH CHECK (org_path <@ app_scope() OR (org_path IS NULL AND app_scope() = ''::ltree));
CREATE POLICY checklist_items_update ON checklist_items FOR UPDATE
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());
CREATE POLICY checklist_items_delete ON checklist_items FOR DELETE USING (org_path <@ app_scope());

-- An unannounced inspection (暗访暗查) stays hidden from the inspected unit's own users until it
-- is submitted: a caller whose subtree is the unit itself does not see its draft.
ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspections FORCE ROW LEVEL SECURITY;
CREATE POLICY inspections_subtree ON inspections
    USING (org_path <@ app_scope()
           AND NOT (type = 'unannounced' AND status = 'draft' AND org_path = app_scope()))
    WITH CHECK (org_path <@ app_scope());
ALTER TABLE inspection_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_results FORCE ROW LEVEL SECURITY;
CREATE POLICY inspection_results_subtree ON inspection_results
    USING (org_path <@ app_scope() AND EXISTS (SELECT 1 FROM inspections i WHERE i.id = inspection_id))
    WITH CHECK (org_path <@ app_scope());
ALTER TABLE findings ENABLE ROW LEVEL SECURITY;
ALTER TABLE findings FORCE ROW LEVEL SECURITY;
CREATE POLICY findings_subtree ON findings
    USING (org_path <@ app_scope() AND EXISTS (SELECT 1 FROM inspections i WHERE i.id = inspection_id))
    WITH CHECK (org_path <@ app_scope());

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_subtree ON idempotency_keys USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());

GRANT SELECT, INSERT, UPDATE ON institutions TO anquan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON key_locations, construction_projects TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON risks TO anquan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON checklist_templates, checklist_items TO anquan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON inspections, inspection_results, findings TO anquan_app;
GRANT SELECT, INSERT, DELETE ON idempotency_keys TO anquan_app;

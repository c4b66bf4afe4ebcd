-- The hazard closed loop (隐患闭环): hazards, their rectification notices, the major-hazard
-- determination criteria, notifications, and the injectable clock every deadline is read against.
-- The workflow (api/hazard/hazard_workflow.c) moves a hazard through its states; each move is an
-- event in workflow_events (workflow 'hazard'), the state column its projection.

-- The clock. Tests stand at a chosen instant (the server passes X-Anquan-Now into app.now only
-- when ANQUAN_TEST_CLOCK=1); otherwise the transaction's own time.
CREATE FUNCTION app_now() RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(nullif(current_setting('app.now', true), '')::timestamptz, now())
$$;

-- A deadline is a date in Asia/Shanghai: it ends at the following midnight there.
CREATE FUNCTION deadline_end(d date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
$$;

-- The prefix of an administration's rectification notice numbers: 和卫安改 in 和卫安改〔2026〕3号.
ALTER TABLE orgs ADD COLUMN notice_prefix text
    CHECK (notice_prefix IS NULL OR (length(notice_prefix) BETWEEN 1 AND 20 AND notice_prefix = btrim(notice_prefix)));

-- Major-hazard determination criteria (重大事故隐患判定). The shipped ones (org NULL) summarise the
-- National Health Commission's 《医疗机构重大事故隐患判定清单（试行）》 (国卫办密安函〔2023〕490号);
-- an administration adds its own, which its subtree reads (like checklist templates).
CREATE TABLE hazard_criteria (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id     uuid,
    org_path   ltree,
    code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
    category   text NOT NULL CHECK (category IN ('fire', 'electrical', 'gas', 'medical_gas', 'hazchem',
                   'special_equipment', 'lab_biosafety', 'radiation', 'construction', 'flood_weather',
                   'ebike_charging', 'other')),
    text       text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    source     text CHECK (length(source) <= 200),
    archived   boolean NOT NULL DEFAULT false,
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK ((org_id IS NULL) = (org_path IS NULL))
);
CREATE INDEX hazard_criteria_org_path_gist ON hazard_criteria USING gist (org_path);

INSERT INTO hazard_criteria (code, category, text, source) VALUES
 ('nhc-2023-01', 'special_equipment', '特种设备作业人员未依法取得相应资格上岗作业', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-02', 'special_equipment', '使用未经检验或者检验不合格、超过检验有效期、已经报废的电梯、锅炉、压力容器（含气瓶）、压力管道等特种设备', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-03', 'medical_gas', '使用未经检验合格、国家明令淘汰或者已经报废的医疗设备、电力设备、医用气体设备设施（含医用氧舱）', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-04', 'electrical', '医疗、电力、医用气体、消防、燃气设备设施发生事故后未经检测检验合格继续使用', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-05', 'other', '关闭、破坏直接关系安全的监控、报警、防护、救生设备设施，或者篡改、隐瞒、销毁其相关数据、信息', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-06', 'gas', '使用燃气的场所（含食堂、锅炉房）未按规定安装可燃气体报警装置，或者报警装置不能正常使用', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-07', 'construction', '未经批准擅自改变建筑物承重结构或者主体结构', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-08', 'construction', '将工程、场所、设备发包、出租给不具备安全生产条件或者相应资质的单位或者个人，或者未与承包、承租单位签订安全生产管理协议', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-09', 'fire', '住院楼、门急诊楼等人员密集场所的疏散通道、安全出口、消防车通道堵塞、锁闭、占用，或者消防设施损坏、停用', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-10', 'fire', '在门诊、病房等人员密集场所违规设置员工宿舍、仓库，或者使用易燃可燃材料装修、分隔', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-11', 'hazchem', '危险化学品、易燃易爆物品未按规定分类分区专库储存，或者超量储存', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-12', 'lab_biosafety', '病原微生物实验室未按规定取得资格或者备案即从事相应实验活动，或者生物安全防护设施设备失效', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-13', 'radiation', '放射源、射线装置未按规定设置安全防护设施和警示标识，或者防护设施失效', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-14', 'ebike_charging', '电动自行车及其蓄电池在建筑物内公共门厅、疏散通道、楼梯间停放或者充电', '国卫办密安函〔2023〕490号'),
 ('nhc-2023-15', 'construction', '在建工程施工现场动火作业未按规定审批、未落实监护和防护措施', '国卫办密安函〔2023〕490号');

-- Rectification notices (整改通知书): issued by an administration to a unit for one or more of its
-- hazards, numbered without gaps per issuing org and year.
CREATE TABLE notice_counters (
    org_id uuid NOT NULL REFERENCES orgs (id),
    year   integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    last   integer NOT NULL CHECK (last >= 0),
    PRIMARY KEY (org_id, year)
);

CREATE TABLE rectification_notices (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    issuer_org_id    uuid NOT NULL,
    issuer_org_path  ltree NOT NULL,
    org_id           uuid NOT NULL,          -- the unit that must rectify
    org_path         ltree NOT NULL,
    year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    seq              integer NOT NULL CHECK (seq > 0),
    number           text NOT NULL CHECK (length(number) BETWEEN 1 AND 60),   -- 和卫安改〔2026〕3号
    requirement      text CHECK (length(requirement) <= 2000),
    deadline         date NOT NULL,
    issued_by        uuid,
    issued_by_name   text,
    issued_at        timestamptz NOT NULL DEFAULT now(),
    received_by      uuid,
    received_by_name text,
    received_at      timestamptz,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer_org_id, year, seq),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    FOREIGN KEY (issuer_org_id, issuer_org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK ((received_at IS NULL) = (received_by IS NULL))
);
CREATE INDEX rectification_notices_org_path_gist ON rectification_notices USING gist (org_path);
CREATE INDEX rectification_notices_feed ON rectification_notices (updated_at, id);

CREATE TABLE hazards (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id               uuid NOT NULL,          -- the unit the hazard is in, which rectifies it
    org_path             ltree NOT NULL,
    institution_id       uuid REFERENCES institutions (id),
    key_location_id      uuid REFERENCES key_locations (id),
    risk_id              uuid REFERENCES risks (id),
    source               text NOT NULL CHECK (source IN ('inspection', 'report', 'lookback', 'import')),
    inspection_id        uuid REFERENCES inspections (id),
    finding_id           uuid UNIQUE REFERENCES findings (id),
    inspection_position  integer,                -- the failed checklist item, when from one
    previous_id          uuid UNIQUE REFERENCES hazards (id),   -- a rebound: its first life
    description          text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    location             text CHECK (length(location) <= 200),
    category             text NOT NULL CHECK (category IN ('fire', 'electrical', 'gas', 'medical_gas', 'hazchem',
                             'special_equipment', 'lab_biosafety', 'radiation', 'construction', 'flood_weather',
                             'ebike_charging', 'other')),
    level                text NOT NULL DEFAULT 'general' CHECK (level IN ('general', 'major')),
    criterion_id         uuid REFERENCES hazard_criteria (id),
    major_basis          text CHECK (length(major_basis) <= 1000),
    state                text NOT NULL DEFAULT 'reported' CHECK (state IN ('reported', 'registered',
                             'notice_issued', 'rectifying', 'acceptance_requested', 'closed', 'cancelled')),
    found_at             timestamptz NOT NULL DEFAULT now(),     -- 发现时间
    reported_by          uuid,
    reported_by_name     text,
    reporter_org_id      uuid REFERENCES orgs (id),
    registered_org_id    uuid REFERENCES orgs (id),      -- who registered (定级): an administration or the unit
    registered_org_level text CHECK (registered_org_level IN ('province', 'city', 'county', 'unit')),
    registered_by        uuid,
    registered_at        timestamptz,
    requirement          text CHECK (length(requirement) <= 2000),    -- 整改要求
    deadline             date,                                        -- 整改时限 (Asia/Shanghai)
    due_at               timestamptz GENERATED ALWAYS AS (deadline_end(deadline)) STORED,
    -- 五落实: responsibility, funds, measures, deadline (the column above), emergency plan
    responsible_person   text CHECK (length(responsible_person) <= 64),
    responsible_phone    text CHECK (responsible_phone ~ '^[0-9+-]{5,20}$'),
    funds                text CHECK (length(funds) <= 200),
    measures             text CHECK (length(measures) <= 2000),
    emergency_plan       text CHECK (length(emergency_plan) <= 2000),
    notice_id            uuid REFERENCES rectification_notices (id),
    extension_state      text CHECK (extension_state IN ('requested', 'granted', 'refused')),
    extension_until      date,
    extension_reason     text CHECK (length(extension_reason) <= 1000),
    rectification        text CHECK (length(rectification) <= 2000),  -- 整改情况
    rectified_by         uuid,
    rectified_at         timestamptz,
    signed_in_charge_by  uuid,        -- 分管领导签字
    signed_in_charge_at  timestamptz,
    signed_principal_by  uuid,        -- 主要负责人签字
    signed_principal_at  timestamptz,
    accepted_by          uuid,        -- 验收人
    accepted_by_name     text,
    accepted_org_id      uuid REFERENCES orgs (id),
    closed_at            timestamptz, -- 销号时间
    cancel_reason        text CHECK (length(cancel_reason) <= 2000),
    listed               boolean NOT NULL DEFAULT false,   -- 挂牌督办
    listing_org_id       uuid REFERENCES orgs (id),
    listing_org_path     ltree,
    listing_document     text CHECK (length(listing_document) <= 100),
    listing_due          date,
    listed_at            timestamptz,
    delisted_at          timestamptz,
    archived             boolean NOT NULL DEFAULT false,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK (level = 'general' OR criterion_id IS NOT NULL OR major_basis IS NOT NULL),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
    CHECK (NOT listed OR (level = 'major' AND listing_org_id IS NOT NULL)),
    CHECK ((source = 'inspection') <= (inspection_id IS NOT NULL))
);
CREATE INDEX hazards_org_path_gist ON hazards USING gist (org_path);
CREATE INDEX hazards_feed ON hazards (updated_at, id);
CREATE INDEX hazards_institution ON hazards (institution_id);
CREATE INDEX hazards_inspection ON hazards (inspection_id);
CREATE INDEX hazards_notice ON hazards (notice_id);
-- The open hazards by deadline: overdue lists, to-do lists and the sweep.
CREATE INDEX hazards_open_due ON hazards (due_at, id)
    WHERE state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested') AND NOT archived;
CREATE INDEX hazards_found ON hazards (found_at, id);

-- Notifications: one row per recipient user, made by workflow moves and by the overdue sweep.
-- dedupe_key lets the sweep write each (hazard, deadline) once however often it runs.
CREATE TABLE notifications (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id),
    org_path    ltree NOT NULL,                 -- the recipient's org (row-level security)
    kind        text NOT NULL CHECK (kind ~ '^[a-z_]+(\.[a-z_]+)*$'),
    record_type text CHECK (record_type ~ '^[a-z_]+$'),
    record_id   uuid,
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    body        text CHECK (length(body) <= 2000),
    dedupe_key  text CHECK (length(dedupe_key) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz,
    UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id);

ALTER TABLE hazard_criteria ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazard_criteria FORCE ROW LEVEL SECURITY;
CREATE POLICY hazard_criteria_read ON hazard_criteria FOR SELECT
    USING (org_path <@ app_scope() OR org_path @> app_scope() OR (org_path IS NULL AND app_scope() IS NOT NULL));
CREATE POLICY hazard_criteria_insert ON hazard_criteria FOR INSERT WITH CHECK (org_path <@ app_scope());
CREATE POLICY hazard_criteria_update ON hazard_criteria FOR UPDATE
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_scope());

ALTER TABLE notice_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE notice_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY notice_counters_subtree ON notice_counters
    USING (EXISTS (SELECT 1 FROM orgs o WHERE o.id = org_id))
    WITH CHECK (EXISTS (SELECT 1 FROM orgs o WHERE o.id = org_id));

ALTER TABLE rectification_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE rectification_notices FORCE ROW LEVEL SECURITY;
CREATE POLICY rectification_notices_subtree ON rectification_notices
    USING (org_path <@ app_scope()) WITH CHECK (issuer_org_path <@ app_identity() AND org_path <@ app_identity());

-- A hazard is seen by its unit's subtree's ancestors up to the caller's subtree; a higher org that
-- listed it for supervision sees it anyway (it lies in that org's subtree).
ALTER TABLE hazards ENABLE ROW LEVEL SECURITY;
ALTER TABLE hazards FORCE ROW LEVEL SECURITY;
CREATE POLICY hazards_subtree ON hazards USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_identity());

-- Each user reads their own notifications (the handler filters by user); the org scope bounds it.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY notifications_subtree ON notifications USING (org_path <@ app_identity()) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON hazard_criteria TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON notice_counters TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON rectification_notices TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON hazards TO anquan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO anquan_app;

-- Notifies the active users with one of `roles` in the orgs `mode` names from `target` (an org's
-- path): 'org' the org itself, 'parent' the org above it, 'ancestors' every org above it. Runs
-- with the whole tree in view (the org above lies outside a unit caller's subtree) and restores
-- the caller's settings on return. A row already written with the same dedupe_key for a user is
-- kept (the overdue sweep writes each deadline once). Returns the number written.
CREATE FUNCTION notify_users(target ltree, mode text, roles text[], p_kind text, p_record_type text,
                             p_record_id uuid, p_title text, p_body text, p_dedupe text)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    old_path text := coalesce(current_setting('app.org_path', true), '');
    old_list text := coalesce(current_setting('app.list_path', true), '');
    n integer;
BEGIN
    IF old_path = '' THEN
        RETURN 0;   -- no caller: nothing is written
    END IF;
    PERFORM set_config('app.org_path', '*', true);
    PERFORM set_config('app.list_path', '', true);
    INSERT INTO notifications (user_id, org_path, kind, record_type, record_id, title, body, dedupe_key)
    SELECT u.id, u.org_path, p_kind, p_record_type, p_record_id, p_title, p_body, p_dedupe
    FROM users u
    WHERE u.active AND u.role = ANY (roles)
      AND CASE mode
          WHEN 'org' THEN u.org_path = target
          WHEN 'parent' THEN nlevel(target) > 1 AND u.org_path = subpath(target, 0, nlevel(target) - 1)
          WHEN 'ancestors' THEN u.org_path @> target AND u.org_path <> target
          ELSE false END
    ON CONFLICT (user_id, dedupe_key) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    PERFORM set_config('app.org_path', old_path, true);
    PERFORM set_config('app.list_path', old_list, true);
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION notify_users(ltree, text, text[], text, text, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION notify_users(ltree, text, text[], text, text, uuid, text, text, text) TO anquan_app;

-- Campaigns (专项整治行动): a plan an org issues to its subtree, with dated phases, special actions
-- (专项行动), check focus items (检查重点), targets and reporting duties; a city or county adopts an
-- issued plan with its own work plan (a child campaign). The workflow (api/campaign/
-- campaign_workflow.c) moves a campaign draft -> issued -> closed; an issued campaign changes only
-- by a recorded amendment. Reporting obligations are derived from the duties on read
-- (campaign_obligations below); reports, which fill them, come later.

CREATE TABLE campaigns (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id                uuid NOT NULL,          -- the issuing org
    org_path              ltree NOT NULL,
    org_name              text NOT NULL,          -- shown below, where the org row is out of sight
    parent_id             uuid REFERENCES campaigns (id),   -- the plan this one adapts (a work plan)
    template              text CHECK (template ~ '^[a-z-]{1,40}$'),
    name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND name = btrim(name)),
    doc_number            text CHECK (length(doc_number) BETWEEN 1 AND 100 AND doc_number = btrim(doc_number)),  -- 文号
    issued_on             date,                   -- 印发日期
    starts_on             date NOT NULL,
    ends_on               date NOT NULL,
    goal                  text CHECK (length(goal) BETWEEN 1 AND 10000),
    -- [{name, starts_on, ends_on, tasks: [text]}]
    phases                jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(phases) = 'array'),
    -- 专项行动 [{name, tasks: [text]}]
    actions               jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(actions) = 'array'),
    -- 检查重点 [{text, category?}]: a checklist template once issued
    focus_items           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(focus_items) = 'array'),
    -- [{kind, percent?, by_date?, text?}]
    targets               jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(targets) = 'array'),
    state                 text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'issued', 'closed')),
    checklist_template_id uuid REFERENCES checklist_templates (id),
    issued_at             timestamptz,
    issued_by             uuid,
    closed_at             timestamptz,
    archived              boolean NOT NULL DEFAULT false,
    version               integer NOT NULL DEFAULT 1,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK (ends_on >= starts_on),
    CHECK ((state = 'draft') = (issued_at IS NULL)),
    CHECK (state = 'draft' OR (doc_number IS NOT NULL AND issued_on IS NOT NULL)),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
-- One work plan per org for a plan it adopts.
CREATE UNIQUE INDEX campaigns_one_adoption ON campaigns (parent_id, org_id) WHERE parent_id IS NOT NULL;
CREATE INDEX campaigns_org_path_gist ON campaigns USING gist (org_path);
CREATE INDEX campaigns_feed ON campaigns (updated_at, id);
CREATE INDEX campaigns_by_start ON campaigns (starts_on, id);

-- Reporting duties (报送要求): recurring monthly by day N (the month's last day when shorter),
-- weekly on an ISO weekday (1 Monday .. 7 Sunday), or once on a date; due at HH:MM Asia/Shanghai
-- ('24:00': the end of that day, as deadline_end). Who reports, within the issuing org's subtree:
-- cities, counties, direct_units (units whose parent is the issuing org: 直属单位), all_units.
CREATE TABLE campaign_duties (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id  uuid NOT NULL REFERENCES campaigns (id),
    org_path     ltree NOT NULL,                  -- the campaign's (row-level security)
    position     integer NOT NULL CHECK (position BETWEEN 1 AND 20),
    content      text NOT NULL CHECK (content IN ('work_plan', 'progress', 'summary', 'free')),
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    recurrence   text NOT NULL CHECK (recurrence IN ('monthly', 'weekly', 'once')),
    day_of_month smallint CHECK (day_of_month BETWEEN 1 AND 31),
    weekday      smallint CHECK (weekday BETWEEN 1 AND 7),
    due_date     date,
    due_time     text NOT NULL CHECK (due_time ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
    reporters    text[] NOT NULL CHECK (cardinality(reporters) BETWEEN 1 AND 4
                     AND reporters <@ ARRAY['cities', 'counties', 'direct_units', 'all_units']),
    UNIQUE (campaign_id, position),
    CHECK ((recurrence = 'monthly') = (day_of_month IS NOT NULL)),
    CHECK ((recurrence = 'weekly') = (weekday IS NOT NULL)),
    CHECK ((recurrence = 'once') = (due_date IS NOT NULL))
);
CREATE INDEX campaign_duties_org_path_gist ON campaign_duties USING gist (org_path);

-- Amendments of an issued campaign: the text and the members changed, as the subtree sees them.
CREATE TABLE campaign_amendments (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id     uuid NOT NULL REFERENCES campaigns (id),
    org_path        ltree NOT NULL,
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    changes         jsonb NOT NULL CHECK (jsonb_typeof(changes) = 'object'),
    created_by      uuid,
    created_by_name text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_amendments_campaign ON campaign_amendments (campaign_id, created_at, id);

-- The shipped plans (the seeds), to be instantiated for a year: every date is of `base_year`
-- and is shifted by whole years; '{year}' and '{prev_year}' in the texts become the new year's.
CREATE TABLE campaign_templates (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z-]{1,40}$'),
    name        text NOT NULL,
    summary     text NOT NULL,
    base_year   integer NOT NULL,
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    goal        text NOT NULL,
    phases      jsonb NOT NULL,
    actions     jsonb NOT NULL,
    focus_items jsonb NOT NULL,
    targets     jsonb NOT NULL,
    duties      jsonb NOT NULL
);

-- An issued campaign is seen by its whole subtree, and by every org above it; a draft only from
-- the issuing org and above.
ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaigns FORCE ROW LEVEL SECURITY;
CREATE POLICY campaigns_read ON campaigns FOR SELECT
    USING (org_path <@ app_scope() OR (org_path @> app_scope() AND state <> 'draft'));
CREATE POLICY campaigns_insert ON campaigns FOR INSERT WITH CHECK (org_path <@ app_identity());
CREATE POLICY campaigns_update ON campaigns FOR UPDATE
    USING (org_path <@ app_identity()) WITH CHECK (org_path <@ app_identity());
ALTER TABLE campaign_duties ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_duties FORCE ROW LEVEL SECURITY;
CREATE POLICY campaign_duties_read ON campaign_duties FOR SELECT
    USING (EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id));
CREATE POLICY campaign_duties_insert ON campaign_duties FOR INSERT WITH CHECK (org_path <@ app_identity());
CREATE POLICY campaign_duties_delete ON campaign_duties FOR DELETE USING (org_path <@ app_identity());
ALTER TABLE campaign_amendments ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_amendments FORCE ROW LEVEL SECURITY;
CREATE POLICY campaign_amendments_read ON campaign_amendments FOR SELECT
    USING (EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_id));
CREATE POLICY campaign_amendments_insert ON campaign_amendments FOR INSERT WITH CHECK (org_path <@ app_identity());

GRANT SELECT, INSERT, UPDATE ON campaigns TO anquan_app;
GRANT SELECT, INSERT, DELETE ON campaign_duties TO anquan_app;
GRANT SELECT, INSERT ON campaign_amendments TO anquan_app;
GRANT SELECT ON campaign_templates TO anquan_app;

-- Every reporting obligation of campaign `p_campaign`: one row per (duty, org, period) for each
-- due date inside the campaign's period and each org the duty names in the issuing org's subtree.
-- Derived on read rather than materialised by a trigger on orgs: an org added to the tree later
-- (or moved into it) has its obligations at once, an org removed has none, and nothing can drift
-- from the duties (an amendment or a new org needs no back-fill). Past periods are included for a
-- new org too: whether such a report is expected is the oversight's call, and a report refers to
-- a stable (duty_id, org_id, period). SECURITY INVOKER: row-level security on orgs keeps each
-- caller to the obligations of its own subtree (a county sees its own, never a sibling's).
-- Periods: monthly 'YYYY-MM' (the month, clipped to the campaign), weekly ISO 'IYYY-Www' (Monday
-- to Sunday, clipped), once 'YYYY-MM-DD' (the due date; from the campaign's start).
CREATE FUNCTION campaign_obligations(p_campaign uuid)
RETURNS TABLE (id uuid, campaign_id uuid, duty_id uuid, duty_position integer, content text,
               title text, recurrence text, org_id uuid, org_name text, org_level text,
               org_path ltree, period text, period_start date, period_end date, due_on date,
               due_time text, due_at timestamptz)
LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT c.id, c.org_id, c.org_path, c.starts_on, c.ends_on FROM campaigns c WHERE c.id = p_campaign
    ), due AS (
        SELECT d.id AS duty_id, d.position, d.content, d.title, d.recurrence, d.due_time, d.reporters,
               x.due_on, x.period, x.period_start, x.period_end
        FROM c JOIN campaign_duties d ON d.campaign_id = c.id
        CROSS JOIN LATERAL (
            SELECT (m.m::date + (least(d.day_of_month,
                        extract(day FROM m.m + interval '1 month' - interval '1 day')::int) - 1)) AS due_on,
                   to_char(m.m, 'YYYY-MM') AS period,
                   greatest(m.m::date, c.starts_on) AS period_start,
                   least((m.m + interval '1 month' - interval '1 day')::date, c.ends_on) AS period_end
            FROM generate_series(date_trunc('month', c.starts_on::timestamp), c.ends_on::timestamp,
                                 interval '1 month') AS m(m)
            WHERE d.recurrence = 'monthly'
            UNION ALL
            SELECT (w.w::date + (d.weekday - 1)), to_char(w.w::date + (d.weekday - 1), 'IYYY-"W"IW'),
                   greatest(w.w::date, c.starts_on), least(w.w::date + 6, c.ends_on)
            FROM generate_series(date_trunc('week', c.starts_on::timestamp), c.ends_on::timestamp,
                                 interval '1 week') AS w(w)
            WHERE d.recurrence = 'weekly'
            UNION ALL
            SELECT d.due_date, to_char(d.due_date, 'YYYY-MM-DD'), c.starts_on, d.due_date
            WHERE d.recurrence = 'once'
        ) x
        WHERE x.due_on BETWEEN c.starts_on AND c.ends_on
    )
    SELECT md5(due.duty_id::text || ':' || o.id::text || ':' || due.period)::uuid, c.id, due.duty_id,
           due.position, due.content, due.title, due.recurrence, o.id, o.name, o.level, o.path,
           due.period, due.period_start, due.period_end, due.due_on, due.due_time,
           (due.due_on + due.due_time::time) AT TIME ZONE 'Asia/Shanghai'
    FROM c CROSS JOIN due
    JOIN orgs o ON o.path <@ c.org_path AND o.id <> c.org_id
     AND (('cities' = ANY (due.reporters) AND o.level = 'city')
       OR ('counties' = ANY (due.reporters) AND o.level = 'county')
       OR ('direct_units' = ANY (due.reporters) AND o.level = 'unit' AND o.parent_id = c.org_id)
       OR ('all_units' = ANY (due.reporters) AND o.level = 'unit'))
$$;
GRANT EXECUTE ON FUNCTION campaign_obligations(uuid) TO anquan_app;

-- A template's date shifted to `y` (by whole years from base_year; 02-29 becomes 02-28).
CREATE FUNCTION campaign_template_date(d text, base integer, y integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN d IS NULL THEN NULL
           ELSE to_char((d::date + make_interval(years => y - base))::date, 'YYYY-MM-DD') END
$$;

-- A template's texts for year `y`.
CREATE FUNCTION campaign_template_text(t text, y integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(t, '{prev_year}', (y - 1)::text), '{year}', y::text)
$$;

-- The template's phases, targets or duties with every date member (starts_on, ends_on, by_date,
-- due_date) shifted to year `y`.
CREATE FUNCTION campaign_template_shift(a jsonb, base integer, y integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(
             jsonb_strip_nulls(e || jsonb_build_object(
               'starts_on', campaign_template_date(e->>'starts_on', base, y),
               'ends_on', campaign_template_date(e->>'ends_on', base, y),
               'by_date', campaign_template_date(e->>'by_date', base, y),
               'due_date', campaign_template_date(e->>'due_date', base, y)))
             ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements(a) WITH ORDINALITY AS x(e, n)
$$;
GRANT EXECUTE ON FUNCTION campaign_template_date(text, integer, integer) TO anquan_app;
GRANT EXECUTE ON FUNCTION campaign_template_text(text, integer) TO anquan_app;
GRANT EXECUTE ON FUNCTION campaign_template_shift(jsonb, integer, integer) TO anquan_app;

-- The two seeds, complete: 001 安全隐患大检查大整改春季行动 (2014) and 000 “保平安 迎大庆”专项整治行动
-- (2019). The 2019 plan ran "from its issue" (从印发之日): the template starts on 07-01, to be set
-- to the real issuing date before the draft is issued.
INSERT INTO campaign_templates (code, name, summary, base_year, starts_on, ends_on, goal, phases, actions, focus_items, targets, duties) VALUES
('spring-inspection',
 '全省卫生计生系统安全隐患大检查大整改{year}年春季行动',
 '2月1日至3月31日，利用两个月时间在全省卫生计生系统开展安全隐患大检查大整改春季行动：安排部署、自查整改、检查验收三个阶段，七项检查重点，每周五上午11点前报送进展。',
 2014, '2014-02-01', '2014-03-31',
 '认真贯彻落实中央十八届三中全会、省委十届三次全会和全省安全生产工作会议精神，坚持安全生产“四化融合”、“三位一体”安全监管格局，全面系统排查整治重点行业领域安全隐患，全面巩固{prev_year}年安全隐患大检查大整改及“回头看”工作成果，深入推进安全发展长效机制建设，坚决遏制重特大生产安全事故发生，确保全省卫生计生系统安全生产形势稳定。',
 $j$[
  {"name": "安排部署阶段", "starts_on": "2014-02-01", "ends_on": "2014-02-10", "tasks": [
    "按照本方案要求，制定属地和行业安全隐患大检查大整改春季行动具体方案，发布行动通告，并通知到监管网格内所属单位。",
    "确定辖区内重点监控单位，明确包保责任人和监控任务。"]},
  {"name": "自查整改阶段", "starts_on": "2014-02-10", "ends_on": "2014-03-10", "tasks": [
    "各单位要深刻吸取本单位和其他同类单位以往发生和未遂的事故教训，制定大检查大整改具体排查治理方案，认真细致开展自查，全面治理事故隐患。",
    "对一时难以完成整改的隐患，要落实整改资金和责任单位、责任人，限期完成整改。",
    "要将排查治理情况及时上报本级政府网格责任人。"]},
  {"name": "检查验收阶段", "starts_on": "2014-03-10", "ends_on": "2014-03-31", "tasks": [
    "省卫生计生委成立专门督导组，深入基层，直插现场，认真开展现场督导和检查、抽查工作，发现问题及时纠正。",
    "省安委会办公室将组织力量对各地工作开展情况进行督查验收。",
    "对没有按期完成任务的地区要通报全省并责令重新开展大检查行动。"]}
 ]$j$,
 '[]',
 $j$[
  {"text": "“党政同责、一岗双责”和“管行业必须管安全”的安全责任是否真正落实到位。", "category": "安全责任"},
  {"text": "贯彻落实省委、省政府安全发展长效机制意见是否积极推动并取得明显成效。", "category": "长效机制"},
  {"text": "{prev_year}年省委、省政府督查室、省监察厅、省安委会办公室督查组反馈的问题是否得到有效解决；对排查出的重大隐患是否进行挂牌督办并按时整改完毕。", "category": "重大隐患"},
  {"text": "“四化融合”、“三位一体”安全监管防控体系建设是否部署到位；网格化是否达到100%全覆盖并确立了严格的责任体系和监管制度；标准化、信息化建设是否全面部署到位；是否明晰属地、行业和综合监管责任并监督企业落实安全生产主体责任。", "category": "网格化监管"},
  {"text": "承担省级试点任务的单位在“四化融合”、“三位一体”安全监管体制、机制创新方面是否取得突破性进展。", "category": "试点创新"},
  {"text": "各单位是否建立内部隐患排查治理常态检查制度，隐患整改率是否达到100%；隐患一时难以整改的是否做到“五落实”；是否及时上报网格化监管信息平台数据。", "category": "隐患排查治理"},
  {"text": "各单位是否严格落实安全生产法律、法规、规章以及行业安全标准；是否存在安全生产非法、违法行为。", "category": "依法治理"}
 ]$j$,
 $j$[
  {"kind": "grid_coverage", "percent": 100, "text": "网格化达到100%全覆盖"},
  {"kind": "rectification_rate", "percent": 100, "text": "隐患整改率达到100%"},
  {"kind": "spot_check_rate", "percent": 20, "text": "市级卫生计生委对经县（市、区、开发区）级卫生计生委检查合格的单位进行抽检，抽检率不低于20%"}
 ]$j$,
 $j$[
  {"content": "progress", "title": "行动进展情况（每周五上午11点前报送省卫生计生委办公室）", "recurrence": "weekly", "weekday": 5, "due_time": "11:00", "reporters": ["cities", "counties", "direct_units"]}
 ]$j$),
('safe-celebration',
 '全省卫生健康系统安全生产领域“保平安 迎大庆”专项整治行动',
 '从印发之日至11月10日：部署实施、组织实施、重点攻坚、全面总结四个阶段，六大专项行动；7月底前报送工作方案，每月21日前报送工作进展，10月25日前报送工作总结。',
 2019, '2019-07-01', '2019-11-10',
 '以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届二中、三中全会精神，坚持以人民为中心的发展思想和总体国家安全观，全面落实党中央、国务院和省委、省政府关于加强安全生产工作的各项决策部署，以“保平安、迎大庆”为工作主线，按照“六个着力、六个确保”的总体要求，突出易发多发事故重点单位、重点场所、重点设备、重点岗位，集中开展卫生健康系统安全专项整治，各司其职、各负其责，全面排查各种危险因素，严格落实风险管控措施，彻底整治各类事故隐患，减少一般事故、遏制较大事故多发势头，坚决防止重特大事故，确保全省卫生健康系统安全生产形势稳定，为庆祝新中国成立70周年创造安全稳定的社会环境。',
 $j$[
  {"name": "部署实施阶段", "starts_on": "2019-07-01", "ends_on": "2019-07-31", "tasks": [
    "各地各单位依据本方案，结合阶段性重点任务，研究制定本地区本单位工作方案，完善工作机制，全面开展动员部署。"]},
  {"name": "组织实施阶段", "starts_on": "2019-08-01", "ends_on": "2019-08-31", "tasks": [
    "各地各单位围绕六大专项行动细化工作任务，逐项推进落实专项整治任务。"]},
  {"name": "重点攻坚阶段", "starts_on": "2019-09-01", "ends_on": "2019-10-20", "tasks": [
    "各地各单位集中力量组织隐患排查整治“回头看”检查，对发现的重大隐患，实施清单管理，逐个整改销号。",
    "省卫生健康委将对各地各单位专项整治行动工作情况进行抽查、巡查和指导。"]},
  {"name": "全面总结阶段", "starts_on": "2019-10-21", "ends_on": "2019-11-10", "tasks": [
    "各地各单位全面总结安全生产六大专项行动情况，按照节点要求向省卫生健康委报送相关情况。"]}
 ]$j$,
 $j$[
  {"name": "打非治违专项行动", "tasks": [
    "以卫生健康系统在建工程施工现场为重点，严厉打击未办理施工许可等手续的新建、改建、扩建工程。",
    "严查机构落实安全生产主体责任、执行法律法规和规范标准以及单位安管人员在岗履责情况。"]},
  {"name": "隐患清零专项行动", "tasks": [
    "各地各单位要坚持问题导向、目标导向和效果导向，组织管理人员和安全生产专家，对{year}年各级安全生产巡查、大检查、专项整治中发现的隐患问题，以及单位自查隐患整改情况开展“回头看”。",
    "全面梳理未完成整改的和出现反弹的隐患问题，建立隐患清单，依法依规向隐患单位下达隐患整改文书。",
    "通过立账建档、集中治理，8月底前实现全部清零。",
    "督促各单位对新发现的隐患问题即知即改；对确实无法立即整改的，制定整改方案，落实责任人、管控措施，明确完成时限和验收标准。"]},
  {"name": "责任落实专项行动", "tasks": [
    "各地各单位要认真贯彻落实省委省政府“一细则两意见”，按照“管行业必须管安全，管业务必须管安全，管生产经营必须管安全”的要求，建立逐级安全责任制，明确党政主要负责人是单位安全生产第一责任人，明确各岗位安全生产职责。",
    "完善和组织制定领导班子成员安全生产责任清单，建立部门监管医疗卫生机构数据库、风险数据库、监督检查数据库。",
    "督促医疗卫生机构完善、落实责任清单和全员责任制，全面压实安全生产责任。",
    "医疗卫生机构安全管理部门负责本单位安全生产管理工作，其他部门、科室要指定安全员，设立安全生产义务宣传员，配戴安全生产宣传员袖标。"]},
  {"name": "监督检查专项行动", "tasks": [
    "加强监督检查，坚持日常巡查制度。",
    "各级各类医疗卫生机构要建立安全生产检查巡查制度和工作台账，明确安全生产巡查人员和重点巡查部位，坚持重大隐患排查，做好巡查记录。",
    "重点部位要实行24小时值班制度，完善领导带班和报告的工作落实。",
    "强化节假日和重点部位排查，重要节假日、重大活动前至少组织1次安全生产大检查。",
    "对重点部位，对消防设施、电气线路、燃气管道、电动自行车等进行重点检查，建立安全隐患信息档案和台账。",
    "对检查发现的问题，要明确责任人、明确整改的时限。",
    "隐患治理要实行报告、登记、整改、销号等一系列闭环管理，确保整改责任、资金、措施、期限和应急预案“五落实”。"]},
  {"name": "宣传教育专项行动", "tasks": [
    "要结合以“防风险、除隐患、遏事故”为主题的“安全生产月”活动，加大“保安全、迎大庆”安全生产专项整治宣传推广力度。",
    "通过广泛深入开展安全生产“七进”及“查找身边的隐患”等宣传教育系列活动，营造有利于加强安全生产、促进安全发展的社会氛围。",
    "要采取多种手段，继续督促单位主要负责人提升安全生产知识和管理能力，强化单位安全培训和考核，严格持证上岗，全面提升从业人员安全素质，严防“三违”引发事故。"]},
  {"name": "应急救援队伍能力提升专项行动", "tasks": [
    "要着力提高应急救援队伍的应急能力和保障水平，建立健全各级各类卫生应急队伍，同时要强化应急管理专家队伍建设。",
    "选拔政治立场坚定，热爱卫生应急事业，服从命令、听从指挥，熟练掌握相关专业知识和技能的骨干力量及时充实到卫生应急队伍。",
    "做好物资准备、预案演练，加强汛期防汛工作准备。"]}
 ]$j$,
 '[]',
 $j$[
  {"kind": "listed_hazards_cleared", "by_date": "2019-08-31", "text": "隐患清单内未完成整改和出现反弹的隐患，8月底前实现全部清零"}
 ]$j$,
 $j$[
  {"content": "work_plan", "title": "本地区、本部门“保平安迎大庆”安全生产专项整治工作方案", "recurrence": "once", "due_date": "2019-07-31", "due_time": "24:00", "reporters": ["cities", "counties", "direct_units"]},
  {"content": "progress", "title": "工作进展情况（检查项目数量、发现隐患数量及整改情况）", "recurrence": "monthly", "day_of_month": 21, "due_time": "24:00", "reporters": ["cities", "counties", "direct_units"]},
  {"content": "summary", "title": "专项整治工作总结", "recurrence": "once", "due_date": "2019-10-25", "due_time": "24:00", "reporters": ["cities", "counties", "direct_units"]}
 ]$j$);

-- Demo data: the reports (信息报送) of the 2019 “保平安 迎大庆” campaign of 辽宁省 and of the work
-- plans of 沈阳市 and 大连市 (db/demo/0004_campaigns.sql). Every obligation (campaign_obligations)
-- gets a fate: accepted (on time or late), submitted and awaiting a decision (on time or late),
-- returned with a reason, returned and submitted again, a draft never sent, or missing (no row) —
-- the earlier periods mostly settled, the last progress period and the summary mixed, 沈阳市's
-- counties as listed below. A submission freezes its figures: report_figures() of the org's subtree
-- at the submit instant, with the period's activity (inspections, hazards found and rectified, spot
-- checks, open hazards) and the 2019 registry's size set to plausible numbers, as the demo holds no
-- 2019 inspections or hazards (a city's take in its counties'). Every submitted version is kept
-- with its decision, and each move is a workflow event. Idempotent: an obligation that already
-- has a report is left alone.
SELECT set_config('app.org_path', '*', true);

-- A number in [0, n) from a text: the demo's dice, the same on every load.
CREATE FUNCTION pg_temp.dice(p text, n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT abs(('x' || substr(md5(p), 1, 8))::bit(32)::int) % n
$$;

-- An instant in Beijing time: day d at minute m after 08:30.
CREATE FUNCTION pg_temp.at(d date, m int) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT (d + time '08:30' + make_interval(mins => m)) AT TIME ZONE 'Asia/Shanghai'
$$;

-- The figures frozen by a report of org (path, level) for the period, submitted at p_at.
CREATE FUNCTION pg_temp.figures(p_path ltree, p_level text, p_start date, p_end date, p_at timestamptz, p_seed text)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    base jsonb;
    scale int := CASE p_level WHEN 'city' THEN 10 WHEN 'county' THEN 3 ELSE 1 END;
    days int := greatest(1, least(p_end, (p_at AT TIME ZONE 'Asia/Shanghai')::date) - p_start + 1);
    insts int;
    insp int;
    units int;
    spot int;
    found int;
    fixed int;
BEGIN
    PERFORM set_config('app.now', p_at::text, true);
    base := report_figures(p_path, p_start, p_end);
    PERFORM set_config('app.now', '', true);
    -- 2019's registry: a county's forty to ninety institutions, a city's several hundred.
    insts := CASE p_level WHEN 'unit' THEN 1 ELSE scale * (14 + pg_temp.dice(p_seed || 'n', 16)) END;
    insp := greatest(1, round(scale * (5 + pg_temp.dice(p_seed || 'i', 8)) * days / 30.0)::int);
    units := greatest(1, round(insp * (0.55 + pg_temp.dice(p_seed || 'u', 30) / 100.0))::int);
    units := least(units, insts);
    spot := CASE WHEN p_level = 'unit' THEN 0
                 ELSE round(units * (0.18 + pg_temp.dice(p_seed || 's', 12) / 100.0))::int END;
    found := round(scale * (2 + pg_temp.dice(p_seed || 'f', 9)) * days / 30.0)::int;
    fixed := greatest(0, found - pg_temp.dice(p_seed || 'r', least(found, 3) + 1));
    RETURN base || jsonb_build_object(
        'inspections', insp, 'hazards_found', found, 'hazards_rectified', fixed,
        'rectification_rate', CASE WHEN found = 0 THEN NULL ELSE round(fixed * 100.0 / found, 1) END,
        'major_open', CASE WHEN p_level = 'unit' THEN 0 ELSE pg_temp.dice(p_seed || 'm', CASE WHEN p_level = 'city' THEN 3 ELSE 2 END) END,
        'listed_open', CASE WHEN p_level = 'city' THEN pg_temp.dice(p_seed || 'l', 2) ELSE 0 END,
        'overdue', least(found - fixed, pg_temp.dice(p_seed || 'o', 3)),
        'institutions', insts, 'grid_covered', insts - pg_temp.dice(p_seed || 'g', least(insts, 4)),
        'grid_coverage', round((insts - pg_temp.dice(p_seed || 'g', least(insts, 4))) * 100.0 / insts, 1),
        'inspected_units', units, 'spot_checked_units', spot,
        'spot_check_rate', CASE WHEN p_level = 'unit' THEN NULL ELSE round(spot * 100.0 / units, 1) END);
END $$;

-- A city's figures take in those its counties reported for the same duty and period (filed before
-- it): the counties' counts and a third of the city's own, the rates made again from the sums.
CREATE FUNCTION pg_temp.roll_up(f jsonb, p_duty uuid, p_period text, p_path ltree, p_org uuid) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    k text;
    child numeric;
BEGIN
    FOREACH k IN ARRAY ARRAY['inspections', 'hazards_found', 'hazards_rectified', 'major_open', 'listed_open', 'overdue',
                             'institutions', 'grid_covered', 'inspected_units', 'spot_checked_units'] LOOP
        SELECT coalesce(sum((r.figures->>k)::numeric), 0) INTO child FROM campaign_reports r
        WHERE r.duty_id = p_duty AND r.period = p_period AND r.org_path <@ p_path AND r.org_id <> p_org AND r.figures IS NOT NULL;
        f := f || jsonb_build_object(k, child + ceil((f->>k)::numeric / 3));
    END LOOP;
    RETURN f || jsonb_build_object(
        'rectification_rate', CASE WHEN (f->>'hazards_found')::int = 0 THEN NULL
                                   ELSE round((f->>'hazards_rectified')::numeric * 100 / (f->>'hazards_found')::numeric, 1) END,
        'grid_coverage', round((f->>'grid_covered')::numeric * 100 / (f->>'institutions')::numeric, 1),
        'spot_check_rate', round((f->>'spot_checked_units')::numeric * 100 / (f->>'inspected_units')::numeric, 1));
END $$;

-- How an org speaks of itself in a report: 我委 (a city's commission), 我局 (a county's bureau), 我院 …
CREATE FUNCTION pg_temp.we(p_name text, p_level text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_level = 'city' THEN '我委' WHEN p_level = 'county' THEN '我局'
                WHEN p_name ~ '院$' THEN '我院' WHEN p_name ~ '中心$' THEN '我中心'
                WHEN p_name ~ '血站$' THEN '我站' ELSE '我单位' END
$$;

CREATE FUNCTION pg_temp.pct(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL OR v = 'null'::jsonb THEN '—' ELSE (v #>> '{}') || '%' END
$$;

-- The narrative of a report (content: work_plan, progress, summary) with its frozen figures.
CREATE FUNCTION pg_temp.narrative(p_content text, p_name text, p_level text, p_start date, f jsonb, p_seed text)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    we text := pg_temp.we(p_name, p_level);
    admin boolean := p_level IN ('city', 'county');
    open int := (f->>'hazards_found')::int - (f->>'hazards_rectified')::int;
BEGIN
    IF p_content = 'work_plan' AND admin THEN
        RETURN format('%s高度重视“保平安 迎大庆”专项整治行动，已印发《%s卫生健康系统“保平安 迎大庆”安全生产专项整治行动工作方案》，'
            '成立了由主要负责同志任组长、分管负责同志任副组长的专项整治工作领导小组，明确了部署实施、组织实施、重点攻坚、全面总结四个阶段的时间节点和工作任务，'
            '将消防安全、电气安全、危险化学品和医用气体、特种设备、在建工程、安全保卫六个专项行动逐项分解到科室和责任人。'
            '%s已召开全系统动员部署会议，辖区%s家医疗卫生机构均已签订安全生产责任书，按要求开展自查自纠。',
            we, p_name, we, f->>'institutions');
    ELSIF p_content = 'work_plan' THEN
        RETURN format('%s按照上级工作方案要求，制定了本单位“保平安 迎大庆”安全生产专项整治行动实施方案，成立了以主要负责人为组长的专项整治工作领导小组，'
            '明确安全保卫、总务后勤、设备等科室的职责分工，将消防控制室、配电室、医用气体汇流排间、锅炉房、危险化学品库房等重点部位逐一落实到责任人，'
            '建立了隐患排查整改台账，实行每周排查、每月报告制度。', we);
    ELSIF p_content = 'summary' THEN
        RETURN format('“保平安 迎大庆”专项整治行动开展以来，%s累计开展安全检查%s次，检查单位%s家，发现各类安全隐患%s处，已整改%s处，整改率%s；'
            '挂牌督办的隐患已全部整改销号。通过专项整治，安全生产责任进一步压实，消防、电气、医用气体等重点部位的隐患得到有效治理，'
            '国庆期间未发生安全生产事故。存在的问题：%s下一步将建立隐患排查治理长效机制，把专项整治中行之有效的做法固化为制度，常态化开展安全检查。',
            we, f->>'inspections', f->>'inspected_units', f->>'hazards_found', f->>'hazards_rectified', pg_temp.pct(f->'rectification_rate'),
            (ARRAY['部分基层单位安全管理人员专业能力不足，隐患排查不够深入细致；',
                   '个别单位老旧建筑消防设施改造资金尚未落实，需持续跟踪；',
                   '在建工程施工现场管理仍有薄弱环节，临时用电和动火作业管理需进一步规范；'])[1 + pg_temp.dice(p_seed || 'p', 3)]);
    ELSIF NOT admin THEN
        RETURN format('%s月，%s共组织安全自查%s次，发现隐患%s处，已整改%s处（整改率%s），主要包括更换过期灭火器、清理疏散通道杂物、整改配电室线路老化等。%s',
            extract(month FROM p_start), we, f->>'inspections', f->>'hazards_found', f->>'hazards_rectified', pg_temp.pct(f->'rectification_rate'),
            CASE WHEN open > 0 THEN format('未完成整改的%s处隐患已落实临时防范措施和责任人，计划于本月底前整改完毕。', open)
                 ELSE '本期发现的隐患已全部整改完毕。' END);
    ELSIF pg_temp.dice(p_seed || 'v', 2) = 0 THEN
        RETURN format('%s以来，%s按照专项整治行动部署，共开展安全检查%s次，检查医疗卫生机构%s家，发现各类安全隐患%s处，已整改%s处，整改率%s。'
            '发现的问题主要集中在消防通道和安全出口堆放杂物、电气线路私拉乱接、灭火器过期未更换、医用氧气瓶未固定等方面。%s',
            to_char(p_start, 'FMMM"月"FMDD"日"'), we, f->>'inspections', f->>'inspected_units', f->>'hazards_found', f->>'hazards_rectified',
            pg_temp.pct(f->'rectification_rate'),
            CASE WHEN open > 0 THEN format('对尚未完成整改的%s处隐患，已逐项明确整改责任人、整改措施、整改资金和完成时限，实行清单化管理、销号式整改。', open)
                 ELSE '本期发现的隐患已全部整改销号。' END);
    ELSE
        RETURN format('本期%s共检查医疗卫生机构%s家（%s次），其中抽查%s家；排查发现隐患%s处，整改完成%s处，整改率%s，%s'
            '结合“回头看”，对上期未整改到位的隐患进行了复查。主要问题有：部分单位消防控制室值班人员未持证上岗，个别病房楼配电箱周围堆放可燃物，'
            '在建工程临时用电不规范。下一步将对重点单位、重点部位开展督导检查，确保隐患按期清零。',
            we, f->>'inspected_units', f->>'inspections', f->>'spot_checked_units', f->>'hazards_found', f->>'hazards_rectified',
            pg_temp.pct(f->'rectification_rate'),
            CASE WHEN (f->>'major_open')::int > 0 THEN format('重大隐患%s处正在挂牌整改。', f->>'major_open') ELSE '无重大隐患。' END);
    END IF;
END $$;

-- Who writes for org o: its demo user (an administration's admin, a unit's safety officer), else a name.
CREATE FUNCTION pg_temp.writer(p_org uuid, p_seed text, OUT id uuid, OUT name text, OUT role text)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT u.id, u.display_name, u.role INTO id, name, role FROM users u
    WHERE u.org_id = p_org AND u.role IN ('admin', 'inspector', 'safety_officer')
    ORDER BY u.role = 'inspector', u.username LIMIT 1;
    IF id IS NULL THEN
        name := (ARRAY['李红', '王磊', '张秀英', '刘洋', '陈刚', '杨帆', '赵敏', '黄伟', '周丽', '吴军', '徐静', '孙浩',
                       '马丽娟', '朱建华', '胡晓东', '郭亮'])[1 + pg_temp.dice(p_seed || 'w', 16)];
        role := CASE WHEN (SELECT level FROM orgs WHERE orgs.id = p_org) = 'unit' THEN 'safety_officer' ELSE 'admin' END;
    END IF;
END $$;

-- Who decides at the receiver: its inspector, else its admin.
CREATE FUNCTION pg_temp.decider(p_org uuid, OUT id uuid, OUT name text, OUT role text) LANGUAGE sql AS $$
    SELECT u.id, u.display_name, u.role FROM users u
    WHERE u.org_id = p_org AND u.role IN ('admin', 'inspector')
    ORDER BY u.role <> 'inspector', u.username LIMIT 1
$$;

-- Why a report was returned, and what the revision added.
CREATE FUNCTION pg_temp.reason(p_content text, p_seed text, OUT reason text, OUT added text) LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    i int := 1 + pg_temp.dice(p_seed || 'x', 3);
BEGIN
    IF p_content = 'work_plan' THEN
        reason := '工作方案未明确各阶段的时间节点和责任科室，请补充完善后重新报送。';
        added := '已补充各阶段时间节点及责任科室、责任人。';
    ELSE
        reason := (ARRAY['报送的隐患整改数量与隐患排查整改台账不一致，请核实后重新报送。',
                         '未说明未整改隐患的整改措施、责任人和完成时限，请补充后重新报送。',
                         '重大隐患整改情况表述不清，请补充整改前后照片等佐证材料后重新报送。'])[i];
        added := (ARRAY['已与隐患排查整改台账逐项核对，数据一致。',
                        '已补充未整改隐患的整改措施、责任人和完成时限。',
                        '已补充重大隐患整改情况说明及整改前后照片。'])[i];
    END IF;
END $$;

-- One report brought to its fate, with its versions and events:
--   accepted, accepted_late, submitted, submitted_late, returned, resubmitted (returned, sent again,
--   awaiting), resubmitted_accepted, draft.
CREATE FUNCTION pg_temp.file(o record, p_receiver uuid, p_fate text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    seed text := o.doc_number || o.duty_position || o.org_name || o.period;   -- names, not ids: the same on every load
    due_day date := ((o.due_at - interval '1 second') AT TIME ZONE 'Asia/Shanghai')::date;
    late boolean := p_fate IN ('accepted_late', 'submitted_late');
    w record := pg_temp.writer(o.org_id, seed);
    d record := pg_temp.decider(p_receiver);
    why record := pg_temp.reason(o.content, seed);
    rid uuid := gen_random_uuid();
    t1 timestamptz;   -- the first submission
    t2 timestamptz;   -- the decision on it
    t3 timestamptz;   -- the second submission
    t4 timestamptz;   -- the decision on the second
    f1 jsonb;
    f2 jsonb;
    n1 text;
    n2 text;
    revs int := CASE WHEN p_fate LIKE 'resubmitted%' THEN 2 WHEN p_fate = 'draft' THEN 0 ELSE 1 END;
    final text := CASE WHEN p_fate IN ('accepted', 'accepted_late', 'resubmitted_accepted') THEN 'accepted'
                       WHEN p_fate = 'returned' THEN 'returned' WHEN p_fate = 'draft' THEN 'draft' ELSE 'submitted' END;
BEGIN
    -- on time: up to three days before the due day, in office hours (before the due time on the day);
    -- late: one to four days after it.
    t1 := CASE WHEN late THEN pg_temp.at(due_day + 1 + pg_temp.dice(seed || 'd', 4), 30 + pg_temp.dice(seed || 'm', 420))
               ELSE least(pg_temp.at(due_day - pg_temp.dice(seed || 'd', 4), 30 + pg_temp.dice(seed || 'm', 420)),
                          o.due_at - make_interval(mins => 20 + pg_temp.dice(seed || 'e', 200))) END;
    t1 := greatest(t1, (o.period_start + time '09:10') AT TIME ZONE 'Asia/Shanghai');
    t2 := pg_temp.at((t1 AT TIME ZONE 'Asia/Shanghai')::date + 1 + pg_temp.dice(seed || 'a', 3), 60 + pg_temp.dice(seed || 'b', 360));
    t3 := pg_temp.at((t2 AT TIME ZONE 'Asia/Shanghai')::date + 1 + pg_temp.dice(seed || 'c', 3), 30 + pg_temp.dice(seed || 'n', 420));
    t4 := pg_temp.at((t3 AT TIME ZONE 'Asia/Shanghai')::date + 1 + pg_temp.dice(seed || 'g', 2), 60 + pg_temp.dice(seed || 'h', 360));
    f1 := pg_temp.figures(o.org_path, o.org_level, o.period_start, o.period_end, t1, seed);
    IF o.org_level = 'city' THEN f1 := pg_temp.roll_up(f1, o.duty_id, o.period, o.org_path, o.org_id); END IF;
    n1 := pg_temp.narrative(o.content, o.org_name, o.org_level, o.period_start, f1, seed);
    IF revs = 2 THEN
        f2 := pg_temp.figures(o.org_path, o.org_level, o.period_start, o.period_end, t3, seed);
        IF o.org_level = 'city' THEN f2 := pg_temp.roll_up(f2, o.duty_id, o.period, o.org_path, o.org_id); END IF;
        n2 := pg_temp.narrative(o.content, o.org_name, o.org_level, o.period_start, f2, seed) || '（' || why.added || '）';
    END IF;

    INSERT INTO campaign_reports (id, campaign_id, duty_id, org_id, org_path, org_name, receiver_org_id, period,
        period_start, period_end, due_at, state, narrative, figures, revision, first_submitted_at, timeliness,
        submitted_at, submitted_by, submitted_by_name, decided_at, decided_by, decided_by_name, return_reason,
        version, created_by, created_at, updated_at)
    VALUES (rid, o.campaign_id, o.duty_id, o.org_id, o.org_path, o.org_name, p_receiver, o.period,
        o.period_start, o.period_end, o.due_at, final,
        CASE WHEN revs = 0 THEN split_part(n1, '。', 1) || '。' WHEN revs = 2 THEN n2 ELSE n1 END,
        CASE revs WHEN 0 THEN NULL WHEN 1 THEN f1 ELSE f2 END,
        revs, CASE WHEN revs > 0 THEN t1 END,
        CASE WHEN revs > 0 THEN CASE WHEN t1 <= o.due_at THEN 'on_time' ELSE 'late' END END,
        CASE revs WHEN 0 THEN NULL WHEN 1 THEN t1 ELSE t3 END,
        CASE WHEN revs > 0 THEN w.id END, CASE WHEN revs > 0 THEN w.name END,
        CASE final WHEN 'accepted' THEN CASE revs WHEN 2 THEN t4 ELSE t2 END WHEN 'returned' THEN t2 END,
        CASE WHEN final IN ('accepted', 'returned') THEN d.id END,
        CASE WHEN final IN ('accepted', 'returned') THEN d.name END,
        CASE WHEN final = 'returned' THEN why.reason END,
        1 + revs * 2, w.id, t1 - make_interval(hours => 2 + pg_temp.dice(seed || 'k', 40)),
        CASE WHEN final = 'draft' THEN t1 - make_interval(hours => 1)
             WHEN final = 'submitted' THEN CASE revs WHEN 2 THEN t3 ELSE t1 END
             WHEN revs = 2 THEN t4 ELSE t2 END);

    IF revs >= 1 THEN
        INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, figures, submitted_at,
            submitted_by, submitted_by_name, late, decision, decision_reason, decided_at, decided_by_name)
        VALUES (rid, 1, o.org_path, n1, f1, t1, w.id, w.name, t1 > o.due_at,
            CASE WHEN revs = 2 OR final = 'returned' THEN 'returned' WHEN final = 'accepted' THEN 'accepted' END,
            CASE WHEN revs = 2 OR final = 'returned' THEN why.reason END,
            CASE WHEN revs = 2 OR final <> 'submitted' THEN t2 END,
            CASE WHEN revs = 2 OR final <> 'submitted' THEN d.name END);
        INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_id, actor_name,
                                     actor_org_id, actor_role, at, payload)
        VALUES ('report', rid, o.org_path, 'draft', 'submit', 'submitted', w.id, w.name, o.org_id, w.role, t1,
                jsonb_build_object('revision', 1, 'late', t1 > o.due_at));
        IF revs = 2 OR final <> 'submitted' THEN
            INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_id, actor_name,
                                         actor_org_id, actor_role, at, reason)
            VALUES ('report', rid, o.org_path, 'submitted', CASE WHEN revs = 2 OR final = 'returned' THEN 'return' ELSE 'accept' END,
                    CASE WHEN revs = 2 OR final = 'returned' THEN 'returned' ELSE 'accepted' END, d.id, d.name, p_receiver, d.role, t2,
                    CASE WHEN revs = 2 OR final = 'returned' THEN why.reason END);
        END IF;
    END IF;
    IF revs = 2 THEN
        INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, figures, submitted_at,
            submitted_by, submitted_by_name, late, decision, decided_at, decided_by_name)
        VALUES (rid, 2, o.org_path, n2, f2, t3, w.id, w.name, t3 > o.due_at,
            CASE WHEN final = 'accepted' THEN 'accepted' END, CASE WHEN final = 'accepted' THEN t4 END,
            CASE WHEN final = 'accepted' THEN d.name END);
        INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_id, actor_name,
                                     actor_org_id, actor_role, at, payload)
        VALUES ('report', rid, o.org_path, 'returned', 'submit', 'submitted', w.id, w.name, o.org_id, w.role, t3,
                jsonb_build_object('revision', 2, 'late', t3 > o.due_at));
        IF final = 'accepted' THEN
            INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_id, actor_name,
                                         actor_org_id, actor_role, at)
            VALUES ('report', rid, o.org_path, 'submitted', 'accept', 'accepted', d.id, d.name, p_receiver, d.role, t4);
        END IF;
    END IF;
END $$;

-- 沈阳市's counties and units in its own plan's last periods, as the city official meets them.
CREATE TEMP TABLE demo_fates (doc text, period text, org text, fate text) ON COMMIT DROP;
INSERT INTO demo_fates VALUES
    ('沈卫发〔2019〕45号', '2019-10', '和平区', 'accepted'),
    ('沈卫发〔2019〕45号', '2019-10', '沈河区', 'submitted'),
    ('沈卫发〔2019〕45号', '2019-10', '铁西区', 'submitted_late'),
    ('沈卫发〔2019〕45号', '2019-10', '浑南区', 'returned'),
    ('沈卫发〔2019〕45号', '2019-10', '康平县', 'missing'),
    ('沈卫发〔2019〕45号', '2019-10', '法库县', 'resubmitted'),
    ('沈卫发〔2019〕45号', '2019-10', '新民市', 'missing'),
    ('沈卫发〔2019〕45号', '2019-10', '沈阳市第四人民医院', 'accepted'),
    ('沈卫发〔2019〕45号', '2019-10', '沈阳市疾病预防控制中心', 'submitted'),
    ('沈卫发〔2019〕45号', '2019-10', '沈阳市妇幼保健院', 'accepted_late'),
    ('沈卫发〔2019〕45号', '2019-10', '沈阳市中心血站', 'draft'),
    ('沈卫发〔2019〕45号', '2019-10-20', '和平区', 'submitted'),
    ('沈卫发〔2019〕45号', '2019-10-20', '沈河区', 'accepted'),
    ('沈卫发〔2019〕45号', '2019-10-20', '铁西区', 'missing'),
    ('沈卫发〔2019〕45号', '2019-10-20', '浑南区', 'submitted_late'),
    ('沈卫发〔2019〕45号', '2019-10-20', '康平县', 'missing'),
    ('沈卫发〔2019〕45号', '2019-10-20', '法库县', 'returned'),
    ('沈卫发〔2019〕45号', '2019-09', '康平县', 'accepted_late'),
    ('沈卫发〔2019〕45号', '2019-07-28', '法库县', 'resubmitted_accepted'),
    ('沈卫发〔2019〕45号', '2019-07-28', '铁西区', 'accepted_late'),
    ('辽卫办发〔2019〕86号', '2019-10', '沈阳市', 'accepted'),
    ('辽卫办发〔2019〕86号', '2019-10', '大连市', 'submitted'),
    ('辽卫办发〔2019〕86号', '2019-10', '鞍山市', 'missing'),
    ('辽卫办发〔2019〕86号', '2019-10-25', '沈阳市', 'submitted'),
    ('辽卫办发〔2019〕86号', '2019-10-25', '大连市', 'submitted_late'),
    ('辽卫办发〔2019〕86号', '2019-10-25', '鞍山市', 'returned'),
    ('辽卫办发〔2019〕86号', '2019-07-31', '沈阳市', 'accepted'),
    ('辽卫办发〔2019〕86号', '2019-07-31', '大连市', 'accepted'),
    ('辽卫办发〔2019〕86号', '2019-07-31', '鞍山市', 'accepted_late');

DO $$
DECLARE
    o record;
    fate text;
    d int;
    last boolean;
BEGIN
    FOR o IN
        SELECT ob.*, c.org_id AS receiver, c.doc_number, df.fate AS chosen
        FROM campaigns c
        CROSS JOIN LATERAL campaign_obligations(c.id) ob
        LEFT JOIN demo_fates df ON df.doc = c.doc_number AND df.period = ob.period AND df.org = ob.org_name
        WHERE c.doc_number IN ('辽卫办发〔2019〕86号', '沈卫发〔2019〕45号', '大卫发〔2019〕32号')
        ORDER BY c.doc_number, ob.due_at, ob.org_level = 'city', ob.org_path   -- a city after its counties
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM campaign_reports r
                              WHERE r.duty_id = o.duty_id AND r.org_id = o.org_id AND r.period = o.period);
        d := pg_temp.dice(o.doc_number || o.duty_position || o.org_name || o.period || 'fate', 100);
        last := o.content = 'summary' OR o.period LIKE '2019-10%';
        fate := coalesce(o.chosen, CASE
            WHEN NOT last THEN CASE WHEN d < 62 THEN 'accepted' WHEN d < 76 THEN 'accepted_late'
                                    WHEN d < 82 THEN 'resubmitted_accepted' WHEN d < 93 THEN 'missing'
                                    WHEN d < 96 THEN 'draft' ELSE 'accepted' END
            ELSE CASE WHEN d < 30 THEN 'accepted' WHEN d < 48 THEN 'submitted' WHEN d < 58 THEN 'submitted_late'
                      WHEN d < 66 THEN 'returned' WHEN d < 72 THEN 'resubmitted' WHEN d < 90 THEN 'missing'
                      WHEN d < 94 THEN 'draft' ELSE 'accepted_late' END END);
        CONTINUE WHEN fate = 'missing';
        PERFORM pg_temp.file(o, o.receiver, fate);
    END LOOP;
END $$;

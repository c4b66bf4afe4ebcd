-- Demo data: hazards (隐患) of the 和平区 and 康平县 units in every state of the closed loop, with
-- their events: general and major ones, one past its deadline (overdue), one listed for supervision
-- (挂牌督办) by 和平区, a closed hazard of 康平县人民医院 that rebounded in the 回头看 of 2026-11-22, a
-- rectification notice, and the two leaders of 和平区疾病预防控制中心 who sign major hazards off.
-- Runs after 0003; dates are relative to the day the demo is loaded. Idempotent: a hazard is
-- identified by its unit and description.
SELECT set_config('app.org_path', '*', true);

-- The leaders of 和平区疾控中心: 分管领导 (in charge) and 主要负责人 (principal).
INSERT INTO users (username, display_name, phone, org_id, org_path, role, password_hash)
SELECT v.username, v.display, v.phone, o.id, o.path, 'leader',
       '$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZGVtb3NhbHQwMQ$51HbpE8+bhslm8BPjc9cdON0xdqmWlzPdpf1fxCLbWs'
FROM (VALUES ('hpcdc.leader', '孙建华', '13998002002'), ('hpcdc.head', '陈晓光', '13998002003')) AS v(username, display, phone)
JOIN orgs o ON o.name = '和平区疾病预防控制中心' AND o.level = 'unit'
ON CONFLICT (username) DO NOTHING;

CREATE FUNCTION pg_temp.uid(p_username text) RETURNS uuid LANGUAGE sql AS $$
    SELECT id FROM users WHERE username = p_username
$$;

-- One event of hazard h (the engine's shape), `days_ago` days ago.
CREATE FUNCTION pg_temp.ev(h hazards, p_from text, p_action text, p_to text, p_user text, p_days_ago numeric,
                           p_reason text, p_payload jsonb)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_id, actor_name,
                                 actor_org_id, actor_role, at, reason, payload)
    SELECT 'hazard', h.id, h.org_path, p_from, p_action, p_to, u.id, u.username, u.org_id, u.role,
           now() - make_interval(secs => p_days_ago * 86400), p_reason, coalesce(p_payload, '{}'::jsonb)
    FROM users u WHERE u.username = p_user
$$;

-- A hazard of unit p_unit brought to p_state as it would have moved: reported by p_reporter
-- p_found days ago, registered by p_registrar (its org) with a deadline p_due days from today, then
-- each later move by the unit's safety officer p_unit_user and the registrar, the events written
-- beside it. p_major_code: a criterion of the national list (a major hazard).
CREATE FUNCTION pg_temp.hazard(p_unit text, p_kind text, p_description text, p_location text, p_category text,
                               p_major_code text, p_state text, p_reporter text, p_registrar text, p_unit_user text,
                               p_found int, p_due int, p_rectification text)
RETURNS hazards LANGUAGE plpgsql AS $$
DECLARE
    i institutions%ROWTYPE;
    h hazards%ROWTYPE;
    reg users%ROWTYPE;
    rep users%ROWTYPE;
    kl uuid;
    crit uuid;
    steps text[] := ARRAY['reported', 'registered', 'rectifying', 'acceptance_requested', 'closed'];
    reach int;
BEGIN
    SELECT ins.* INTO i FROM institutions ins JOIN orgs o ON o.id = ins.org_id WHERE o.name = p_unit AND o.level = 'unit';
    IF i.id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO h FROM hazards WHERE org_id = i.org_id AND description = p_description;
    IF h.id IS NOT NULL THEN
        RETURN h;
    END IF;
    SELECT * INTO reg FROM users WHERE username = p_registrar;
    SELECT * INTO rep FROM users WHERE username = p_reporter;
    SELECT id INTO kl FROM key_locations WHERE institution_id = i.id AND kind = p_kind ORDER BY created_at LIMIT 1;
    SELECT id INTO crit FROM hazard_criteria WHERE code = p_major_code;
    reach := CASE p_state WHEN 'cancelled' THEN 1 WHEN 'notice_issued' THEN 2 ELSE array_position(steps, p_state) END;
    INSERT INTO hazards (org_id, org_path, institution_id, key_location_id, source, description, location, category, level,
                         criterion_id, state, found_at, reported_by, reported_by_name, reporter_org_id,
                         registered_org_id, registered_org_level, registered_by, registered_at, requirement, deadline,
                         responsible_person, responsible_phone, funds, measures, emergency_plan, rectification, rectified_by,
                         rectified_at, accepted_by, accepted_by_name, accepted_org_id, closed_at, cancel_reason, created_at, updated_at)
    SELECT i.org_id, i.org_path, i.id, kl, 'report', p_description, p_location, p_category,
           CASE WHEN crit IS NULL THEN 'general' ELSE 'major' END, crit, p_state,
           now() - make_interval(days => p_found), rep.id, rep.display_name, rep.org_id,
           CASE WHEN reach >= 2 THEN reg.org_id END, CASE WHEN reach >= 2 THEN (SELECT level FROM orgs WHERE id = reg.org_id) END,
           CASE WHEN reach >= 2 THEN reg.id END, CASE WHEN reach >= 2 THEN now() - make_interval(days => p_found - 1) END,
           CASE WHEN reach >= 2 THEN '限期整改，整改完成后附整改前后照片申请验收' END,
           CASE WHEN reach >= 2 THEN current_date + p_due END,
           CASE WHEN reach >= 3 OR p_state = 'notice_issued' THEN '孙建华' END, CASE WHEN reach >= 3 THEN '13998002002' END,
           CASE WHEN reach >= 3 THEN '单位自筹' END, CASE WHEN reach >= 3 THEN '制定整改方案，明确专人负责，按期完成并复查' END,
           CASE WHEN reach >= 3 THEN '整改期间加强巡查，设置警示标识，发现险情立即启动本单位应急预案' END,
           CASE WHEN reach >= 4 THEN p_rectification END,
           CASE WHEN reach >= 4 THEN pg_temp.uid(p_unit_user) END,
           CASE WHEN reach >= 4 THEN now() - make_interval(days => 2) END,
           CASE WHEN reach >= 5 THEN reg.id END, CASE WHEN reach >= 5 THEN reg.display_name END,
           CASE WHEN reach >= 5 THEN reg.org_id END, CASE WHEN reach >= 5 THEN now() - make_interval(days => 1) END,
           CASE WHEN p_state = 'cancelled' THEN '经现场复核，该处为临时施工围挡，不属于安全隐患' END,
           now() - make_interval(days => p_found), now()
    RETURNING * INTO h;
    IF reach >= 2 THEN
        PERFORM pg_temp.ev(h, 'reported', 'register', 'registered', p_registrar, p_found - 1, NULL,
                           jsonb_build_object('level', h.level, 'deadline', h.deadline));
    END IF;
    IF reach >= 3 THEN
        PERFORM pg_temp.ev(h, 'registered', 'start', 'rectifying', p_unit_user, p_found - 2, NULL,
                           jsonb_build_object('responsible_person', '孙建华', 'funds', '单位自筹'));
    END IF;
    IF reach >= 4 THEN
        PERFORM pg_temp.ev(h, 'rectifying', 'submit', 'acceptance_requested', p_unit_user, 2, NULL,
                           jsonb_build_object('rectification', p_rectification));
    END IF;
    IF reach >= 5 THEN
        PERFORM pg_temp.ev(h, 'acceptance_requested', 'accept', 'closed', p_registrar, 1, NULL, '{}'::jsonb);
    END IF;
    IF p_state = 'cancelled' THEN
        PERFORM pg_temp.ev(h, 'reported', 'cancel', 'cancelled', p_reporter, p_found - 1, h.cancel_reason, '{}'::jsonb);
    END IF;
    RETURN h;
END $$;

DO $$
DECLARE
    h hazards%ROWTYPE;
    n rectification_notices%ROWTYPE;
    county orgs%ROWTYPE;
    seq int;
BEGIN
    -- 和平区疾控中心: one hazard in every state
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', 'laboratory', '生物安全二级实验室门口消防通道堆放废弃纸箱和泡沫包装，通道宽度不足1米',
        '实验楼二层走廊', 'fire', NULL, 'reported', 'hpcdc.safety', 'hp.inspector', 'hpcdc.safety', 1, 0, NULL);
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', 'hazchem_store', '危险化学品库乙醇与次氯酸钠混存于同一货架，未分区分类存放',
        '危险化学品库', 'hazchem', NULL, 'registered', 'hp.inspector', 'hp.inspector', 'hpcdc.safety', 6, 12, NULL);
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', 'power_room', '配电室应急照明灯蓄电池失效，断电后不能点亮',
        '综合楼一层配电室', 'electrical', NULL, 'rectifying', 'hpcdc.safety', 'hpcdc.safety', 'hpcdc.safety', 10, 8, NULL);
    -- overdue: registered by 和平区 with a deadline five days ago, still rectifying
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', 'laboratory', '生物安全柜年度检测已过期，高效过滤器未按期更换',
        '生物安全二级实验室', 'lab_biosafety', NULL, 'rectifying', 'hp.inspector', 'hp.inspector', 'hpcdc.safety', 30, -5, NULL);
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', 'power_room', '配电柜前未铺设绝缘胶垫，柜门接地线脱落',
        '综合楼一层配电室', 'electrical', NULL, 'acceptance_requested', 'hp.inspector', 'hp.inspector', 'hpcdc.safety', 14, 3,
        '已铺设绝缘胶垫，柜门接地线重新压接并经电工检测合格');
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', NULL, '办公楼三楼安全出口指示标志损坏不亮',
        '办公楼三楼东侧', 'fire', NULL, 'closed', 'hp.inspector', 'hp.inspector', 'hpcdc.safety', 20, -3,
        '已更换安全出口指示标志并测试正常');
    PERFORM pg_temp.hazard('和平区疾病预防控制中心', NULL, '院内东侧围墙外临时施工围挡遮挡消防车通道',
        '院区东侧', 'fire', NULL, 'cancelled', 'hpcdc.safety', 'hpcdc.safety', 'hpcdc.safety', 4, 0, NULL);

    -- a major hazard under a notice, listed for supervision by 和平区, awaiting the leaders' signatures
    SELECT * INTO county FROM orgs WHERE division_code = '210102';
    h := pg_temp.hazard('和平区疾病预防控制中心', 'hazchem_store', '危险化学品库可燃气体报警装置损坏停用，库内存放乙醇等易燃液体约200升',
        '危险化学品库', 'hazchem', 'nhc-2023-05', 'registered', 'hp.inspector', 'hp.inspector', 'hpcdc.safety', 9, 6, NULL);
    IF h.id IS NOT NULL AND h.notice_id IS NULL THEN
        INSERT INTO notice_counters (org_id, year, last) VALUES (county.id, 2026, 1)
        ON CONFLICT (org_id, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last INTO seq;
        INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, org_id, org_path, year, seq, number, requirement,
                                           deadline, issued_by, issued_by_name, issued_at)
        SELECT county.id, county.path, h.org_id, h.org_path, 2026, seq, coalesce(county.notice_prefix, '和卫安改') || '〔2026〕' || seq || '号',
               '立即恢复可燃气体报警装置并经检测合格；整改期间库内易燃液体减量存放，每日专人巡查', h.deadline,
               pg_temp.uid('hp.inspector'), '马骏', now() - interval '8 days'
        RETURNING * INTO n;
        UPDATE hazards SET state = 'rectifying', notice_id = n.id, listed = true, listing_org_id = county.id,
                           listing_org_path = county.path, listing_document = '和卫安督〔2026〕2号', listing_due = h.deadline,
                           listed_at = now() - interval '7 days', responsible_person = '孙建华', responsible_phone = '13998002002',
                           funds = '专项经费1.2万元', measures = '更换可燃气体报警探头及控制器，增设机械排风联动，易燃液体减量至50升以下',
                           emergency_plan = '报警装置恢复前每2小时人工检测一次，库区禁止动火，配备灭火毯和干粉灭火器',
                           signed_in_charge_by = pg_temp.uid('hpcdc.leader'), signed_in_charge_at = now() - interval '1 day'
        WHERE id = h.id RETURNING * INTO h;
        PERFORM pg_temp.ev(h, 'registered', 'issue_notice', 'notice_issued', 'hp.inspector', 8, NULL,
                           jsonb_build_object('notice_id', n.id, 'deadline', h.deadline));
        PERFORM pg_temp.ev(h, 'notice_issued', 'list', 'notice_issued', 'hp.admin', 7, NULL,
                           jsonb_build_object('listing_document', '和卫安督〔2026〕2号'));
        PERFORM pg_temp.ev(h, 'notice_issued', 'start', 'rectifying', 'hpcdc.safety', 6, NULL,
                           jsonb_build_object('responsible_person', '孙建华', 'funds', '专项经费1.2万元'));
        PERFORM pg_temp.ev(h, 'rectifying', 'sign_off', 'rectifying', 'hpcdc.leader', 1, NULL,
                           jsonb_build_object('capacity', 'in_charge'));
    END IF;
    -- a notice issued, not started yet
    h := pg_temp.hazard('和平区南市场街道社区卫生服务中心', 'oxygen_station', '氧气瓶存放间氧气瓶未固定，空瓶与满瓶混放且无状态标识',
        '氧气瓶存放间', 'medical_gas', NULL, 'notice_issued', 'hp.inspector', 'hp.inspector', 'hp.inspector', 7, 10, NULL);
    IF h.id IS NOT NULL AND h.notice_id IS NULL THEN
        INSERT INTO notice_counters (org_id, year, last) VALUES (county.id, 2026, 1)
        ON CONFLICT (org_id, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last INTO seq;
        INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, org_id, org_path, year, seq, number, requirement,
                                           deadline, issued_by, issued_by_name, issued_at)
        SELECT county.id, county.path, h.org_id, h.org_path, 2026, seq, coalesce(county.notice_prefix, '和卫安改') || '〔2026〕' || seq || '号',
               '氧气瓶立即加装防倾倒链条固定，空瓶满瓶分区存放并悬挂状态标识', h.deadline,
               pg_temp.uid('hp.inspector'), '马骏', now() - interval '6 days'
        RETURNING * INTO n;
        UPDATE hazards SET notice_id = n.id WHERE id = h.id;
        PERFORM pg_temp.ev(h, 'registered', 'issue_notice', 'notice_issued', 'hp.inspector', 6, NULL,
                           jsonb_build_object('notice_id', n.id, 'deadline', h.deadline));
    END IF;
    PERFORM pg_temp.hazard('和平区妇幼保健计划生育服务中心', 'ebike_charging', '电动自行车在住院楼一层门厅内停放充电，私拉电线',
        '住院楼一层门厅', 'ebike_charging', 'nhc-2023-14', 'registered', 'hp.inspector', 'hp.inspector', 'hp.inspector', 3, 5, NULL);
    PERFORM pg_temp.hazard('和平区妇幼保健计划生育服务中心', 'kitchen', '职工食堂油烟管道积油严重，超过三个月未清洗',
        '职工食堂后厨', 'fire', NULL, 'registered', 'hp.inspector', 'hp.inspector', 'hp.inspector', 40, -10, NULL);

    -- 康平县人民医院: closed last month, found again by the 回头看 of 2026-11-22 (a rebound)
    h := pg_temp.hazard('康平县人民医院', 'boiler_room', '燃气锅炉房可燃气体报警器探头被塑料袋包裹，无法正常报警',
        '燃气锅炉房', 'gas', NULL, 'closed', 'kp.inspector', 'kp.inspector', 'kpyy.safety', 60, -40,
        '已拆除包裹物，报警器经检测恢复正常，并纳入每日巡检');
    IF h.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hazards WHERE previous_id = h.id) THEN
        INSERT INTO hazards (org_id, org_path, institution_id, key_location_id, risk_id, source, inspection_id, previous_id,
                             description, location, category, level, state, found_at, reported_by, reported_by_name, reporter_org_id)
        SELECT h.org_id, h.org_path, h.institution_id, h.key_location_id, h.risk_id, 'lookback', s.id, h.id, h.description,
               h.location, h.category, h.level, 'reported', (s.inspected_on::timestamp AT TIME ZONE 'Asia/Shanghai'),
               pg_temp.uid('kp.inspector'), '曹德胜', s.inspector_org_id
        FROM inspections s WHERE s.institution_id = h.institution_id AND s.type = 'lookback' ORDER BY s.inspected_on DESC LIMIT 1;
        PERFORM pg_temp.ev(h, 'closed', 'rebound', 'closed', 'kp.inspector', 9, NULL, '{}'::jsonb);
    END IF;
    PERFORM pg_temp.hazard('康平县人民医院', 'oxygen_station', '中心供氧站汇流排压力表超过检定有效期',
        '中心供氧站', 'medical_gas', NULL, 'rectifying', 'kpyy.safety', 'kp.inspector', 'kpyy.safety', 12, 4, NULL);
END $$;

-- Demo data: risks (风险数据库) of about twenty-five demo institutions in all four grades, and
-- inspections (监督检查数据库) of several types with their results and findings. Runs after
-- 0002_institutions.sql; a unit without an institution record (or a key location of the kind
-- named) is skipped. Idempotent: a risk is identified by institution and name, an inspection by
-- institution, type and date. Scores and grades use the default thresholds (LEC 320/160/70,
-- matrix 20/12/6), as the server computes them.
SELECT set_config('app.org_path', '*', true);

-- The institution of the unit org named p_unit, or NULL.
CREATE FUNCTION pg_temp.inst(p_unit text) RETURNS institutions
LANGUAGE sql AS $$
    SELECT i.* FROM institutions i JOIN orgs o ON o.id = i.org_id
    WHERE o.name = p_unit AND o.level = 'unit' LIMIT 1
$$;

CREATE FUNCTION pg_temp.risk(p_unit text, p_kind text, p_name text, p_category text, p_method text,
                             p_l numeric, p_e numeric, p_c numeric, p_lik int, p_sev int,
                             p_measures text, p_level text, p_person text, p_review_in_days int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i institutions%ROWTYPE;
    kl uuid;
    s numeric;
    g text;
BEGIN
    i := pg_temp.inst(p_unit);
    IF i.id IS NULL OR EXISTS (SELECT 1 FROM risks WHERE institution_id = i.id AND name = p_name) THEN
        RETURN;
    END IF;
    IF p_kind IS NOT NULL THEN
        SELECT id INTO kl FROM key_locations WHERE institution_id = i.id AND kind = p_kind
        ORDER BY created_at LIMIT 1;
    END IF;
    IF p_method = 'lec' THEN
        s := p_l * p_e * p_c;
        g := CASE WHEN s > 320 THEN 'major' WHEN s > 160 THEN 'significant'
                  WHEN s > 70 THEN 'general' ELSE 'low' END;
    ELSE
        s := p_lik * p_sev;
        g := CASE WHEN s >= 20 THEN 'major' WHEN s >= 12 THEN 'significant'
                  WHEN s >= 6 THEN 'general' ELSE 'low' END;
    END IF;
    INSERT INTO risks (institution_id, org_id, org_path, key_location_id, name, category, method,
                       lec_l, lec_e, lec_c, likelihood, severity, score, grade, measures,
                       control_level, control_person, review_date)
    VALUES (i.id, i.org_id, i.org_path, kl, p_name, p_category, p_method,
            CASE WHEN p_method = 'lec' THEN p_l END, CASE WHEN p_method = 'lec' THEN p_e END,
            CASE WHEN p_method = 'lec' THEN p_c END, CASE WHEN p_method = 'matrix' THEN p_lik END,
            CASE WHEN p_method = 'matrix' THEN p_sev END, s, g, p_measures, p_level, p_person,
            (now() AT TIME ZONE 'Asia/Shanghai')::date + p_review_in_days);
END $$;

-- An inspection of p_unit by p_by ('self' = the unit, 'parent' = the org above it, 'city' = its
-- city, or the province for units directly under it), p_days_ago days ago, with the template
-- p_template; every item passes except p_fail (with a finding each) and p_na. A draft answers
-- only the first p_answered items.
CREATE FUNCTION pg_temp.insp(p_unit text, p_type text, p_by text, p_template text, p_days_ago int,
                             p_submitted boolean, p_fail int[], p_na int[], p_answered int,
                             p_conclusion text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i institutions%ROWTYPE;
    unit_path ltree;
    insp_org orgs%ROWTYPE;
    tpl uuid;
    who users%ROWTYPE;
    day date := (now() AT TIME ZONE 'Asia/Shanghai')::date - p_days_ago;
    sid uuid;
BEGIN
    i := pg_temp.inst(p_unit);
    SELECT id INTO tpl FROM checklist_templates WHERE code = p_template;
    IF i.id IS NULL OR tpl IS NULL OR EXISTS (SELECT 1 FROM inspections
            WHERE institution_id = i.id AND type = p_type AND inspected_on = day) THEN
        RETURN;
    END IF;
    unit_path := i.org_path;
    IF p_by = 'self' THEN
        SELECT * INTO insp_org FROM orgs WHERE id = i.org_id;
    ELSIF p_by = 'parent' THEN
        SELECT p.* INTO insp_org FROM orgs u JOIN orgs p ON p.id = u.parent_id WHERE u.id = i.org_id;
    ELSE
        SELECT * INTO insp_org FROM orgs WHERE path = subpath(unit_path, 0, least(2, nlevel(unit_path) - 1));
    END IF;
    SELECT * INTO who FROM users WHERE org_id = insp_org.id AND active
        AND role IN ('inspector', 'safety_officer', 'admin')
    ORDER BY CASE role WHEN 'inspector' THEN 1 WHEN 'safety_officer' THEN 2 ELSE 3 END, username LIMIT 1;
    INSERT INTO inspections (institution_id, org_id, org_path, inspector_org_id, inspectors, type,
                             template_id, inspected_on, status, conclusion, created_by,
                             submitted_by, submitted_at, created_at, updated_at)
    VALUES (i.id, i.org_id, i.org_path, insp_org.id,
            CASE WHEN who.id IS NULL THEN jsonb_build_array(jsonb_build_object('name', insp_org.name || '检查组'))
                 ELSE jsonb_build_array(jsonb_build_object('user_id', who.id, 'name', who.display_name)) END,
            p_type, tpl, day, CASE WHEN p_submitted THEN 'submitted' ELSE 'draft' END,
            p_conclusion, who.id,
            CASE WHEN p_submitted THEN who.id END,
            CASE WHEN p_submitted THEN (day + time '17:30') AT TIME ZONE 'Asia/Shanghai' END,
            (day + time '09:00') AT TIME ZONE 'Asia/Shanghai',
            (day + CASE WHEN p_submitted THEN time '17:30' ELSE time '11:00' END) AT TIME ZONE 'Asia/Shanghai')
    RETURNING id INTO sid;
    INSERT INTO inspection_results (inspection_id, org_path, position, item_id, item_text, category,
                                    legal_basis, result, note)
    SELECT sid, i.org_path, ci.position, ci.id, ci.text, ci.category, ci.legal_basis,
           CASE WHEN NOT p_submitted AND ci.position > p_answered THEN NULL
                WHEN ci.position = ANY (p_fail) THEN 'fail'
                WHEN ci.position = ANY (p_na) THEN 'na' ELSE 'pass' END,
           CASE WHEN ci.position = ANY (p_fail) AND (p_submitted OR ci.position <= p_answered)
                THEN '现场检查发现问题，已责令限期整改' END
    FROM checklist_items ci WHERE ci.template_id = tpl;
    INSERT INTO findings (inspection_id, org_path, position, description, location, suggested_severity, created_at)
    SELECT sid, i.org_path, r.position, r.item_text || '：' || r.note, NULL,
           CASE WHEN r.category IN ('医用气体', '燃气', '特种设备') THEN 'major' ELSE 'general' END,
           (day + time '10:00') AT TIME ZONE 'Asia/Shanghai'
    FROM inspection_results r WHERE r.inspection_id = sid AND r.result = 'fail';
END $$;

-- Risks: LEC (L x E x C) and matrix (likelihood x severity); review_in_days < 0 is overdue.
SELECT pg_temp.risk(u, k, n, c, m, l, e, cc, lk, sv, me, lv, p, rv) FROM (VALUES
 ('辽宁省人民医院', 'oxygen_station', '氧气站汇流排间氧气泄漏引发火灾', 'medical_gas', 'lec', 3, 6, 40, NULL, NULL,
  '汇流排间严禁烟火，每日巡检压力与接头，设置氧浓度报警，气瓶防倾倒固定', 'unit', '设备处 王建国', 90),
 ('辽宁省人民医院', 'power_room', '配电室电气线路老化短路', 'electrical', 'lec', 3, 6, 15, NULL, NULL,
  '定期红外测温，老化线路列入改造计划，配电室24小时值守', 'department', '后勤保障部 李强', 30),
 ('辽宁省人民医院', 'kitchen', '厨房燃气泄漏', 'gas', 'matrix', NULL, NULL, NULL, 3, 4,
  '安装可燃气体报警与紧急切断阀，每日班前检查软管', 'team', '营养膳食科 赵红', -12),
 ('中国医科大学附属第一医院', 'boiler_room', '锅炉超压爆炸', 'special_equipment', 'lec', 1, 6, 100, NULL, NULL,
  '安全阀、压力表按期校验，司炉工持证上岗，超压联锁保护', 'unit', '动力科 孙伟', 60),
 ('中国医科大学附属第一医院', 'laboratory', '实验室病原微生物泄漏', 'lab_biosafety', 'matrix', NULL, NULL, NULL, 2, 5,
  '生物安全柜年检，菌（毒）种双人双锁，职业暴露应急处置演练', 'department', '检验科 周敏', 45),
 ('中国医科大学附属第一医院', NULL, '放射科辐射防护失效', 'radiation', 'matrix', NULL, NULL, NULL, 2, 4,
  '防护门联锁与警示灯每日检查，个人剂量计佩戴监测', 'department', '放射科 吴刚', -30),
 ('辽宁省肿瘤医院', NULL, '放射治疗机房辐射泄漏', 'radiation', 'lec', 1, 6, 40, NULL, NULL,
  '机房屏蔽年度检测，门机联锁，剂量监测报警仪', 'department', '放疗科 郑洁', 120),
 ('辽宁省肿瘤医院', 'hazchem_store', '危化品库乙醇储存超量', 'hazchem', 'lec', 3, 3, 15, NULL, NULL,
  '按最大储存量核定，超量部分退库，出入库台账日清', 'team', '药学部 钱进', -5),
 ('辽宁省疾病预防控制中心', 'laboratory', '实验室病原微生物泄漏', 'lab_biosafety', 'lec', 1, 6, 40, NULL, NULL,
  'BSL-2实验室准入管理，废弃物高压灭菌，应急喷淋洗眼装置', 'department', '微生物检验所 冯雪', 75),
 ('辽宁省血液中心', 'power_room', '配电室电气线路老化短路', 'electrical', 'matrix', NULL, NULL, NULL, 2, 3,
  '双路供电切换试验，储血冰箱不间断电源', 'department', '总务科 韩冰', 40),
 ('沈阳市第四人民医院', 'ebike_charging', '电动自行车违规充电起火', 'ebike_charging', 'lec', 6, 6, 15, NULL, NULL,
  '集中充电棚定时断电，严禁楼道停放充电，安装视频监控', 'unit', '保卫科 刘洋', 20),
 ('沈阳市第四人民医院', 'oxygen_station', '液氧储罐泄漏冻伤与助燃', 'medical_gas', 'matrix', NULL, NULL, NULL, 3, 5,
  '储罐区围挡与禁火标识，充装作业双人监护', 'department', '设备科 马丽', 30),
 ('沈阳市疾病预防控制中心', 'hazchem_store', '危化品库乙醇储存超量', 'hazchem', 'matrix', NULL, NULL, NULL, 3, 3,
  '危化品专库通风防爆，双人双锁，按需领用', 'team', '理化检验科 陈亮', -3),
 ('沈阳市妇幼保健院', 'kitchen', '厨房燃气泄漏', 'gas', 'lec', 1, 6, 7, NULL, NULL,
  '燃气报警器联动切断，员工培训', 'team', '膳食科 杨帆', 100),
 ('沈阳市中心血站', NULL, '采血车交通事故', 'other', 'matrix', NULL, NULL, NULL, 2, 2,
  '车辆定期维保，驾驶员安全教育', 'post', '采血科 何静', 60),
 ('大连市中心医院', 'boiler_room', '锅炉超压爆炸', 'special_equipment', 'matrix', NULL, NULL, NULL, 4, 5,
  '锅炉年检，安全附件校验，司炉工24小时值守', 'unit', '动力保障部 林海', 15),
 ('大连市中心医院', NULL, '台风暴雨致地下室进水', 'flood_weather', 'lec', 3, 2, 15, NULL, NULL,
  '防汛沙袋挡水板备足，地下配电设施抬高，雨前巡查', 'unit', '总务处 高峰', 50),
 ('大连市妇女儿童医疗中心', 'power_room', '配电室电气线路老化短路', 'electrical', 'lec', 1, 6, 15, NULL, NULL,
  '配电室温湿度监控，年度预防性试验', 'department', '后勤部 宋涛', 80),
 ('大连市疾病预防控制中心', 'laboratory', '实验室病原微生物泄漏', 'lab_biosafety', 'matrix', NULL, NULL, NULL, 2, 4,
  '生物安全管理委员会季度检查，人员培训考核', 'department', '病原检验科 邓琳', -20),
 ('鞍山市中心医院', NULL, '住院楼改造施工动火引发火灾', 'construction', 'lec', 3, 6, 15, NULL, NULL,
  '动火审批，专人监护，现场配置灭火器', 'unit', '基建科 罗斌', 25),
 ('鞍山市中心医院', 'oxygen_station', '氧气站汇流排间氧气泄漏引发火灾', 'medical_gas', 'lec', 1, 3, 40, NULL, NULL,
  '汇流排接头检漏，禁油禁火', 'department', '设备科 曹阳', 90),
 ('鞍山市疾病预防控制中心', 'hazchem_store', '危化品库乙醇储存超量', 'hazchem', 'lec', 1, 3, 7, NULL, NULL,
  '核定储量，专柜存放', 'team', '检验科 彭飞', 120),
 ('和平区疾病预防控制中心', 'laboratory', '实验室病原微生物泄漏', 'lab_biosafety', 'lec', 1, 3, 15, NULL, NULL,
  '实验室门禁，生物安全柜年检', 'department', '检验科 许晴', -8),
 ('和平区疾病预防控制中心', 'ebike_charging', '电动自行车违规充电起火', 'ebike_charging', 'matrix', NULL, NULL, NULL, 3, 4,
  '院内设置充电桩，禁止入楼充电', 'unit', '办公室 于洋', 30),
 ('和平区南市场街道社区卫生服务中心', NULL, '消防通道堵塞', 'fire', 'matrix', NULL, NULL, NULL, 2, 3,
  '每日巡查清理，划线标识', 'post', '综合办 程丽', 30),
 ('和平区妇幼保健计划生育服务中心', 'power_room', '配电室电气线路老化短路', 'electrical', 'matrix', NULL, NULL, NULL, 1, 3,
  '定期检查配电箱', 'post', '后勤 孟凯', 60),
 ('沈河区疾病预防控制中心', 'hazchem_store', '危化品库乙醇储存超量', 'hazchem', 'lec', 3, 6, 7, NULL, NULL,
  '超量退库，台账管理', 'team', '检验科 吕静', 40),
 ('沈河区大南街道社区卫生服务中心', 'kitchen', '厨房燃气泄漏', 'gas', 'lec', 0.5, 6, 15, NULL, NULL,
  '燃气软管定期更换', 'post', '后勤 潘伟', 90),
 ('铁西区兴华街道社区卫生服务中心', 'ebike_charging', '电动自行车违规充电起火', 'ebike_charging', 'lec', 3, 6, 7, NULL, NULL,
  '设置集中充电点', 'post', '后勤 姜涛', 45),
 ('浑南区人民医院', 'oxygen_station', '氧气站汇流排间氧气泄漏引发火灾', 'medical_gas', 'matrix', NULL, NULL, NULL, 3, 4,
  '汇流排间巡检，氧浓度报警', 'department', '设备科 范磊', 35),
 ('康平县人民医院', 'boiler_room', '锅炉超压爆炸', 'special_equipment', 'lec', 3, 6, 40, NULL, NULL,
  '锅炉房24小时值班，安全阀定期校验，建议煤改气改造', 'unit', '总务科 谢军', -15),
 ('康平县人民医院', 'power_room', '配电室电气线路老化短路', 'electrical', 'lec', 3, 3, 15, NULL, NULL,
  '线路改造，配电室防小动物措施', 'department', '总务科 谢军', 60),
 ('康平县中医院', 'kitchen', '厨房燃气泄漏', 'gas', 'matrix', NULL, NULL, NULL, 2, 4,
  '燃气报警器安装', 'team', '后勤 唐亮', 30),
 ('康平县郝官镇中心卫生院', NULL, '冬季取暖煤气中毒', 'gas', 'matrix', NULL, NULL, NULL, 2, 5,
  '一氧化碳报警器，烟道检查', 'unit', '院办 邹强', 20),
 ('法库县人民医院', 'oxygen_station', '氧气站汇流排间氧气泄漏引发火灾', 'medical_gas', 'lec', 1, 6, 15, NULL, NULL,
  '气瓶固定，禁火标识', 'department', '设备科 石磊', 50),
 ('新民市人民医院', NULL, '在建门诊楼无施工许可施工', 'construction', 'matrix', NULL, NULL, NULL, 4, 4,
  '责令停工，补办施工许可', 'unit', '基建办 陆军', 10),
 ('甘井子区人民医院', 'ebike_charging', '电动自行车违规充电起火', 'ebike_charging', 'matrix', NULL, NULL, NULL, 4, 3,
  '增设充电棚，夜间巡查', 'department', '保卫科 金鑫', 30),
 ('金州区第一人民医院', 'hazchem_store', '危化品库乙醇储存超量', 'hazchem', 'matrix', NULL, NULL, NULL, 1, 4,
  '按需采购', 'team', '药剂科 魏华', 90),
 ('瓦房店市中心医院', 'power_room', '配电室电气线路老化短路', 'electrical', 'lec', 0.5, 6, 7, NULL, NULL,
  '年度电气检测', 'post', '总务科 蒋涛', 70),
 ('海城市中心医院', 'boiler_room', '锅炉超压爆炸', 'special_equipment', 'lec', 0.5, 6, 40, NULL, NULL,
  '锅炉安全附件校验', 'department', '动力科 田野', 40)
) AS v(u, k, n, c, m, l, e, cc, lk, sv, me, lv, p, rv);

-- Inspections: mostly submitted; drafts at the end; one unannounced draft (hidden from the unit).
SELECT pg_temp.insp(u, t, b, tp, d, s, f, na, a, c) FROM (VALUES
 ('和平区疾病预防控制中心', 'self', 'self', 'hospital-general', 40, true, '{9}'::int[], '{8}'::int[], 0,
  '自查发现燃气报警装置失效一处，已安排更换。'),
 ('和平区疾病预防控制中心', 'routine', 'parent', 'hospital-general', 25, true, '{12}'::int[], '{8,9}'::int[], 0,
  '总体良好；院内电动自行车在楼道充电，责令立即整改。'),
 ('和平区疾病预防控制中心', 'unannounced', 'parent', 'hospital-general', 12, true, '{3,14}'::int[], '{8}'::int[], 0,
  '暗访发现安全出口堆放杂物、夜间值班记录不全。'),
 ('和平区南市场街道社区卫生服务中心', 'routine', 'parent', 'hospital-general', 33, true, '{2,12}'::int[], '{8,10,11}'::int[], 0,
  '灭火器过期两具，电动自行车充电不规范，限期十日整改。'),
 ('和平区妇幼保健计划生育服务中心', 'holiday', 'parent', 'hospital-general', 55, true, '{}'::int[], '{8,10}'::int[], 0,
  '节前检查未发现问题。'),
 ('康平县人民医院', 'self', 'self', 'hospital-general', 70, true, '{8}'::int[], '{}'::int[], 0,
  '锅炉安全阀校验过期，已联系检验机构。'),
 ('康平县人民医院', 'supervision', 'city', 'focus-2014-spring', 45, true, '{6}'::int[], '{5}'::int[], 0,
  '隐患排查治理常态检查制度未完全建立，督促落实“五落实”。'),
 ('康平县人民医院', 'lookback', 'parent', 'hospital-general', 10, true, '{}'::int[], '{}'::int[], 0,
  '回头看：前次发现问题均已整改到位。'),
 ('辽宁省人民医院', 'supervision', 'parent', 'focus-2014-spring', 60, true, '{}'::int[], '{5}'::int[], 0,
  '安全责任落实到位，网格化监管全覆盖。'),
 ('沈阳市第四人民医院', 'spot', 'parent', 'hospital-general', 28, true, '{5,7}'::int[], '{}'::int[], 0,
  '配电室私拉乱接，危化品出入库台账不全。'),
 ('大连市中心医院', 'routine', 'parent', 'hospital-general', 35, true, '{}'::int[], '{10}'::int[], 0,
  '检查合格。'),
 ('甘井子区人民医院', 'routine', 'parent', 'hospital-general', 20, true, '{12}'::int[], '{10,11}'::int[], 0,
  '电动自行车充电区不符合要求。'),
 ('浑南区人民医院', 'holiday', 'parent', 'hospital-general', 80, true, '{6}'::int[], '{}'::int[], 0,
  '汇流排间气瓶未固定。'),
 ('鞍山市中心医院', 'supervision', 'parent', 'focus-2014-spring', 50, true, '{3}'::int[], '{5}'::int[], 0,
  '重大隐患挂牌督办未按时销号。'),
 ('法库县人民医院', 'spot', 'city', 'hospital-general', 15, true, '{}'::int[], '{10,11}'::int[], 0,
  '抽查合格。'),
 ('金州区第一人民医院', 'routine', 'parent', 'hospital-general', 42, true, '{13}'::int[], '{}'::int[], 0,
  '在建工程动火审批记录缺失。'),
 ('海城市中心医院', 'self', 'self', 'hospital-general', 18, true, '{}'::int[], '{10}'::int[], 0,
  '自查合格。'),
 ('沈阳市疾病预防控制中心', 'acceptance', 'parent', 'hospital-general', 95, true, '{}'::int[], '{8,11}'::int[], 0,
  '危化品库改造验收合格。'),
 ('辽宁省人民医院', 'self', 'self', 'hospital-general', 2, false, '{6}'::int[], '{}'::int[], 9, NULL),
 ('台安县人民医院', 'routine', 'parent', 'hospital-general', 1, false, '{}'::int[], '{}'::int[], 5, NULL),
 ('甘井子区人民医院', 'unannounced', 'parent', 'hospital-general', 3, false, '{5}'::int[], '{}'::int[], 6, NULL),
 ('和平区疾病预防控制中心', 'routine', 'parent', 'hospital-general', 1, false, '{}'::int[], '{}'::int[], 4, NULL)
) AS v(u, t, b, tp, d, s, f, na, a, c);

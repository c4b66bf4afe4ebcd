-- Demo data: an institution record (医疗卫生机构数据库) for every demo unit, with safety
-- departments and officers, grids (three units left without one, so coverage is below 100%),
-- key locations (重点部位) and a few construction projects, one of them under way without a
-- construction permit (the 打非治违 case). Credit codes are computed here, so they are valid
-- (GB 11714 organisation code check and GB 32100 check character). Idempotent.
SELECT set_config('app.org_path', '*', true);

-- The demo province's subtree: other data in the same database (the benchmark's generated
-- province) is left alone.
CREATE FUNCTION pg_temp.demo_root() RETURNS ltree LANGUAGE sql STABLE AS $$
    SELECT path FROM orgs WHERE division_code = '210000'
$$;

-- GB 11714: the check character of an 8-character organisation code body.
CREATE FUNCTION pg_temp.gb11714(body text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    w int[] := '{3,7,9,10,5,8,4,2}';
    s int := 0;
    c int;
BEGIN
    FOR i IN 1..8 LOOP
        c := ascii(substr(body, i, 1));
        s := s + (CASE WHEN c BETWEEN 48 AND 57 THEN c - 48 ELSE c - 55 END) * w[i];
    END LOOP;
    c := 11 - s % 11;
    RETURN CASE c WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE c::text END;
END $$;

-- GB 32100-2015: the first 17 characters of a credit code with their check character added.
CREATE FUNCTION pg_temp.ccode(first17 text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    cs text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    w int[] := '{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}';
    s int := 0;
    c int;
BEGIN
    FOR i IN 1..17 LOOP
        s := s + (strpos(cs, substr(first17, i, 1)) - 1) * w[i];
    END LOOP;
    c := 31 - s % 31;
    IF c = 31 THEN c := 0; END IF;
    RETURN first17 || substr(cs, c + 1, 1);
END $$;

-- A demo person's name, from a number.
CREATE FUNCTION pg_temp.person(k bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT ('{王,李,张,刘,陈,杨,赵,黄,周,吴,徐,孙,马,朱,胡,郭,何,高,林,罗}'::text[])[k % 20 + 1]
        || ('{建华,丽娟,志强,海燕,国栋,秀英,晓东,春梅,立新,玉兰,宏伟,雪梅,振宇,桂芳,德明,淑珍,文涛,红霞,永刚,静}'::text[])[(k * 7 + 3) % 20 + 1]
$$;

-- A demo mobile number, from a number.
CREATE FUNCTION pg_temp.mobile(k bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT '13' || (k % 10)::text || '4' || lpad(((k * 7919) % 10000000)::text, 7, '0')
$$;

-- The record of unit p_name. p_grid NULL leaves the unit without a grid.
CREATE FUNCTION pg_temp.inst(p_name text, p_type text, p_grade text, p_address text,
                             p_lon numeric, p_lat numeric, p_beds int, p_staff int,
                             p_principal text, p_phone text, p_grid text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    o orgs%ROWTYPE;
    division text;
    body text;
    dept text;
    officers jsonb;
    k bigint;
BEGIN
    SELECT * INTO STRICT o FROM orgs WHERE level = 'unit' AND name = p_name;
    SELECT coalesce(p.division_code, '210000') INTO division FROM orgs p WHERE p.id = o.parent_id;
    -- 12 = 机构编制 registered 事业单位; the organisation code body comes from the org's seq.
    body := '42' || lpad(o.seq::text, 6, '0');
    k := o.seq * 3;
    dept := CASE WHEN p_type IN ('cdc', 'blood_station', 'health_supervision') THEN '安全保卫科'
                 WHEN p_type = 'primary_care' THEN '综合办公室'
                 WHEN p_grade = '3A' THEN '保卫处'
                 ELSE '保卫科' END;
    officers := CASE
        WHEN p_type = 'cdc' THEN jsonb_build_array(
            jsonb_build_object('department', '微生物检验所', 'name', pg_temp.person(k + 1), 'phone', pg_temp.mobile(k + 1)),
            jsonb_build_object('department', '后勤保障科', 'name', pg_temp.person(k + 2), 'phone', pg_temp.mobile(k + 2)))
        WHEN p_type = 'blood_station' THEN jsonb_build_array(
            jsonb_build_object('department', '检验科', 'name', pg_temp.person(k + 1), 'phone', pg_temp.mobile(k + 1)),
            jsonb_build_object('department', '供血科', 'name', pg_temp.person(k + 2), 'phone', pg_temp.mobile(k + 2)))
        WHEN p_type = 'primary_care' THEN jsonb_build_array(
            jsonb_build_object('department', '全科诊室', 'name', pg_temp.person(k + 1), 'phone', pg_temp.mobile(k + 1)),
            jsonb_build_object('department', '药房', 'name', pg_temp.person(k + 2), 'phone', pg_temp.mobile(k + 2)))
        ELSE jsonb_build_array(
            jsonb_build_object('department', '门诊部', 'name', pg_temp.person(k + 1), 'phone', pg_temp.mobile(k + 1)),
            jsonb_build_object('department', '护理部', 'name', pg_temp.person(k + 2), 'phone', pg_temp.mobile(k + 2)),
            jsonb_build_object('department', '后勤保障部', 'name', pg_temp.person(k + 4), 'phone', pg_temp.mobile(k + 4)))
        END;
    INSERT INTO institutions (org_id, org_path, credit_code, type, grade, ownership, address,
        longitude, latitude, beds, staff, principal, contacts, safety_department, safety_officers,
        grid_name, grid_head, grid_head_phone)
    VALUES (o.id, o.path, pg_temp.ccode('12' || division || body || pg_temp.gb11714(body)),
        p_type, p_grade, 'public', p_address, p_lon, p_lat, p_beds, p_staff,
        jsonb_build_object('name', p_principal, 'phone', p_phone),
        jsonb_build_array(jsonb_build_object('name', pg_temp.person(k + 5), 'role', '办公室主任',
                                             'phone', pg_temp.mobile(k + 5))),
        jsonb_build_object('name', dept, 'head', pg_temp.person(k), 'phone', pg_temp.mobile(k)),
        officers,
        p_grid, CASE WHEN p_grid IS NULL THEN NULL ELSE pg_temp.person(k + 7) END,
        CASE WHEN p_grid IS NULL THEN NULL ELSE pg_temp.mobile(k + 7) END)
    ON CONFLICT (org_id) DO NOTHING;
END $$;

-- A key location of unit p_name (once per name).
CREATE FUNCTION pg_temp.kl(p_unit text, p_kind text, p_name text, p_duty boolean, p_note text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i institutions%ROWTYPE;
BEGIN
    SELECT ins.* INTO STRICT i FROM institutions ins JOIN orgs o ON o.id = ins.org_id
    WHERE o.level = 'unit' AND o.name = p_unit;
    INSERT INTO key_locations (institution_id, org_id, org_path, kind, name, duty_24h, note)
    SELECT i.id, i.org_id, i.org_path, p_kind, p_name, p_duty, p_note
    WHERE NOT EXISTS (SELECT 1 FROM key_locations k WHERE k.institution_id = i.id AND k.name = p_name);
END $$;

-- A construction project of unit p_unit (once per name).
CREATE FUNCTION pg_temp.proj(p_unit text, p_name text, p_contractor text, p_permit text,
                             p_other text, p_start date, p_end date, p_status text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i institutions%ROWTYPE;
BEGIN
    SELECT ins.* INTO STRICT i FROM institutions ins JOIN orgs o ON o.id = ins.org_id
    WHERE o.level = 'unit' AND o.name = p_unit;
    INSERT INTO construction_projects (institution_id, org_id, org_path, name, contractor,
        construction_permit, other_permits, start_date, end_date, status)
    SELECT i.id, i.org_id, i.org_path, p_name, p_contractor, p_permit, p_other, p_start, p_end, p_status
    WHERE NOT EXISTS (SELECT 1 FROM construction_projects c WHERE c.institution_id = i.id AND c.name = p_name);
END $$;

-- Institutions directly under the province
SELECT pg_temp.inst('辽宁省人民医院', 'general_hospital', '3A', '沈阳市沈河区文艺路33号', 123.460610, 41.787620, 2000, 2600, '周立群', '024-24016000', '沈河区卫生健康网格1');
SELECT pg_temp.inst('中国医科大学附属第一医院', 'general_hospital', '3A', '沈阳市和平区南京北街155号', 123.398530, 41.798290, 2500, 4500, '马春生', '024-83282888', '和平区卫生健康网格1');
SELECT pg_temp.inst('辽宁省肿瘤医院', 'specialist_hospital', '3A', '沈阳市大东区小河沿路44号', 123.483320, 41.808150, 1700, 2000, '徐海鹏', '024-31916000', '大东区卫生健康网格1');
SELECT pg_temp.inst('辽宁省疾病预防控制中心', 'cdc', 'none', '沈阳市和平区砂阳路242号', 123.379050, 41.769030, NULL, 420, '高文斌', '024-23388000', '和平区卫生健康网格2');
SELECT pg_temp.inst('辽宁省血液中心', 'blood_station', 'none', '沈阳市和平区南京南街118号', 123.395200, 41.775100, NULL, 310, '林玉华', '024-23232000', '和平区卫生健康网格3');
-- Directly under a city
SELECT pg_temp.inst('沈阳市第四人民医院', 'general_hospital', '3A', '沈阳市皇姑区黄河南大街20号', 123.414600, 41.816300, 1200, 1500, '孙德胜', '024-86852000', '皇姑区卫生健康网格1');
SELECT pg_temp.inst('沈阳市疾病预防控制中心', 'cdc', 'none', '沈阳市和平区南京南街6号', 123.397800, 41.762100, NULL, 360, '何淑敏', '024-23516000', '和平区卫生健康网格4');
SELECT pg_temp.inst('沈阳市妇幼保健院', 'maternal_child', '3A', '沈阳市沈河区南乐郊路49号', 123.451900, 41.779800, 500, 900, '罗红梅', '024-24851000', '沈河区卫生健康网格2');
SELECT pg_temp.inst('沈阳市中心血站', 'blood_station', 'none', '沈阳市和平区十一纬路6号', 123.409600, 41.783500, NULL, 220, '郭振东', '024-23840000', '和平区卫生健康网格5');
SELECT pg_temp.inst('大连市中心医院', 'general_hospital', '3A', '大连市沙河口区学工街826号', 121.587800, 38.906200, 2000, 2800, '杨志军', '0411-84412001', '沙河口区卫生健康网格1');
SELECT pg_temp.inst('大连市妇女儿童医疗中心', 'maternal_child', '3A', '大连市沙河口区中山路154号', 121.593100, 38.911600, 1000, 1600, '吴秀兰', '0411-39718000', '沙河口区卫生健康网格2');
SELECT pg_temp.inst('大连市疾病预防控制中心', 'cdc', 'none', '大连市沙河口区西南路78号', 121.580400, 38.899800, NULL, 300, '赵国庆', '0411-84445000', '沙河口区卫生健康网格3');
SELECT pg_temp.inst('鞍山市中心医院', 'general_hospital', '3A', '鞍山市铁东区站前街77号', 122.995600, 41.108800, 1500, 1900, '胡永刚', '0412-2223000', '铁东区卫生健康网格1');
SELECT pg_temp.inst('鞍山市疾病预防控制中心', 'cdc', 'none', '鞍山市铁东区园林路129号', 123.004100, 41.101400, NULL, 180, '朱丽娜', '0412-5537000', '铁东区卫生健康网格2');
-- Under counties
SELECT pg_temp.inst('和平区疾病预防控制中心', 'cdc', 'none', '沈阳市和平区南京北街282号', 123.400900, 41.792700, NULL, 95, '陈晓光', '024-23834000', '和平区卫生健康网格6');
SELECT pg_temp.inst('和平区南市场街道社区卫生服务中心', 'primary_care', '1A', '沈阳市和平区南市场街道八纬路12号', 123.407400, 41.778900, 30, 62, '李春燕', '024-22720000', '和平区卫生健康网格7');
SELECT pg_temp.inst('和平区妇幼保健计划生育服务中心', 'maternal_child', 'none', '沈阳市和平区民主路58号', 123.395600, 41.788100, 20, 70, '张玉梅', '024-23250000', '和平区卫生健康网格8');
SELECT pg_temp.inst('沈河区疾病预防控制中心', 'cdc', 'none', '沈阳市沈河区北顺城路17号', 123.464200, 41.801800, NULL, 88, '王海涛', '024-24843000', '沈河区卫生健康网格3');
SELECT pg_temp.inst('沈河区大南街道社区卫生服务中心', 'primary_care', '1A', '沈阳市沈河区大南街258号', 123.459300, 41.783300, 40, 58, '刘桂芳', '024-24112000', '沈河区卫生健康网格4');
SELECT pg_temp.inst('铁西区兴华街道社区卫生服务中心', 'primary_care', '1A', '沈阳市铁西区兴华南街35号', 123.362800, 41.793900, 35, 54, '杨建军', '024-25620000', '铁西区卫生健康网格1');
SELECT pg_temp.inst('浑南区人民医院', 'general_hospital', '2A', '沈阳市浑南区浑南中路2号', 123.449700, 41.713100, 400, 520, '赵明辉', '024-23787000', '浑南区卫生健康网格1');
SELECT pg_temp.inst('康平县人民医院', 'general_hospital', '2A', '沈阳市康平县康平镇胜利街八段1号', 123.347500, 42.741900, 600, 780, '韩国良', '024-87312000', '康平县卫生健康网格1');
SELECT pg_temp.inst('康平县中医院', 'tcm_hospital', '2A', '沈阳市康平县康平镇顺山街3号', 123.352100, 42.746700, 300, 360, '曹秀珍', '024-87332000', '康平县卫生健康网格2');
SELECT pg_temp.inst('康平县郝官镇中心卫生院', 'primary_care', 'none', '沈阳市康平县郝官镇郝官村', 123.194400, 42.690600, 30, 41, '邓春雨', '024-87461000', NULL);
SELECT pg_temp.inst('法库县人民医院', 'general_hospital', '2A', '沈阳市法库县法库镇正阳街南段1号', 123.408900, 42.500900, 550, 700, '徐立新', '024-87112000', '法库县卫生健康网格1');
SELECT pg_temp.inst('新民市人民医院', 'general_hospital', '2A', '沈阳市新民市新柳街道辽河大街59号', 122.826200, 41.996800, 650, 820, '孙宏伟', '024-27825000', '新民市卫生健康网格1');
SELECT pg_temp.inst('中山区疾病预防控制中心', 'cdc', 'none', '大连市中山区鲁迅路42号', 121.650900, 38.916400, NULL, 76, '马丽娟', '0411-82653000', '中山区卫生健康网格1');
SELECT pg_temp.inst('甘井子区人民医院', 'general_hospital', '2B', '大连市甘井子区华北路255号', 121.575400, 38.955200, 350, 460, '周德明', '0411-86691000', '甘井子区卫生健康网格1');
SELECT pg_temp.inst('甘井子区红旗街道社区卫生服务中心', 'primary_care', '1A', '大连市甘井子区红旗中路102号', 121.546700, 38.938800, 25, 48, '黄淑珍', '0411-84798000', '甘井子区卫生健康网格2');
SELECT pg_temp.inst('金州区第一人民医院', 'general_hospital', '2A', '大连市金州区斯大林路198号', 121.717800, 39.099400, 500, 640, '吴文涛', '0411-87642000', '金州区卫生健康网格1');
SELECT pg_temp.inst('长海县人民医院', 'general_hospital', '2B', '大连市长海县大长山岛镇鸳鸯港路16号', 122.588200, 39.272500, 200, 260, '林振宇', '0411-89882000', NULL);
SELECT pg_temp.inst('瓦房店市中心医院', 'general_hospital', '2A', '大连市瓦房店市共济街38号', 122.001500, 39.627600, 900, 1100, '高德胜', '0411-85621000', '瓦房店市卫生健康网格1');
SELECT pg_temp.inst('庄河市中心医院', 'general_hospital', '2A', '大连市庄河市新华路二段99号', 122.967300, 39.681100, 800, 980, '郭永军', '0411-89712000', '庄河市卫生健康网格1');
SELECT pg_temp.inst('铁东区疾病预防控制中心', 'cdc', 'none', '鞍山市铁东区胜利南路46号', 122.993700, 41.100600, NULL, 64, '何红霞', '0412-5535000', '铁东区卫生健康网格3');
SELECT pg_temp.inst('台安县人民医院', 'general_hospital', '2B', '鞍山市台安县台安镇建设路34号', 122.436500, 41.412000, 380, 470, '罗国栋', '0412-4822000', '台安县卫生健康网格1');
SELECT pg_temp.inst('岫岩满族自治县中医院', 'tcm_hospital', '2B', '鞍山市岫岩满族自治县岫岩镇阜昌街8号', 123.280700, 40.290400, 220, 280, '关雪梅', '0412-7822000', NULL);
SELECT pg_temp.inst('海城市中心医院', 'general_hospital', '2A', '鞍山市海城市海州管理区人民路36号', 122.685000, 40.882400, 850, 1050, '白志强', '0412-3122000', '海城市卫生健康网格1');

-- Key locations: hospitals 4-5, CDCs and blood stations 3, primary care 3.
SELECT pg_temp.kl(o.name, v.kind, v.name, v.duty, v.note)
FROM institutions i JOIN orgs o ON o.id = i.org_id
JOIN LATERAL (VALUES
    ('oxygen_station', '中心供氧站', true, '液氧储罐及汇流排，24小时值守'),
    ('power_room', '总配电室', true, '10kV高压进线及双路供电切换'),
    ('boiler_room', '燃气锅炉房', false, '供暖及消毒供应蒸汽'),
    ('kitchen', '职工及营养食堂厨房', false, '燃气灶具及油烟管道'),
    ('ebike_charging', '电动自行车集中充电区', false, '职工停车场东侧，智能充电桩')
) AS v(kind, name, duty, note) ON i.type IN ('general_hospital', 'specialist_hospital', 'tcm_hospital', 'maternal_child')
WHERE (v.kind <> 'boiler_room' OR i.beds >= 500) AND i.org_path <@ pg_temp.demo_root();

SELECT pg_temp.kl(o.name, v.kind, v.name, v.duty, v.note)
FROM institutions i JOIN orgs o ON o.id = i.org_id
JOIN LATERAL (VALUES
    ('laboratory', '生物安全二级实验室', false, '病原微生物检测，BSL-2'),
    ('hazchem_store', '危险化学品库', false, '乙醇、甲醛等易燃及有毒试剂，双人双锁'),
    ('power_room', '配电室', true, '实验室不间断电源')
) AS v(kind, name, duty, note) ON i.type IN ('cdc', 'blood_station')
WHERE i.org_path <@ pg_temp.demo_root();

SELECT pg_temp.kl(o.name, v.kind, v.name, v.duty, v.note)
FROM institutions i JOIN orgs o ON o.id = i.org_id
JOIN LATERAL (VALUES
    ('oxygen_station', '氧气瓶存放间', true, '医用氧气瓶不超过10瓶'),
    ('power_room', '配电室', true, NULL),
    ('ebike_charging', '电动自行车充电区', false, '门诊楼北侧雨棚下')
) AS v(kind, name, duty, note) ON i.type = 'primary_care'
WHERE i.org_path <@ pg_temp.demo_root();

-- Construction projects (施工项目)
SELECT pg_temp.proj('辽宁省人民医院', '门诊综合楼改扩建工程', '中建三局集团有限公司', '210103202403150101',
                    '建设工程规划许可证 建字第210103202400012号；消防设计审查合格', '2024-03-20', '2026-10-31', 'under_way');
SELECT pg_temp.proj('中国医科大学附属第一医院', '浑南院区医技楼二期工程', '中国建筑第八工程局有限公司', '210112202205100203',
                    '消防验收合格', '2022-05-15', '2024-09-30', 'completed');
SELECT pg_temp.proj('沈阳市第四人民医院', '住院部外墙保温及屋面防水改造', '沈阳市宏达建筑装饰工程有限公司', NULL,
                    NULL, '2025-04-08', NULL, 'under_way');
SELECT pg_temp.proj('大连市中心医院', '配电系统增容改造工程', '大连电力建设集团有限公司', '210204202406180101',
                    '电力设施施工许可', '2024-06-20', '2025-12-31', 'under_way');
SELECT pg_temp.proj('康平县人民医院', '新建发热门诊楼', NULL, NULL, '已取得立项批复', '2026-05-01', '2026-12-31', 'planned');
SELECT pg_temp.proj('鞍山市中心医院', '污水处理站提标改造', '鞍山市市政工程有限公司', '210302202309050102',
                    '排污许可证变更', '2023-09-10', NULL, 'suspended');
SELECT pg_temp.proj('甘井子区人民医院', '职工食堂装修改造', '大连金石建筑装饰有限公司', '210211202501080301',
                    NULL, '2025-01-10', '2025-06-30', 'under_way');

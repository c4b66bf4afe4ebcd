-- Demo data: Liaoning province (real division codes, GB/T 2260), its commission's cities and
-- counties, about thirty health institutions, and one demo user per role at several levels.
-- Loaded only by `make run` and the tests. Every demo user's password is "Anquan@2026!"
-- (one argon2id hash shared by all demo users: demo data only).
SELECT set_config('app.org_path', '*', true);

CREATE FUNCTION pg_temp.org(p_parent_code text, p_name text, p_level text, p_code text)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    pid uuid;
    oid uuid;
BEGIN
    IF p_parent_code IS NOT NULL THEN
        SELECT id INTO STRICT pid FROM orgs WHERE division_code = p_parent_code;
    END IF;
    SELECT id INTO oid FROM orgs WHERE parent_id IS NOT DISTINCT FROM pid AND name = p_name;
    IF oid IS NULL THEN
        INSERT INTO orgs (parent_id, name, level, division_code)
        VALUES (pid, p_name, p_level, p_code) RETURNING id INTO oid;
    END IF;
    RETURN oid;
END $$;

CREATE FUNCTION pg_temp.usr(p_username text, p_display text, p_org text, p_role text, p_phone text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    o orgs%ROWTYPE;
BEGIN
    SELECT * INTO STRICT o FROM orgs WHERE division_code = p_org OR (level = 'unit' AND name = p_org);
    INSERT INTO users (username, display_name, phone, org_id, org_path, role, password_hash)
    VALUES (p_username, p_display, p_phone, o.id, o.path, p_role,
            '$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZGVtb3NhbHQwMQ$51HbpE8+bhslm8BPjc9cdON0xdqmWlzPdpf1fxCLbWs')
    ON CONFLICT (username) DO NOTHING;
END $$;

-- Administrative levels
SELECT pg_temp.org(NULL, '辽宁省', 'province', '210000');
SELECT pg_temp.org('210000', '沈阳市', 'city', '210100');
SELECT pg_temp.org('210000', '大连市', 'city', '210200');
SELECT pg_temp.org('210000', '鞍山市', 'city', '210300');
SELECT pg_temp.org('210100', '和平区', 'county', '210102');
SELECT pg_temp.org('210100', '沈河区', 'county', '210103');
SELECT pg_temp.org('210100', '铁西区', 'county', '210106');
SELECT pg_temp.org('210100', '浑南区', 'county', '210112');
SELECT pg_temp.org('210100', '康平县', 'county', '210123');
SELECT pg_temp.org('210100', '法库县', 'county', '210124');
SELECT pg_temp.org('210100', '新民市', 'county', '210181');
SELECT pg_temp.org('210200', '中山区', 'county', '210202');
SELECT pg_temp.org('210200', '西岗区', 'county', '210203');
SELECT pg_temp.org('210200', '甘井子区', 'county', '210211');
SELECT pg_temp.org('210200', '金州区', 'county', '210213');
SELECT pg_temp.org('210200', '长海县', 'county', '210224');
SELECT pg_temp.org('210200', '瓦房店市', 'county', '210281');
SELECT pg_temp.org('210200', '庄河市', 'county', '210283');
SELECT pg_temp.org('210300', '铁东区', 'county', '210302');
SELECT pg_temp.org('210300', '台安县', 'county', '210321');
SELECT pg_temp.org('210300', '岫岩满族自治县', 'county', '210323');
SELECT pg_temp.org('210300', '海城市', 'county', '210381');

-- Institutions directly under the province (直属单位)
SELECT pg_temp.org('210000', '辽宁省人民医院', 'unit', NULL);
SELECT pg_temp.org('210000', '中国医科大学附属第一医院', 'unit', NULL);
SELECT pg_temp.org('210000', '辽宁省肿瘤医院', 'unit', NULL);
SELECT pg_temp.org('210000', '辽宁省疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210000', '辽宁省血液中心', 'unit', NULL);
-- Directly under a city
SELECT pg_temp.org('210100', '沈阳市第四人民医院', 'unit', NULL);
SELECT pg_temp.org('210100', '沈阳市疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210100', '沈阳市妇幼保健院', 'unit', NULL);
SELECT pg_temp.org('210100', '沈阳市中心血站', 'unit', NULL);
SELECT pg_temp.org('210200', '大连市中心医院', 'unit', NULL);
SELECT pg_temp.org('210200', '大连市妇女儿童医疗中心', 'unit', NULL);
SELECT pg_temp.org('210200', '大连市疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210300', '鞍山市中心医院', 'unit', NULL);
SELECT pg_temp.org('210300', '鞍山市疾病预防控制中心', 'unit', NULL);
-- Under counties
SELECT pg_temp.org('210102', '和平区疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210102', '和平区南市场街道社区卫生服务中心', 'unit', NULL);
SELECT pg_temp.org('210102', '和平区妇幼保健计划生育服务中心', 'unit', NULL);
SELECT pg_temp.org('210103', '沈河区疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210103', '沈河区大南街道社区卫生服务中心', 'unit', NULL);
SELECT pg_temp.org('210106', '铁西区兴华街道社区卫生服务中心', 'unit', NULL);
SELECT pg_temp.org('210112', '浑南区人民医院', 'unit', NULL);
SELECT pg_temp.org('210123', '康平县人民医院', 'unit', NULL);
SELECT pg_temp.org('210123', '康平县中医院', 'unit', NULL);
SELECT pg_temp.org('210123', '康平县郝官镇中心卫生院', 'unit', NULL);
SELECT pg_temp.org('210124', '法库县人民医院', 'unit', NULL);
SELECT pg_temp.org('210181', '新民市人民医院', 'unit', NULL);
SELECT pg_temp.org('210202', '中山区疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210211', '甘井子区人民医院', 'unit', NULL);
SELECT pg_temp.org('210211', '甘井子区红旗街道社区卫生服务中心', 'unit', NULL);
SELECT pg_temp.org('210213', '金州区第一人民医院', 'unit', NULL);
SELECT pg_temp.org('210224', '长海县人民医院', 'unit', NULL);
SELECT pg_temp.org('210281', '瓦房店市中心医院', 'unit', NULL);
SELECT pg_temp.org('210283', '庄河市中心医院', 'unit', NULL);
SELECT pg_temp.org('210302', '铁东区疾病预防控制中心', 'unit', NULL);
SELECT pg_temp.org('210321', '台安县人民医院', 'unit', NULL);
SELECT pg_temp.org('210323', '岫岩满族自治县中医院', 'unit', NULL);
SELECT pg_temp.org('210381', '海城市中心医院', 'unit', NULL);

-- Demo users (password Anquan@2026!)
SELECT pg_temp.usr('ln.admin', '赵志刚', '210000', 'admin', '13904001001');
SELECT pg_temp.usr('ln.leader', '刘卫东', '210000', 'leader', '13904001002');
SELECT pg_temp.usr('ln.inspector', '孙丽华', '210000', 'inspector', '13904001003');
SELECT pg_temp.usr('ln.viewer', '周晓梅', '210000', 'viewer', NULL);
SELECT pg_temp.usr('sy.admin', '王建国', '210100', 'admin', '13804002001');
SELECT pg_temp.usr('sy.leader', '李明', '210100', 'leader', '13804002002');
SELECT pg_temp.usr('sy.inspector', '张伟', '210100', 'inspector', '13804002003');
SELECT pg_temp.usr('sy.viewer', '陈静', '210100', 'viewer', NULL);
SELECT pg_temp.usr('dl.admin', '杨海涛', '210200', 'admin', '13704113001');
SELECT pg_temp.usr('dl.leader', '吴国庆', '210200', 'leader', '13704113002');
SELECT pg_temp.usr('dl.inspector', '郑爽', '210200', 'inspector', '13704113003');
SELECT pg_temp.usr('dl.viewer', '冯雪', '210200', 'viewer', NULL);
SELECT pg_temp.usr('hp.admin', '何振宇', '210102', 'admin', '13504002101');
SELECT pg_temp.usr('hp.leader', '高玉兰', '210102', 'leader', '13504002102');
SELECT pg_temp.usr('hp.inspector', '马骏', '210102', 'inspector', '13504002103');
SELECT pg_temp.usr('hp.viewer', '罗丹', '210102', 'viewer', NULL);
SELECT pg_temp.usr('kp.admin', '韩立新', '210123', 'admin', '13604002301');
SELECT pg_temp.usr('kp.inspector', '曹德胜', '210123', 'inspector', '13604002302');
SELECT pg_temp.usr('gjz.admin', '邓文博', '210211', 'admin', '13604112101');
SELECT pg_temp.usr('gjz.inspector', '许晨', '210211', 'inspector', '13604112102');
SELECT pg_temp.usr('lnph.safety', '谢春燕', '辽宁省人民医院', 'safety_officer', '13998001001');
SELECT pg_temp.usr('lnph.viewer', '唐宁', '辽宁省人民医院', 'viewer', NULL);
SELECT pg_temp.usr('hpcdc.safety', '宋佳', '和平区疾病预防控制中心', 'safety_officer', '13998002001');
SELECT pg_temp.usr('kpyy.safety', '董永军', '康平县人民医院', 'safety_officer', '13998003001');
SELECT pg_temp.usr('kpyy.viewer', '梁红', '康平县人民医院', 'viewer', NULL);

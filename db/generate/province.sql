-- A province-scale synthetic data set for `make bench` and the plan tests (tests/plan/):
-- 吉林省 (220000) with its nine cities, 72 counties, 30,000 health institutions, 300,000 risks,
-- 300,000 submitted inspections, 30,405 users, 300,000 audit entries, and 1,000,000 hazards in
-- every state (over 2025-2026, deadlines 30 to 90 days after the finding, so that most open ones
-- are overdue today) with their 2.6 million workflow events.
-- Deterministic (no random()), so every run measures the same data. Run as the owner in one
-- transaction; tests/bench/bench.sh loads it once per bench cluster, tests/plan/run.sh into a
-- database of its own. Fast: the secondary indexes of the large tables are dropped for the load
-- and built again after it (from their own definitions, so indexes added by later migrations
-- come back too), every value is computed in its INSERT, and the tables are analysed at the end.
SELECT set_config('app.org_path', '*', true);
SET LOCAL maintenance_work_mem = '256MB';
SET LOCAL work_mem = '64MB';

-- The secondary indexes of the large tables (those behind no constraint), kept to be rebuilt.
CREATE TEMP TABLE gen_indexes ON COMMIT DROP AS
SELECT c.relname AS name, pg_get_indexdef(c.oid) AS def
FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relname IN ('institutions', 'risks', 'inspections', 'users', 'audit_log', 'hazards', 'workflow_events')
  AND t.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid);
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT name FROM gen_indexes LOOP
        EXECUTE format('DROP INDEX %I', r.name);
    END LOOP;
END
$$;

-- GB 32100-2015: the 18th character checks the first 17.
CREATE FUNCTION pg_temp.ccode(body text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT body || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
        ((31 - (sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(body, i::int, 1)) - 1) * w) % 31)::int) % 31) + 1, 1)
    FROM unnest(ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]) WITH ORDINALITY AS t(w, i)
$$;

-- The child counts (migration 0029) are set once after the bulk insert: the trigger would update
-- each parent once per child, leaving tens of thousands of dead versions of the counties' rows (and
-- their index entries) for the plans of the first minutes to read.
ALTER TABLE orgs DISABLE TRIGGER orgs_child_count;
-- The lists' kept counts (migration 0040) likewise, made once at the end (subtree_counts_rebuild):
-- their triggers would write each province's, city's and county's row once per record.
ALTER TABLE institutions DISABLE TRIGGER institutions_subtree_counts;
ALTER TABLE risks DISABLE TRIGGER risks_subtree_counts;
ALTER TABLE inspections DISABLE TRIGGER inspections_subtree_counts;
ALTER TABLE users DISABLE TRIGGER users_subtree_counts;

INSERT INTO orgs (parent_id, name, level, division_code) VALUES (NULL, '吉林省', 'province', '220000');

INSERT INTO orgs (parent_id, name, level, division_code)
SELECT (SELECT id FROM orgs WHERE division_code = '220000'), c.name, 'city', c.code
FROM (VALUES ('长春市', '220100'), ('吉林市', '220200'), ('四平市', '220300'), ('辽源市', '220400'),
             ('通化市', '220500'), ('白山市', '220600'), ('松原市', '220700'), ('白城市', '220800'),
             ('延边朝鲜族自治州', '222400')) AS c(name, code);

-- Eight districts and counties per city (synthetic names; codes within the city's range).
INSERT INTO orgs (parent_id, name, level, division_code)
SELECT c.id, c.name || '第' || n || '区县', 'county', left(c.division_code, 4) || lpad((n + 2)::text, 2, '0')
FROM orgs c, generate_series(1, 8) AS n
WHERE c.level = 'city' AND c.division_code LIKE '22%';

-- 30,000 units: most under counties, some directly under cities and the province.
CREATE TEMP TABLE gen_units AS
SELECT g AS n,
       CASE WHEN g % 100 = 0 THEN (SELECT id FROM orgs WHERE division_code = '220000')
            WHEN g % 20 = 0 THEN (SELECT id FROM orgs WHERE level = 'city' AND division_code LIKE '22%'
                                  ORDER BY division_code OFFSET (g / 20) % 9 LIMIT 1)
            ELSE counties.ids[1 + g % array_length(counties.ids, 1)] END AS parent_id,
       (ARRAY['人民医院', '中医院', '妇幼保健院', '疾病预防控制中心', '社区卫生服务中心', '乡镇卫生院',
              '口腔医院', '康复医院', '精神卫生中心', '中心血站'])[1 + g % 10] AS kind
FROM generate_series(1, 30000) AS g,
     (SELECT array_agg(id ORDER BY division_code) AS ids FROM orgs WHERE level = 'county' AND division_code LIKE '22%') AS counties;

INSERT INTO orgs (parent_id, name, level)
SELECT u.parent_id, p.name || u.kind || '（' || u.n || '号）', 'unit'
FROM gen_units u JOIN orgs p ON p.id = u.parent_id;

ALTER TABLE orgs ENABLE TRIGGER orgs_child_count;
UPDATE orgs o SET child_count = c.n
FROM (SELECT parent_id, count(*)::integer AS n FROM orgs WHERE parent_id IS NOT NULL GROUP BY parent_id) c
WHERE c.parent_id = o.id AND o.child_count <> c.n;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM orgs o
               WHERE o.child_count <> (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id)) THEN
        RAISE EXCEPTION 'province.sql: an org''s child_count is not its number of children';
    END IF;
END
$$;

INSERT INTO institutions (org_id, org_path, credit_code, type, grade, ownership, address, beds, staff,
                          principal, grid_name, grid_head, grid_head_phone)
SELECT o.id, o.path,
       pg_temp.ccode('12' || coalesce(p.division_code, '220000') || lpad(o.seq::text, 9, '0')),
       CASE WHEN o.name LIKE '%中医院%' THEN 'tcm_hospital'
            WHEN o.name LIKE '%妇幼%' THEN 'maternal_child'
            WHEN o.name LIKE '%疾病预防%' THEN 'cdc'
            WHEN o.name LIKE '%社区%' OR o.name LIKE '%卫生院%' THEN 'primary_care'
            WHEN o.name LIKE '%血站%' THEN 'blood_station'
            WHEN o.name LIKE '%口腔%' OR o.name LIKE '%康复%' OR o.name LIKE '%精神%' THEN 'specialist_hospital'
            ELSE 'general_hospital' END,
       (ARRAY['3A', '2A', '2B', '1A', 'none'])[1 + o.seq % 5],
       CASE WHEN o.seq % 7 = 0 THEN 'private' ELSE 'public' END,
       p.name || '人民大街' || (o.seq % 900 + 1) || '号',
       (o.seq % 50) * 10, (o.seq % 60) * 12 + 20,
       jsonb_build_object('name', '负责人' || o.seq, 'phone', '0431-' || lpad((o.seq % 10000000)::text, 7, '0')),
       CASE WHEN o.seq % 9 = 0 THEN NULL ELSE p.name || '网格' || (o.seq % 12 + 1) END,
       CASE WHEN o.seq % 9 = 0 THEN NULL ELSE '网格员' || (o.seq % 500) END,
       '1390431' || lpad((o.seq % 10000)::text, 4, '0')
FROM orgs o JOIN orgs p ON p.id = o.parent_id
WHERE o.level = 'unit' AND o.path <@ (SELECT path FROM orgs WHERE division_code = '220000');

-- Run by a superuser (tests/plan/setup.sh), the bulk inserts below skip the foreign-key checks
-- and triggers (every reference is made right here): a third of the load time.
SELECT set_config('session_replication_role', 'replica', true) FROM pg_roles WHERE rolname = current_user AND rolsuper;

-- Ten risks per institution, LEC and matrix, graded by the same bands as the server.
INSERT INTO risks (institution_id, org_id, org_path, name, category, method, lec_l, lec_e, lec_c,
                   likelihood, severity, score, grade, measures, control_level, control_person, review_date)
SELECT institution_id, org_id, org_path, name, category, method, lec_l, lec_e, lec_c, likelihood, severity,
       score,
       CASE WHEN method = 'lec' AND score > 320 THEN 'major' WHEN method = 'lec' AND score > 160 THEN 'significant'
            WHEN method = 'lec' AND score > 70 THEN 'general' WHEN method = 'lec' THEN 'low'
            WHEN score >= 20 THEN 'major' WHEN score >= 12 THEN 'significant' WHEN score >= 6 THEN 'general'
            ELSE 'low' END,
       '落实岗位责任，定期巡查', 'department', '科室负责人', review_date
FROM (SELECT v.*, CASE WHEN v.method = 'lec' THEN v.lec_l * v.lec_e * v.lec_c ELSE v.likelihood * v.severity END AS score
      FROM (SELECT i.id AS institution_id, i.org_id, i.org_path,
                   (ARRAY['氧气站氧气泄漏', '配电室线路老化', '锅炉超压', '厨房燃气泄漏', '危化品超量储存',
                          '电动自行车违规充电', '实验室生物安全', '放射防护失效', '施工现场动火', '暴雨内涝'])[k] AS name,
                   (ARRAY['medical_gas', 'electrical', 'special_equipment', 'gas', 'hazchem', 'ebike_charging',
                          'lab_biosafety', 'radiation', 'construction', 'flood_weather'])[k] AS category,
                   CASE WHEN k % 2 = 0 THEN 'lec' ELSE 'matrix' END AS method,
                   CASE WHEN k % 2 = 0 THEN (ARRAY[1, 3, 6, 10])[1 + (i.hash + k) % 4] END AS lec_l,
                   CASE WHEN k % 2 = 0 THEN (ARRAY[2, 3, 6])[1 + (i.hash + k) % 3] END AS lec_e,
                   CASE WHEN k % 2 = 0 THEN (ARRAY[3, 7, 15])[1 + (i.hash / 3 + k) % 3] END AS lec_c,
                   CASE WHEN k % 2 = 1 THEN 1 + (i.hash + k) % 5 END AS likelihood,
                   CASE WHEN k % 2 = 1 THEN 1 + (i.hash / 5 + k) % 5 END AS severity,
                   DATE '2026-06-30' + ((i.hash + k) % 365) AS review_date
            FROM (SELECT id, org_id, org_path, abs(hashtext(id::text)) AS hash FROM institutions
                  WHERE org_path <@ (SELECT path FROM orgs WHERE division_code = '220000')) AS i,
                 generate_series(1, 10) AS k) AS v) AS w;

-- Ten submitted inspections per institution over 2026, by the county (or city) above it.
INSERT INTO inspections (institution_id, org_id, org_path, inspector_org_id, inspector_org_name, inspectors,
                         type, inspected_on, status, conclusion, submitted_at)
SELECT i.id, i.org_id, i.org_path, o.parent_id, p.name, '[{"name": "检查员"}]'::jsonb,
       (ARRAY['self', 'routine', 'holiday', 'supervision', 'spot', 'unannounced', 'lookback', 'acceptance',
              'routine', 'self'])[k],
       DATE '2026-01-05' + (k * 30 + abs(hashtext(i.id::text)) % 25),
       'submitted', '检查完成，发现问题已督促整改。',
       TIMESTAMPTZ '2026-01-05 09:00+08' + make_interval(days => k * 30 + abs(hashtext(i.id::text)) % 25)
FROM institutions i JOIN orgs o ON o.id = i.org_id JOIN orgs p ON p.id = o.parent_id, generate_series(1, 10) AS k
WHERE i.org_path <@ (SELECT path FROM orgs WHERE division_code = '220000');

-- The province's admin, for the benchmark's authenticated requests (password Anquan@2026!).
INSERT INTO users (username, display_name, org_id, org_path, role, password_hash)
SELECT 'jl.admin', '吉林省基准管理员', id, path, 'admin',
       '$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZGVtb3NhbHQwMQ$51HbpE8+bhslm8BPjc9cdON0xdqmWlzPdpf1fxCLbWs'
FROM orgs WHERE division_code = '220000';

-- Every city and county: an admin, a leader, an inspector and a viewer (jl.<division code>.<role>);
-- every unit: a safety officer (jl.u<seq>.safety). The same password.
INSERT INTO users (username, display_name, org_id, org_path, role, password_hash)
SELECT 'jl.' || o.division_code || '.' || r.role, o.name || r.label, o.id, o.path, r.role,
       '$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZGVtb3NhbHQwMQ$51HbpE8+bhslm8BPjc9cdON0xdqmWlzPdpf1fxCLbWs'
FROM orgs o, (VALUES ('admin', '管理员'), ('leader', '领导'), ('inspector', '检查员'), ('viewer', '查看员')) AS r(role, label)
WHERE o.level IN ('city', 'county') AND o.path <@ (SELECT path FROM orgs WHERE division_code = '220000');
INSERT INTO users (username, display_name, org_id, org_path, role, password_hash)
SELECT 'jl.u' || o.seq || '.safety', '安全员' || o.seq, o.id, o.path, 'safety_officer',
       '$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZGVtb3NhbHQwMQ$51HbpE8+bhslm8BPjc9cdON0xdqmWlzPdpf1fxCLbWs'
FROM orgs o
WHERE o.level = 'unit' AND o.path <@ (SELECT path FROM orgs WHERE division_code = '220000');

-- Ten audit entries per unit over 2026 (edits by its safety officer), oldest first.
INSERT INTO audit_log (at, user_id, username, org_id, org_path, action, object_type, object_id, result,
                       address, request_id)
SELECT TIMESTAMPTZ '2026-01-01 08:00+08' + make_interval(secs => (k * 30000 + u.n) * 97),
       u.id, u.username, u.org_id, u.org_path,
       (ARRAY['risk.update', 'risk.create', 'inspection.create', 'inspection.submit', 'institution.update'])[1 + k % 5],
       (ARRAY['risk', 'risk', 'inspection', 'inspection', 'institution'])[1 + k % 5],
       u.org_id::text, 'success', '10.22.' || (u.n % 250) || '.' || (k + 1), 'gen-' || u.n || '-' || k
FROM (SELECT id, username, org_id, org_path, row_number() OVER (ORDER BY username) AS n FROM users
      WHERE role = 'safety_officer' AND org_path <@ (SELECT path FROM orgs WHERE division_code = '220000')) AS u,
     generate_series(0, 9) AS k;


-- 1,000,000 hazards, about 33 per institution, their ids made from their number (md5, so the
-- benchmark finds them again), each with a hash of its number that spreads states, dates and
-- levels: 5% reported, 7% registered, 10% notice issued, 20% rectifying, 5% awaiting acceptance,
-- 3% cancelled, 50% closed (half of them fixed on the spot); 2% major (half of the open ones
-- listed by the org above); registered by the org above (60%) or the unit itself.
-- The open hazards' counts (hazard_open_counts, migration 0026) are made once after the load
-- (hazard_open_counts_rebuild below) rather than by its trigger for each of the million rows.
ALTER TABLE hazards DISABLE TRIGGER hazards_open_counts;
CREATE TEMP TABLE gen_inst ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY o.seq) - 1)::int AS n, i.id AS institution_id, o.id AS org_id, o.path AS org_path,
       p.id AS parent_id, p.path AS parent_path, p.level AS parent_level
FROM institutions i JOIN orgs o ON o.id = i.org_id JOIN orgs p ON p.id = o.parent_id
WHERE i.org_path <@ (SELECT path FROM orgs WHERE division_code = '220000');

INSERT INTO hazards (id, org_id, org_path, institution_id, source, description, location, category, level, major_basis,
                     state, found_at, reported_by_name, reporter_org_id, registered_org_id, registered_org_level,
                     registered_at, requirement, deadline, responsible_person, responsible_phone, funds, measures,
                     emergency_plan, rectification, rectified_at, accepted_by_name, accepted_org_id, closed_at,
                     cancel_reason, listed, listing_org_id, listing_org_path, listing_document, listing_due, listed_at,
                     created_at, updated_at)
SELECT v.id, v.org_id, v.org_path, v.institution_id, v.source, v.description, v.location, v.category, v.level,
       v.major_basis, v.state, v.found_at, '安全员', v.org_id,
       CASE WHEN v.registered THEN v.reg_org END, CASE WHEN v.registered THEN v.reg_level END,
       CASE WHEN v.registered THEN v.found_at + interval '1 day' END,
       CASE WHEN v.registered THEN '限期整改到位，消除隐患' END,
       CASE WHEN v.registered THEN (v.found_at AT TIME ZONE 'Asia/Shanghai')::date + (30 + v.h % 61)::int END,
       CASE WHEN v.planned THEN '责任人' || v.g % 1000 END, CASE WHEN v.planned THEN '1390431' || lpad((v.g % 10000)::text, 4, '0') END,
       CASE WHEN v.planned THEN (1000 + v.h % 50000) || '元' END, CASE WHEN v.planned THEN '更换、维修并加强巡查' END,
       CASE WHEN v.planned THEN '已制定应急处置方案' END,
       CASE WHEN v.state IN ('acceptance_requested', 'closed') THEN '已按要求整改完毕' END,
       CASE WHEN v.state IN ('acceptance_requested', 'closed') THEN v.found_at + interval '20 days' END,
       CASE WHEN v.state = 'closed' THEN '验收人' || v.g % 500 END,
       CASE WHEN v.state = 'closed' THEN CASE WHEN v.registered THEN v.reg_org ELSE v.org_id END END,
       CASE WHEN v.state = 'closed' THEN v.found_at + make_interval(days => (2 + v.h % 80)::int) END,
       CASE WHEN v.state = 'cancelled' THEN '经核实为误报' END,
       v.listed, CASE WHEN v.listed THEN v.parent_id END, CASE WHEN v.listed THEN v.parent_path END,
       CASE WHEN v.listed THEN '督办〔2026〕' || v.g % 1000 || '号' END,
       CASE WHEN v.listed THEN (v.found_at AT TIME ZONE 'Asia/Shanghai')::date + 90 END,
       CASE WHEN v.listed THEN v.found_at + interval '2 days' END,
       v.found_at, v.found_at + interval '1 day'
FROM (SELECT w.*, w.state NOT IN ('reported') AND NOT w.fixed AS registered,
             w.state IN ('rectifying', 'acceptance_requested') OR (w.state = 'closed' AND NOT w.fixed) AS planned,
             w.level = 'major' AND w.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested')
                 AND w.g % 4 = 3 AS listed
      FROM (SELECT g, x.h, md5('hazard' || g)::uuid AS id, i.org_id, i.org_path, i.institution_id, i.parent_id, i.parent_path,
                   CASE WHEN g % 20 = 7 THEN 'import' ELSE 'report' END AS source,
                   (ARRAY['氧气管道接口漏气', '配电柜线路老化', '锅炉安全阀超期未检', '燃气报警器失效', '危化品未分类存放',
                          '电动自行车楼道充电', '生物安全柜未年检', '放射防护门联锁失效', '动火作业无审批', '地下室排水泵故障'])[1 + g % 10]
                       || '（' || g || '）' AS description,
                   (ARRAY['氧气站', '配电室', '锅炉房', '厨房', '危化品库', '住院楼', '实验室', '放射科', '施工现场', '地下室'])[1 + g % 10] AS location,
                   (ARRAY['medical_gas', 'electrical', 'special_equipment', 'gas', 'hazchem', 'ebike_charging',
                          'lab_biosafety', 'radiation', 'construction', 'flood_weather'])[1 + g % 10] AS category,
                   CASE WHEN g % 50 = 3 THEN 'major' ELSE 'general' END AS level,
                   CASE WHEN g % 50 = 3 THEN '《医疗机构重大事故隐患判定清单（试行）》第' || (1 + g % 15) || '项' END AS major_basis,
                   CASE WHEN x.h % 100 < 5 THEN 'reported' WHEN x.h % 100 < 12 THEN 'registered'
                        WHEN x.h % 100 < 22 THEN 'notice_issued' WHEN x.h % 100 < 42 THEN 'rectifying'
                        WHEN x.h % 100 < 47 THEN 'acceptance_requested' WHEN x.h % 100 < 50 THEN 'cancelled'
                        ELSE 'closed' END AS state,
                   x.h % 100 >= 50 AND g % 2 = 0 AS fixed,
                   TIMESTAMPTZ '2025-01-01 08:00+08' + make_interval(days => ((x.h / 100) % 700)::int, mins => ((x.h / 70000) % 600)::int) AS found_at,
                   CASE WHEN g % 5 < 3 THEN i.parent_id ELSE i.org_id END AS reg_org,
                   CASE WHEN g % 5 < 3 THEN i.parent_level ELSE 'unit' END AS reg_level
            FROM generate_series(0, 999999) AS g
            CROSS JOIN LATERAL (SELECT abs(hashint4(g)::bigint) AS h) AS x
            JOIN gen_inst i ON i.n = g % 30000) AS w) AS v;

-- Each hazard's moves up to its state, a day apart: the full loop (register, issue_notice, start,
-- submit, accept), a cancellation after registration, or a fix on the spot.
CREATE TEMP TABLE gen_moves (path text, k int, from_state text, action text, to_state text) ON COMMIT DROP;
INSERT INTO gen_moves VALUES
 ('full', 1, 'reported', 'register', 'registered'), ('full', 2, 'registered', 'issue_notice', 'notice_issued'),
 ('full', 3, 'notice_issued', 'start', 'rectifying'), ('full', 4, 'rectifying', 'submit', 'acceptance_requested'),
 ('full', 5, 'acceptance_requested', 'accept', 'closed'),
 ('cancel', 1, 'reported', 'register', 'registered'), ('cancel', 2, 'registered', 'cancel', 'cancelled'),
 ('fix', 1, 'reported', 'fix_on_spot', 'closed');
INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, actor_name, actor_org_id,
                             actor_role, at, reason)
SELECT 'hazard', h.id, h.org_path, m.from_state, m.action, m.to_state,
       CASE WHEN m.action IN ('start', 'submit', 'fix_on_spot') THEN '安全员' ELSE '检查员' END,
       CASE WHEN m.action IN ('start', 'submit', 'fix_on_spot') THEN h.org_id ELSE coalesce(h.registered_org_id, h.org_id) END,
       CASE WHEN m.action IN ('start', 'submit', 'fix_on_spot') THEN 'safety_officer' ELSE 'inspector' END,
       h.found_at + make_interval(days => m.k),
       CASE WHEN m.action = 'cancel' THEN h.cancel_reason END
FROM hazards h
JOIN gen_moves m ON m.path = CASE WHEN h.state = 'cancelled' THEN 'cancel'
                                  WHEN h.state = 'closed' AND h.registered_org_id IS NULL THEN 'fix' ELSE 'full' END
                AND m.k <= CASE h.state WHEN 'registered' THEN 1 WHEN 'notice_issued' THEN 2 WHEN 'rectifying' THEN 3
                                        WHEN 'acceptance_requested' THEN 4 WHEN 'closed' THEN 5 WHEN 'cancelled' THEN 2
                                        ELSE 0 END
WHERE h.org_path <@ (SELECT path FROM orgs WHERE division_code = '220000');

-- The open hazards' counts, made once over the loaded hazards; still as the superuser's replica
-- when that runs it (their foreign keys unchecked, as above: seconds rather than half a minute).
ALTER TABLE hazards ENABLE TRIGGER hazards_open_counts;
SELECT hazard_open_counts_rebuild();
-- The lists' kept counts (0040), made once over everything loaded.
ALTER TABLE institutions ENABLE TRIGGER institutions_subtree_counts;
ALTER TABLE risks ENABLE TRIGGER risks_subtree_counts;
ALTER TABLE inspections ENABLE TRIGGER inspections_subtree_counts;
ALTER TABLE users ENABLE TRIGGER users_subtree_counts;
SELECT subtree_counts_rebuild();

SELECT set_config('session_replication_role', 'origin', true) FROM pg_roles WHERE rolname = current_user AND rolsuper;

-- The secondary indexes again, built once over the loaded rows.
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT def FROM gen_indexes LOOP
        EXECUTE r.def;
    END LOOP;
END
$$;

ANALYZE orgs;
ANALYZE institutions;
ANALYZE risks;
ANALYZE inspections;
ANALYZE users;
ANALYZE audit_log;
ANALYZE hazards;
ANALYZE hazard_open_counts;
ANALYZE workflow_events;

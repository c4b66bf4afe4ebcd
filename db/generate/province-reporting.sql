-- The province's reporting at scale, for `make bench` (tests/bench/reporting.mjs) and the plan tests
-- (tests/plan/reporting.test.mjs), after db/generate/province.sql: 吉林省 issues a spring campaign
-- (2026-02-01 .. 2026-06-30) with a weekly duty (every Friday before 11:00) and a monthly one (by
-- the 21st) for its cities and counties, and every obligation due by 2026-06-30 has a mix of
-- reports: about 10% none (missing), 10% a draft, 10% returned, 30% awaiting the decision and 40%
-- accepted, a fifth of those submitted late, each with one frozen version whose figures are made
-- from its number (the shape report_figures gives, not its values: the live figures beside them
-- are computed on read). Deterministic; run as the owner in one transaction, once (tests/bench/
-- bench.sh and tests/plan/setup.sh run it when the province has no campaign yet).
SELECT set_config('app.org_path', '*', true);

INSERT INTO campaigns (id, org_id, org_path, org_name, name, doc_number, issued_on, starts_on, ends_on, goal,
                       state, issued_at, targets)
SELECT md5('bench campaign')::uuid, o.id, o.path, o.name, '全省卫生健康系统安全隐患大检查大整改2026年春季行动',
       '吉卫办发〔2026〕1号', DATE '2026-01-25', DATE '2026-02-01', DATE '2026-06-30',
       '全面排查整治卫生健康系统安全隐患，隐患整改率达到100%。', 'issued', TIMESTAMPTZ '2026-01-25 09:00+08',
       '[{"kind": "grid_coverage", "percent": 100, "text": "网格化达到100%全覆盖"},
         {"kind": "rectification_rate", "percent": 100, "text": "隐患整改率达到100%"}]'::jsonb
FROM orgs o WHERE o.division_code = '220000';

INSERT INTO campaign_duties (id, campaign_id, org_path, position, content, title, recurrence, weekday, day_of_month,
                             due_time, reporters)
SELECT md5('bench duty ' || d.position)::uuid, c.id, c.org_path, d.position, 'progress', d.title, d.recurrence,
       d.weekday, d.day_of_month, d.due_time, '{cities,counties}'
FROM campaigns c,
     (VALUES (1, '行动进展情况（每周五上午11点前报送）', 'weekly', 5, NULL, '11:00'),
             (2, '月度工作进展（每月21日前报送）', 'monthly', NULL, 21, '24:00')) AS d(position, title, recurrence, weekday, day_of_month, due_time)
WHERE c.id = md5('bench campaign')::uuid;

CREATE TEMP TABLE gen_reports ON COMMIT DROP AS
SELECT o.*, abs(hashtext(o.id::text)) AS h
FROM campaign_obligations(md5('bench campaign')::uuid) o
WHERE o.due_at < TIMESTAMPTZ '2026-07-01 00:00+08';

INSERT INTO campaign_reports (id, campaign_id, duty_id, org_id, org_path, org_name, receiver_org_id, period,
                              period_start, period_end, due_at, state, narrative, figures, revision,
                              first_submitted_at, timeliness, submitted_at, submitted_by_name, decided_at,
                              decided_by_name, return_reason, created_at, updated_at)
SELECT g.id, g.campaign_id, g.duty_id, g.org_id, g.org_path, g.org_name, c.org_id, g.period, g.period_start,
       g.period_end, g.due_at, s.state,
       g.org_name || g.period || '期间开展检查，发现隐患已督促整改。',
       CASE WHEN s.state <> 'draft' THEN jsonb_build_object(
           'as_of', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'period_start', g.period_start, 'period_end', g.period_end,
           'inspections', 40 + g.h % 400, 'hazards_found', 100 + g.h % 300, 'hazards_rectified', 60 + g.h % 40,
           'rectification_rate', round((60 + g.h % 40) * 100.0 / (100 + g.h % 300), 1),
           'major_open', g.h % 30, 'listed_open', g.h % 7, 'overdue', 200 + g.h % 3000,
           'institutions', 300 + g.h % 3000, 'grid_covered', 260 + g.h % 2600,
           'grid_coverage', round((260 + g.h % 2600) * 100.0 / (300 + g.h % 3000), 1),
           'inspected_units', 30 + g.h % 300, 'spot_checked_units', 3 + g.h % 30,
           'spot_check_rate', round((3 + g.h % 30) * 100.0 / (30 + g.h % 300), 1)) END,
       CASE WHEN s.state = 'draft' THEN 0 ELSE 1 END,
       CASE WHEN s.state <> 'draft' THEN s.at END,
       CASE WHEN s.state = 'draft' THEN NULL WHEN s.late THEN 'late' ELSE 'on_time' END,
       CASE WHEN s.state <> 'draft' THEN s.at END,
       CASE WHEN s.state <> 'draft' THEN '填报员' END,
       CASE WHEN s.state IN ('accepted', 'returned') THEN s.at + interval '1 day' END,
       CASE WHEN s.state IN ('accepted', 'returned') THEN '审核员' END,
       CASE WHEN s.state = 'returned' THEN '数据不完整，请补充后重新报送。' END,
       g.due_at - interval '2 days', g.due_at
FROM gen_reports g JOIN campaigns c ON c.id = g.campaign_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN g.h % 10 = 1 THEN 'draft' WHEN g.h % 10 = 2 THEN 'returned'
                WHEN g.h % 10 IN (3, 4, 5) THEN 'submitted' ELSE 'accepted' END AS state,
           (g.h / 10) % 5 = 4 AS late,
           g.due_at + CASE WHEN (g.h / 10) % 5 = 4 THEN interval '1 hour' ELSE - interval '3 hours' END AS at
) s
WHERE g.h % 10 <> 0;

INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, figures, submitted_at,
                                      submitted_by_name, late, decision, decision_reason, decided_at, decided_by_name)
SELECT r.id, 1, r.org_path, r.narrative, r.figures, r.submitted_at, r.submitted_by_name, r.timeliness = 'late',
       CASE WHEN r.state IN ('accepted', 'returned') THEN r.state END, r.return_reason, r.decided_at, r.decided_by_name
FROM campaign_reports r
WHERE r.campaign_id = md5('bench campaign')::uuid AND r.state <> 'draft';

ANALYZE campaigns;
ANALYZE campaign_duties;
ANALYZE campaign_reports;
ANALYZE campaign_report_versions;

-- Demo data: the 2019 “保平安 迎大庆” campaign (seed 000, the template safe-celebration) issued by
-- 辽宁省, adopted by 沈阳市 and 大连市 with work plans of their own (their documents, their dates
-- within the province's, their own reporting duties towards their counties). The document numbers
-- are the demo's own. Idempotent: each campaign is made once, found by its document number.
SELECT set_config('app.org_path', '*', true);

-- The province's plan: the template for 2019, issued on 2019-07-01.
INSERT INTO campaigns (org_id, org_path, org_name, template, name, doc_number, issued_on, starts_on, ends_on,
                       goal, phases, actions, focus_items, targets, state, issued_at)
SELECT o.id, o.path, o.name, t.code, campaign_template_text(t.name, 2019), '辽卫办发〔2019〕86号', '2019-07-01',
       '2019-07-01', '2019-11-10', campaign_template_text(t.goal, 2019),
       campaign_template_text(campaign_template_shift(t.phases, t.base_year, 2019)::text, 2019)::jsonb,
       campaign_template_text(t.actions::text, 2019)::jsonb, t.focus_items,
       campaign_template_shift(t.targets, t.base_year, 2019), 'issued', '2019-07-01 09:00+08'
FROM campaign_templates t, orgs o
WHERE t.code = 'safe-celebration' AND o.division_code = '210000'
  AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.doc_number = '辽卫办发〔2019〕86号');

INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, day_of_month, weekday,
                             due_date, due_time, reporters)
SELECT c.id, c.org_path, e.n, e.d->>'content', e.d->>'title', e.d->>'recurrence', (e.d->>'day_of_month')::smallint,
       (e.d->>'weekday')::smallint, (e.d->>'due_date')::date, e.d->>'due_time',
       ARRAY(SELECT jsonb_array_elements_text(e.d->'reporters'))
FROM campaigns c, campaign_templates t,
     jsonb_array_elements(campaign_template_shift(t.duties, t.base_year, 2019)) WITH ORDINALITY AS e(d, n)
WHERE c.doc_number = '辽卫办发〔2019〕86号' AND t.code = 'safe-celebration'
  AND NOT EXISTS (SELECT 1 FROM campaign_duties d WHERE d.campaign_id = c.id);

-- The cities' work plans: their own documents and dates, the province's actions and targets.
CREATE FUNCTION pg_temp.work_plan(p_city text, p_doc text, p_name text, p_issued date, p_starts date, p_ends date,
                                  p_goal text, p_phases jsonb, p_monthly_day int, p_summary date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p campaigns%ROWTYPE;
    o orgs%ROWTYPE;
    wid uuid;
BEGIN
    IF EXISTS (SELECT 1 FROM campaigns WHERE doc_number = p_doc) THEN
        RETURN;
    END IF;
    SELECT * INTO STRICT p FROM campaigns WHERE doc_number = '辽卫办发〔2019〕86号';
    SELECT * INTO STRICT o FROM orgs WHERE division_code = p_city;
    INSERT INTO campaigns (org_id, org_path, org_name, parent_id, name, doc_number, issued_on, starts_on, ends_on,
                           goal, phases, actions, focus_items, targets, state, issued_at)
    VALUES (o.id, o.path, o.name, p.id, p_name, p_doc, p_issued, p_starts, p_ends, p_goal, p_phases,
            p.actions, p.focus_items, p.targets, 'issued', (p_issued + time '10:00') AT TIME ZONE 'Asia/Shanghai')
    RETURNING id INTO wid;
    INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, day_of_month, due_date,
                                 due_time, reporters)
    VALUES (wid, o.path, 1, 'work_plan', '县（区）专项整治工作方案', 'once', NULL, '2019-07-28', '17:00', '{counties}'),
           (wid, o.path, 2, 'progress', '工作进展情况（检查项目数量、发现隐患数量及整改情况）', 'monthly', p_monthly_day, NULL,
            '17:00', '{counties,direct_units}'),
           (wid, o.path, 3, 'summary', '专项整治工作总结', 'once', NULL, p_summary, '17:00', '{counties,direct_units}');
    INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, at, payload)
    VALUES ('campaign', wid, o.path, 'draft', 'issue', 'issued', (p_issued + time '10:00') AT TIME ZONE 'Asia/Shanghai',
            '{"recorded_by": "demo data"}');
END $$;

INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, to_state, at, payload)
SELECT 'campaign', c.id, c.org_path, 'draft', 'issue', 'issued', c.issued_at, '{"recorded_by": "demo data"}'
FROM campaigns c
WHERE c.doc_number = '辽卫办发〔2019〕86号'
  AND NOT EXISTS (SELECT 1 FROM workflow_events w WHERE w.workflow = 'campaign' AND w.record_id = c.id);

SELECT pg_temp.work_plan('210100', '沈卫发〔2019〕45号',
  '沈阳市卫生健康系统安全生产领域“保平安 迎大庆”专项整治行动工作方案', '2019-07-12', '2019-07-12', '2019-11-05',
  '贯彻落实省卫生健康委“保平安 迎大庆”专项整治行动工作方案，结合全市卫生健康工作实际，突出医疗卫生机构消防、电气、燃气、医用气体和在建工程等重点部位，全面排查整治各类事故隐患，确保全市卫生健康系统安全生产形势稳定。',
  '[{"name": "部署实施阶段", "starts_on": "2019-07-12", "ends_on": "2019-07-31", "tasks": ["各县（区）卫生健康局、市直各单位制定本地区本单位工作方案，7月28日前报市卫生健康委。"]},
    {"name": "组织实施阶段", "starts_on": "2019-08-01", "ends_on": "2019-08-31", "tasks": ["围绕六大专项行动逐项推进，8月底前完成隐患清单内隐患清零。"]},
    {"name": "重点攻坚阶段", "starts_on": "2019-09-01", "ends_on": "2019-10-20", "tasks": ["市卫生健康委组织“回头看”检查，对重大隐患逐个整改销号。"]},
    {"name": "全面总结阶段", "starts_on": "2019-10-21", "ends_on": "2019-11-05", "tasks": ["10月20日前报送县（区）工作总结，市卫生健康委汇总后报省卫生健康委。"]}]',
  18, '2019-10-20');

SELECT pg_temp.work_plan('210200', '大卫发〔2019〕32号',
  '大连市卫生健康系统“保平安 迎大庆”专项整治行动实施方案', '2019-07-18', '2019-07-18', '2019-11-08',
  '按照省卫生健康委统一部署，在全市卫生健康系统开展“保平安 迎大庆”专项整治行动，压实安全生产责任，消除事故隐患，为庆祝新中国成立70周年营造安全稳定的环境。',
  '[{"name": "部署实施阶段", "starts_on": "2019-07-18", "ends_on": "2019-07-31", "tasks": ["制定实施方案，召开动员部署会。"]},
    {"name": "组织实施阶段", "starts_on": "2019-08-01", "ends_on": "2019-08-31", "tasks": ["各单位全面自查，建立隐患清单和整改台账。"]},
    {"name": "重点攻坚阶段", "starts_on": "2019-09-01", "ends_on": "2019-10-20", "tasks": ["对重点单位、重点部位开展督导检查和“回头看”。"]},
    {"name": "全面总结阶段", "starts_on": "2019-10-21", "ends_on": "2019-11-08", "tasks": ["总结专项整治行动情况，按时报送省卫生健康委。"]}]',
  19, '2019-10-22');

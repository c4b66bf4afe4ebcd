// Both seeds ship as campaign templates, complete and in Chinese, and instantiate for any year
// with every date shifted: 001 安全隐患大检查大整改春季行动, 000 “保平安 迎大庆”专项整治行动.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createUser } from '../lib/fixtures.mjs';

let t;
let city;
before(async () => {
  t = await tree();
  city = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
});
after(closeDb);

async function instantiate(template, year) {
  const res = await api('POST', '/api/v1/campaigns/from-template', { token: city, body: { template, year, org_id: t.cityA.id } });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: '/api/v1/campaigns/from-template' });
  return res.body;
}

const SPRING_FOCUS = [
  ['“党政同责、一岗双责”和“管行业必须管安全”的安全责任是否真正落实到位。', '安全责任'],
  ['贯彻落实省委、省政府安全发展长效机制意见是否积极推动并取得明显成效。', '长效机制'],
  ['{prev}年省委、省政府督查室、省监察厅、省安委会办公室督查组反馈的问题是否得到有效解决；对排查出的重大隐患是否进行挂牌督办并按时整改完毕。', '重大隐患'],
  ['“四化融合”、“三位一体”安全监管防控体系建设是否部署到位；网格化是否达到100%全覆盖并确立了严格的责任体系和监管制度；标准化、信息化建设是否全面部署到位；是否明晰属地、行业和综合监管责任并监督企业落实安全生产主体责任。', '网格化监管'],
  ['承担省级试点任务的单位在“四化融合”、“三位一体”安全监管体制、机制创新方面是否取得突破性进展。', '试点创新'],
  ['各单位是否建立内部隐患排查治理常态检查制度，隐患整改率是否达到100%；隐患一时难以整改的是否做到“五落实”；是否及时上报网格化监管信息平台数据。', '隐患排查治理'],
  ['各单位是否严格落实安全生产法律、法规、规章以及行业安全标准；是否存在安全生产非法、违法行为。', '依法治理'],
];

test('the spring inspection (seed 001) instantiates completely for 2027: three phases, seven focus items, three targets, the Friday 11:00 report', async () => {
  const c = await instantiate('spring-inspection', 2027);
  assert.equal(c.name, '全省卫生计生系统安全隐患大检查大整改2027年春季行动');
  assert.equal(c.template, 'spring-inspection');
  assert.equal(c.state, 'draft');
  assert.equal(c.doc_number, null);
  assert.deepEqual([c.starts_on, c.ends_on], ['2027-02-01', '2027-03-31']);
  assert.match(c.goal, /全面巩固2026年安全隐患大检查大整改及“回头看”工作成果/);
  assert.deepEqual(c.phases.map((p) => [p.name, p.starts_on, p.ends_on, p.tasks.length]), [
    ['安排部署阶段', '2027-02-01', '2027-02-10', 2],
    ['自查整改阶段', '2027-02-10', '2027-03-10', 3],
    ['检查验收阶段', '2027-03-10', '2027-03-31', 3],
  ]);
  assert.equal(c.phases[0].tasks[0], '按照本方案要求，制定属地和行业安全隐患大检查大整改春季行动具体方案，发布行动通告，并通知到监管网格内所属单位。');
  assert.equal(c.phases[1].tasks[1], '对一时难以完成整改的隐患，要落实整改资金和责任单位、责任人，限期完成整改。');
  assert.equal(c.phases[2].tasks[2], '对没有按期完成任务的地区要通报全省并责令重新开展大检查行动。');
  assert.deepEqual(c.actions, []);
  assert.deepEqual(c.focus_items.map((f) => [f.text, f.category]), SPRING_FOCUS.map(([x, cat]) => [x.replace('{prev}', '2026'), cat]));
  assert.deepEqual(c.targets.map((x) => [x.kind, x.percent]), [['grid_coverage', 100], ['rectification_rate', 100], ['spot_check_rate', 20]]);
  assert.match(c.targets[2].text, /抽检率不低于20%/);
  assert.deepEqual(c.duties.map(({ id, title, ...d }) => { assert.ok(id && title); return d; }), [
    { position: 1, content: 'progress', recurrence: 'weekly', day_of_month: null, weekday: 5, due_date: null, due_time: '11:00', reporters: ['cities', 'counties', 'direct_units'] },
  ]);
  // a draft, editable before issuing
  const res = await api('PATCH', `/api/v1/campaigns/${c.id}`, { token: city, body: { doc_number: '测卫发〔2027〕1号' } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.allowed_actions, ['update', 'issue']);
});

test('“保平安 迎大庆” (seed 000) instantiates completely for 2019: four phases, six special actions with their tasks, the clearance target, three duties', async () => {
  const c = await instantiate('safe-celebration', 2019);
  assert.equal(c.name, '全省卫生健康系统安全生产领域“保平安 迎大庆”专项整治行动');
  assert.deepEqual([c.starts_on, c.ends_on], ['2019-07-01', '2019-11-10']);
  assert.match(c.goal, /^以习近平新时代中国特色社会主义思想为指导/);
  assert.match(c.goal, /为庆祝新中国成立70周年创造安全稳定的社会环境。$/);
  assert.deepEqual(c.phases.map((p) => [p.name, p.starts_on, p.ends_on, p.tasks.length]), [
    ['部署实施阶段', '2019-07-01', '2019-07-31', 1],
    ['组织实施阶段', '2019-08-01', '2019-08-31', 1],
    ['重点攻坚阶段', '2019-09-01', '2019-10-20', 2],
    ['全面总结阶段', '2019-10-21', '2019-11-10', 1],
  ]);
  assert.deepEqual(c.actions.map((a) => [a.name, a.tasks.length]), [
    ['打非治违专项行动', 2], ['隐患清零专项行动', 4], ['责任落实专项行动', 4],
    ['监督检查专项行动', 7], ['宣传教育专项行动', 3], ['应急救援队伍能力提升专项行动', 3],
  ]);
  assert.equal(c.actions[1].tasks[2], '通过立账建档、集中治理，8月底前实现全部清零。');
  assert.match(c.actions[1].tasks[0], /对2019年各级安全生产巡查、大检查、专项整治中发现的隐患问题/);
  assert.equal(c.actions[3].tasks[6], '隐患治理要实行报告、登记、整改、销号等一系列闭环管理，确保整改责任、资金、措施、期限和应急预案“五落实”。');
  assert.equal(c.actions[5].tasks[2], '做好物资准备、预案演练，加强汛期防汛工作准备。');
  assert.deepEqual(c.focus_items, []);
  assert.deepEqual(c.targets.map((x) => [x.kind, x.by_date]), [['listed_hazards_cleared', '2019-08-31']]);
  const duties = c.duties.map(({ id, ...d }) => d);
  const who = ['cities', 'counties', 'direct_units'];
  assert.deepEqual(duties, [
    { position: 1, content: 'work_plan', title: '本地区、本部门“保平安迎大庆”安全生产专项整治工作方案', recurrence: 'once', day_of_month: null, weekday: null, due_date: '2019-07-31', due_time: '24:00', reporters: who },
    { position: 2, content: 'progress', title: '工作进展情况（检查项目数量、发现隐患数量及整改情况）', recurrence: 'monthly', day_of_month: 21, weekday: null, due_date: null, due_time: '24:00', reporters: who },
    { position: 3, content: 'summary', title: '专项整治工作总结', recurrence: 'once', day_of_month: null, weekday: null, due_date: '2019-10-25', due_time: '24:00', reporters: who },
  ]);
});

test('a template shifts to another year: dates, the year in the texts, the one-off duties and the clearance date', async () => {
  const c = await instantiate('safe-celebration', 2028);
  assert.deepEqual(c.phases.map((p) => [p.starts_on, p.ends_on]), [['2028-07-01', '2028-07-31'], ['2028-08-01', '2028-08-31'], ['2028-09-01', '2028-10-20'], ['2028-10-21', '2028-11-10']]);
  assert.equal(c.targets[0].by_date, '2028-08-31');
  assert.deepEqual(c.duties.map((d) => d.due_date), ['2028-07-31', null, '2028-10-25']);
  assert.match(c.actions[1].tasks[0], /对2028年各级安全生产巡查/);
});

test('GET /campaign-templates lists both seeds; a unit cannot instantiate one, a viewer may not', async () => {
  const res = await api('GET', '/api/v1/campaign-templates', { token: city });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaign-templates' });
  assert.deepEqual(res.body.items.map((x) => [x.code, x.base_year, x.phases.length, x.actions.length, x.focus_items.length, x.targets.length, x.duties.length]),
    [['safe-celebration', 2019, 4, 6, 0, 1, 3], ['spring-inspection', 2014, 3, 0, 7, 3, 1]]);
  const unitAdmin = await login((await createUser({ org_id: t.unit.id, role: 'admin' })).username);
  let r = await api('POST', '/api/v1/campaigns/from-template', { token: unitAdmin, body: { template: 'spring-inspection', year: 2027 } });
  expectProblem(r, 422, 'validation_failed');
  assert.deepEqual(r.body.errors.map((e) => e.field), ['org_id']);
  const viewer = await login(t.users.viewer.username);
  r = await api('POST', '/api/v1/campaigns/from-template', { token: viewer, body: { template: 'spring-inspection', year: 2027 } });
  expectProblem(r, 403, 'forbidden');
  r = await api('POST', '/api/v1/campaigns/from-template', { token: city, body: { template: 'spring-inspection', year: 2027, org_id: t.other.id } });
  expectProblem(r, 404, 'not_found');
});

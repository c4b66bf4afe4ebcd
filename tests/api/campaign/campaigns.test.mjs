// Campaigns (专项整治行动, api/campaign/): a plan issued by an administration to its subtree,
// adopted below with work plans within its dates, changed after issue only by amendments, and
// the reporting obligations derived from its duties (due instants in Asia/Shanghai).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createUser, createOrg, createCampaign, q } from '../lib/fixtures.mjs';

const P = '/api/v1/campaigns';
let t;
const tok = {};

before(async () => {
  t = await tree();
  const users = {
    city: await createUser({ org_id: t.cityA.id, role: 'admin' }),
    cityInspector: await createUser({ org_id: t.cityA.id, role: 'inspector' }),
    sibling: await createUser({ org_id: t.sibling.id, role: 'admin' }),
    unit: await createUser({ org_id: t.unit.id, role: 'admin' }),
  };
  for (const [k, u] of Object.entries(users)) tok[k] = await login(u.username);
  for (const role of ['admin', 'inspector', 'viewer', 'leader']) tok[role] = await login(t.users[role].username);
});
after(closeDb);

/** Every page of a campaign's obligations as `token`. */
async function obligations(id, token, query = '') {
  const rows = [];
  let cursor = null;
  do {
    const res = await api('GET', `${P}/${id}/obligations?limit=50${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: `${P}/{id}/obligations` });
    rows.push(...res.body.items);
    cursor = res.body.next_cursor;
  } while (cursor);
  return rows;
}

async function create(body, token = tok.city) {
  const res = await api('POST', P, { token, body });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: P });
  return res.body;
}

async function issue(id, token = tok.city) {
  const res = await api('POST', `${P}/${id}/actions/issue`, { token });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'POST', path: `${P}/{id}/actions/{action}` });
  return res.body;
}

const WEEKLY = { content: 'progress', title: '进展情况', recurrence: 'weekly', weekday: 5, due_time: '11:00', reporters: ['counties'] };
const MONTHLY = { content: 'progress', title: '月度进展', recurrence: 'monthly', day_of_month: 21, due_time: '17:30', reporters: ['counties'] };
const LAST_DAY = { content: 'free', title: '月末情况', recurrence: 'monthly', day_of_month: 31, due_time: '24:00', reporters: ['counties'] };

test('obligations: weekly Friday 11:00 and monthly by the 21st across month and year ends, due instants exact in Asia/Shanghai', async () => {
  const c = await create({ name: '跨年专项行动', doc_number: '测〔2020〕1号', starts_on: '2020-12-01', ends_on: '2021-02-28',
    org_id: t.cityA.id, duties: [WEEKLY, MONTHLY, LAST_DAY] });
  await issue(c.id);
  const mine = await obligations(c.id, tok.admin);
  assert.ok(mine.every((o) => o.org_id === t.county.id), 'a county sees its own obligations only');
  const weekly = mine.filter((o) => o.duty_position === 1);
  // every Friday from 2020-12-04 to 2021-02-26, at 11:00 +08:00 = 03:00Z
  const fridays = [];
  for (let d = new Date('2020-12-04T00:00:00Z'); d <= new Date('2021-02-28T00:00:00Z'); d = new Date(d.getTime() + 7 * 86400000)) fridays.push(d.toISOString().slice(0, 10));
  assert.deepEqual(weekly.map((o) => o.due_on), fridays);
  assert.deepEqual(weekly.map((o) => o.due_at), fridays.map((f) => `${f}T03:00:00.000Z`).map((s) => s.replace('.000Z', 'Z')));
  const newYear = weekly.find((o) => o.due_on === '2021-01-01');
  assert.equal(newYear.period, '2020-W53', 'the ISO week of 2021-01-01 is 2020-W53');
  assert.equal(newYear.period_start, '2020-12-28');
  assert.equal(newYear.period_end, '2021-01-03');
  assert.equal(weekly[0].period_start, '2020-12-01', 'the first week is clipped to the campaign');
  assert.equal(weekly.find((o) => o.due_on === '2021-01-08').period, '2021-W01');
  const monthly = mine.filter((o) => o.duty_position === 2);
  assert.deepEqual(monthly.map((o) => [o.period, o.due_on, o.due_at]), [
    ['2020-12', '2020-12-21', '2020-12-21T09:30:00Z'],
    ['2021-01', '2021-01-21', '2021-01-21T09:30:00Z'],
    ['2021-02', '2021-02-21', '2021-02-21T09:30:00Z'],
  ]);
  assert.deepEqual(monthly.map((o) => [o.period_start, o.period_end]), [['2020-12-01', '2020-12-31'], ['2021-01-01', '2021-01-31'], ['2021-02-01', '2021-02-28']]);
  const last = mine.filter((o) => o.duty_position === 3);
  assert.deepEqual(last.map((o) => [o.due_on, o.due_at]), [
    ['2020-12-31', '2020-12-31T16:00:00Z'],
    ['2021-01-31', '2021-01-31T16:00:00Z'],
    ['2021-02-28', '2021-02-28T16:00:00Z'], // day 31 of a 28-day month: its last day; 24:00 is the next midnight
  ]);
  // the city sees both of its counties; from/to bound the due dates
  const all = await obligations(c.id, tok.city);
  assert.deepEqual([...new Set(all.map((o) => o.org_id))].sort(), [t.county.id, t.sibling.id].sort());
  assert.equal(all.length, 2 * (fridays.length + 3 + 3));
  const jan = await obligations(c.id, tok.city, `&org_id=${t.county.id}&from=2021-01-01&to=2021-01-31`);
  assert.deepEqual(jan.map((o) => o.due_on), ['2021-01-01', '2021-01-08', '2021-01-15', '2021-01-21', '2021-01-22', '2021-01-29', '2021-01-31']);
  // the obligation names (duty, org, period) for the report that fills it; its id is stable
  const again = await obligations(c.id, tok.admin);
  assert.deepEqual(again.map((o) => o.id), mine.map((o) => o.id));
  assert.equal(new Set(all.map((o) => `${o.duty_id}/${o.org_id}/${o.period}`)).size, all.length);
});

test('an org added to the tree mid-campaign gets its obligations, and counties of other branches never appear', async () => {
  const c = await create({ name: '新增机构报送', doc_number: '测〔2021〕2号', starts_on: '2021-03-01', ends_on: '2021-04-30',
    org_id: t.cityA.id, duties: [WEEKLY, { ...MONTHLY, reporters: ['counties', 'direct_units'] }] });
  await issue(c.id);
  const before0 = await obligations(c.id, tok.city);
  const added = await createOrg({ parent_id: t.cityA.id, level: 'county' });
  const direct = await createOrg({ parent_id: t.cityA.id, level: 'unit' });
  const after0 = await obligations(c.id, tok.city);
  const ofAdded = after0.filter((o) => o.org_id === added.id);
  const ofCounty = after0.filter((o) => o.org_id === t.county.id);
  assert.ok(ofAdded.length > 0);
  assert.deepEqual(ofAdded.map((o) => [o.duty_id, o.period, o.due_at]), ofCounty.map((o) => [o.duty_id, o.period, o.due_at]));
  assert.deepEqual(after0.filter((o) => o.org_id === direct.id).map((o) => o.period), ['2021-03', '2021-04'], 'a directly administered unit (parent: the issuing org) reports monthly only');
  assert.equal(after0.length, before0.length + ofAdded.length + 2);
  assert.ok(!after0.some((o) => o.org_id === t.unit.id), 'a unit under a county is no direct unit of the city');
  assert.ok(!after0.some((o) => o.org_id === t.other.id));
});

test('a work plan adopts an issued plan within its dates (422 naming the field), once per org; a county sees its city\'s plan but never a sibling county\'s', async () => {
  const plan = await create({ name: '市级专项行动', doc_number: '市〔2019〕5号', starts_on: '2019-07-01', ends_on: '2019-11-10', org_id: t.cityA.id,
    phases: [{ name: '部署', starts_on: '2019-07-01', ends_on: '2019-07-31', tasks: ['制定方案'] }] });
  // a draft is not in view below, and cannot be adopted
  let res = await api('GET', `${P}/${plan.id}`, { token: tok.admin });
  expectProblem(res, 404, 'not_found');
  await issue(plan.id);
  res = await api('GET', `${P}/${plan.id}`, { token: tok.admin });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.allowed_actions, ['adopt']);
  for (const [body, field] of [[{ doc_number: '县〔2019〕1号', starts_on: '2019-06-30' }, 'starts_on'], [{ doc_number: '县〔2019〕1号', ends_on: '2019-11-11' }, 'ends_on']]) {
    res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.admin, body });
    expectProblem(res, 422, 'validation_failed');
    expectValid(res, { method: 'POST', path: `${P}/{id}/adopt` });
    assert.deepEqual(res.body.errors.map((e) => e.field), [field]);
  }
  res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.admin, body: { starts_on: '2019-07-10' } });
  expectProblem(res, 400, 'validation_failed');
  assert.deepEqual(res.body.errors.map((e) => e.field), ['doc_number']);
  // the parent's phases, taken by default, must fit the work plan's own dates too
  res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.admin, body: { doc_number: '县〔2019〕1号', starts_on: '2019-07-10', ends_on: '2019-11-01' } });
  expectProblem(res, 422, 'validation_failed');
  assert.deepEqual(res.body.errors.map((e) => e.field), ['phases[0].starts_on']);
  const phases = [{ name: '县级部署', starts_on: '2019-07-10', ends_on: '2019-07-31', tasks: ['制定县级工作方案'] }];
  res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.admin, body: { doc_number: '县〔2019〕1号', starts_on: '2019-07-10', ends_on: '2019-11-01', phases } });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: `${P}/{id}/adopt` });
  const mine = res.body;
  assert.equal(mine.parent_id, plan.id);
  assert.equal(mine.org_id, t.county.id);
  assert.equal(mine.state, 'draft');
  assert.deepEqual(mine.phases, phases);
  assert.deepEqual([mine.starts_on, mine.ends_on, mine.doc_number], ['2019-07-10', '2019-11-01', '县〔2019〕1号']);
  assert.deepEqual(mine.allowed_actions, ['update', 'issue']);
  res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.admin, body: { doc_number: '县〔2019〕2号' } });
  expectProblem(res, 409, 'conflict');
  // a PATCH keeps the work plan within its parent's dates
  res = await api('PATCH', `${P}/${mine.id}`, { token: tok.admin, body: { ends_on: '2019-12-01' } });
  expectProblem(res, 422, 'validation_failed');
  assert.deepEqual(res.body.errors.map((e) => e.field), ['ends_on']);
  await issue(mine.id, tok.admin);
  // the sibling county adopts too; the county never sees that work plan
  res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.sibling, body: { doc_number: '兄〔2019〕1号' } });
  assert.equal(res.status, 201, res.text);
  const theirs = res.body;
  assert.deepEqual([theirs.name, theirs.starts_on, theirs.ends_on, theirs.phases, theirs.goal], [`${t.sibling.name}：${plan.name}`, plan.starts_on, plan.ends_on, plan.phases, plan.goal],
    'what the work plan does not say is the parent\'s');
  await issue(theirs.id, tok.sibling);
  res = await api('GET', `${P}/${theirs.id}`, { token: tok.admin });
  expectProblem(res, 404, 'not_found');
  res = await api('GET', `${P}/${plan.id}`, { token: tok.admin });
  assert.deepEqual(res.body.adoptions.map((a) => a.id), [mine.id]);
  res = await api('GET', `${P}?parent_id=${plan.id}`, { token: tok.admin });
  expectValid(res, { method: 'GET', path: P });
  assert.deepEqual(res.body.items.map((x) => x.id), [mine.id]);
  res = await api('GET', `${P}/${plan.id}`, { token: tok.city });
  assert.deepEqual(res.body.adoptions.map((a) => a.id).sort(), [mine.id, theirs.id].sort());
  // the unit below the county sees the city's plan and the county's work plan
  const unitUser = await createUser({ org_id: t.unit.id, role: 'viewer' });
  const ut = await login(unitUser.username);
  res = await api('GET', `${P}?limit=200`, { token: ut });
  const seen = res.body.items.map((x) => x.id);
  assert.ok(seen.includes(plan.id) && seen.includes(mine.id) && !seen.includes(theirs.id));
  // a unit adopts nothing (403), a county does not adopt its own plan (409)
  res = await api('POST', `${P}/${plan.id}/adopt`, { token: tok.unit, body: { doc_number: '单〔2019〕1号' } });
  expectProblem(res, 403, 'forbidden');
  res = await api('POST', `${P}/${mine.id}/adopt`, { token: tok.admin, body: { doc_number: '县〔2019〕3号' } });
  expectProblem(res, 409, 'conflict');
});

test('an issued campaign is fixed: PATCH 409, a recorded amendment the subtree sees; only its org amends', async () => {
  const c = await create({ name: '变更测试', doc_number: '测〔2019〕9号', starts_on: '2019-07-01', ends_on: '2019-11-10', org_id: t.cityA.id,
    phases: [{ name: '总结', starts_on: '2019-10-21', ends_on: '2019-11-10' }] });
  let res = await api('PATCH', `${P}/${c.id}`, { token: tok.city, body: { goal: '草稿可改' } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'PATCH', path: `${P}/{id}` });
  await issue(c.id);
  res = await api('PATCH', `${P}/${c.id}`, { token: tok.city, body: { goal: '印发后不可改' } });
  expectProblem(res, 409, 'conflict');
  res = await api('POST', `${P}/${c.id}/amendments`, { token: tok.admin, body: { text: '下级不能改', changes: { ends_on: '2019-11-20' } } });
  expectProblem(res, 403, 'forbidden');
  res = await api('POST', `${P}/${c.id}/amendments`, { token: tok.city, body: { text: '期间太短', changes: { ends_on: '2019-11-01' } } });
  expectProblem(res, 422, 'validation_failed');
  assert.deepEqual(res.body.errors.map((e) => e.field), ['changes.phases[0].ends_on']);
  res = await api('POST', `${P}/${c.id}/amendments`, { token: tok.city, body: { text: '不能改报送要求', changes: { duties: [] } } });
  expectProblem(res, 400, 'validation_failed');
  assert.deepEqual(res.body.errors.map((e) => e.field), ['changes.duties']);
  res = await api('POST', `${P}/${c.id}/amendments`, { token: tok.city, body: { text: '总结阶段延长', changes: {} } });
  expectProblem(res, 400, 'validation_failed');
  res = await api('POST', `${P}/${c.id}/amendments`, { token: tok.city, body: { text: '总结阶段延长至11月20日',
    changes: { ends_on: '2019-11-20', phases: [{ name: '总结', starts_on: '2019-10-21', ends_on: '2019-11-20' }] } } });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: `${P}/{id}/amendments` });
  res = await api('GET', `${P}/${c.id}`, { token: tok.viewer });
  assert.equal(res.body.ends_on, '2019-11-20');
  assert.equal(res.body.phases[0].ends_on, '2019-11-20');
  assert.equal(res.body.amendments.length, 1);
  assert.equal(res.body.amendments[0].text, '总结阶段延长至11月20日');
  assert.deepEqual(res.body.amendments[0].changes.ends_on, '2019-11-20');
  // close; the events record both moves
  res = await api('POST', `${P}/${c.id}/actions/close`, { token: tok.cityInspector });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.state, 'closed');
  assert.ok(res.body.closed_at);
  res = await api('GET', `${P}/${c.id}/events`, { token: tok.city });
  expectValid(res, { method: 'GET', path: `${P}/{id}/events` });
  assert.deepEqual(res.body.items.map((e) => e.action), ['issue', 'close']);
});

test('issuing needs a document number; the focus items become a checklist template the subtree reads', async () => {
  const c = await create({ name: '检查重点测试', starts_on: '2026-02-01', ends_on: '2026-03-31', org_id: t.cityA.id,
    focus_items: [{ text: '责任是否落实', category: '安全责任' }, { text: '隐患整改率是否达到100%' }] });
  assert.deepEqual(c.allowed_actions, ['update']);
  let res = await api('POST', `${P}/${c.id}/actions/issue`, { token: tok.city });
  expectProblem(res, 409, 'conflict');
  res = await api('PATCH', `${P}/${c.id}`, { token: tok.city, body: { doc_number: '测〔2026〕3号', issued_on: '2026-01-25' } });
  assert.deepEqual(res.body.allowed_actions, ['update', 'issue']);
  const issued = await issue(c.id);
  assert.equal(issued.issued_on, '2026-01-25');
  assert.ok(issued.checklist_template_id);
  res = await api('GET', `/api/v1/checklist-templates/${issued.checklist_template_id}`, { token: tok.admin });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.items.map((i) => [i.position, i.text, i.category]), [[1, '责任是否落实', '安全责任'], [2, '隐患整改率是否达到100%', null]]);
  // a viewer below may do nothing with it
  res = await api('GET', `${P}/${c.id}`, { token: tok.viewer });
  assert.deepEqual(res.body.allowed_actions, []);
});

test('bad input is named: members, phases, actions, targets, duties, templates', async () => {
  const base = { name: '校验', starts_on: '2026-01-01', ends_on: '2026-03-31', org_id: t.cityA.id };
  const cases = [
    [{ ...base, name: undefined }, 400, ['name']],
    [{ ...base, starts_on: '2026-02-30' }, 400, ['starts_on']],
    [{ ...base, ends_on: '2025-12-31' }, 422, ['ends_on']],
    [{ ...base, phases: [{ name: '阶段', starts_on: '2025-12-01', ends_on: '2026-01-10' }] }, 422, ['phases[0].starts_on']],
    [{ ...base, phases: [{ name: '阶段', starts_on: '2026-01-10', ends_on: '2026-01-01' }] }, 400, ['phases[0].ends_on']],
    [{ ...base, phases: [{ name: '阶段', starts_on: '2026-01-01', ends_on: '2026-01-10', tasks: [''] }] }, 400, ['phases[0].tasks[0]']],
    [{ ...base, actions: [{ tasks: ['x'] }] }, 400, ['actions[0].name']],
    [{ ...base, focus_items: [{ text: 'x'.repeat(501) }] }, 400, ['focus_items[0].text']],
    [{ ...base, targets: [{ kind: 'grid_coverage', percent: 120 }] }, 400, ['targets[0].percent']],
    [{ ...base, targets: [{ kind: 'listed_hazards_cleared' }] }, 400, ['targets[0].by_date']],
    [{ ...base, targets: [{ kind: 'speed' }] }, 400, ['targets[0].kind']],
    [{ ...base, duties: [{ ...WEEKLY, weekday: 8 }] }, 400, ['duties[0].weekday']],
    [{ ...base, duties: [{ ...WEEKLY, due_time: '25:00' }] }, 400, ['duties[0].due_time']],
    [{ ...base, duties: [{ ...WEEKLY, reporters: ['cities', 'cities'] }] }, 400, ['duties[0].reporters[1]']],
    [{ ...base, duties: [{ ...MONTHLY, day_of_month: undefined }] }, 400, ['duties[0].day_of_month']],
    [{ ...base, duties: [{ ...WEEKLY, due_date: '2026-01-05' }] }, 400, ['duties[0].due_date']],
    [{ ...base, duties: [{ content: 'summary', title: '总结', recurrence: 'once', due_date: '2026-04-05', due_time: '17:00', reporters: ['all_units'] }] }, 422, ['duties[0].due_date']],
    [{ ...base, org_id: t.unit.id }, 422, ['org_id']],
    [{ ...base, colour: 'red' }, 400, ['colour']],
  ];
  for (const [body, status, fields] of cases) {
    const res = await api('POST', P, { token: tok.city, body: JSON.parse(JSON.stringify(body)) });
    expectProblem(res, status, 'validation_failed');
    expectValid(res, { method: 'POST', path: P });
    assert.deepEqual(res.body.errors.map((e) => e.field), fields, JSON.stringify(body));
  }
  for (const [body, fields] of [[{ template: 'winter', year: 2026 }, ['template']], [{ template: 'safe-celebration', year: 1999 }, ['year']],
    [{ template: 'safe-celebration' }, ['year']], [{ template: 'safe-celebration', year: '2026' }, ['year']]]) {
    const res = await api('POST', `${P}/from-template`, { token: tok.city, body });
    expectProblem(res, 400, 'validation_failed');
    assert.deepEqual(res.body.errors.map((e) => e.field), fields);
  }
  // a campaign for a foreign org is a missing one; a unit's caller issues none
  let res = await api('POST', P, { token: tok.admin, body: { ...base, org_id: t.cityA.id } });
  expectProblem(res, 404, 'not_found');
  res = await api('POST', P, { token: tok.unit, body: { ...base, org_id: undefined } });
  expectProblem(res, 422, 'validation_failed');
  res = await api('POST', P, { token: tok.viewer, body: { ...base, org_id: t.county.id } });
  expectProblem(res, 403, 'forbidden');
  res = await api('POST', P, { token: tok.leader, body: { ...base, org_id: t.county.id } });
  expectProblem(res, 403, 'forbidden');
});

test('another branch sees neither the campaign nor its obligations', async () => {
  const c = await createCampaign({ org_id: t.cityB.id, state: 'issued' });
  for (const path of [`${P}/${c.id}`, `${P}/${c.id}/obligations`, `${P}/${c.id}/events`]) {
    const res = await api('GET', path, { token: tok.admin });
    expectProblem(res, 404, 'not_found');
  }
  const res = await api('POST', `${P}/${c.id}/adopt`, { token: tok.admin, body: { doc_number: '越〔2019〕1号' } });
  expectProblem(res, 404, 'not_found');
  const rows = await q('SELECT count(*)::int AS n FROM campaign_obligations($1)', [c.id]);
  assert.ok(rows[0].n > 0, 'the obligations exist (seen from the system scope)');
});

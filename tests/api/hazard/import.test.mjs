// POST /hazards/import: a legacy hazard list (隐患台账) from CSV (UTF-8 or GB18030) or XLSX on the
// generic import; the dry run writes nothing; any bad row imports nothing and every bad cell is
// named; imported hazards are registered (source import) with their registration event and show
// up for the county (to-do, figures); another branch's unit is not found, as a missing one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { q, closeDb, uniq, createInstitution } from '../lib/fixtures.mjs';
import { opsTree, caller } from './ops-fixtures.mjs';

const PATH = '/api/v1/hazards/import';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['序号', '单位', '统一社会信用代码', '隐患描述', '隐患部位', '隐患类别', '等级', '判定依据', '发现时间', '时限', '整改要求', '整改责任人', '资金', '措施', '应急预案'];
const row = (cells) => HEADER.map((h) => cells[h] ?? '');
const csvLine = (cells) => cells.map((c) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
const csvDoc = (rows, header = HEADER) => [header, ...rows].map(csvLine).join('\r\n') + '\r\n';

let t;
let county; // {user, token}: a county inspector
let inst; // an institution (unit) of the county
before(async () => {
  t = await opsTree();
  county = await caller(t.county, 'inspector');
  inst = await createInstitution({ parent_id: t.county.id, name: `${uniq('导隐')}医院` });
});
after(closeDb);

async function importHazards(bytes, { dryRun, contentType = 'text/csv; charset=utf-8', token = county.token } = {}) {
  const qs = dryRun === undefined ? '' : `?dry_run=${dryRun}`;
  const res = await api('POST', `${PATH}${qs}`, { token, raw: bytes, headers: { 'content-type': contentType } });
  expectValid(res, { method: 'POST', path: PATH });
  return res;
}
const hazardsLike = (tag) => q(`SELECT h.id, h.org_id, h.institution_id, h.source, h.state, h.level, h.category, h.location, h.major_basis,
    h.deadline::text AS deadline, (h.found_at AT TIME ZONE 'Asia/Shanghai')::date::text AS found_on, h.registered_org_id, h.registered_org_level,
    h.registered_by, h.requirement, h.responsible_person, h.funds, h.measures, h.emergency_plan, h.description
  FROM hazards h WHERE h.description LIKE $1 ORDER BY h.description`, [`${tag}%`]);
const errorsOf = (res) => res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`);

test('a CSV with bad rows imports nothing and names every bad cell', async () => {
  const tag = uniq('坏隐');
  const doc = csvDoc([
    row({ 单位: t.unit.name, 隐患描述: `${tag}甲`, 发现时间: '2025-10-01', 时限: '2025-12-31' }), // good
    row({ 单位: t.unit.name, 隐患描述: `${tag}乙`, 等级: '重大隐患', 发现时间: '2025-10-01', 时限: '2025-09-30' }), // no basis, deadline before found
    row({ 单位: '没有这个单位', 隐患描述: `${tag}丙`, 隐患类别: '地震', 发现时间: '2025-02-30', 时限: '2025-12-31' }),
    row({ 单位: t.sunit.name, 隐患描述: `${tag}丁`, 发现时间: '2025-10-01', 时限: '2025-12-31' }), // another branch
    row({ 隐患描述: '', 发现时间: '2025-10-01' }),
  ]);
  for (const dryRun of [true, false]) {
    const res = await importHazards(Buffer.from(doc, 'utf8'), { dryRun });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.imported, 0);
    assert.equal(res.body.rows, 5);
    assert.deepEqual(errorsOf(res).sort(), [
      '3|判定依据|required', '3|时限|range',
      '4|单位|not_found', '4|发现时间|format', '4|隐患类别|enum',
      '5|单位|not_found',
      '6|单位|required', '6|时限|required', '6|隐患描述|required',
    ].sort());
  }
  assert.equal((await hazardsLike(tag)).length, 0, 'nothing imported, the good row neither');
});

test('a good CSV: the dry run writes nothing; the import registers each hazard with its event, visible to the county', async () => {
  const tag = uniq('好隐');
  const doc = csvDoc([
    row({ 序号: 1, 单位: t.unit.name, 隐患描述: `${tag}甲 配电室灭火器过期`, 隐患部位: '配电室', 隐患类别: '火灾', 发现时间: '2025-11-20', 时限: '2026-01-15',
      整改要求: '更换灭火器', 整改责任人: '张三', 资金: '2000元', 措施: '采购', 应急预案: '有' }),
    row({ 序号: 2, 统一社会信用代码: inst.credit_code, 隐患描述: `${tag}乙 锅炉超期未检`, 隐患类别: 'special_equipment', 等级: '重大隐患',
      判定依据: '使用超过检验有效期的锅炉', 发现时间: '2025-12-01', 时限: '2027-06-30' }),
  ]);
  const dry = await importHazards(Buffer.from(doc, 'utf8'), { dryRun: true });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.body, { dry_run: true, rows: 2, imported: 0, errors: [] });
  assert.equal((await hazardsLike(tag)).length, 0, 'the dry run wrote nothing');
  const res = await importHazards(Buffer.from(doc, 'utf8'), { dryRun: false });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { dry_run: false, rows: 2, imported: 2, errors: [] });
  const got = await hazardsLike(tag);
  const [a, b] = ['甲', '乙'].map((k) => got.find((h) => h.description.startsWith(`${tag}${k}`)));
  assert.deepEqual({ org: a.org_id, source: a.source, state: a.state, level: a.level, category: a.category, location: a.location, found: a.found_on,
    deadline: a.deadline, reg: a.registered_org_id, regLevel: a.registered_org_level, by: a.registered_by, req: a.requirement,
    person: a.responsible_person, funds: a.funds, measures: a.measures, plan: a.emergency_plan },
  { org: t.unit.id, source: 'import', state: 'registered', level: 'general', category: 'fire', location: '配电室', found: '2025-11-20',
    deadline: '2026-01-15', reg: t.county.id, regLevel: 'county', by: county.user.id, req: '更换灭火器', person: '张三', funds: '2000元',
    measures: '采购', plan: '有' });
  assert.equal(b.org_id, inst.org_id, 'the unit of the institution with that credit code');
  assert.equal(b.institution_id, inst.id);
  assert.deepEqual([b.level, b.category, b.major_basis], ['major', 'special_equipment', '使用超过检验有效期的锅炉']);
  const major = await q(`SELECT n.kind, u.org_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.record_id = $1`, [b.id]);
  assert.ok(major.length > 0 && major.every((n) => n.kind === 'hazard.major'), 'a major hazard is reported upward');
  assert.equal((await q("SELECT count(*)::int AS n FROM notifications WHERE record_id = $1 AND kind = 'hazard.major'", [a.id]))[0].n, 0, 'a general one is not');
  const events = await q(`SELECT record_id, from_state, action, to_state, actor_id, actor_org_id FROM workflow_events
                          WHERE workflow = 'hazard' AND record_id = ANY($1) ORDER BY record_id`, [[a.id, b.id]]);
  assert.equal(events.length, 2, 'one registration event each');
  for (const e of events) assert.deepEqual([e.to_state, e.actor_id, e.actor_org_id], ['registered', county.user.id, t.county.id]);
  const audit = await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'hazard.import' AND user_id = $1`, [county.user.id]);
  assert.equal(audit[0].n, 1, 'one audit entry for the import');

  // visible in the hazard list (source import), with its registration among its events
  const list = await api('GET', `/api/v1/hazards?source=import&org_id=${t.county.id}&limit=500`, { token: county.token });
  assert.equal(list.status, 200, list.text);
  expectValid(list, { method: 'GET', path: '/api/v1/hazards' });
  for (const h of [a, b]) {
    const row = list.body.items.find((x) => x.id === h.id);
    assert.ok(row, 'the imported hazard is listed');
    assert.deepEqual([row.state, row.source], ['registered', 'import']);
  }
  const ev = await api('GET', `/api/v1/hazards/${a.id}/events`, { token: county.token });
  assert.equal(ev.status, 200, ev.text);
  assert.deepEqual(ev.body.items.map((e) => [e.from_state, e.action, e.to_state]), [['reported', 'register', 'registered']]);

  // visible to the county: the past deadline is overdue in its to-do list, both count in its figures
  const todo = await api('GET', '/api/v1/todo', { token: county.token, headers: { 'X-Anquan-Now': '2026-12-01T09:00:00+08:00' } });
  assert.ok(todo.body.overdue.items.some((h) => h.id === a.id), 'the legacy hazard past its deadline is overdue');
  assert.ok(!todo.body.overdue.items.some((h) => h.id === b.id));
  const fig = await api('GET', `/api/v1/hazards/figures?from=2025-11-01&to=2025-12-31`, { token: county.token });
  assert.ok(fig.body.totals.found >= 2);
  const mine = await api('GET', `/api/v1/hazards/figures?org_id=${t.unit.id}&from=2025-11-20&to=2025-11-20`, { token: county.token });
  assert.equal(mine.body.totals.found, 1);
  // the sibling county sees none of it
  const sib = await caller(t.sibling, 'admin');
  const sibTodo = await api('GET', '/api/v1/todo', { token: sib.token, headers: { 'X-Anquan-Now': '2026-12-01T09:00:00+08:00' } });
  assert.ok(!sibTodo.body.overdue.items.some((h) => h.id === a.id));
});

test('GB18030 CSV and an XLSX workbook with date cells import alike', async () => {
  const tag = uniq('码隐');
  const doc = csvDoc([row({ 单位: t.unit2.name, 隐患描述: `${tag}甲`, 发现时间: '2025-08-01', 时限: '2026-03-01' })]);
  const gb = await importHazards(iconv.encode(doc, 'gb18030'), { dryRun: false, contentType: 'text/csv; charset=gb18030' });
  assert.equal(gb.status, 200, gb.text);
  assert.equal(gb.body.imported, 1, JSON.stringify(gb.body.errors));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患');
  ws.getRow(1).values = HEADER;
  ws.getRow(2).values = row({ 单位: t.unit2.name, 隐患描述: `${tag}乙`, 等级: '一般隐患', 发现时间: new Date(Date.UTC(2025, 6, 3)), 时限: new Date(Date.UTC(2026, 0, 31)) });
  const res = await importHazards(Buffer.from(await wb.xlsx.writeBuffer()), { dryRun: false, contentType: XLSX });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.imported, 1, JSON.stringify(res.body.errors));
  const got = await hazardsLike(tag);
  assert.deepEqual(['甲', '乙'].map((k) => got.find((h) => h.description === `${tag}${k}`)).map((h) => [h.found_on, h.deadline]),
    [['2025-08-01', '2026-03-01'], ['2025-07-03', '2026-01-31']]);
});

test('a unit safety officer imports for its own unit only; a viewer may not import; a damaged body is a 400 naming body', async () => {
  const tag = uniq('权隐');
  const so = await caller(t.unit, 'safety_officer');
  const own = csvDoc([row({ 单位: t.unit.name, 隐患描述: `${tag}甲`, 发现时间: '2025-08-01', 时限: '2026-03-01' })]);
  const ok = await importHazards(Buffer.from(own, 'utf8'), { dryRun: false, token: so.token });
  assert.equal(ok.body.imported, 1, JSON.stringify(ok.body.errors));
  assert.equal((await hazardsLike(tag))[0].registered_org_level, 'unit');
  const other = csvDoc([row({ 单位: t.unit2.name, 隐患描述: `${tag}乙`, 发现时间: '2025-08-01', 时限: '2026-03-01' })]);
  const no = await importHazards(Buffer.from(other, 'utf8'), { dryRun: false, token: so.token });
  assert.deepEqual(errorsOf(no), ['2|单位|not_found'], 'a unit beside its own is outside its subtree');
  const viewer = await caller(t.county, 'viewer');
  expectProblem(await api('POST', PATH, { token: viewer.token, raw: Buffer.from(own), headers: { 'content-type': 'text/csv' } }), 403, 'forbidden');
  const bad = await importHazards(Buffer.from('not a zip'), { dryRun: true, contentType: XLSX });
  assert.equal(expectProblem(bad, 400).errors[0].field, 'body');
  const noUnitColumn = await importHazards(Buffer.from(csvDoc([[`${tag}丙`, '2025-08-01', '2026-03-01']], ['隐患描述', '发现时间', '时限']), 'utf8'), { dryRun: true });
  assert.ok(errorsOf(noUnitColumn).some((e) => e.endsWith('|单位|required')), JSON.stringify(noUnitColumn.body));
});

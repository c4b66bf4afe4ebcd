// Hazards as records (api/hazard/hazard.c, hazard_sql.c, hazard_inspection.c, hazard_criteria.c):
// a report and its checks, the hazard list's filters and keyset pages, the ledger in CSV and XLSX,
// hazards registered from an inspection (linked both ways), and the major-hazard criteria.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createInstitution, createInspection, createUser, createHazard, createCriterion, createAttachment, q, uniq } from '../lib/fixtures.mjs';

const P = '/api/v1/hazards';
let t;
let inst;
let inst2;
const tok = {};

before(async () => {
  t = await tree();
  inst = await createInstitution({ parent_id: t.county.id });
  inst2 = await createInstitution({ parent_id: t.county.id });
  const so = await createUser({ org_id: inst.org_id, role: 'safety_officer' });
  tok.so = await login(so.username);
  for (const role of ['admin', 'inspector', 'viewer']) tok[role] = await login(t.users[role].username);
  tok.sibling = await login((await createUser({ org_id: t.sibling.id, role: 'admin' })).username);
  tok.city = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
});
after(closeDb);

const report = (token, body, headers) => api('POST', P, { token, body, headers });

test('a unit reports a hazard with a client-made id; a retry with the same Idempotency-Key makes it once', async () => {
  const id = randomUUID();
  const key = uniq('idem-');
  const before = await createAttachment({ org_id: inst.org_id, name: '整改前.png' });
  const body = { id, institution_id: inst.id, description: '配电室配电柜前堆放纸箱等可燃物', location: '门诊楼负一层配电室', category: 'electrical',
    found_at: '2026-11-20T09:30:00+08:00', attachments: [before.id] };
  const r = await report(tok.so, body, { 'idempotency-key': key });
  assert.equal(r.status, 201, r.text);
  expectValid(r, { method: 'POST', path: P });
  assert.equal(r.body.id, id);
  assert.equal(r.headers.get('location'), `${P}/${id}`);
  assert.equal(r.body.state, 'reported');
  assert.equal(r.body.source, 'report');
  assert.equal(r.body.level, 'general');
  assert.equal(r.body.org_id, inst.org_id);
  assert.equal(r.body.found_at, '2026-11-20T01:30:00Z');
  assert.deepEqual(r.body.allowed_actions, ['register', 'fix_on_spot', 'cancel', 'update']);
  assert.deepEqual(r.body.attachments.map((a) => [a.id, a.kind, a.name]), [[before.id, 'before', '整改前.png']], 'the before-photo is bound');
  const meta = await api('GET', `/api/v1/attachments/${before.id}`, { token: tok.sibling });
  assert.equal(meta.status, 404, 'the photo is seen by the subtree that sees the hazard only');
  const again = await report(tok.so, body, { 'idempotency-key': key });
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal((await q('SELECT count(*)::int AS n FROM hazards WHERE id = $1', [id]))[0].n, 1);
  const dup = await report(tok.so, body);
  assert.equal(dup.status, 409, dup.text);
  const got = await api('GET', `${P}/${id}`, { token: tok.admin });
  assert.equal(got.status, 200);
  expectValid(got, { method: 'GET', path: `${P}/{id}` });
  assert.equal(got.headers.get('etag'), `"v${got.body.version}"`);
});

test('a bad report answers 400 naming the field, and writes nothing', async () => {
  const before0 = (await q('SELECT count(*)::int AS n FROM hazards'))[0].n;
  const cases = [
    [{ institution_id: inst.id, category: 'fire' }, 'description'],
    [{ institution_id: inst.id, description: '描述', category: 'flood' }, 'category'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', level: 'major' }, 'criterion_id'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', level: 'huge' }, 'level'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', found_at: '2026-13-01T00:00:00Z' }, 'found_at'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', attachments: ['x'] }, 'attachments[0]'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', attachments: 'x' }, 'attachments'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', attachments: [randomUUID()] }, 'attachments/0'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', state: 'closed' }, 'state'],
    [{ institution_id: inst.id, description: 'x'.repeat(2001), category: 'fire' }, 'description'],
    [{ institution_id: 'nope', description: '描述', category: 'fire' }, 'institution_id'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', key_location_id: randomUUID() }, 'key_location_id'],
    [{ institution_id: inst.id, description: '描述', category: 'fire', criterion_id: randomUUID() }, 'criterion_id'],
  ];
  for (const [body, field] of cases) {
    const r = await report(tok.so, body);
    const p = expectProblem(r, field === 'attachments/0' && r.status === 422 ? 422 : 400);
    assert.ok(p.errors.some((e) => e.field === field), `${JSON.stringify(body).slice(0, 80)} names ${field}: ${r.text}`);
  }
  assert.equal((await q('SELECT count(*)::int AS n FROM hazards'))[0].n, before0);
});

test('a caller from a sibling county cannot report on, read or list another county\'s hazards', async () => {
  const r = await report(tok.sibling, { institution_id: inst.id, description: '跨区上报', category: 'fire' });
  expectProblem(r, 404, 'not_found');
  const h = await createHazard({ institution: inst });
  expectProblem(await api('GET', `${P}/${h.id}`, { token: tok.sibling }), 404, 'not_found');
  const list = await api('GET', `${P}?institution_id=${inst.id}`, { token: tok.sibling });
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 0);
  expectProblem(await api('GET', `${P}?org_id=${t.county.id}`, { token: tok.sibling }), 404, 'not_found');
  const viewer = await report(tok.viewer, { institution_id: inst.id, description: '查看者上报', category: 'fire' });
  expectProblem(viewer, 403, 'forbidden');
});

test('a major report is told to every org above at once', async () => {
  const crit = await q(`SELECT id FROM hazard_criteria WHERE code = 'nhc-2023-06'`);
  const r = await report(tok.so, { institution_id: inst.id, description: '食堂燃气灶具区域未安装可燃气体报警装置', category: 'gas', level: 'major', criterion_id: crit[0].id });
  assert.equal(r.status, 201, r.text);
  const told = await q(`SELECT n.user_id::text AS u, n.title FROM notifications n WHERE n.record_id = $1 AND n.kind = 'hazard.major'`, [r.body.id]);
  const ids = told.map((n) => n.u);
  assert.ok(ids.includes(t.users.admin.id) && ids.includes(t.users.leader.id), 'the county admin and leader');
  assert.ok(!ids.includes(t.users.inspector.id), 'admins and leaders only');
  assert.match(told[0].title, /^重大隐患：食堂燃气/);
});

test('the list filters by state, level, overdue, listed, source, institution, category, dates and text, and pages by keyset', async () => {
  const mine = await createInstitution({ parent_id: t.county.id });
  const word = uniq('词');
  const made = [];
  made.push(await createHazard({ institution: mine, state: 'registered', deadline: '2020-01-31', description: `${word} 过期未改` }));
  made.push(await createHazard({ institution: mine, state: 'rectifying', deadline: '2030-01-31', description: `${word} 整改中` }));
  made.push(await createHazard({ institution: mine, state: 'closed', deadline: '2020-01-31', description: `${word} 已销号` }));
  made.push(await createHazard({ institution: mine, state: 'signable', listing_org: t.county.id, description: `${word} 挂牌`, category: 'gas' }));
  made.push(await createHazard({ institution: mine, state: 'reported', description: `${word} 新上报` }));
  await q(`UPDATE hazards SET found_at = '2026-03-15T02:00:00Z' WHERE id = $1`, [made[0].id]);
  const ids = (r) => r.body.items.map((h) => h.id).sort();
  const list = async (qs) => {
    const r = await api('GET', `${P}?institution_id=${mine.id}&${qs}`, { token: tok.admin });
    assert.equal(r.status, 200, r.text);
    expectValid(r, { method: 'GET', path: P });
    return r;
  };
  assert.equal((await list('')).body.total, 5);
  assert.deepEqual(ids(await list('state=registered,rectifying')), [made[0].id, made[1].id, made[3].id].sort());
  assert.deepEqual(ids(await list('overdue=true')), [made[0].id], 'an open hazard past its deadline; a closed one is not overdue');
  assert.equal((await list('overdue=true')).body.items[0].overdue, true);
  assert.deepEqual(ids(await list('listed=true')), [made[3].id]);
  assert.deepEqual(ids(await list('level=major')), [made[3].id]);
  assert.deepEqual(ids(await list('category=gas')), [made[3].id]);
  assert.equal((await list('source=inspection')).body.items.length, 0);
  assert.deepEqual(ids(await list('found_from=2026-03-15&found_to=2026-03-15')), [made[0].id], 'a date is a day in Asia/Shanghai');
  assert.deepEqual(ids(await list('found_to=2026-03-14')), []);
  assert.deepEqual(ids(await list(`q=${encodeURIComponent(`${word} 挂牌`)}`)), [made[3].id]);
  for (const row of (await list('')).body.items) assert.ok(Array.isArray(row.allowed_actions), 'every row carries allowed_actions');
  // keyset pages, by deadline: undated last, no row twice
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const r = await list(`sort=due_at&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...r.body.items.map((h) => [h.id, h.due_at]));
    cursor = r.body.next_cursor;
    pages += 1;
  } while (cursor && pages < 10);
  assert.equal(pages, 3);
  assert.deepEqual(seen.map(([id]) => id).sort(), made.map((h) => h.id).sort());
  const dues = seen.map(([, d]) => d);
  assert.equal(dues.at(-1), null, 'the undated report comes last');
  assert.ok(dues[0] <= dues[1], 'earliest deadline first');
  // bad filters name themselves
  for (const [qs, field] of [['state=open', 'state'], ['state=closed,,x', 'state'], ['level=huge', 'level'], ['overdue=yes', 'overdue'],
    ['found_from=yesterday', 'found_from'], ['sort=-due', 'sort'], ['institution_id=x', 'institution_id']]) {
    const r = await api('GET', `${P}?${qs}`, { token: tok.admin });
    assert.equal(expectProblem(r, 400).errors[0].field, field, qs);
  }
});

test('the ledger exports the customary columns as CSV and XLSX', async () => {
  const mine = await createInstitution({ parent_id: t.county.id, name: `台账医院-${uniq('l')}` });
  const h1 = await createHazard({ institution: mine, state: 'closed', description: '=消防栓被遮挡' });
  await q(`UPDATE hazards SET found_at = '2026-05-01T01:00:00Z', closed_at = '2026-05-03T08:30:00Z', accepted_by_name = '张验收',
           rectification = '已移除遮挡物', level = 'general' WHERE id = $1`, [h1.id]);
  await createHazard({ institution: mine, state: 'rectifying', description: '二号楼疏散指示灯不亮' });
  const HEAD = ['序号', '单位', '隐患描述', '等级', '发现时间', '来源', '整改责任人', '资金', '措施', '时限', '应急预案', '整改情况', '验收人', '销号时间'];
  const csv = await api('GET', `${P}/export?format=csv&institution_id=${mine.id}&sort=found_at`, { token: tok.admin });
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /hazards\.csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], HEAD.map((h) => `"${h}"`).join(','));
  assert.equal(lines.length, 3);
  assert.ok(lines[1].startsWith(`"1","${mine.name}","'=消防栓被遮挡","一般隐患","2026-05-01 09:00","上报","测试责任人","1000元"`), lines[1]);
  assert.ok(lines[1].endsWith('"已移除遮挡物","张验收","2026-05-03 16:30"'), lines[1]);
  assert.ok(lines[2].startsWith('"2",'));

  const x = await fetch(`${process.env.ANQUAN_URL}${P}/export?format=xlsx&institution_id=${mine.id}&sort=found_at`, { headers: { authorization: `Bearer ${tok.admin}` } });
  assert.equal(x.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await x.arrayBuffer()));
  const ws = wb.worksheets[0];
  assert.deepEqual(ws.getRow(1).values.slice(1), HEAD);
  assert.equal(ws.getCell('A2').value, 1);
  assert.equal(ws.getCell('B2').value, mine.name);
  assert.equal(ws.getCell('C2').value, '=消防栓被遮挡');
  assert.equal(ws.getCell('D2').value, '一般隐患');
  assert.equal(ws.getCell('J2').value, '2030-12-31');
  assert.equal(ws.getCell('M2').value, '张验收');
  assert.equal(ws.getCell('N2').value, '2026-05-03 16:30');
  assert.equal(ws.getCell('A3').value, 2);
  assert.equal(ws.getCell('C3').value, '二号楼疏散指示灯不亮');
  assert.equal(ws.getCell('N3').value, null);
  const sib = await api('GET', `${P}/export?org_id=${t.county.id}`, { token: tok.sibling });
  expectProblem(sib, 404, 'not_found');
});

test('the failed items and findings of a submitted inspection become hazards, each or all, linked both ways', async () => {
  const own = await createInstitution({ parent_id: t.county.id });
  const insp = await createInspection({ institution: own, type: 'routine', state: 'submitted' });
  await q(`UPDATE inspection_results SET result = 'fail', note = '现场发现' WHERE inspection_id = $1 AND position IN (1, 2, 3)`, [insp.id]);
  const f = await q(`INSERT INTO findings (inspection_id, org_path, position, description, location, suggested_severity)
                     SELECT id, org_path, 2, '消防控制室值班人员无证上岗', '消防控制室', 'major' FROM inspections WHERE id = $1
                     UNION ALL SELECT id, org_path, NULL, '楼顶违规搭建彩钢板房', '住院楼楼顶', 'general' FROM inspections WHERE id = $1
                     RETURNING id, position`, [insp.id]);
  const byPos = f.find((x) => x.position === 2);
  const loose = f.find((x) => x.position === null);
  const url = `/api/v1/inspections/${insp.id}/hazards`;
  let r = await api('POST', url, { token: tok.inspector, body: { items: [{ finding_id: byPos.id }, { position: 1 }], category: 'fire' } });
  assert.equal(r.status, 201, r.text);
  expectValid(r, { method: 'POST', path: '/api/v1/inspections/{id}/hazards' });
  assert.equal(r.body.created.length, 2);
  const made = await q('SELECT id::text, finding_id::text, inspection_position, level, major_basis, source, category, state FROM hazards WHERE inspection_id = $1 ORDER BY inspection_position', [insp.id]);
  assert.equal(made.length, 2);
  assert.equal(made[0].inspection_position, 1);
  assert.equal(made[0].finding_id, null);
  assert.equal(made[1].finding_id, byPos.id);
  assert.equal(made[1].level, 'major');
  assert.match(made[1].major_basis, /检查判定为重大隐患/);
  assert.ok(made.every((h) => h.source === 'inspection' && h.category === 'fire' && h.state === 'reported'));

  r = await api('POST', url, { token: tok.inspector, body: { items: [{ position: 1 }] } });
  assert.equal(expectProblem(r, 409, 'conflict').errors[0].field, 'items', 'an item registered already');
  r = await api('POST', url, { token: tok.inspector, body: { items: [{ position: 7 }] } });
  assert.equal(expectProblem(r, 400).errors[0].field, 'items', 'a passed item is not a finding');
  r = await api('POST', url, { token: tok.inspector, body: { items: [{ position: 'one' }] } });
  assert.equal(expectProblem(r, 400).errors[0].field, 'items[0].position');
  r = await api('POST', url, { token: tok.inspector, body: {} });
  assert.equal(expectProblem(r, 400).errors[0].field, 'items');

  r = await api('POST', url, { token: tok.inspector, body: { all: true } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.created.length, 2, 'the rest: item 3 and the finding without an item');
  assert.equal(r.body.hazards.length, 4);
  r = await api('POST', url, { token: tok.inspector, body: { all: true } });
  assert.equal(r.body.created.length, 0, 'nothing twice');
  const all = await q('SELECT finding_id::text FROM hazards WHERE inspection_id = $1', [insp.id]);
  assert.ok(all.some((h) => h.finding_id === loose.id));

  const g = await api('GET', `/api/v1/inspections/${insp.id}`, { token: tok.so });
  assert.equal(g.status, 404, 'another unit\'s inspection');
  const gi = await api('GET', `/api/v1/inspections/${insp.id}`, { token: tok.admin });
  assert.equal(gi.status, 200);
  expectValid(gi, { method: 'GET', path: '/api/v1/inspections/{id}' });
  assert.equal(gi.body.hazards.length, 4);
  assert.ok(gi.body.hazards.every((h) => h.state === 'reported'));
  const hz = await api('GET', `${P}/${made[1].id}`, { token: tok.admin });
  assert.equal(hz.body.inspection_id, insp.id);

  const draft = await createInspection({ institution: own, state: 'answered' });
  r = await api('POST', `/api/v1/inspections/${draft.id}/hazards`, { token: tok.inspector, body: { all: true } });
  expectProblem(r, 409, 'conflict');
  r = await api('POST', url, { token: tok.sibling, body: { all: true } });
  expectProblem(r, 404, 'not_found');
});

test('the criteria: the national list for everyone, an administration\'s own for its subtree', async () => {
  const r = await api('GET', '/api/v1/hazard-criteria?limit=100', { token: tok.so });
  assert.equal(r.status, 200, r.text);
  expectValid(r, { method: 'GET', path: '/api/v1/hazard-criteria' });
  const shipped = r.body.items.filter((c) => c.shipped);
  assert.equal(shipped.length, 15);
  assert.ok(shipped.every((c) => c.allowed_actions.length === 0), 'the national list is read-only');
  const code = uniq('hp-');
  let c = await api('POST', '/api/v1/hazard-criteria', { token: tok.admin, body: { code, category: 'fire', text: '老年病区夜间值班人员少于2人', source: '区卫健局' } });
  assert.equal(c.status, 201, c.text);
  expectValid(c, { method: 'POST', path: '/api/v1/hazard-criteria' });
  assert.deepEqual(c.body.allowed_actions, ['update']);
  const id = c.body.id;
  expectProblem(await api('POST', '/api/v1/hazard-criteria', { token: tok.admin, body: { code, category: 'fire', text: '重复' } }), 409, 'conflict');
  const bad = await api('POST', '/api/v1/hazard-criteria', { token: tok.admin, body: { code: 'a b', category: 'fire', text: 'x' } });
  assert.equal(expectProblem(bad, 400).errors[0].field, 'code');
  expectProblem(await api('POST', '/api/v1/hazard-criteria', { token: tok.so, body: { code: uniq('u-'), category: 'fire', text: '单位自定' } }), 403, 'forbidden');
  // the unit below reads it and grades against it; a sibling county does not see it
  const below = await api('GET', `/api/v1/hazard-criteria/${id}`, { token: tok.so });
  assert.equal(below.status, 200);
  assert.deepEqual(below.body.allowed_actions, []);
  expectProblem(await api('GET', `/api/v1/hazard-criteria/${id}`, { token: tok.sibling }), 404, 'not_found');
  const h = await createHazard({ institution: inst, state: 'reported' });
  let m = await api('POST', `${P}/${h.id}/actions/register`, { token: tok.so, body: { level: 'major', deadline: '2030-12-31', criterion_id: id } });
  assert.equal(m.status, 200, m.text);
  const sibCrit = await createCriterion({ org_id: t.sibling.id });
  const h2 = await createHazard({ institution: inst, state: 'reported' });
  m = await api('POST', `${P}/${h2.id}/actions/register`, { token: tok.so, body: { level: 'major', deadline: '2030-12-31', criterion_id: sibCrit.id } });
  assert.equal(expectProblem(m, 400).errors[0].field, 'criterion_id');
  // edits: own ones; the national list and an org above's are 403
  c = await api('PATCH', `/api/v1/hazard-criteria/${id}`, { token: tok.admin, body: { archived: true } });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.archived, true);
  expectProblem(await api('PATCH', `/api/v1/hazard-criteria/${shipped[0].id}`, { token: tok.admin, body: { text: '改' } }), 403, 'forbidden');
  const cityCrit = await createCriterion({ org_id: t.cityA.id });
  expectProblem(await api('PATCH', `/api/v1/hazard-criteria/${cityCrit.id}`, { token: tok.admin, body: { text: '改' } }), 403, 'forbidden');
  const listed = await api('GET', '/api/v1/hazard-criteria?limit=500&archived=all', { token: tok.admin });
  assert.ok(listed.body.items.some((x) => x.id === cityCrit.id), 'an org above\'s criterion is listed');
});

test("a city's and a county's list page through exactly their subtree's hazards, as a direct query orders them (city_path, county_path, migration 0033)", async () => {
  const tag = uniq('子树');
  const direct = await createInstitution({ parent_id: t.cityA.id }); // a unit right under the city: a path of three labels
  const sib = await createInstitution({ parent_id: t.sibling.id });
  const other = await createInstitution({ parent_id: t.other.id });
  for (const [k, institution] of [inst, sib, direct, other, inst2, direct, sib, inst].entries()) {
    await createHazard({ institution, state: 'registered', deadline: `2030-0${1 + (k % 4)}-1${k}`, description: `${tag}-${k}` });
  }
  const pageAll = async (token, sort) => {
    const seen = [];
    let cursor = null;
    do {
      const res = await api('GET', `${P}?q=${encodeURIComponent(tag)}&sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      assert.equal(res.status, 200, res.text);
      expectValid(res, { method: 'GET', path: P });
      seen.push(...res.body.items.map((x) => x.description));
      cursor = res.body.next_cursor;
    } while (cursor);
    return seen;
  };
  const direct_ = async (path, order) => (await q(
    `SELECT description FROM hazards WHERE org_path <@ $1::ltree AND description LIKE $2 ORDER BY ${order}`, [path, `${tag}-%`])).map((r) => r.description);
  const countyAdmin = tok.admin; // the county's
  const directAdmin = await login((await createUser({ org_id: direct.org_id, role: 'admin' })).username);
  for (const [sort, order] of [['-found_at', 'found_at DESC, id DESC'], ['due_at', "coalesce(due_at, 'infinity'), id"]]) {
    const city = await pageAll(tok.city, sort);
    assert.equal(city.length, 7, `${sort}: the city's seven, not the other city's`);
    assert.deepEqual(city, await direct_(t.cityA.path, order));
    const county = await pageAll(countyAdmin, sort);
    assert.equal(county.length, 3, `${sort}: the county's three`);
    assert.deepEqual(county, await direct_(t.county.path, order));
    assert.deepEqual(await pageAll(directAdmin, sort), await direct_((await q('SELECT org_path::text AS p FROM institutions WHERE id = $1', [direct.id]))[0].p, order));
  }
});

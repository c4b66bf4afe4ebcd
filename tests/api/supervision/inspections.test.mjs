// The inspection database (监督检查数据库) and checklist templates: drafts made from a template,
// answers and findings, submission fixing the record, corrections, the unannounced-inspection
// rule (暗访暗查 drafts are invisible to the inspected unit), who may create what, template
// visibility along the tree, and the inspection figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import {
  tree, login, uniq, q, closeDb, createOrg, createUser, createInstitution, createInspection, createTemplate, nationalTemplate,
} from '../lib/fixtures.mjs';

let t0;
let admin;
let inspector;
let safety; // the county's safety officer
let viewer;
let foreign; // an admin of the sibling county
let national; // the shipped general hospital checklist

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  inspector = await login(t0.users.inspector.username);
  safety = await login(t0.users.safety_officer.username);
  viewer = await login(t0.users.viewer.username);
  foreign = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  national = await nationalTemplate('hospital-general');
});
after(closeDb);

const P = '/api/v1/inspections';
const T = '/api/v1/checklist-templates';

async function start(inst, { token = inspector, type = 'routine', template = national } = {}) {
  const res = await api('POST', P, { token, body: { institution_id: inst.id, type, template_id: template.id, inspected_on: '2026-04-10', inspectors: [{ name: '检查员甲' }] } });
  assert.equal(res.status, 201, res.text);
  return res;
}
async function answerAll(id, token = inspector, result = 'pass') {
  const cur = await api('GET', `${P}/${id}`, { token });
  for (const r of cur.body.results) {
    const res = await api('PUT', `${P}/${id}/results/${r.position}`, { token, body: { result } });
    assert.equal(res.status, 200, res.text);
  }
}

test('an inspection created from the shipped template is a draft with one unanswered result per item (texts copied)', async () => {
  const inst = await createInstitution();
  const res = await start(inst);
  expectValid(res, { method: 'POST', path: P });
  const b = res.body;
  assert.equal(b.status, 'draft');
  assert.equal(b.template_id, national.id);
  assert.equal(b.inspector_org_id, t0.county.id);
  assert.equal(b.inspector_org_name, t0.county.name, "the inspecting org's name, kept on the inspection");
  assert.equal(b.institution_name, inst.name);
  assert.equal(b.item_count, national.item_count);
  assert.equal(b.answered_count, 0);
  assert.equal(b.results.length, national.item_count);
  assert.deepEqual(b.results.map((r) => r.position), Array.from({ length: national.item_count }, (_, i) => i + 1));
  const items = await q('SELECT position, text FROM checklist_items WHERE template_id = $1 ORDER BY position', [national.id]);
  assert.deepEqual(b.results.map((r) => [r.position, r.item_text, r.result]), items.map((i) => [i.position, i.text, null]));
  assert.equal(res.headers.get('location'), `${P}/${b.id}`);
  const got = await api('GET', `${P}/${b.id}`, { token: viewer });
  assert.equal(got.status, 200);
  expectValid(got, { method: 'GET', path: `${P}/{id}` });
  assert.equal(got.headers.get('etag'), `"v${got.body.version}"`);
});

test('bad input names the field; a foreign institution or template is 404', async () => {
  const inst = await createInstitution();
  const bad = await api('POST', P, { token: inspector, body: { institution_id: inst.id, type: 'chat', template_id: national.id, inspected_on: '2026-13-40', extra: 1 } });
  expectProblem(bad, 400, 'validation_failed');
  expectValid(bad, { method: 'POST', path: P });
  const fields = bad.body.errors.map((e) => `${e.field}:${e.code}`);
  for (const f of ['type:enum', 'extra:unknown_field']) assert.ok(fields.includes(f), fields.join(', '));
  assert.ok(bad.body.errors.some((e) => e.field === 'inspected_on'), fields.join(', '));
  const other = await createInstitution({ parent_id: t0.sibling.id });
  expectProblem(await api('POST', P, { token: inspector, body: { institution_id: other.id, type: 'routine', template_id: national.id, inspected_on: '2026-04-10' } }), 404, 'not_found');
  const siblingTpl = await createTemplate({ org_id: t0.sibling.id });
  expectProblem(await api('POST', P, { token: inspector, body: { institution_id: inst.id, type: 'routine', template_id: siblingTpl.id, inspected_on: '2026-04-10' } }), 404, 'not_found');
  const draft = await start(inst);
  const badResult = await api('PUT', `${P}/${draft.body.id}/results/1`, { token: inspector, body: { result: 'ok' } });
  expectProblem(badResult, 400, 'validation_failed');
  assert.equal(badResult.body.errors[0].field, 'result');
  expectProblem(await api('PUT', `${P}/${draft.body.id}/results/999`, { token: inspector, body: { result: 'pass' } }), 404, 'not_found');
});

test('answering items: a fail makes a finding (default: item text + note), a pass again removes it', async () => {
  const inst = await createInstitution();
  const { body: d } = await start(inst);
  const fail = await api('PUT', `${P}/${d.id}/results/2`, { token: inspector, body: { result: 'fail', note: '灭火器过期' } });
  assert.equal(fail.status, 200, fail.text);
  expectValid(fail, { method: 'PUT', path: `${P}/{id}/results/{position}` });
  assert.equal(fail.body.fail_count, 1);
  assert.equal(fail.body.answered_count, 1);
  assert.equal(fail.body.findings.length, 1);
  const f = fail.body.findings[0];
  assert.equal(f.position, 2);
  assert.ok(f.description.includes(d.results[1].item_text) && f.description.includes('灭火器过期'), f.description);
  assert.equal(f.suggested_severity, 'general');
  const custom = await api('PUT', `${P}/${d.id}/results/2`, { token: inspector, body: { result: 'fail', finding: { description: '三楼灭火器过期', location: '门诊楼三层', suggested_severity: 'major' } } });
  assert.equal(custom.body.findings.length, 1, 'the failed item keeps one finding');
  assert.deepEqual([custom.body.findings[0].description, custom.body.findings[0].location, custom.body.findings[0].suggested_severity], ['三楼灭火器过期', '门诊楼三层', 'major']);
  const pass = await api('PUT', `${P}/${d.id}/results/2`, { token: inspector, body: { result: 'pass' } });
  assert.equal(pass.body.findings.length, 0);
  assert.equal(pass.body.fail_count, 0);
  const na = await api('PUT', `${P}/${d.id}/results/3`, { token: inspector, body: { result: 'na', note: '无此部位' } });
  assert.equal(na.body.results[2].result, 'na');
  assert.equal(na.body.results[2].note, '无此部位');
  // the counts are kept on the inspection (migration 0044): its record and its list row agree
  assert.deepEqual([na.body.item_count, na.body.answered_count, na.body.fail_count], [d.results.length, 2, 0]);
  const listed = await api('GET', `${P}?institution_id=${inst.id}`, { token: inspector });
  assert.equal(listed.status, 200, listed.text);
  const row = listed.body.items.find((x) => x.id === d.id);
  assert.deepEqual([row.item_count, row.answered_count, row.fail_count], [d.results.length, 2, 0]);
});

test('submitting with unanswered items is 409 naming the positions; submitting fixes the record (PATCH, PUT, DELETE, submit -> 409)', async () => {
  const inst = await createInstitution();
  const tpl = await createTemplate({ items: ['一', '二', '三', '四'] });
  const { body: d } = await start(inst, { template: tpl });
  await api('PUT', `${P}/${d.id}/results/1`, { token: inspector, body: { result: 'pass' } });
  await api('PUT', `${P}/${d.id}/results/3`, { token: inspector, body: { result: 'fail', note: '问题' } });
  const early = await api('POST', `${P}/${d.id}/submit`, { token: inspector });
  expectProblem(early, 409, 'conflict');
  expectValid(early, { method: 'POST', path: `${P}/{id}/submit` });
  assert.match(early.body.detail, /2\s*,\s*4/, early.body.detail);
  await api('PUT', `${P}/${d.id}/results/2`, { token: inspector, body: { result: 'pass' } });
  await api('PUT', `${P}/${d.id}/results/4`, { token: inspector, body: { result: 'na' } });
  const sub = await api('POST', `${P}/${d.id}/submit`, { token: inspector });
  assert.equal(sub.status, 200, sub.text);
  expectValid(sub, { method: 'POST', path: `${P}/{id}/submit` });
  assert.equal(sub.body.status, 'submitted');
  assert.ok(sub.body.submitted_at);
  assert.equal(sub.body.submitted_by, t0.users.inspector.id);
  assert.equal(sub.body.findings.length, 1);
  for (const [m, path, body] of [['PATCH', `${P}/${d.id}`, { conclusion: '改' }], ['PUT', `${P}/${d.id}/results/1`, { result: 'fail' }],
    ['DELETE', `${P}/${d.id}`], ['POST', `${P}/${d.id}/submit`]]) {
    const res = await api(m, path, { token: inspector, body });
    expectProblem(res, 409, 'conflict');
  }
  const [row] = await q("SELECT status, (SELECT count(*)::int FROM inspection_results WHERE inspection_id = $1 AND result = 'pass') AS passes FROM inspections WHERE id = $1", [d.id]);
  assert.deepEqual(row, { status: 'submitted', passes: 2 });
});

test('PATCH and DELETE work on drafts; a stale If-Match is 412', async () => {
  const inst = await createInstitution();
  const { body: d, headers } = await start(inst);
  const up = await api('PATCH', `${P}/${d.id}`, { token: inspector, headers: { 'if-match': headers.get('etag') }, body: { conclusion: '良好', inspected_on: '2026-04-11', inspectors: [{ name: '乙' }, { name: '丙' }] } });
  assert.equal(up.status, 200, up.text);
  expectValid(up, { method: 'PATCH', path: `${P}/{id}` });
  assert.deepEqual([up.body.conclusion, up.body.inspected_on, up.body.inspectors.length], ['良好', '2026-04-11', 2]);
  expectProblem(await api('PATCH', `${P}/${d.id}`, { token: inspector, headers: { 'if-match': headers.get('etag') }, body: { conclusion: '旧' } }), 412, 'precondition_failed');
  const del = await api('DELETE', `${P}/${d.id}`, { token: inspector });
  assert.equal(del.status, 204);
  expectValid(del, { method: 'DELETE', path: `${P}/{id}` });
  // archived, not removed: the change feed tells a phone that cached it that it is gone
  assert.deepEqual(await q('SELECT archived FROM inspections WHERE id = $1', [d.id]), [{ archived: true }]);
  assert.equal((await api('GET', `${P}/${d.id}`, { token: inspector })).status, 404);
});

test('a correction of a submitted inspection is a linked draft copying results and findings; a draft cannot be corrected', async () => {
  const inst = await createInstitution();
  const tpl = await createTemplate({ items: ['甲项', '乙项'] });
  const { body: d } = await start(inst, { template: tpl });
  expectProblem(await api('POST', `${P}/${d.id}/correction`, { token: inspector }), 409, 'conflict');
  await api('PUT', `${P}/${d.id}/results/1`, { token: inspector, body: { result: 'pass' } });
  await api('PUT', `${P}/${d.id}/results/2`, { token: inspector, body: { result: 'fail', note: '未整改' } });
  assert.equal((await api('POST', `${P}/${d.id}/submit`, { token: inspector })).status, 200);
  const corr = await api('POST', `${P}/${d.id}/correction`, { token: inspector });
  assert.equal(corr.status, 201, corr.text);
  expectValid(corr, { method: 'POST', path: `${P}/{id}/correction` });
  assert.notEqual(corr.body.id, d.id);
  assert.equal(corr.body.corrects_id, d.id);
  assert.equal(corr.body.status, 'draft');
  assert.deepEqual(corr.body.results.map((r) => r.result), ['pass', 'fail']);
  assert.equal(corr.body.findings.length, 1);
  assert.equal(corr.headers.get('location'), `${P}/${corr.body.id}`);
  const orig = await api('GET', `${P}/${d.id}`, { token: inspector });
  assert.equal(orig.body.corrected_by_id, corr.body.id);
  assert.equal(orig.body.status, 'submitted');
  // the checklist's name is the record's, as its items' texts are: a later rename leaves it, and
  // the correction carries its original's
  assert.equal(d.template_name, tpl.name);
  assert.equal(corr.body.template_name, tpl.name);
  await q('UPDATE checklist_templates SET name = $2 WHERE id = $1', [tpl.id, `${tpl.name}（修订）`]);
  assert.equal((await api('GET', `${P}/${d.id}`, { token: inspector })).body.template_name, tpl.name);
  const listed = await api('GET', `${P}?institution_id=${inst.id}`, { token: inspector });
  assert.deepEqual(listed.body.items.map((i) => i.template_name), [tpl.name, tpl.name]);
  const next = await start(inst, { template: tpl });
  assert.equal(next.body.template_name, `${tpl.name}（修订）`, 'a new inspection takes the name of now');
  const fix = await api('PUT', `${P}/${corr.body.id}/results/2`, { token: inspector, body: { result: 'pass' } });
  assert.equal(fix.status, 200, 'the correcting draft is editable');
});

test('an unannounced inspection is invisible to the inspected unit\'s safety officer until submitted, then visible', async () => {
  const inst = await createInstitution();
  const unitOfficer = await login((await createUser({ org_id: inst.org_id, role: 'safety_officer' })).username);
  const tpl = await createTemplate({ items: ['暗访一项'] });
  const { body: d } = await start(inst, { type: 'unannounced', template: tpl });
  expectProblem(await api('GET', `${P}/${d.id}`, { token: unitOfficer }), 404, 'not_found');
  const hidden = await api('GET', `${P}?institution_id=${inst.id}`, { token: unitOfficer });
  assert.equal(hidden.status, 200, hidden.text);
  expectValid(hidden, { method: 'GET', path: P });
  assert.ok(!hidden.body.items.some((i) => i.id === d.id), 'absent from the unit\'s list');
  assert.equal(hidden.body.total, 0);
  expectProblem(await api('PUT', `${P}/${d.id}/results/1`, { token: unitOfficer, body: { result: 'pass' } }), 404, 'not_found');
  const seenAbove = await api('GET', `${P}/${d.id}`, { token: viewer });
  assert.equal(seenAbove.status, 200, 'the county sees its own unannounced draft');
  // a routine draft of the same unit is visible to it
  const routine = await createInspection({ institution: inst, type: 'self' });
  assert.equal((await api('GET', `${P}/${routine.id}`, { token: unitOfficer })).status, 200);
  await answerAll(d.id);
  assert.equal((await api('POST', `${P}/${d.id}/submit`, { token: inspector })).status, 200);
  const visible = await api('GET', `${P}/${d.id}`, { token: unitOfficer });
  assert.equal(visible.status, 200, visible.text);
  expectValid(visible, { method: 'GET', path: `${P}/{id}` });
  // the unit cannot read the county's org, yet sees who inspected it
  assert.equal(visible.body.inspector_org_name, t0.county.name);
  const list = await api('GET', `${P}?institution_id=${inst.id}`, { token: unitOfficer });
  assert.ok(list.body.items.some((i) => i.id === d.id), 'listed once submitted');
  assert.equal(list.body.items.find((i) => i.id === d.id).inspector_org_name, t0.county.name);
});

test('a safety officer creates only self-inspections (403 otherwise); a viewer cannot create (403)', async () => {
  const inst = await createInstitution();
  const no = await api('POST', P, { token: safety, body: { institution_id: inst.id, type: 'routine', template_id: national.id, inspected_on: '2026-04-10' } });
  expectProblem(no, 403, 'forbidden');
  expectValid(no, { method: 'POST', path: P });
  const yes = await api('POST', P, { token: safety, body: { institution_id: inst.id, type: 'self', template_id: national.id, inspected_on: '2026-04-10' } });
  assert.equal(yes.status, 201, yes.text);
  assert.equal(yes.body.type, 'self');
  expectProblem(await api('POST', P, { token: viewer, body: { institution_id: inst.id, type: 'self', template_id: national.id, inspected_on: '2026-04-10' } }), 403, 'forbidden');
});

test("another branch's caller gets 404 for the inspection and its actions, and does not list it", async () => {
  const inst = await createInstitution();
  const d = await createInspection({ institution: inst, state: 'answered' });
  for (const [m, path, body] of [['GET', `${P}/${d.id}`], ['PATCH', `${P}/${d.id}`, { conclusion: 'x' }], ['PUT', `${P}/${d.id}/results/1`, { result: 'pass' }],
    ['POST', `${P}/${d.id}/submit`], ['POST', `${P}/${d.id}/correction`], ['DELETE', `${P}/${d.id}`]]) {
    expectProblem(await api(m, path, { token: foreign, body }), 404, 'not_found');
  }
  const list = await api('GET', `${P}?q=${encodeURIComponent(inst.name)}`, { token: foreign });
  assert.equal(list.body.total, 0);
});

test('the list filters by type, status, dates and institution name', async () => {
  const inst = await createInstitution({ name: `${uniq('检')}筛选医院` });
  await createInspection({ institution: inst, type: 'spot', state: 'submitted', inspected_on: '2026-01-15' });
  await createInspection({ institution: inst, type: 'routine', state: 'draft', inspected_on: '2026-02-15' });
  await createInspection({ institution: inst, type: 'spot', state: 'draft', inspected_on: '2026-03-15' });
  const get = async (qs) => {
    const res = await api('GET', `${P}?q=${encodeURIComponent(inst.name)}&${qs}`, { token: viewer });
    assert.equal(res.status, 200, `${qs}: ${res.text}`);
    expectValid(res, { method: 'GET', path: P });
    return res.body;
  };
  assert.equal((await get('')).total, 3);
  assert.deepEqual((await get('sort=-inspected_on')).items.map((i) => i.inspected_on), ['2026-03-15', '2026-02-15', '2026-01-15']);
  assert.equal((await get('type=spot')).total, 2);
  assert.equal((await get('status=submitted')).total, 1);
  assert.deepEqual((await get('from=2026-02-01&to=2026-02-28')).items.map((i) => i.inspected_on), ['2026-02-15']);
  const p1 = await get('limit=2&sort=inspected_on');
  assert.equal(p1.items.length, 2);
  const p2 = await get(`limit=2&sort=inspected_on&cursor=${encodeURIComponent(p1.next_cursor)}`);
  assert.deepEqual(p2.items.map((i) => i.inspected_on), ['2026-03-15']);
  const bad = await api('GET', `${P}?status=open`, { token: viewer });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'status');
});

test('templates: the national ones are listed for everyone; a county\'s template is invisible to another county; ancestors\' are shared', async () => {
  const mine = await createTemplate({ org_id: t0.county.id, name: `本县检查表-${uniq('t')}` });
  const cityTpl = await createTemplate({ org_id: t0.cityA.id, name: `市级检查表-${uniq('t')}` });
  const all = async (token) => {
    const res = await api('GET', `${T}?limit=500`, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: T });
    return res.body.items;
  };
  const unitOfficer = await login((await createUser({ org_id: t0.unit.id, role: 'viewer' })).username);
  for (const token of [viewer, foreign, unitOfficer]) {
    const codes = (await all(token)).map((t) => t.code);
    assert.ok(codes.includes('hospital-general') && codes.includes('focus-2014-spring'), 'the shipped templates are listed');
  }
  const foreignIds = (await all(foreign)).map((t) => t.id);
  assert.ok(!foreignIds.includes(mine.id), "another county does not list the county's template");
  assert.ok(foreignIds.includes(cityTpl.id), 'the sibling county shares the city template');
  expectProblem(await api('GET', `${T}/${mine.id}`, { token: foreign }), 404, 'not_found');
  const fromBelow = await api('GET', `${T}/${mine.id}`, { token: unitOfficer });
  assert.equal(fromBelow.status, 200, 'a unit reads its county\'s template');
  expectValid(fromBelow, { method: 'GET', path: `${T}/{id}` });
  assert.equal(fromBelow.body.items.length, 3);
  const nat = await api('GET', `${T}/${national.id}`, { token: foreign });
  assert.equal(nat.status, 200);
  assert.equal(nat.body.org_id, null);
  assert.equal(nat.body.items.length, national.item_count);
  assert.equal(nat.headers.get('etag'), `"v${nat.body.version}"`);
});

test('templates: admins create, change and archive them; national ones are 409; used ones keep their items (409)', async () => {
  const made = await api('POST', T, { token: admin, body: { name: `新检查表-${uniq('t')}`, description: '测试', items: [{ text: '第一项', category: '消防' }, { text: '第二项', legal_basis: '某法' }] } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: T });
  assert.equal(made.body.org_id, t0.county.id);
  assert.deepEqual(made.body.items.map((i) => [i.position, i.text]), [[1, '第一项'], [2, '第二项']]);
  const bad = await api('POST', T, { token: admin, body: { name: '', items: [] } });
  expectProblem(bad, 400, 'validation_failed');
  assert.ok(bad.body.errors.some((e) => e.field === 'items'));
  expectProblem(await api('POST', T, { token: inspector, body: { name: '无权', items: [{ text: 'x' }] } }), 403, 'forbidden');
  const up = await api('PATCH', `${T}/${made.body.id}`, { token: admin, body: { items: [{ text: '唯一项' }] } });
  assert.equal(up.status, 200, up.text);
  expectValid(up, { method: 'PATCH', path: `${T}/{id}` });
  assert.equal(up.body.item_count, 1);
  await start(await createInstitution(), { template: { id: made.body.id } });
  expectProblem(await api('PATCH', `${T}/${made.body.id}`, { token: admin, body: { items: [{ text: '再改' }] } }), 409, 'conflict');
  expectProblem(await api('PATCH', `${T}/${national.id}`, { token: admin, body: { name: '改国家表' } }), 409, 'conflict');
  const del = await api('DELETE', `${T}/${made.body.id}`, { token: admin });
  assert.equal(del.status, 204);
  const listed = await api('GET', `${T}?limit=500`, { token: admin });
  assert.ok(!listed.body.items.some((t) => t.id === made.body.id), 'archived templates are not listed by default');
});

test('the inspection figures count submitted inspections by type and month, and the coverage of institutions', async () => {
  const city = await createOrg({ parent_id: t0.province.id, level: 'city' });
  const county = await createOrg({ parent_id: city.id, level: 'county' });
  const a = await createInstitution({ parent_id: county.id });
  const b = await createInstitution({ parent_id: county.id });
  const c = await createInstitution({ parent_id: county.id });
  await createInstitution({ parent_id: county.id, archived: true });
  await createInspection({ institution: a, type: 'routine', state: 'submitted', inspected_on: '2026-03-05' });
  await createInspection({ institution: a, type: 'self', state: 'submitted', inspected_on: '2026-04-02' });
  await createInspection({ institution: b, type: 'spot', state: 'submitted', inspected_on: '2026-04-20' });
  await createInspection({ institution: c, type: 'spot', state: 'draft', inspected_on: '2026-04-21' });
  const cityViewer = await login((await createUser({ org_id: city.id, role: 'viewer' })).username);
  const res = await api('GET', `/api/v1/figures/inspections?org_id=${county.id}`, { token: cityViewer });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/figures/inspections' });
  const path = (await q('SELECT path::text FROM orgs WHERE id = $1', [county.id]))[0].path;
  const byType = await q(`SELECT type, count(*)::int AS count FROM inspections WHERE org_path <@ $1::ltree AND status = 'submitted' GROUP BY type ORDER BY type`, [path]);
  const byMonth = await q(`SELECT to_char(inspected_on, 'YYYY-MM') AS month, count(*)::int AS count FROM inspections WHERE org_path <@ $1::ltree AND status = 'submitted' GROUP BY 1 ORDER BY 1`, [path]);
  const nz = (arr, k) => arr.filter((x) => x.count > 0).map((x) => ({ [k]: x[k], count: x.count })).sort((x, y) => String(x[k]).localeCompare(String(y[k])));
  assert.deepEqual(nz(res.body.by_type, 'type'), byType);
  assert.deepEqual(nz(res.body.by_month, 'month'), byMonth);
  assert.deepEqual(byMonth, [{ month: '2026-03', count: 1 }, { month: '2026-04', count: 2 }]);
  assert.deepEqual({ units: res.body.coverage.units, inspected: res.body.coverage.inspected }, { units: 3, inspected: 2 });
  assert.ok(Math.abs(res.body.coverage.rate - 2 / 3) < 1e-3, `rate ${res.body.coverage.rate}`);
  const april = await api('GET', `/api/v1/figures/inspections?org_id=${county.id}&from=2026-04-01&to=2026-04-30`, { token: cityViewer });
  assert.equal(april.status, 200, april.text);
  assert.deepEqual(nz(april.body.by_month, 'month'), [{ month: '2026-04', count: 2 }]);
  assert.deepEqual(nz(april.body.by_type, 'type'), [{ type: 'self', count: 1 }, { type: 'spot', count: 1 }]);
  expectProblem(await api('GET', `/api/v1/figures/inspections?org_id=${county.id}`, { token: viewer }), 404, 'not_found');
});

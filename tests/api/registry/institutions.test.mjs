// The institution database (医疗卫生机构数据库): records with their unit org, credit-code rules,
// JSON sub-objects, optimistic locking, idempotent creates, key locations, construction projects,
// the 打非治违 list, the grid coverage figure, and the list's filters, search, sorting and paging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem, UUID_RE } from '../lib/http.mjs';
import { expectValid, validateResponse } from '../lib/openapi.mjs';
import {
  tree, login, uniq, q, closeDb, createOrg, createUser, createInstitution, createProject, createKeyLocation,
  creditCode, creditCodeValid, creditCheckChar,
} from '../lib/fixtures.mjs';

let t0;
let admin; // the county admin's token
let inspector;
let viewer;
let foreign; // an admin of the sibling county
let sibling; // an admin of the sibling county: another branch

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  inspector = await login(t0.users.inspector.username);
  viewer = await login(t0.users.viewer.username);
  sibling = await createUser({ org_id: t0.sibling.id, role: 'admin' });
  foreign = await login(sibling.username);
});
after(closeDb);

const P = '/api/v1/institutions';
const fieldErrors = (res) => (res.body?.errors ?? []).map((e) => `${e.field}:${e.code}`);

async function create(body, { token = admin, headers } = {}) {
  return api('POST', P, { token, body: { parent_id: t0.county.id, name: `测试机构-${uniq('n')}`, credit_code: creditCode(), type: 'general_hospital', ...body }, headers });
}

test('creating an institution with parent_id and name makes the unit org and the record (201, Location, ETag)', async () => {
  const name = `沈阳测试人民医院-${uniq('c')}`;
  const res = await api('POST', P, { token: inspector, body: {
    parent_id: t0.county.id, name, credit_code: creditCode(), type: 'general_hospital', grade: '2A', ownership: 'public',
    address: '测试路1号', beds: 320, staff: 410, longitude: 123.4, latitude: 41.8,
    principal: { name: '张三', phone: '024-23456789' }, contacts: [{ name: '李四', role: '办公室', phone: '13800138000' }],
    safety_department: { name: '保卫科', head: '王五', phone: '024-1234567' }, safety_officers: [{ department: '药剂科', name: '赵六' }],
    grid_name: '一网格', grid_head: '钱七', grid_head_phone: '13900139000',
  } });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: P });
  assert.equal(res.body.name, name);
  assert.equal(res.body.parent_id, t0.county.id);
  assert.equal(res.body.parent_name, t0.county.name);
  assert.equal(res.body.beds, 320);
  assert.deepEqual(res.body.principal, { name: '张三', phone: '024-23456789' });
  assert.equal(res.body.archived, false);
  assert.equal(res.headers.get('location'), `${P}/${res.body.id}`);
  assert.equal(res.headers.get('etag'), `"v${res.body.version}"`);
  const org = await q("SELECT level, parent_id FROM orgs WHERE id = $1", [res.body.org_id]);
  assert.deepEqual(org[0], { level: 'unit', parent_id: t0.county.id });
  const got = await api('GET', `${P}/${res.body.id}`, { token: viewer });
  assert.equal(got.status, 200);
  expectValid(got, { method: 'GET', path: `${P}/{id}` });
  assert.equal(got.headers.get('etag'), `"v${got.body.version}"`);
  // A GET also says what the caller may do with the record: a viewer, nothing.
  const { allowed_actions: allowed, ...record } = got.body;
  assert.deepEqual(allowed, []);
  // the creator's answer says what the creator may do
  const { allowed_actions: creators, ...created } = res.body;
  assert.deepEqual(creators, ['update', 'archive']);
  assert.deepEqual(record, created);
});

test('an existing unit org without a record can be given one with org_id', async () => {
  const unit = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  const res = await api('POST', P, { token: admin, body: { org_id: unit.id, credit_code: creditCode(), type: 'cdc' } });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.org_id, unit.id);
  assert.equal(res.body.name, unit.name);
  const again = await api('POST', P, { token: admin, body: { org_id: unit.id, credit_code: creditCode(), type: 'cdc' } });
  expectProblem(again, 409, 'conflict');
});

test('PATCH changes fields and renames the unit org; DELETE archives (hidden from the default list)', async () => {
  const inst = await createInstitution();
  const name = `更名医院-${uniq('r')}`;
  const res = await api('PATCH', `${P}/${inst.id}`, { token: admin, body: { name, beds: 55, grid_name: '二网格' } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'PATCH', path: `${P}/{id}` });
  assert.equal(res.body.name, name);
  assert.equal(res.body.beds, 55);
  assert.equal(res.body.version, 2);
  assert.equal(res.headers.get('etag'), '"v2"');
  assert.equal((await q('SELECT name FROM orgs WHERE id = $1', [inst.org_id]))[0].name, name);
  const del = await api('DELETE', `${P}/${inst.id}`, { token: admin });
  assert.equal(del.status, 204);
  expectValid(del, { method: 'DELETE', path: `${P}/{id}` });
  assert.equal((await q('SELECT archived FROM institutions WHERE id = $1', [inst.id]))[0].archived, true);
  const list = await api('GET', `${P}?q=${encodeURIComponent(name)}`, { token: admin });
  assert.equal(list.body.total, 0, 'archived records are not listed by default');
  const all = await api('GET', `${P}?q=${encodeURIComponent(name)}&archived=all`, { token: admin });
  assert.equal(all.body.total, 1);
  assert.equal(all.body.items[0].archived, true);
});

test('credit codes with a correct GB 32100 check character are accepted', async () => {
  assert.ok(creditCodeValid('91350100M000100Y43'), 'the reference code is valid by the JS implementation');
  // real-world shaped codes, each verified by the JS check character
  for (const first of ['91350100M000100Y4', '12210000MB0123456', '52210102MJ0000001', '91210106MA0XXXXXX'.replace(/X/g, '1')]) {
    const code = first + creditCheckChar(first);
    assert.ok(creditCodeValid(code));
    const exists = await q('SELECT 1 FROM institutions WHERE credit_code = $1', [code]);
    if (exists.length) continue; // an earlier run registered it
    const res = await create({ credit_code: code });
    assert.equal(res.status, 201, `${code}: ${res.text}`);
    assert.equal(res.body.credit_code, code);
  }
});

test('a credit code with a wrong check character is field credit_code code "checksum"', async () => {
  const good = creditCode();
  const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const res = await create({ credit_code: wrong });
  expectProblem(res, 400, 'validation_failed');
  expectValid(res, { method: 'POST', path: P });
  assert.ok(fieldErrors(res).includes('credit_code:checksum'), JSON.stringify(res.body.errors));
  const ref = await create({ credit_code: '91350100M000100Y44' });
  assert.ok(fieldErrors(ref).includes('credit_code:checksum'), JSON.stringify(ref.body.errors));
});

test('a credit code of the wrong shape is field credit_code code "format"', async () => {
  for (const bad of ['91350100M000100Y4', '9135010OM000100Y43', '91A50100M000100Y43', 'abcdefghijklmnopqr', '91350100m000100y43']) {
    const res = await create({ credit_code: bad });
    expectProblem(res, 400, 'validation_failed');
    assert.ok(fieldErrors(res).includes('credit_code:format'), `${bad}: ${JSON.stringify(res.body.errors)}`);
  }
  // longer than 18 characters: the generic length code
  const long = await create({ credit_code: '91350100M000100Y433' });
  expectProblem(long, 400, 'validation_failed');
  assert.ok(fieldErrors(long).includes('credit_code:too_long') || fieldErrors(long).includes('credit_code:format'), JSON.stringify(long.body.errors));
});

test('a credit code already registered is 409 and creates no unit org', async () => {
  const inst = await createInstitution();
  const name = `重复代码-${uniq('d')}`;
  const res = await create({ credit_code: inst.credit_code, name });
  expectProblem(res, 409, 'conflict');
  expectValid(res, { method: 'POST', path: P });
  assert.equal((await q('SELECT count(*)::int AS n FROM orgs WHERE name = $1', [name]))[0].n, 0, 'the unit org was rolled back');
});

test('errors inside JSON sub-objects are named like "principal.phone" and "contacts[0].name"', async () => {
  const res = await create({ principal: { name: '张三', phone: 'x12' }, contacts: [{ role: '主任' }], safety_department: { boss: '甲' }, grid_head_phone: '1' });
  expectProblem(res, 400, 'validation_failed');
  const errs = fieldErrors(res);
  for (const e of ['principal.phone:format', 'contacts[0].name:required', 'safety_department.boss:unknown_field', 'grid_head_phone:format']) {
    assert.ok(errs.includes(e), `${e} in ${errs.join(', ')}`);
  }
});

test('bad input names the field: unknown members, type, enum, required', async () => {
  const res = await api('POST', P, { token: admin, body: { parent_id: t0.county.id, name: '甲', type: 'hospital', beds: 'many', color: 'red', credit_code: creditCode(), archived: true } });
  expectProblem(res, 400, 'validation_failed');
  const errs = fieldErrors(res);
  for (const e of ['type:enum', 'beds:type', 'color:unknown_field', 'archived:unknown_field']) assert.ok(errs.includes(e), `${e} in ${errs.join(', ')}`);
  const missing = await api('POST', P, { token: admin, body: { parent_id: t0.county.id, name: '乙' } });
  expectProblem(missing, 400, 'validation_failed');
  assert.ok(fieldErrors(missing).includes('credit_code:required') && fieldErrors(missing).includes('type:required'), fieldErrors(missing).join(', '));
  const patch = await api('PATCH', `${P}/${(await createInstitution()).id}`, { token: admin, body: { ownership: 'state' } });
  expectProblem(patch, 400, 'validation_failed');
  assert.ok(fieldErrors(patch).includes('ownership:enum'));
});

test('PATCH with a stale If-Match is 412 and changes nothing; the current one succeeds', async () => {
  const inst = await createInstitution({ beds: 10 });
  const cur = await api('GET', `${P}/${inst.id}`, { token: admin });
  const etag = cur.headers.get('etag');
  const ok = await api('PATCH', `${P}/${inst.id}`, { token: admin, headers: { 'if-match': etag }, body: { beds: 11 } });
  assert.equal(ok.status, 200, ok.text);
  const stale = await api('PATCH', `${P}/${inst.id}`, { token: admin, headers: { 'if-match': etag }, body: { beds: 12 } });
  expectProblem(stale, 412, 'precondition_failed');
  expectValid(stale, { method: 'PATCH', path: `${P}/{id}` });
  assert.equal((await q('SELECT beds FROM institutions WHERE id = $1', [inst.id]))[0].beds, 11);
});

test('an Idempotency-Key replay returns the same status and body and creates one record; the key with another body is 422', async () => {
  const key = randomUUID();
  const body = { parent_id: t0.county.id, name: `幂等医院-${uniq('k')}`, credit_code: creditCode(), type: 'primary_care' };
  const first = await api('POST', P, { token: admin, body, headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201, first.text);
  const again = await api('POST', P, { token: admin, body, headers: { 'idempotency-key': key } });
  assert.equal(again.status, 201);
  validateResponse('POST', P, again.status, again.headers.get('content-type'), again.body); // headers: the next test
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.equal((await q('SELECT count(*)::int AS n FROM orgs WHERE name = $1', [body.name]))[0].n, 1, 'one unit org');
  assert.equal((await q('SELECT count(*)::int AS n FROM institutions WHERE credit_code = $1', [body.credit_code]))[0].n, 1, 'one record');
  const other = await api('POST', P, { token: admin, body: { ...body, name: `${body.name}-2` }, headers: { 'idempotency-key': key } });
  expectProblem(other, 422);
  expectValid(other, { method: 'POST', path: P });
  assert.equal((await q('SELECT count(*)::int AS n FROM orgs WHERE name = $1', [`${body.name}-2`]))[0].n, 0);
});

// A retried create gets the first answer with its headers, not just its body.
test('an Idempotency-Key replay carries the headers of the first answer (Location and ETag)', async () => {
  const key = randomUUID();
  const body = { parent_id: t0.county.id, name: `幂等头-${uniq('k')}`, credit_code: creditCode(), type: 'other' };
  const first = await api('POST', P, { token: admin, body, headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201, first.text);
  const again = await api('POST', P, { token: admin, body, headers: { 'idempotency-key': key } });
  assert.equal(again.headers.get('location'), first.headers.get('location'));
  assert.equal(again.headers.get('etag'), first.headers.get('etag'));
  expectValid(again, { method: 'POST', path: P });
});

test("another branch's caller gets 404 for the record, its children and as parent; its list lacks it", async () => {
  const inst = await createInstitution();
  const kl = await createKeyLocation({ institution: inst });
  const pj = await createProject({ institution: inst });
  for (const [m, path, body] of [['GET', `${P}/${inst.id}`], ['PATCH', `${P}/${inst.id}`, { beds: 1 }], ['DELETE', `${P}/${inst.id}`],
    ['GET', `${P}/${inst.id}/key-locations`], ['POST', `${P}/${inst.id}/projects`, { name: '越权项目' }],
    ['PATCH', `/api/v1/key-locations/${kl.id}`, { note: 'x' }], ['DELETE', `/api/v1/projects/${pj.id}`]]) {
    const res = await api(m, path, { token: foreign, body });
    expectProblem(res, 404, 'not_found');
  }
  const asParent = await api('POST', P, { token: foreign, body: { parent_id: t0.county.id, name: '越权机构', credit_code: creditCode(), type: 'other' } });
  expectProblem(asParent, 404, 'not_found');
  const list = await api('GET', `${P}?limit=500&q=${encodeURIComponent(inst.name)}`, { token: foreign });
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 0);
  const byOrg = await api('GET', `${P}?org_id=${t0.county.id}`, { token: foreign });
  expectProblem(byOrg, 404, 'not_found');
});

test('key locations: create, list, get, patch, delete; a bad kind names the field', async () => {
  const inst = await createInstitution();
  const base = `${P}/${inst.id}/key-locations`;
  const made = await api('POST', base, { token: inspector, body: { kind: 'power_room', name: '门诊楼配电室', duty_24h: true, note: '双电源' } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: `${P}/{id}/key-locations` });
  assert.equal(made.body.institution_id, inst.id);
  assert.equal(made.headers.get('location'), `/api/v1/key-locations/${made.body.id}`);
  const bad = await api('POST', base, { token: inspector, body: { kind: 'rooftop', name: '' } });
  expectProblem(bad, 400, 'validation_failed');
  assert.ok(fieldErrors(bad).includes('kind:enum'), fieldErrors(bad).join(', '));
  assert.ok(fieldErrors(bad).some((e) => e.startsWith('name:')));
  await createKeyLocation({ institution: inst, kind: 'kitchen', name: '职工食堂' });
  const list = await api('GET', base, { token: viewer });
  assert.equal(list.status, 200);
  expectValid(list, { method: 'GET', path: `${P}/{id}/key-locations` });
  assert.equal(list.body.total, 2);
  const kitchens = await api('GET', `${base}?kind=kitchen`, { token: viewer });
  assert.deepEqual(kitchens.body.items.map((k) => k.name), ['职工食堂']);
  const one = await api('GET', `/api/v1/key-locations/${made.body.id}`, { token: viewer });
  assert.equal(one.status, 200);
  expectValid(one, { method: 'GET', path: '/api/v1/key-locations/{id}' });
  const patched = await api('PATCH', `/api/v1/key-locations/${made.body.id}`, { token: inspector, body: { duty_24h: false } });
  assert.equal(patched.status, 200, patched.text);
  expectValid(patched, { method: 'PATCH', path: '/api/v1/key-locations/{id}' });
  assert.equal(patched.body.duty_24h, false);
  const rec = await api('GET', `${P}/${inst.id}`, { token: viewer });
  assert.equal(rec.body.key_location_count, 2);
  const del = await api('DELETE', `/api/v1/key-locations/${made.body.id}`, { token: inspector });
  assert.equal(del.status, 204);
  // archived, not deleted: still read by id, gone from the list and the count
  const gone = await api('GET', `/api/v1/key-locations/${made.body.id}`, { token: viewer });
  assert.equal(gone.status, 200);
  expectValid(gone, { method: 'GET', path: '/api/v1/key-locations/{id}' });
  assert.equal(gone.body.archived, true);
  const after = await api('GET', `${P}/${inst.id}/key-locations`, { token: viewer });
  assert.ok(!after.body.items.some((k) => k.id === made.body.id));
  assert.equal((await api('GET', `${P}/${inst.id}`, { token: viewer })).body.key_location_count, 1);
  assert.equal((await api('DELETE', `/api/v1/key-locations/${made.body.id}`, { token: inspector })).status, 204, 'twice: no change');
});

test('projects: create, list, get, patch, delete; unpermitted is computed; end before start is a field error', async () => {
  const inst = await createInstitution();
  const base = `${P}/${inst.id}/projects`;
  const made = await api('POST', base, { token: admin, body: { name: '住院楼加固', status: 'under_way', start_date: '2026-05-01', contractor: '某建设公司' } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: `${P}/{id}/projects` });
  assert.equal(made.body.unpermitted, true);
  assert.equal(made.body.institution_name, inst.name);
  const bad = await api('POST', base, { token: admin, body: { name: '倒序', start_date: '2026-05-02', end_date: '2026-05-01' } });
  expectProblem(bad, 400, 'validation_failed');
  assert.ok(fieldErrors(bad).some((e) => e.startsWith('end_date:')), fieldErrors(bad).join(', '));
  const badStatus = await api('POST', base, { token: admin, body: { name: '未知状态', status: 'halted' } });
  assert.ok(fieldErrors(badStatus).includes('status:enum'));
  const list = await api('GET', base, { token: viewer });
  expectValid(list, { method: 'GET', path: `${P}/{id}/projects` });
  assert.equal(list.body.total, 1);
  // the counts kept on the institution's row (0043): its answer and its row of the list
  const counted = await api('GET', `${P}/${inst.id}`, { token: viewer });
  assert.equal(counted.body.project_count, 1);
  assert.equal(counted.body.key_location_count, 0);
  const listed = await api('GET', `${P}?q=${encodeURIComponent(inst.name)}`, { token: viewer });
  expectValid(listed, { method: 'GET', path: P });
  assert.equal(listed.body.items.find((i) => i.id === inst.id)?.project_count, 1);
  const patched = await api('PATCH', `/api/v1/projects/${made.body.id}`, { token: admin, body: { construction_permit: '210102202605010001' } });
  assert.equal(patched.status, 200, patched.text);
  expectValid(patched, { method: 'PATCH', path: '/api/v1/projects/{id}' });
  assert.equal(patched.body.unpermitted, false);
  const one = await api('GET', `/api/v1/projects/${made.body.id}`, { token: viewer });
  expectValid(one, { method: 'GET', path: '/api/v1/projects/{id}' });
  assert.equal(one.headers.get('etag'), `"v${one.body.version}"`);
  const stale = await api('DELETE', `/api/v1/projects/${made.body.id}`, { token: admin, headers: { 'If-Match': '"v1"' } });
  expectProblem(stale, 412, 'precondition_failed');
  const del = await api('DELETE', `/api/v1/projects/${made.body.id}`, { token: admin, headers: { 'If-Match': one.headers.get('etag') } });
  assert.equal(del.status, 204);
  const gone = await api('GET', `/api/v1/projects/${made.body.id}`, { token: viewer });
  assert.equal(gone.body.archived, true);
  assert.equal((await api('GET', base, { token: viewer })).body.total, 0, 'left out of the list');
  assert.equal((await api('GET', `${P}/${inst.id}`, { token: viewer })).body.project_count, 0, 'and out of the count');
});

test('the 打非治违 list has an under_way project without a permit and not one with a permit', async () => {
  const inst = await createInstitution();
  const without = await createProject({ institution: inst, status: 'under_way' });
  const withPermit = await createProject({ institution: inst, status: 'under_way', construction_permit: '210102202601019999' });
  const planned = await createProject({ institution: inst, status: 'planned' });
  const ids = [];
  let cursor = null;
  do {
    const res = await api('GET', `/api/v1/projects/unpermitted?org_id=${t0.county.id}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: viewer });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: '/api/v1/projects/unpermitted' });
    ids.push(...res.body.items.map((p) => p.id));
    for (const p of res.body.items) assert.equal(p.unpermitted, true);
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.ok(ids.includes(without.id), 'the project under way without a permit is listed');
  assert.ok(!ids.includes(withPermit.id), 'the permitted one is not');
  assert.ok(!ids.includes(planned.id), 'a planned one is not');
  const foreignList = await api('GET', '/api/v1/projects/unpermitted?limit=500', { token: foreign });
  assert.ok(!foreignList.body.items.some((p) => p.id === without.id), "another branch's caller does not see it");
});

test('the grid coverage figure equals the count computed in SQL', async () => {
  const city = await createOrg({ parent_id: t0.province.id, level: 'city' });
  const county = await createOrg({ parent_id: city.id, level: 'county' });
  await createInstitution({ parent_id: county.id, grid_name: '网格一', grid_head: '甲' });
  await createInstitution({ parent_id: county.id, grid_name: '网格二', grid_head: '乙' });
  await createInstitution({ parent_id: county.id, grid_name: '网格三' }); // no head: not covered
  await createInstitution({ parent_id: county.id });
  await createInstitution({ parent_id: county.id, grid_name: '网格四', grid_head: '丁', archived: true }); // archived: not a unit
  const cityAdmin = await login((await createUser({ org_id: city.id, role: 'viewer' })).username);
  const res = await api('GET', `/api/v1/figures/grid-coverage?org_id=${county.id}`, { token: cityAdmin });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/figures/grid-coverage' });
  const [sql] = await q(`SELECT count(*)::int AS units, count(*) FILTER (WHERE grid_name IS NOT NULL AND grid_head IS NOT NULL)::int AS with_grid
                         FROM institutions WHERE org_path <@ (SELECT path FROM orgs WHERE id = $1) AND NOT archived`, [county.id]);
  assert.deepEqual({ units: res.body.units, with_grid: res.body.with_grid }, sql);
  assert.deepEqual(sql, { units: 4, with_grid: 2 });
  assert.ok(Math.abs(res.body.coverage - 0.5) < 1e-9);
  const whole = await api('GET', '/api/v1/figures/grid-coverage', { token: admin });
  const [own] = await q(`SELECT count(*)::int AS units, count(*) FILTER (WHERE grid_name IS NOT NULL AND grid_head IS NOT NULL)::int AS with_grid
                         FROM institutions WHERE org_path <@ $1::ltree AND NOT archived`, [t0.county.path]);
  assert.deepEqual({ units: whole.body.units, with_grid: whole.body.with_grid }, own, 'default: the caller\'s subtree');
  expectProblem(await api('GET', `/api/v1/figures/grid-coverage?org_id=${county.id}`, { token: admin }), 404, 'not_found');
});

test('list filters (type, grade, ownership, has_grid), q search in Chinese, sorting, cursor paging with total', async () => {
  const county = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const tag = uniq('列');
  const made = [];
  made.push(await createInstitution({ parent_id: county.id, name: `${tag}甲中医院`, type: 'tcm_hospital', grade: '3A', beds: 500, grid_name: 'g', grid_head: 'h' }));
  made.push(await createInstitution({ parent_id: county.id, name: `${tag}乙妇幼保健院`, type: 'maternal_child', grade: '2A', beds: 100, ownership: 'private' }));
  made.push(await createInstitution({ parent_id: county.id, name: `${tag}丙卫生院`, type: 'primary_care', beds: 30 }));
  made.push(await createInstitution({ parent_id: county.id, name: `${tag}丁中医医院`, type: 'tcm_hospital', grade: '2A', beds: 200 }));
  made.push(await createInstitution({ parent_id: county.id, name: `${tag}戊血站`, type: 'blood_station', beds: 0 }));
  const cityAdmin = await login((await createUser({ org_id: t0.cityA.id, role: 'viewer' })).username);
  const get = async (qs) => {
    const res = await api('GET', `${P}?org_id=${county.id}&${qs}`, { token: cityAdmin });
    assert.equal(res.status, 200, `${qs}: ${res.text}`);
    expectValid(res, { method: 'GET', path: P });
    return res.body;
  };
  assert.equal((await get('')).total, 5);
  assert.deepEqual((await get('type=tcm_hospital&sort=name')).items.map((i) => i.name).sort(), [`${tag}丁中医医院`, `${tag}甲中医院`].sort());
  assert.deepEqual((await get('grade=2A&sort=-beds')).items.map((i) => i.beds), [200, 100]);
  assert.deepEqual((await get('ownership=private')).items.map((i) => i.name), [`${tag}乙妇幼保健院`]);
  assert.deepEqual((await get('has_grid=true')).items.map((i) => i.name), [`${tag}甲中医院`]);
  assert.equal((await get('has_grid=false')).total, 4);
  assert.deepEqual((await get(`q=${encodeURIComponent('中医')}&sort=-beds`)).items.map((i) => i.name), [`${tag}甲中医院`, `${tag}丁中医医院`]);
  assert.equal((await get(`q=${encodeURIComponent('妇幼')}`)).total, 1);
  assert.deepEqual((await get('sort=beds')).items.map((i) => i.beds), [0, 30, 100, 200, 500]);
  const byName = (await get('sort=-name')).items.map((i) => i.name);
  assert.deepEqual(byName, [...byName].sort().reverse(), 'sort=-name orders by name descending');
  // paging: 2 per page, every record once, the total on the first page only
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await get(`sort=-beds&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.total, cursor ? undefined : 5);
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((i) => i.beds));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor && pages < 10);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [500, 200, 100, 30, 0]);
  for (const bad of ['sort=color', 'limit=0', 'limit=501', 'type=clinic', 'has_grid=maybe', 'cursor=garbage']) {
    const res = await api('GET', `${P}?${bad}`, { token: cityAdmin });
    expectProblem(res, 400, 'validation_failed');
    expectValid(res, { method: 'GET', path: P });
    assert.equal(res.body.errors[0].field, bad.split('=')[0], `${bad}: the field is named`);
  }
  void made; void UUID_RE;
});

test('a malformed or unknown institution id is 404', async () => {
  expectProblem(await api('GET', `${P}/not-a-uuid`, { token: admin }), 404, 'not_found');
  expectProblem(await api('GET', `${P}/${randomUUID()}`, { token: admin }), 404, 'not_found');
});

test('renaming the org of an institution re-sorts the name-ordered list at once (the name kept on the institution, migration 0031)', async () => {
  const county = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const tag = uniq('名');
  const a = await createInstitution({ parent_id: county.id, name: `${tag}甲医院` });
  await createInstitution({ parent_id: county.id, name: `${tag}乙医院` });
  const cityAdmin = await login((await createUser({ org_id: t0.cityA.id, role: 'admin' })).username);
  const names = async (sort) => {
    const res = await api('GET', `${P}?org_id=${county.id}&sort=${sort}`, { token: cityAdmin });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: P });
    return res.body.items.map((i) => i.name);
  };
  assert.deepEqual(await names('name'), [`${tag}乙医院`, `${tag}甲医院`].sort());
  const org = await api('GET', `/api/v1/orgs/${a.org_id}`, { token: cityAdmin });
  const renamed = await api('PATCH', `/api/v1/orgs/${a.org_id}`, { token: cityAdmin, headers: { 'If-Match': org.headers.get('etag') }, body: { name: `${tag}丙医院` } });
  assert.equal(renamed.status, 200, renamed.text);
  const expected = [`${tag}乙医院`, `${tag}丙医院`].sort();
  assert.deepEqual(await names('name'), expected);
  assert.deepEqual(await names('-name'), [...expected].reverse());
  const [row] = await q('SELECT org_name FROM institutions WHERE id = $1', [a.id]);
  assert.equal(row.org_name, `${tag}丙医院`);
});

test("a city's list pages through its whole subtree in name order, as a direct query orders it (city_path, migration 0031)", async () => {
  const city = await createOrg({ parent_id: t0.province.id, level: 'city' });
  const counties = [await createOrg({ parent_id: city.id, level: 'county' }), await createOrg({ parent_id: city.id, level: 'county' })];
  const tag = uniq('市');
  for (const [k, name] of ['丁', '甲', '丙', '乙', '戊'].entries()) {
    await createInstitution({ parent_id: counties[k % 2].id, name: `${tag}${name}卫生院` });
  }
  const other = await createOrg({ parent_id: t0.province.id, level: 'city' });
  const otherCounty = await createOrg({ parent_id: other.id, level: 'county' });
  await createInstitution({ parent_id: otherCounty.id, name: `${tag}己卫生院` }); // same tag, another city
  const cityAdmin = await login((await createUser({ org_id: city.id, role: 'admin' })).username);
  const seen = [];
  let cursor = null;
  do {
    const res = await api('GET', `${P}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: cityAdmin });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: P });
    if (!cursor) assert.equal(res.body.total, 5, 'the first page counts the subtree');
    seen.push(...res.body.items.map((i) => i.name));
    cursor = res.body.next_cursor;
  } while (cursor);
  const [{ path }] = await q('SELECT path::text FROM orgs WHERE id = $1', [city.id]);
  const direct = await q('SELECT org_name FROM institutions WHERE org_path <@ $1::ltree AND NOT archived ORDER BY org_name, id', [path]);
  assert.deepEqual(seen, direct.map((r) => r.org_name));
  assert.equal(seen.length, 5);
  assert.ok(!seen.includes(`${tag}己卫生院`), "another city's unit is not listed");
  // the province's admin (root: the whole tree) sees both cities' units in the same order
  const prov = await login('ln.admin');
  const res = await api('GET', `${P}?q=${encodeURIComponent(tag)}&limit=10`, { token: prov });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.items.map((i) => i.name), [...seen, `${tag}己卫生院`].sort());
});

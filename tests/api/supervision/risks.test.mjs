// The risk database (风险数据库): the server grades every risk (LEC D = L×E×C: > 320 major,
// 160 < D ≤ 320 significant, 70 < D ≤ 160 general, ≤ 70 low; matrix R = likelihood×severity:
// ≥ 20 major, 12..19 significant, 6..11 general, < 6 low), refuses client-sent scores, and the
// figures count what the database holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, uniq, q, closeDb, createOrg, createUser, createInstitution, createKeyLocation, createRisk, lecGrade } from '../lib/fixtures.mjs';

let t0;
let inspector;
let viewer;
let foreign;
let inst;

before(async () => {
  t0 = await tree();
  inspector = await login(t0.users.inspector.username);
  viewer = await login(t0.users.viewer.username);
  foreign = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  inst = await createInstitution();
});
after(closeDb);

const P = '/api/v1/risks';
const fieldErrors = (res) => (res.body?.errors ?? []).map((e) => `${e.field}:${e.code}`);
const post = (body, token = inspector) => api('POST', P, { token, body: { institution_id: inst.id, name: `风险-${uniq('g')}`, category: 'fire', ...body } });

// Every table product at or next to a threshold (320 and 160 are not products of the tables;
// 70 is: 1 × 10 × 7). The largest product not above a threshold and the smallest above it.
const LEC_CASES = [
  [[6, 6, 15], 540, 'major'],
  [[3, 3, 40], 360, 'major'], // smallest product above 320
  [[0.5, 6, 100], 300, 'significant'], // largest product not above 320
  [[3, 6, 15], 270, 'significant'],
  [[6, 2, 15], 180, 'significant'], // smallest product above 160
  [[0.5, 3, 100], 150, 'general'], // largest product not above 160
  [[3, 6, 7], 126, 'general'],
  [[0.5, 10, 15], 75, 'general'], // smallest product above 70
  [[1, 10, 7], 70, 'low'], // exactly 70: not above it
  [[1, 6, 7], 42, 'low'],
  [[0.1, 0.5, 1], 0.05, 'low'],
];

for (const [[l, e, c], d, grade] of LEC_CASES) {
  test(`LEC ${l} × ${e} × ${c} = ${d} is graded ${grade}`, async () => {
    assert.equal(lecGrade(d), grade, 'the test table agrees with the contract');
    const res = await post({ method: 'lec', lec_l: l, lec_e: e, lec_c: c });
    assert.equal(res.status, 201, res.text);
    expectValid(res, { method: 'POST', path: P });
    assert.ok(Math.abs(res.body.score - d) < 1e-9, `score ${res.body.score} = ${d}`);
    assert.equal(res.body.grade, grade);
    assert.equal(res.body.likelihood, null);
    const [row] = await q('SELECT score::float8 AS score, grade FROM risks WHERE id = $1', [res.body.id]);
    assert.deepEqual(row, { score: d, grade });
  });
}

const MATRIX_CASES = [[5, 4, 20, 'major'], [5, 5, 25, 'major'], [4, 3, 12, 'significant'], [3, 2, 6, 'general'], [5, 1, 5, 'low'],
  [1, 1, 1, 'low'], [4, 4, 16, 'significant'], [2, 5, 10, 'general'], [3, 4, 12, 'significant']];
for (const [likelihood, severity, r, grade] of MATRIX_CASES) {
  test(`matrix ${likelihood} × ${severity} = ${r} is graded ${grade}`, async () => {
    const res = await post({ method: 'matrix', likelihood, severity });
    assert.equal(res.status, 201, res.text);
    expectValid(res, { method: 'POST', path: P });
    assert.equal(res.body.score, r);
    assert.equal(res.body.grade, grade);
    assert.equal(res.body.lec_l, null);
  });
}

test('matrix products just below a threshold (19 and 11 are not products: 18 = 3×6 no; 16, 15, 10, 9, 8) grade one step down', async () => {
  // 19 and 11 are prime and above 5, so no likelihood × severity gives them; the largest products
  // below 20 and 12 are 16 (4×4) and 10 (2×5); below 6 it is 5 (5×1).
  for (const [l, s, grade] of [[4, 4, 'significant'], [3, 5, 'significant'], [2, 5, 'general'], [3, 3, 'general'], [4, 2, 'general'], [5, 1, 'low'], [2, 2, 'low']]) {
    const res = await post({ method: 'matrix', likelihood: l, severity: s });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.grade, grade, `${l}×${s}`);
  }
});

test('a client-sent score or grade is unknown_field', async () => {
  const res = await post({ method: 'matrix', likelihood: 1, severity: 1, score: 25, grade: 'major' });
  expectProblem(res, 400, 'validation_failed');
  expectValid(res, { method: 'POST', path: P });
  const errs = fieldErrors(res);
  assert.ok(errs.includes('score:unknown_field') && errs.includes('grade:unknown_field'), errs.join(', '));
  const risk = await createRisk({ institution: inst });
  const patch = await api('PATCH', `${P}/${risk.id}`, { token: inspector, body: { grade: 'low' } });
  expectProblem(patch, 400, 'validation_failed');
  assert.ok(fieldErrors(patch).includes('grade:unknown_field'));
});

test('LEC values off the tables and matrix values out of 1..5 are field errors naming the member', async () => {
  const res = await post({ method: 'lec', lec_l: 2, lec_e: 4, lec_c: 50 });
  expectProblem(res, 400, 'validation_failed');
  const errs = res.body.errors.map((e) => e.field);
  for (const f of ['lec_l', 'lec_e', 'lec_c']) assert.ok(errs.includes(f), `${f} in ${errs.join(', ')}`);
  const m = await post({ method: 'matrix', likelihood: 6, severity: 0 });
  expectProblem(m, 400, 'validation_failed');
  assert.ok(m.body.errors.some((e) => e.field === 'likelihood') && m.body.errors.some((e) => e.field === 'severity'));
  const missing = await post({ method: 'lec', lec_l: 1 });
  expectProblem(missing, 400, 'validation_failed');
  assert.ok(fieldErrors(missing).includes('lec_e:required') && fieldErrors(missing).includes('lec_c:required'), fieldErrors(missing).join(', '));
  const mixed = await post({ method: 'matrix', likelihood: 2, severity: 2, lec_l: 1 });
  expectProblem(mixed, 400, 'validation_failed');
  assert.ok(mixed.body.errors.some((e) => e.field === 'lec_l'));
  const enumErr = await post({ method: 'guess', category: 'meteor' });
  expectProblem(enumErr, 400, 'validation_failed');
  assert.ok(fieldErrors(enumErr).includes('method:enum') && fieldErrors(enumErr).includes('category:enum'), fieldErrors(enumErr).join(', '));
});

test('PATCH regrades the risk (and may switch the method); a stale If-Match is 412', async () => {
  const made = await post({ method: 'lec', lec_l: 1, lec_e: 6, lec_c: 7 });
  assert.equal(made.body.grade, 'low');
  const up = await api('PATCH', `${P}/${made.body.id}`, { token: inspector, headers: { 'if-match': made.headers.get('etag') }, body: { lec_l: 10 } });
  assert.equal(up.status, 200, up.text);
  expectValid(up, { method: 'PATCH', path: `${P}/{id}` });
  assert.equal(up.body.score, 420);
  assert.equal(up.body.grade, 'major');
  assert.equal(up.headers.get('etag'), `"v${up.body.version}"`);
  const stale = await api('PATCH', `${P}/${made.body.id}`, { token: inspector, headers: { 'if-match': made.headers.get('etag') }, body: { lec_l: 1 } });
  expectProblem(stale, 412, 'precondition_failed');
  const sw = await api('PATCH', `${P}/${made.body.id}`, { token: inspector, body: { method: 'matrix', likelihood: 4, severity: 3 } });
  assert.equal(sw.status, 200, sw.text);
  assert.deepEqual([sw.body.method, sw.body.score, sw.body.grade, sw.body.lec_l], ['matrix', 12, 'significant', null]);
  const got = await api('GET', `${P}/${made.body.id}`, { token: viewer });
  assert.equal(got.status, 200);
  expectValid(got, { method: 'GET', path: `${P}/{id}` });
  assert.equal(got.headers.get('etag'), `"v${got.body.version}"`);
});

test('a key location of the same institution can be linked; one of another institution is 404', async () => {
  const kl = await createKeyLocation({ institution: inst, name: '液氧站' });
  const res = await post({ method: 'matrix', likelihood: 2, severity: 2, key_location_id: kl.id });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.key_location_name, '液氧站');
  const otherKl = await createKeyLocation({ institution: await createInstitution() });
  expectProblem(await post({ method: 'matrix', likelihood: 2, severity: 2, key_location_id: otherKl.id }), 404, 'not_found');
});

test('the overdue flag and filter follow review_date against today', async () => {
  const past = await post({ method: 'matrix', likelihood: 1, severity: 2, review_date: '2020-01-01' });
  const future = await post({ method: 'matrix', likelihood: 1, severity: 2, review_date: '2099-12-31' });
  const none = await post({ method: 'matrix', likelihood: 1, severity: 2 });
  assert.equal(past.body.review_overdue, true);
  assert.equal(future.body.review_overdue, false);
  assert.equal(none.body.review_overdue, false);
  const list = await api('GET', `${P}?institution_id=${inst.id}&overdue=true&limit=500`, { token: viewer });
  assert.equal(list.status, 200, list.text);
  expectValid(list, { method: 'GET', path: P });
  const ids = list.body.items.map((r) => r.id);
  assert.ok(ids.includes(past.body.id) && !ids.includes(future.body.id) && !ids.includes(none.body.id));
  for (const r of list.body.items) assert.equal(r.review_overdue, true);
});

test('DELETE archives: gone from the default list, kept in the table', async () => {
  const made = await post({ method: 'matrix', likelihood: 1, severity: 1 });
  const del = await api('DELETE', `${P}/${made.body.id}`, { token: inspector });
  assert.equal(del.status, 204);
  expectValid(del, { method: 'DELETE', path: `${P}/{id}` });
  assert.equal((await q('SELECT archived FROM risks WHERE id = $1', [made.body.id]))[0].archived, true);
  const list = await api('GET', `${P}?institution_id=${inst.id}&limit=500`, { token: viewer });
  assert.ok(!list.body.items.some((r) => r.id === made.body.id));
});

test("another branch's caller gets 404 (read, write, create on the institution); viewers cannot write (403)", async () => {
  const risk = await createRisk({ institution: inst });
  expectProblem(await api('GET', `${P}/${risk.id}`, { token: foreign }), 404, 'not_found');
  expectProblem(await api('PATCH', `${P}/${risk.id}`, { token: foreign, body: { name: '改' } }), 404, 'not_found');
  expectProblem(await api('DELETE', `${P}/${risk.id}`, { token: foreign }), 404, 'not_found');
  expectProblem(await post({ method: 'matrix', likelihood: 1, severity: 1 }, foreign), 404, 'not_found');
  expectProblem(await post({ method: 'matrix', likelihood: 1, severity: 1 }, viewer), 403, 'forbidden');
  const list = await api('GET', `${P}?limit=500&q=${encodeURIComponent(inst.name)}`, { token: foreign });
  assert.equal(list.body.total, 0);
});

test('the list filters by grade, category and method, searches names, and sorts by score', async () => {
  const own = await createInstitution({ name: `${uniq('筛')}医院` });
  await createRisk({ institution: own, name: '配电室电气火灾', category: 'electrical', method: 'lec', l: 6, e: 6, c: 15 }); // 540 major
  await createRisk({ institution: own, name: '厨房燃气泄漏', category: 'gas', method: 'matrix', likelihood: 4, severity: 3 }); // 12 significant
  await createRisk({ institution: own, name: '实验室感染', category: 'lab_biosafety', method: 'matrix', likelihood: 1, severity: 2 }); // 2 low
  const get = async (qs) => {
    const res = await api('GET', `${P}?institution_id=${own.id}&${qs}`, { token: viewer });
    assert.equal(res.status, 200, `${qs}: ${res.text}`);
    expectValid(res, { method: 'GET', path: P });
    return res.body;
  };
  assert.deepEqual((await get('sort=-score')).items.map((r) => r.score), [540, 12, 2]);
  assert.deepEqual((await get('sort=score')).items.map((r) => r.score), [2, 12, 540]);
  assert.deepEqual((await get('grade=major')).items.map((r) => r.name), ['配电室电气火灾']);
  assert.deepEqual((await get('category=gas')).items.map((r) => r.name), ['厨房燃气泄漏']);
  assert.equal((await get('method=matrix')).total, 2);
  assert.deepEqual((await get(`q=${encodeURIComponent('燃气')}`)).items.map((r) => r.name), ['厨房燃气泄漏']);
  const page1 = await get('sort=-score&limit=2');
  assert.equal(page1.total, 3);
  assert.equal(page1.items.length, 2);
  const page2 = await get(`sort=-score&limit=2&cursor=${encodeURIComponent(page1.next_cursor)}`);
  assert.deepEqual(page2.items.map((r) => r.score), [2]);
  assert.equal(page2.next_cursor, null);
  const bad = await api('GET', `${P}?grade=red`, { token: viewer });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'grade');
});

test('the risk figures by grade and category equal the counts computed in SQL', async () => {
  const city = await createOrg({ parent_id: t0.province.id, level: 'city' });
  const county = await createOrg({ parent_id: city.id, level: 'county' });
  const a = await createInstitution({ parent_id: county.id });
  const b = await createInstitution({ parent_id: county.id });
  await createRisk({ institution: a, category: 'fire', method: 'lec', l: 6, e: 6, c: 15 });
  await createRisk({ institution: a, category: 'fire', method: 'matrix', likelihood: 3, severity: 2 });
  await createRisk({ institution: b, category: 'electrical', method: 'matrix', likelihood: 5, severity: 4 });
  await createRisk({ institution: b, category: 'gas', method: 'lec', l: 1, e: 6, c: 7 });
  await createRisk({ institution: b, category: 'gas', method: 'lec', l: 1, e: 6, c: 7, archived: true });
  const cityViewer = await login((await createUser({ org_id: city.id, role: 'viewer' })).username);
  const res = await api('GET', `/api/v1/figures/risks?org_id=${county.id}`, { token: cityViewer });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/figures/risks' });
  const rows = await q(`SELECT category, grade, count(*)::int AS n FROM risks
                        WHERE org_path <@ (SELECT path FROM orgs WHERE id = $1) AND NOT archived GROUP BY category, grade`, [county.id]);
  const byGrade = { major: 0, significant: 0, general: 0, low: 0 };
  const byCat = {};
  for (const r of rows) {
    byGrade[r.grade] += r.n;
    byCat[r.category] ??= { category: r.category, major: 0, significant: 0, general: 0, low: 0, total: 0 };
    byCat[r.category][r.grade] += r.n;
    byCat[r.category].total += r.n;
  }
  assert.equal(res.body.total, rows.reduce((s, r) => s + r.n, 0));
  assert.equal(res.body.total, 4);
  assert.deepEqual(res.body.by_grade, byGrade);
  const got = Object.fromEntries(res.body.by_category.filter((c) => c.total > 0).map((c) => [c.category, c]));
  assert.deepEqual(got, byCat);
  // the default is the caller's own subtree; an org outside it is 404
  const mine = await api('GET', '/api/v1/figures/risks', { token: viewer });
  const [n] = await q('SELECT count(*)::int AS n FROM risks WHERE org_path <@ $1::ltree AND NOT archived', [t0.county.path]);
  assert.equal(mine.body.total, n.n);
  expectProblem(await api('GET', `/api/v1/figures/risks?org_id=${county.id}`, { token: viewer }), 404, 'not_found');
});

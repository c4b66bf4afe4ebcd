// The institution, user, risk and inspection lists of a city, a county and a unit right under a city
// page through exactly their subtree in the default order, as a direct query orders it: those
// callers' lists find their rows by a stored prefix of the path (city_path, county_path,
// migrations 0031, 0034, 0035 and 0037), which must mean the same as the subtree test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createOrg, createUser, createInstitution, createRisk, createInspection, login, q, closeDb } from '../lib/fixtures.mjs';

let city; let counties; let direct; let other; const insts = {}; const tok = {};

before(async () => {
  const t = await tree();
  city = await createOrg({ parent_id: t.province.id, level: 'city' });
  counties = [await createOrg({ parent_id: city.id, level: 'county' }), await createOrg({ parent_id: city.id, level: 'county' })];
  insts.k0 = await createInstitution({ parent_id: counties[0].id });
  insts.k1 = await createInstitution({ parent_id: counties[1].id });
  insts.direct = await createInstitution({ parent_id: city.id }); // a unit right under the city: a path of three labels
  other = await createOrg({ parent_id: t.province.id, level: 'city' });
  insts.other = await createInstitution({ parent_id: (await createOrg({ parent_id: other.id, level: 'county' })).id });
  direct = insts.direct.org_id;
  tok.city = await login((await createUser({ org_id: city.id, role: 'admin' })).username);
  tok.county = await login((await createUser({ org_id: counties[0].id, role: 'admin' })).username);
  tok.direct = await login((await createUser({ org_id: direct, role: 'admin' })).username);
});
after(closeDb);

// Every id of the list, page by page (`limit` a page; null: the list's default); the first page's
// total into out.total.
async function pageAll(path, token, limit = 2, out = {}) {
  const seen = [];
  let cursor = null;
  do {
    const query = [limit ? `limit=${limit}` : null, cursor ? `cursor=${encodeURIComponent(cursor)}` : null].filter(Boolean).join('&');
    const res = await api('GET', `${path}${query ? `?${query}` : ''}`, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path });
    if (!cursor) out.total = res.body.total;
    seen.push(...res.body.items.map((x) => x.id));
    cursor = res.body.next_cursor;
  } while (cursor);
  return seen;
}

const pathOf = async (orgId) => (await q('SELECT path::text AS p FROM orgs WHERE id = $1', [orgId]))[0].p;

// The city's list holds its `sizes.city` rows (six) and none of the other city's, the county's its
// `sizes.county` (two), the unit's its own; each exactly as `SELECT id FROM <table> ... ORDER BY
// <order>` orders its subtree.
async function expectSubtrees(path, table, order, sizes = { city: 6, county: 2 }, listed = 'NOT archived') {
  const expect = async (orgId) => (await q(
    `SELECT id::text FROM ${table} WHERE org_path <@ $1::ltree AND ${listed} ORDER BY ${order}`, [await pathOf(orgId)])).map((r) => r.id);
  const cityIds = await pageAll(path, tok.city);
  assert.equal(cityIds.length, sizes.city, "the city's own, none of the other city's");
  assert.deepEqual(cityIds, await expect(city.id));
  const countyIds = await pageAll(path, tok.county);
  assert.equal(countyIds.length, sizes.county);
  assert.deepEqual(countyIds, await expect(counties[0].id));
  assert.deepEqual(await pageAll(path, tok.direct), await expect(direct));
}

// two rows in each county, two right under the city, two in the other city, interleaved
const PLACES = () => [insts.k0, insts.other, insts.direct, insts.k1, insts.k0, insts.direct, insts.other, insts.k1];

test('institutions: a city, a county and a unit right under the city page through exactly their subtree, in name order', async () => {
  // beside the four of before(): two more in each county and in the other city, names interleaved
  for (const [k, parent] of [counties[0], other, counties[1], counties[0], counties[1]].entries()) {
    await createInstitution({ parent_id: parent.id === other.id ? insts.other.parent_id : parent.id, name: `${'乙甲丙'[k % 3]}县医院-${k}` });
  }
  await expectSubtrees('/api/v1/institutions', 'institutions', 'org_name, id', { city: 7, county: 3 });
});

test('users: a city, a county and a unit right under the city page through exactly their subtree, in username order', async () => {
  // beside the three callers: one in each county, one in a unit of the first, one in the unit
  // right under the city, one in the other city (inactive users are listed too)
  for (const [k, org] of [counties[0].id, other.id, counties[1].id, insts.k0.org_id, direct].entries()) {
    await createUser({ org_id: org, active: k !== 3 });
  }
  await expectSubtrees('/api/v1/users', 'users', 'username, id', { city: 7, county: 3 }, 'true');
});

test('risks: a city, a county and a unit right under the city page through exactly their subtree, grade and score first', async () => {
  for (const [k, institution] of PLACES().entries()) {
    await createRisk({ institution, l: [1, 3, 6, 10][k % 4], e: [1, 2, 3, 6][(k + 1) % 4], c: [3, 7, 15][k % 3] });
  }
  await expectSubtrees('/api/v1/risks', 'risks',
    "array_position(ARRAY['low', 'general', 'significant', 'major'], grade) DESC, score DESC, id DESC");
});

test('inspections: a city, a county and a unit right under the city page through exactly their subtree, newest day first', async () => {
  for (const [k, institution] of PLACES().entries()) {
    await createInspection({ institution, state: 'submitted', inspected_on: `2026-0${1 + (k % 3)}-1${k}` });
  }
  await expectSubtrees('/api/v1/inspections', 'inspections', 'inspected_on DESC, created_at DESC, id DESC');
});

// A plain page (no filter but archived) of 20 or 50 rows runs on a statement written for that size
// and kept per connection (api/resource/list.c, shape_sizes); any other size is planned for itself.
// Both read the same rows in the same order, first page and later ones, with the same total.
test('risks: pages of 20 and of 50 rows (kept plans) hold what pages of 2 hold, in the same order, with the same total', async () => {
  for (let k = 0; k < 45; k += 1) {
    await createRisk({ institution: k % 2 ? insts.k1 : insts.direct, l: [1, 3, 6, 10][k % 4], e: [1, 2, 3, 6][k % 4], c: [3, 7, 15][k % 3] });
  }
  const order = "array_position(ARRAY['low', 'general', 'significant', 'major'], grade) DESC, score DESC, id DESC";
  const want = (await q(`SELECT id::text FROM risks WHERE org_path <@ $1::ltree AND NOT archived ORDER BY ${order}`,
    [await pathOf(city.id)])).map((r) => r.id);
  assert.ok(want.length > 50, `${want.length} risks in the city`);
  for (const limit of [2, 20, 50, null]) {
    const out = {};
    assert.deepEqual(await pageAll('/api/v1/risks', tok.city, limit, out), want, `limit ${limit}`);
    assert.equal(out.total, want.length, `limit ${limit}: the total`);
  }
});

// Keyset lists (api/resource/list.c): every sort of the risk, inspection and checklist-template lists
// pages through all rows exactly once, in the order the sort promises, whatever the page size;
// a row added meanwhile does not shift the pages; a cursor only works for its own list and sort.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createInstitution, createRisk, createInspection, createTemplate, uniq } from '../lib/fixtures.mjs';

let t;
let token;
let inst;
before(async () => {
  t = await tree();
  token = await login(t.users.admin.username);
  inst = await createInstitution({ parent_id: t.county.id });
  // ties on purpose: equal scores, equal names, missing review dates
  const specs = [
    { name: '甲', l: 3, e: 6, c: 7, review_date: '2026-05-01' },
    { name: '乙', l: 3, e: 6, c: 7, review_date: null },
    { name: '丙', l: 10, e: 6, c: 15, review_date: '2026-03-01' },
    { name: '甲', l: 1, e: 1, c: 1, review_date: null },
    { name: '丁', l: 6, e: 6, c: 15, review_date: '2026-05-01' },
    { name: '戊', l: 3, e: 6, c: 7, review_date: '2027-01-01' },
    { name: '己', l: 0.5, e: 2, c: 3, review_date: '2026-01-15' },
  ];
  for (const s of specs) await createRisk({ institution: inst, ...s });
});
after(closeDb);

/** Every item of `path` (query `query`) fetched `limit` at a time. */
async function walk(path, query, limit) {
  const items = [];
  let cursor = null;
  let total;
  for (let pages = 0; pages < 100; pages += 1) {
    const qs = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await api('GET', `${path}?${qs}`, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path });
    // The first page counts; a later one leaves the count out (the client keeps the first's).
    if (cursor) assert.equal(res.body.total, undefined, 'a later page carries no total');
    else total = res.body.total;
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    if (!cursor) return { items, total };
  }
  throw new Error('more than 100 pages');
}

const RANK = { low: 0, general: 1, significant: 2, major: 3 };
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const riskOrders = {
  '-score': (a, b) => cmp(RANK[b.grade], RANK[a.grade]) || cmp(b.score, a.score) || cmp(b.id, a.id),
  score: (a, b) => cmp(RANK[a.grade], RANK[b.grade]) || cmp(a.score, b.score) || cmp(a.id, b.id),
  name: (a, b) => cmp(Buffer.from(a.name), Buffer.from(b.name)) || cmp(a.id, b.id),
  '-name': (a, b) => cmp(Buffer.from(b.name), Buffer.from(a.name)) || cmp(b.id, a.id),
  review_date: (a, b) => cmp(a.review_date ?? '9999', b.review_date ?? '9999') || cmp(a.id, b.id),
  '-review_date': (a, b) => cmp(b.review_date ?? '0000', a.review_date ?? '0000') || cmp(b.id, a.id),
  updated_at: (a, b) => cmp(a.updated_at, b.updated_at) || cmp(a.id, b.id),
  '-updated_at': (a, b) => cmp(b.updated_at, a.updated_at) || cmp(b.id, a.id),
};

test('every risk sort pages through every row once, in its order, at any page size', async () => {
  for (const [sort, order] of Object.entries(riskOrders)) {
    const all = await walk('/api/v1/risks', { institution_id: inst.id, sort }, 500);
    assert.equal(all.items.length, 7);
    assert.equal(all.total, 7);
    const expected = [...all.items].sort(order).map((r) => r.id);
    assert.deepEqual(all.items.map((r) => r.id), expected, `sort ${sort}: the order the sort promises`);
    for (const limit of [1, 2, 3]) {
      const paged = await walk('/api/v1/risks', { institution_id: inst.id, sort }, limit);
      assert.deepEqual(paged.items.map((r) => r.id), expected, `sort ${sort}, ${limit} a page`);
    }
  }
});

test('a risk added between two pages neither repeats nor hides the rows after the cursor', async () => {
  const own = await createInstitution({ parent_id: t.county.id });
  for (const name of ['一', '二', '三', '四']) await createRisk({ institution: own, name });
  const first = await api('GET', `/api/v1/risks?institution_id=${own.id}&sort=name&limit=2`, { token });
  assert.equal(first.body.items.length, 2);
  await createRisk({ institution: own, name: '〇' }); // sorts before every other name
  const second = await api('GET', `/api/v1/risks?institution_id=${own.id}&sort=name&limit=2&cursor=${first.body.next_cursor}`, { token });
  const seen = [...first.body.items, ...second.body.items].map((r) => r.id);
  assert.equal(new Set(seen).size, 4, 'no row twice');
  const after = (await walk('/api/v1/risks', { institution_id: own.id, sort: 'name' }, 500)).items;
  assert.deepEqual(second.body.items.map((r) => r.id), after.slice(3, 5).map((r) => r.id),
    'page two continues after the last row of page one');
});

test('a cursor works only for its own list and sort; a forged one is refused naming cursor', async () => {
  const page = await api('GET', `/api/v1/risks?institution_id=${inst.id}&sort=name&limit=2`, { token });
  const cursor = page.body.next_cursor;
  assert.ok(cursor);
  for (const url of [
    `/api/v1/risks?institution_id=${inst.id}&sort=-score&cursor=${cursor}`,
    `/api/v1/inspections?cursor=${cursor}`,
    `/api/v1/checklist-templates?cursor=${cursor}`,
    `/api/v1/risks?cursor=${Buffer.from('["risk_list","-score","3","1","not-a-uuid"]').toString('base64url')}`,
    `/api/v1/risks?cursor=${Buffer.from('["risk_list","-score","3"]').toString('base64url')}`,
    `/api/v1/risks?cursor=${Buffer.from('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[').toString('base64url')}`,
    '/api/v1/risks?cursor=o40',
    '/api/v1/risks?cursor=%21%21',
  ]) {
    const res = await api('GET', url, { token });
    expectProblem(res, 400, 'validation_failed');
    assert.ok(res.body.errors.some((e) => e.field === 'cursor'), `${url}: ${res.text}`);
  }
});

test('every list takes only the one cursor format, and only its own: the old formats are refused naming cursor', async () => {
  const b64 = (text) => Buffer.from(text).toString('base64url');
  const riskCursor = (await api('GET', `/api/v1/risks?institution_id=${inst.id}&sort=name&limit=2`, { token })).body.next_cursor;
  assert.ok(riskCursor);
  const lists = ['/api/v1/institutions', '/api/v1/orgs', '/api/v1/users', '/api/v1/api-clients', '/api/v1/audit',
    `/api/v1/institutions/${inst.id}/key-locations`, `/api/v1/institutions/${inst.id}/projects`, '/api/v1/projects/unpermitted'];
  for (const path of lists) {
    // each list pages with its own cursor
    const first = await api('GET', `${path}?limit=1`, { token });
    assert.equal(first.status, 200, `${path}: ${first.text}`);
    expectValid(first, { method: 'GET', path: path.replace(inst.id, '{id}') });
    for (const cursor of [
      riskCursor, // another list's
      b64(`name|x|${inst.id}`), // the institution list's old "<sort>|<key>|<id>"
      b64('1.2.3'), // the org list's old path
      b64('ln.admin'), // the user list's old username
      b64(`1700000000000000.${inst.id}`), // the client list's old "<micros>.<uuid>"
      b64('1700000000000000.42'), // the audit log's old "<micros>.<id>"
    ]) {
      const res = await api('GET', `${path}?cursor=${cursor}`, { token });
      expectProblem(res, 400, 'validation_failed');
      assert.ok(res.body.errors.some((e) => e.field === 'cursor'), `${path} ${cursor}: ${res.text}`);
    }
  }
});

test('institutions, orgs and users page every row once with their cursor at any page size', async () => {
  for (const [path, query] of [['/api/v1/institutions', { org_id: t.county.id }], ['/api/v1/institutions', { org_id: t.county.id, sort: '-beds' }],
    ['/api/v1/orgs', {}], ['/api/v1/users', {}], ['/api/v1/audit', {}]]) {
    const all = await walk(path, query, 500);
    const paged = await walk(path, query, 2);
    assert.deepEqual(paged.items.map((x) => x.id), all.items.map((x) => x.id), `${path} ${JSON.stringify(query)}`);
    assert.equal(new Set(paged.items.map((x) => x.id)).size, paged.items.length);
  }
});

test('inspections page by date, ties by the order they were recorded, every row once', async () => {
  const own = await createInstitution({ parent_id: t.county.id });
  for (const day of ['2026-04-10', '2026-04-10', '2026-04-11', '2026-04-09', '2026-04-10']) {
    await createInspection({ institution: own, inspected_on: day, type: 'routine' });
  }
  for (const sort of ['-inspected_on', 'inspected_on', '-updated_at', 'updated_at', 'institution_name']) {
    const all = await walk('/api/v1/inspections', { institution_id: own.id, sort }, 500);
    assert.equal(all.items.length, 5, sort);
    const days = all.items.map((s) => s.inspected_on);
    if (sort === '-inspected_on') assert.deepEqual(days, [...days].sort().reverse());
    if (sort === 'inspected_on') assert.deepEqual(days, [...days].sort());
    const paged = await walk('/api/v1/inspections', { institution_id: own.id, sort }, 2);
    assert.deepEqual(paged.items.map((s) => s.id), all.items.map((s) => s.id), `sort ${sort}`);
  }
});

test('checklist templates page national first, then down the tree, every one once', async () => {
  await createTemplate({ org_id: t.county.id, name: `县级表-${uniq('t')}` });
  await createTemplate({ org_id: t.cityA.id, name: `市级表-${uniq('t')}` });
  const all = await walk('/api/v1/checklist-templates', {}, 500);
  const paged = await walk('/api/v1/checklist-templates', {}, 1);
  assert.deepEqual(paged.items.map((x) => x.id), all.items.map((x) => x.id));
  assert.equal(paged.total, all.items.length);
  const national = all.items.findIndex((x) => x.org_id === null);
  const lastNational = all.items.map((x) => x.org_id === null).lastIndexOf(true);
  assert.equal(national, 0, 'national templates first');
  assert.ok(all.items.slice(lastNational + 1).every((x) => x.org_id !== null));
});

test('a first page counts its matches (itself when it holds them all), up to 1,000, and says when more match; a later page leaves the count out', async () => {
  const { q } = await import('../lib/fixtures.mjs');
  const many = await createInstitution({ parent_id: t.county.id });
  const path = `/api/v1/institutions/${many.id}/key-locations`;
  const count = async (n) => {
    const res = await api('GET', `${path}?limit=5`, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: '/api/v1/institutions/{id}/key-locations' });
    assert.equal(res.body.items.length, Math.min(5, n));
    return res.body;
  };
  const insert = (n) => q(`INSERT INTO key_locations (institution_id, org_id, org_path, kind, name)
    SELECT i.id, i.org_id, i.org_path, 'oxygen_station', '部位' || g FROM institutions i, generate_series(1, $2) g
    WHERE i.id = $1`, [many.id, n]);
  // a first page that holds every match is its own total (no count runs behind it), up to a full one
  assert.equal((await count(0)).total, 0);
  await insert(5);
  const full = await count(5);
  assert.equal(full.total, 5);
  assert.equal(full.next_cursor, null);
  await insert(1);
  assert.equal((await count(6)).total, 6, 'one more than the page: counted');
  await insert(994);
  const exact = await count(1000);
  assert.equal(exact.total, 1000);
  assert.equal(exact.total_capped, undefined, 'exactly 1,000 is not capped');
  await insert(1);
  const capped = await count(1001);
  assert.equal(capped.total, 1000);
  assert.equal(capped.total_capped, true);
  const later = await api('GET', `${path}?limit=5&cursor=${encodeURIComponent(capped.next_cursor)}`, { token });
  assert.equal(later.status, 200, later.text);
  assert.equal(later.body.total, undefined);
  assert.equal(later.body.items.length, 5);
});

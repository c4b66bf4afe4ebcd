// The change feed (api/resource/list_handle.c): updated_since=<RFC 3339> on every list a phone
// caches returns every record changed since, archived ones as tombstones (archived: true), in
// (updated_at, id) order, paged by the same cursor; a bad timestamp names updated_since; a caller
// of another branch of the tree sees none of it. And the org_id narrowing is apart from the
// caller's identity: a county listing one unit still sees the county's unannounced drafts there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import {
  tree, login, closeDb, q, createUser, createInstitution, createKeyLocation, createProject, createRisk,
  createInspection, createTemplate,
} from '../lib/fixtures.mjs';

let t;
let admin;
let inspector;
let stranger;
let inst;
before(async () => {
  t = await tree();
  admin = await login(t.users.admin.username);
  inspector = await login(t.users.inspector.username);
  stranger = await login((await createUser({ org_id: t.other.id, role: 'admin' })).username);
  inst = await createInstitution({ parent_id: t.county.id });
});
after(closeDb);

/** The database's clock now, as RFC 3339 in UTC. */
async function dbNow() {
  return (await q(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`))[0].t;
}

/** Every item of the feed of `path` since `since`, `limit` at a time (each page checked). */
async function feed(path, since, { token = admin, limit = 1, template = path, query = {} } = {}) {
  const items = [];
  let cursor = null;
  for (let pages = 0; pages < 200; pages += 1) {
    const qs = new URLSearchParams({ ...query, updated_since: since, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await api('GET', `${path}?${qs}`, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: template });
    items.push(...res.body.items);
    cursor = res.body.next_cursor;
    if (!cursor) return items;
  }
  throw new Error('more than 200 pages');
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function assertFeedOrder(items) {
  for (let i = 1; i < items.length; i += 1) {
    const a = items[i - 1];
    const b = items[i];
    assert.ok(cmp(a.updated_at, b.updated_at) < 0 || (a.updated_at === b.updated_at && a.id < b.id),
      `feed order (updated_at, id) at ${i}: ${a.updated_at} ${a.id} then ${b.updated_at} ${b.id}`);
  }
  assert.equal(new Set(items.map((x) => x.id)).size, items.length, 'every row once');
}

// One case per cached resource: how to make two records, the list path and how to archive one.
const cases = {
  institutions: {
    path: () => '/api/v1/institutions',
    make: async () => [await createInstitution({ parent_id: t.county.id }), await createInstitution({ parent_id: t.county.id })],
    del: (r) => `/api/v1/institutions/${r.id}`,
  },
  'key locations': {
    path: () => `/api/v1/institutions/${inst.id}/key-locations`,
    template: '/api/v1/institutions/{id}/key-locations',
    make: async () => [await createKeyLocation({ institution: inst }), await createKeyLocation({ institution: inst })],
    del: (r) => `/api/v1/key-locations/${r.id}`,
  },
  projects: {
    path: () => `/api/v1/institutions/${inst.id}/projects`,
    template: '/api/v1/institutions/{id}/projects',
    make: async () => [await createProject({ institution: inst }), await createProject({ institution: inst })],
    del: (r) => `/api/v1/projects/${r.id}`,
  },
  risks: {
    path: () => '/api/v1/risks',
    make: async () => [await createRisk({ institution: inst }), await createRisk({ institution: inst })],
    del: (r) => `/api/v1/risks/${r.id}`,
  },
  inspections: {
    path: () => '/api/v1/inspections',
    make: async () => [await createInspection({ institution: inst }), await createInspection({ institution: inst })],
    del: (r) => `/api/v1/inspections/${r.id}`,
    token: () => inspector,
  },
  'checklist templates': {
    path: () => '/api/v1/checklist-templates',
    make: async () => [await createTemplate({ org_id: t.county.id }), await createTemplate({ org_id: t.county.id })],
    del: (r) => `/api/v1/checklist-templates/${r.id}`,
  },
};

for (const [name, c] of Object.entries(cases)) {
  test(`${name}: the feed pages every change once in (updated_at, id) order; an archive comes back as a tombstone`, async () => {
    const since = await dbNow();
    const made = await c.make();
    const token = c.token ? c.token() : admin;
    const path = c.path();
    const template = c.template ?? path;
    const first = await feed(path, since, { token, template });
    assertFeedOrder(first);
    for (const r of made) assert.ok(first.some((x) => x.id === r.id), `${r.id} is in the feed`);
    assert.ok(first.every((x) => x.updated_at >= since.slice(0, 19)), 'only records changed since');
    // the same feed at another page size is the same rows in the same order
    const again = await feed(path, since, { token, template, limit: 500 });
    assert.deepEqual(again.map((x) => x.id), first.map((x) => x.id));

    const later = await dbNow();
    const del = await api('DELETE', c.del(made[0]), { token });
    assert.equal(del.status, 204, del.text);
    const after1 = await feed(path, later, { token, template });
    const tomb = after1.find((x) => x.id === made[0].id);
    assert.ok(tomb, 'the archived record is in the feed after its archive');
    assert.equal(tomb.archived, true, 'as a tombstone');
    assert.ok(!after1.some((x) => x.id === made[1].id), 'an unchanged record is not');
    // the plain list leaves it out, as before
    const plain = await api('GET', `${path}?limit=500`, { token });
    assert.equal(plain.status, 200);
    assert.ok(!plain.body.items.some((x) => x.id === made[0].id));
  });
}

test('a bad updated_since is a 400 naming it; a sort other than the feed order is refused', async () => {
  for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '2026-11-23', '2026-11-23T18:30:00', '2026-11-23T25:00:00Z', "2026-11-23T18:30:00Z' OR 1=1"]) {
    const res = await api('GET', `/api/v1/risks?updated_since=${encodeURIComponent(bad)}`, { token: admin });
    expectProblem(res, 400, 'validation_failed');
    assert.deepEqual(res.body.errors.map((e) => e.field), ['updated_since'], bad);
  }
  const sorted = await api('GET', '/api/v1/institutions?updated_since=2026-01-01T00:00:00Z&sort=name', { token: admin });
  expectProblem(sorted, 400, 'validation_failed');
  assert.deepEqual(sorted.body.errors.map((e) => e.field), ['sort']);
  const offset = await api('GET', `/api/v1/inspections?updated_since=${encodeURIComponent('2026-01-01T08:00:00.5+08:00')}`, { token: admin });
  assert.equal(offset.status, 200, offset.text);
});

test('a caller of another branch sees none of the feed, and org_id of this branch is 404', async () => {
  const since = await dbNow();
  const r = await createRisk({ institution: inst });
  const own = await feed('/api/v1/risks', since, { token: admin, limit: 500 });
  assert.ok(own.some((x) => x.id === r.id));
  const theirs = await feed('/api/v1/risks', since, { token: stranger, limit: 500 });
  assert.ok(!theirs.some((x) => x.id === r.id));
  assert.equal((await api('GET', `/api/v1/risks?updated_since=${since}&org_id=${t.county.id}`, { token: stranger })).status, 404);
  const kl = await api('GET', `/api/v1/institutions/${inst.id}/key-locations?updated_since=${since}`, { token: stranger });
  assert.equal(kl.status, 404);
});

test('org_id narrows the list, not the caller: a county listing one unit sees its unannounced drafts there', async () => {
  const unitInst = await createInstitution({ parent_id: t.county.id });
  const secret = await createInspection({ institution: unitInst, type: 'unannounced' });
  const org = (await q('SELECT org_id FROM institutions WHERE id = $1', [unitInst.id]))[0].org_id;
  const narrowed = await api('GET', `/api/v1/inspections?org_id=${org}&limit=500`, { token: inspector });
  assert.equal(narrowed.status, 200, narrowed.text);
  expectValid(narrowed, { method: 'GET', path: '/api/v1/inspections' });
  assert.ok(narrowed.body.items.some((x) => x.id === secret.id), 'the county sees its own unannounced draft under org_id');
  // the unit's own caller still does not
  const unitUser = await createUser({ org_id: org, role: 'safety_officer' });
  const unitToken = await login(unitUser.username);
  const own = await api('GET', '/api/v1/inspections?limit=500', { token: unitToken });
  assert.equal(own.status, 200);
  assert.ok(!own.body.items.some((x) => x.id === secret.id));
});

test('listed institutions and risks carry allowed_actions, the same as the record', async () => {
  const r = await createRisk({ institution: inst });
  const list = await api('GET', `/api/v1/risks?institution_id=${inst.id}&limit=500`, { token: admin });
  const row = list.body.items.find((x) => x.id === r.id);
  const one = await api('GET', `/api/v1/risks/${r.id}`, { token: admin });
  assert.deepEqual(row.allowed_actions, one.body.allowed_actions);
  const il = await api('GET', `/api/v1/institutions?org_id=${t.county.id}&limit=500`, { token: admin });
  const irow = il.body.items.find((x) => x.id === inst.id);
  const ione = await api('GET', `/api/v1/institutions/${inst.id}`, { token: admin });
  assert.ok(Array.isArray(irow.allowed_actions));
  assert.deepEqual(irow.allowed_actions, ione.body.allowed_actions);
});

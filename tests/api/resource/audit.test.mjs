// The audit log: newest first, only the caller's subtree, filters and paging; bad input names the
// field; leaders read, inspectors do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createOrg, createUser, login, uniq, q, closeDb } from '../lib/fixtures.mjs';

const AUDIT = '/api/v1/audit';
let t0; let admin; let leader; let siblingAdmin; let created;
const v = (res) => expectValid(res, { method: 'GET', path: AUDIT });
const hasField = (res, field) => res.body?.errors?.some((e) => e.field === field);

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  leader = await login(t0.users.leader.username);
  siblingAdmin = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  // something to find: an org created in the county
  const r = await api('POST', '/api/v1/orgs', { token: admin, body: { parent_id: t0.county.id, name: `审计-${uniq('a')}`, level: 'unit' } });
  assert.equal(r.status, 201, r.text);
  created = r.body;
});
after(closeDb);

test('GET /audit: newest first, entries of the subtree only, with the acting user and request id', async () => {
  const res = await api('GET', `${AUDIT}?limit=100`, { token: admin });
  assert.equal(res.status, 200, res.text);
  v(res);
  const items = res.body.items;
  assert.ok(items.length > 0);
  for (let i = 1; i < items.length; i += 1) assert.ok(Date.parse(items[i - 1].at) >= Date.parse(items[i].at), 'newest first');
  const e = items.find((x) => x.action === 'org.create' && x.object_id === created.id);
  assert.ok(e, 'the org.create entry is there');
  assert.equal(e.user_id, (await api('GET', '/api/v1/auth/me', { token: admin })).body.user.id);
  assert.equal(e.result, 'success');
  assert.ok(e.request_id, 'the entry carries the request id');
  const subtree = new Set((await api('GET', '/api/v1/orgs?limit=500', { token: admin })).body.items.map((o) => o.id));
  for (const x of items) assert.ok(x.org_id === null ? false : subtree.has(x.org_id) || x.object_id === x.org_id, `entry ${x.id} (${x.action}) of org ${x.org_id} is in the subtree`);
  const theirs = await api('GET', `${AUDIT}?limit=200`, { token: siblingAdmin });
  assert.equal(theirs.status, 200);
  assert.ok(!theirs.body.items.some((x) => x.object_id === created.id), "another county's admin does not see it");
});

test('GET /audit filters by action, user and time, and pages with next_cursor', async () => {
  const me = (await api('GET', '/api/v1/auth/me', { token: admin })).body.user;
  const a = await api('GET', `${AUDIT}?action=org.create`, { token: leader });
  assert.equal(a.status, 200, a.text);
  assert.ok(a.body.items.length > 0 && a.body.items.every((x) => x.action === 'org.create'));
  const u = await api('GET', `${AUDIT}?user_id=${me.id}`, { token: admin });
  assert.ok(u.body.items.length > 0 && u.body.items.every((x) => x.user_id === me.id));
  const future = new Date(Date.now() + 3600_000).toISOString();
  const f = await api('GET', `${AUDIT}?from=${encodeURIComponent(future)}`, { token: admin });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.body.items.length, 0);
  const past = new Date(Date.now() - 3600_000).toISOString();
  const tq = await api('GET', `${AUDIT}?to=${encodeURIComponent(past)}&action=org.create&user_id=${me.id}`, { token: admin });
  assert.ok(!tq.body.items.some((x) => x.object_id === created.id), 'to excludes newer entries');
  const p1 = await api('GET', `${AUDIT}?limit=2`, { token: admin });
  assert.equal(p1.body.items.length, 2);
  assert.ok(p1.body.next_cursor, 'a cursor when more follow');
  const p2 = await api('GET', `${AUDIT}?limit=2&cursor=${encodeURIComponent(p1.body.next_cursor)}`, { token: admin });
  assert.equal(p2.status, 200, p2.text);
  v(p2);
  const ids1 = new Set(p1.body.items.map((x) => x.id));
  assert.ok(p2.body.items.every((x) => !ids1.has(x.id)), 'pages do not overlap');
  assert.ok(Date.parse(p2.body.items[0].at) <= Date.parse(p1.body.items[1].at), 'the next page is older');
});

test('GET /audit bad parameters name the field; inspectors and viewers get 403', async () => {
  for (const [qs, field] of [['from=yesterday', 'from'], ['to=2024-13-01', 'to'], ['user_id=abc', 'user_id'], ['action=DROP TABLE', 'action'], ['limit=1000', 'limit'], ['cursor=garbage!!', 'cursor']]) {
    const r = await api('GET', `${AUDIT}?${qs.replace(' ', '%20')}`, { token: admin });
    expectProblem(r, 400, 'validation_failed');
    v(r);
    assert.ok(hasField(r, field), `${qs}: ${JSON.stringify(r.body.errors)}`);
  }
  for (const role of ['inspector', 'safety_officer', 'viewer']) {
    const r = await api('GET', AUDIT, { token: await login(t0.users[role].username) });
    expectProblem(r, 403, 'forbidden');
  }
});

test("a city's and a county's log page through exactly their subtree's entries, newest first, as a direct query orders them (city_path, county_path, migration 0032)", async () => {
  const [prov] = await q("SELECT id FROM orgs WHERE path = (SELECT subpath(path, 0, 1) FROM orgs WHERE id = $1)", [t0.county.id]);
  const city = await createOrg({ parent_id: prov.id, level: 'city' });
  const counties = [await createOrg({ parent_id: city.id, level: 'county' }), await createOrg({ parent_id: city.id, level: 'county' })];
  const direct = await createOrg({ parent_id: city.id, level: 'unit' }); // a unit right under the city: a path of three labels
  const unit = await createOrg({ parent_id: counties[0].id, level: 'unit' });
  const other = await createOrg({ parent_id: prov.id, level: 'city' });
  const otherCounty = await createOrg({ parent_id: other.id, level: 'county' });
  const action = `org.${uniq('t').replace(/[^a-z]/g, '')}`;
  // entries across the tree, interleaved in time with another city's
  for (const [k, o] of [counties[0], otherCounty, unit, direct, counties[1], city, otherCounty, unit, counties[1]].entries()) {
    await q('INSERT INTO audit_log (at, org_id, org_path, action, result) VALUES (now() - make_interval(secs => $1), $2, $3::ltree, $4, $5)',
      [k, o.id, o.path, action, 'success']);
  }
  const pageAll = async (token) => {
    const seen = [];
    let cursor = null;
    do {
      const res = await api('GET', `${AUDIT}?action=${action}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      assert.equal(res.status, 200, res.text);
      v(res);
      seen.push(...res.body.items.map((x) => x.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    return seen;
  };
  const expect = async (root) => (await q(
    'SELECT id::text FROM audit_log WHERE org_path <@ $1::ltree AND action = $2 ORDER BY at DESC, id DESC', [root.path, action])).map((r) => r.id);
  const cityAdmin = await login((await createUser({ org_id: city.id, role: 'admin' })).username);
  const countyAdmin = await login((await createUser({ org_id: counties[0].id, role: 'admin' })).username);
  const directAdmin = await login((await createUser({ org_id: direct.id, role: 'admin' })).username);
  const cityIds = await pageAll(cityAdmin);
  assert.equal(cityIds.length, 7, "the city's seven entries, none of the other city's");
  assert.deepEqual(cityIds, await expect(city));
  const countyIds = await pageAll(countyAdmin);
  assert.equal(countyIds.length, 3, "the county's own and its unit's entries");
  assert.deepEqual(countyIds, await expect(counties[0]));
  assert.deepEqual(await pageAll(directAdmin), await expect(direct));
  assert.equal((await expect(direct)).length, 1);
});

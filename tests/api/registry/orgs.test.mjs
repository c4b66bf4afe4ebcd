// The org tree: list, read, create, rename, move, delete; bad input names the field; a caller from
// another branch gets 404; If-Match; moves carry the subtree and its users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createOrg, createUser, login, uniq, auditEntries, closeDb } from '../lib/fixtures.mjs';

const ORGS = '/api/v1/orgs';
const ORG = '/api/v1/orgs/{id}';
const MOVE = '/api/v1/orgs/{id}/move';
let t0; let admin; let siblingAdmin; let cityAdmin;
const v = (res, method, path) => expectValid(res, { method, path });
const hasField = (res, field, code) => res.body?.errors?.some((e) => e.field === field && (code === undefined || e.code === code));
const strip = (b) => ({ ...b, request_id: undefined, instance: undefined });

async function adminAt(org) {
  const u = await createUser({ org_id: org.id, role: 'admin' });
  return login(u.username);
}

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  siblingAdmin = await adminAt(t0.sibling);
  cityAdmin = await adminAt(t0.cityA);
});
after(closeDb);

test("GET /orgs lists the caller's subtree, root first, ordered by path, with depth/level/q filters", async () => {
  const res = await api('GET', ORGS, { token: admin });
  assert.equal(res.status, 200, res.text);
  v(res, 'GET', ORGS);
  assert.equal(res.body.items[0].id, t0.county.id, 'the root (caller org) comes first');
  const ids = res.body.items.map((o) => o.id);
  assert.ok(ids.includes(t0.unit.id), 'the unit below is listed');
  assert.ok(!ids.includes(t0.sibling.id) && !ids.includes(t0.cityA.id), 'nothing outside the subtree');
  assert.ok(res.body.total >= 2);
  const city = await api('GET', `${ORGS}?depth=1`, { token: cityAdmin });
  assert.equal(city.status, 200, city.text);
  const cids = city.body.items.map((o) => o.id);
  assert.ok(cids.includes(t0.county.id) && cids.includes(t0.sibling.id) && !cids.includes(t0.unit.id), 'depth=1: the root and its children only');
  assert.ok(city.body.items.every((o) => o.depth <= city.body.items[0].depth + 1));
  const units = await api('GET', `${ORGS}?level=unit`, { token: cityAdmin });
  assert.ok(units.body.items.every((o) => o.level === 'unit') && units.body.items.some((o) => o.id === t0.unit.id));
  const q = await api('GET', `${ORGS}?q=${encodeURIComponent(t0.unit.name)}`, { token: cityAdmin });
  assert.deepEqual(q.body.items.map((o) => o.id), [t0.unit.id]);
  const page = await api('GET', `${ORGS}?limit=1`, { token: cityAdmin });
  assert.equal(page.body.items.length, 1);
  assert.ok(page.body.next_cursor, 'a next_cursor when more follow');
  const page2 = await api('GET', `${ORGS}?limit=1&cursor=${encodeURIComponent(page.body.next_cursor)}`, { token: cityAdmin });
  assert.equal(page2.status, 200, page2.text);
  assert.notEqual(page2.body.items[0].id, page.body.items[0].id, 'the next page moves on');
});

test('GET /orgs with a root in another branch is 404, like a missing one; bad parameters name the field', async () => {
  const foreign = await api('GET', `${ORGS}?root=${t0.sibling.id}`, { token: admin });
  expectProblem(foreign, 404, 'not_found');
  const missing = await api('GET', `${ORGS}?root=${randomUUID()}`, { token: admin });
  expectProblem(missing, 404, 'not_found');
  assert.deepEqual(strip(foreign.body), strip(missing.body));
  for (const [qs, field] of [['root=not-a-uuid', 'root'], ['depth=0', 'depth'], ['depth=11', 'depth'], ['level=village', 'level'], ['limit=501', 'limit'], ['limit=abc', 'limit']]) {
    const r = await api('GET', `${ORGS}?${qs}`, { token: admin });
    expectProblem(r, 400, 'validation_failed');
    v(r, 'GET', ORGS);
    assert.ok(hasField(r, field), `${qs}: errors name ${field}: ${JSON.stringify(r.body.errors)}`);
  }
});

test('GET /orgs/{id} returns the Org with ETag "v<version>"; another branch gets 404', async () => {
  const res = await api('GET', `${ORGS}/${t0.county.id}`, { token: cityAdmin });
  assert.equal(res.status, 200, res.text);
  v(res, 'GET', ORG);
  assert.equal(res.headers.get('etag'), `"v${res.body.version}"`);
  assert.equal(res.body.parent_id, t0.cityA.id);
  assert.equal(res.body.level, 'county');
  assert.equal(res.body.depth, 3);
  assert.equal(res.body.has_children, true);
  const foreign = await api('GET', `${ORGS}/${t0.county.id}`, { token: siblingAdmin });
  expectProblem(foreign, 404, 'not_found');
  v(foreign, 'GET', ORG);
  const up = await api('GET', `${ORGS}/${t0.cityA.id}`, { token: admin });
  expectProblem(up, 404, 'not_found');
});

test('POST /orgs creates under the subtree (201, Location); level rules are 409; audited', async () => {
  const name = `新建单位-${uniq('n')}`;
  const res = await api('POST', ORGS, { token: admin, body: { parent_id: t0.county.id, name, level: 'unit' } });
  assert.equal(res.status, 201, res.text);
  v(res, 'POST', ORGS);
  assert.equal(res.body.name, name);
  assert.equal(res.body.division_code, null);
  assert.equal(res.body.parent_id, t0.county.id);
  assert.equal(res.body.has_children, false);
  assert.ok((res.headers.get('location') ?? '').endsWith(`/api/v1/orgs/${res.body.id}`), res.headers.get('location'));
  const county = await api('POST', ORGS, { token: cityAdmin, body: { parent_id: t0.cityA.id, name: `新区-${uniq('n')}`, level: 'county', division_code: '210299' } });
  assert.equal(county.status, 201, county.text);
  assert.equal(county.body.division_code, '210299');
  for (const body of [
    { parent_id: t0.county.id, name: `错层-${uniq('n')}`, level: 'county', division_code: '210298' }, // county under county
    { parent_id: t0.county.id, name: `错层-${uniq('n')}`, level: 'city', division_code: '210297' },
    { parent_id: t0.unit.id, name: `错层-${uniq('n')}`, level: 'unit' }, // nothing under a unit
    { parent_id: t0.county.id, name, level: 'unit' }, // sibling name taken
  ]) {
    const r = await api('POST', ORGS, { token: admin, body });
    expectProblem(r, 409, 'conflict');
    v(r, 'POST', ORGS);
    assert.ok(r.body.detail.length > 0, 'the detail says why');
  }
  const entries = await auditEntries(admin, { action: 'org.create' });
  assert.ok(entries.some((e) => e.object_id === res.body.id), 'audit org.create');
});

test('POST /orgs bad input names the field', async () => {
  const base = { parent_id: t0.county.id, name: `校验-${uniq('n')}`, level: 'unit' };
  const cases = [
    [{ ...base, color: 'red' }, 'color', 'unknown_field'],
    [{ parent_id: base.parent_id, level: 'unit' }, 'name', 'required'],
    [{ ...base, name: '' }, 'name', undefined],
    [{ ...base, name: 'x'.repeat(101) }, 'name', 'too_long'],
    [{ ...base, name: 7 }, 'name', 'type'],
    [{ ...base, level: 'village' }, 'level', 'enum'],
    [{ ...base, parent_id: 'not-a-uuid' }, 'parent_id', 'format'],
    [{ ...base, level: 'county', division_code: '21020' }, 'division_code', 'format'],
    [{ ...base, level: 'county', division_code: 'abcdef' }, 'division_code', 'format'],
  ];
  for (const [body, field, code] of cases) {
    const r = await api('POST', ORGS, { token: cityAdmin, body });
    expectProblem(r, 400, 'validation_failed');
    v(r, 'POST', ORGS);
    assert.ok(hasField(r, field, code), `${JSON.stringify(body)}: errors name ${field} ${code ?? ''}: ${JSON.stringify(r.body.errors)}`);
  }
  const noCode = await api('POST', ORGS, { token: cityAdmin, body: { parent_id: t0.cityA.id, name: `无代码-${uniq('n')}`, level: 'county' } });
  assert.ok([400, 409].includes(noCode.status), noCode.text);
  if (noCode.status === 400) assert.ok(hasField(noCode, 'division_code'), JSON.stringify(noCode.body.errors));
  const unitCode = await api('POST', ORGS, { token: admin, body: { ...base, division_code: '210202' } });
  assert.ok([400, 409].includes(unitCode.status), `a unit with a division code: ${unitCode.text}`);
});

test('POST /orgs under another branch is 404 (as for a missing parent); non-admins get 403', async () => {
  const foreign = await api('POST', ORGS, { token: admin, body: { parent_id: t0.sibling.id, name: `越界-${uniq('n')}`, level: 'unit' } });
  expectProblem(foreign, 404, 'not_found');
  const missing = await api('POST', ORGS, { token: admin, body: { parent_id: randomUUID(), name: `越界-${uniq('n')}`, level: 'unit' } });
  expectProblem(missing, 404, 'not_found');
  assert.deepEqual(strip(foreign.body), strip(missing.body));
  const leader = await login(t0.users.leader.username);
  expectProblem(await api('POST', ORGS, { token: leader, body: { parent_id: t0.county.id, name: `越权-${uniq('n')}`, level: 'unit' } }), 403, 'forbidden');
});

test('PATCH /orgs/{id} renames; If-Match stale is 412, current is 200; another branch 404; bad input names the field', async () => {
  const o = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  const g = await api('GET', `${ORGS}/${o.id}`, { token: admin });
  const etag = g.headers.get('etag');
  const name = `改名-${uniq('n')}`;
  const r = await api('PATCH', `${ORGS}/${o.id}`, { token: admin, body: { name }, headers: { 'if-match': etag } });
  assert.equal(r.status, 200, r.text);
  v(r, 'PATCH', ORG);
  assert.equal(r.body.name, name);
  assert.equal(r.body.version, g.body.version + 1);
  assert.equal(r.headers.get('etag'), `"v${r.body.version}"`);
  const stale = await api('PATCH', `${ORGS}/${o.id}`, { token: admin, body: { name: `${name}2` }, headers: { 'if-match': etag } });
  expectProblem(stale, 412, 'precondition_failed');
  v(stale, 'PATCH', ORG);
  const noMatch = await api('PATCH', `${ORGS}/${o.id}`, { token: admin, body: { name: `${name}3` } });
  assert.equal(noMatch.status, 200, 'If-Match is optional');
  const county = await api('PATCH', `${ORGS}/${t0.sibling.id}`, { token: admin, body: { name: `越界-${uniq('n')}` } });
  expectProblem(county, 404, 'not_found');
  for (const [body, field, code] of [[{ nickname: 'x' }, 'nickname', 'unknown_field'], [{ name: '' }, 'name', undefined], [{ division_code: '1' }, 'division_code', 'format'], [{ name: 1 }, 'name', 'type']]) {
    const b = await api('PATCH', `${ORGS}/${o.id}`, { token: admin, body });
    expectProblem(b, 400, 'validation_failed');
    assert.ok(hasField(b, field, code), `${JSON.stringify(body)}: ${JSON.stringify(b.body.errors)}`);
  }
  const entries = await auditEntries(admin, { action: 'org.update' });
  assert.ok(entries.some((e) => e.object_id === o.id), 'audit org.update');
});

test("move: the subtree and its users follow; the new parent's admin then sees them and the old one's does not", async () => {
  const x = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const y = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const m = await createOrg({ parent_id: x.id, level: 'unit' });
  const um = await createUser({ org_id: m.id, role: 'viewer' });
  const xAdmin = await adminAt(x);
  const yAdmin = await adminAt(y);
  assert.equal((await api('GET', `/api/v1/users/${um.id}`, { token: xAdmin })).status, 200, 'before: the old parent admin sees the user');
  expectProblem(await api('GET', `/api/v1/users/${um.id}`, { token: yAdmin }), 404, 'not_found');
  // the node's admin must be able to reach the new parent: x's admin cannot move into y (404)
  expectProblem(await api('POST', `${ORGS}/${m.id}/move`, { token: xAdmin, body: { parent_id: y.id } }), 404, 'not_found');
  const r = await api('POST', `${ORGS}/${m.id}/move`, { token: cityAdmin, body: { parent_id: y.id } });
  assert.equal(r.status, 200, r.text);
  v(r, 'POST', MOVE);
  assert.equal(r.body.parent_id, y.id);
  assert.equal((await api('GET', `/api/v1/users/${um.id}`, { token: yAdmin })).status, 200, 'after: the new parent admin sees the user');
  expectProblem(await api('GET', `/api/v1/users/${um.id}`, { token: xAdmin }), 404, 'not_found');
  expectProblem(await api('GET', `${ORGS}/${m.id}`, { token: xAdmin }), 404, 'not_found');
  const u = await api('GET', `/api/v1/users/${um.id}`, { token: yAdmin });
  assert.equal(u.body.org_id, m.id);
  const entries = await auditEntries(cityAdmin, { action: 'org.move' });
  assert.ok(entries.some((e) => e.object_id === m.id), 'audit org.move');
});

test('has_children and the delete action follow the children as they are created, moved and deleted; a moved user stays signed in', async () => {
  const x = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const y = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const get = async (org) => {
    const r = await api('GET', `${ORGS}/${org.id}`, { token: cityAdmin });
    assert.equal(r.status, 200, r.text);
    v(r, 'GET', ORG);
    return r.body;
  };
  const state = async (org) => { const b = await get(org); return [b.has_children, b.allowed_actions.includes('delete')]; };
  assert.deepEqual(await state(x), [false, true], 'a new county: no children, deletable');
  const m = await createOrg({ parent_id: x.id, level: 'unit' });
  const n = await createOrg({ parent_id: x.id, level: 'unit' });
  assert.deepEqual(await state(x), [true, false], 'two children');
  // a user of m signs in before the move; the session follows the org
  const um = await createUser({ org_id: m.id, role: 'viewer' });
  const signIn = await api('POST', '/api/v1/auth/login', { body: { username: um.username, password: 'Anquan@2026!' } });
  assert.equal(signIn.status, 200, signIn.text);
  const moved = await api('POST', `${ORGS}/${m.id}/move`, { token: cityAdmin, body: { parent_id: y.id } });
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual(await state(x), [true, false], 'one child left');
  assert.deepEqual(await state(y), [true, false], 'the moved child counts under its new parent');
  const me = await api('GET', '/api/v1/auth/me', { token: signIn.body.access_token });
  assert.equal(me.status, 200, `the moved user's token still works: ${me.text}`);
  v(me, 'GET', '/api/v1/auth/me');
  assert.equal(me.body.org.id, m.id);
  assert.equal(me.body.org.parent_id, y.id, 'me reads the org where it now hangs');
  const refreshed = await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: signIn.body.refresh_token } });
  assert.equal(refreshed.status, 200, `the moved user's session refreshes: ${refreshed.text}`);
  assert.equal((await api('DELETE', `${ORGS}/${n.id}`, { token: cityAdmin })).status, 204);
  assert.deepEqual(await state(x), [false, true], 'the last child deleted: deletable again');
  const list = await api('GET', `${ORGS}?root=${t0.cityA.id}&depth=1`, { token: cityAdmin });
  assert.equal(list.status, 200, list.text);
  const row = (org) => list.body.items.find((o) => o.id === org.id);
  assert.equal(row(x).has_children, false);
  assert.equal(row(y).has_children, true);
  assert.ok(row(x).allowed_actions.includes('delete') && !row(y).allowed_actions.includes('delete'), 'the list says the same');
});

test('move: own org, into its own subtree, against the level rules -> 409; bad input names the field', async () => {
  const x = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  const xu = await createOrg({ parent_id: x.id, level: 'unit' });
  const xAdmin = await adminAt(x);
  const own = await api('POST', `${ORGS}/${x.id}/move`, { token: xAdmin, body: { parent_id: xu.id } });
  expectProblem(own, 409, 'conflict');
  v(own, 'POST', MOVE);
  expectProblem(await api('POST', `${ORGS}/${x.id}/move`, { token: cityAdmin, body: { parent_id: xu.id } }), 409, 'conflict');
  expectProblem(await api('POST', `${ORGS}/${x.id}/move`, { token: cityAdmin, body: { parent_id: x.id } }), 409, 'conflict');
  expectProblem(await api('POST', `${ORGS}/${x.id}/move`, { token: cityAdmin, body: { parent_id: t0.county.id } }), 409, 'conflict'); // county under county
  const other = await createOrg({ parent_id: x.id, level: 'unit' });
  expectProblem(await api('POST', `${ORGS}/${other.id}/move`, { token: cityAdmin, body: { parent_id: xu.id } }), 409, 'conflict'); // unit under unit
  for (const [body, field, code] of [[{}, 'parent_id', 'required'], [{ parent_id: 'nope' }, 'parent_id', 'format'], [{ parent_id: t0.county.id, x: 1 }, 'x', 'unknown_field']]) {
    const b = await api('POST', `${ORGS}/${other.id}/move`, { token: cityAdmin, body });
    expectProblem(b, 400, 'validation_failed');
    assert.ok(hasField(b, field, code), `${JSON.stringify(body)}: ${JSON.stringify(b.body.errors)}`);
  }
  expectProblem(await api('POST', `${ORGS}/${other.id}/move`, { token: cityAdmin, body: { parent_id: t0.other.id } }), 404, 'not_found');
});

test('DELETE /orgs/{id}: an empty org 204; one with children, users or clients 409 saying why; own org 409; another branch 404', async () => {
  const x = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  const d = await api('DELETE', `${ORGS}/${x.id}`, { token: admin });
  assert.equal(d.status, 204, d.text);
  v(d, 'DELETE', ORG);
  expectProblem(await api('GET', `${ORGS}/${x.id}`, { token: admin }), 404, 'not_found');
  const withUser = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  await createUser({ org_id: withUser.id });
  const c1 = await api('DELETE', `${ORGS}/${withUser.id}`, { token: admin });
  expectProblem(c1, 409, 'conflict');
  v(c1, 'DELETE', ORG);
  assert.match(c1.body.detail, /1/, `the detail counts the users: ${c1.body.detail}`);
  const parent = await createOrg({ parent_id: t0.cityA.id, level: 'county' });
  await createOrg({ parent_id: parent.id, level: 'unit' });
  const c2 = await api('DELETE', `${ORGS}/${parent.id}`, { token: cityAdmin });
  expectProblem(c2, 409, 'conflict');
  assert.ok(c2.body.detail.length > 0);
  expectProblem(await api('DELETE', `${ORGS}/${t0.county.id}`, { token: admin }), 409, 'conflict');
  const foreign = await createOrg({ parent_id: t0.sibling.id, level: 'unit' });
  expectProblem(await api('DELETE', `${ORGS}/${foreign.id}`, { token: admin }), 404, 'not_found');
  const still = await api('GET', `${ORGS}/${foreign.id}`, { token: siblingAdmin });
  assert.equal(still.status, 200, 'the foreign org is untouched');
  const entries = await auditEntries(admin, { action: 'org.delete' });
  assert.ok(entries.some((e) => e.object_id === x.id), 'audit org.delete');
});

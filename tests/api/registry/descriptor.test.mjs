// Key locations and projects served by the resource descriptor (api/resource/resource.c): a
// client-made id with an Idempotency-Key, one If-Match rule (412 on a stale PATCH and DELETE,
// nothing changed), allowed_actions in every single-record answer equal to what the server then
// accepts for two roles and an archived parent, bad input naming the field, another branch 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { agree } from '../lib/allowed.mjs';
import { tree, login, closeDb, createUser, createInstitution, createKeyLocation, createProject, uniq, q } from '../lib/fixtures.mjs';

let t0;
let inspector; // county inspector
let viewer; // county viewer
let admin; // county admin
let foreign; // an admin of the sibling county

before(async () => {
  t0 = await tree();
  inspector = await login(t0.users.inspector.username);
  viewer = await login(t0.users.viewer.username);
  admin = await login(t0.users.admin.username);
  foreign = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
});
after(closeDb);

const KINDS = {
  'key-locations': {
    make: (institution) => createKeyLocation({ institution, name: `部位-${uniq('k')}` }),
    create: { kind: 'power_room', name: '配电室', duty_24h: true },
    patch: { note: '每日巡查' },
    bad: [[{ kind: 'spaceport', name: 'x' }, 'kind', 'enum'], [{ kind: 'power_room' }, 'name', 'required'],
      [{ kind: 'power_room', name: 'x', duty_24h: 'yes' }, 'duty_24h', 'type'], [{ kind: 'power_room', name: 'x', floor: 3 }, 'floor', 'unknown_field']],
    audit: 'key_location',
  },
  projects: {
    make: (institution) => createProject({ institution, name: `项目-${uniq('p')}` }),
    create: { name: '门诊楼改造', status: 'under_way', start_date: '2026-03-01' },
    patch: { contractor: '某建设公司' },
    bad: [[{ name: 'x', status: 'flying' }, 'status', 'enum'], [{ status: 'planned' }, 'name', 'required'],
      [{ name: 'x', start_date: '2026-02-30' }, 'start_date', 'format'], [{ name: 'x', start_date: '2026-05-01', end_date: '2026-04-01' }, 'end_date', 'range']],
    audit: 'project',
  },
};

for (const [kind, k] of Object.entries(KINDS)) {
  const one = `/api/v1/${kind}/{id}`;
  const many = `/api/v1/institutions/{id}/${kind}`;

  test(`${kind}: a client-made id is kept; the Idempotency-Key replays the answer; a bad id or member is named`, async () => {
    const inst = await createInstitution();
    const id = randomUUID();
    const key = randomUUID();
    const path = `/api/v1/institutions/${inst.id}/${kind}`;
    const made = await api('POST', path, { token: inspector, body: { id, ...k.create }, headers: { 'Idempotency-Key': key } });
    assert.equal(made.status, 201, made.text);
    expectValid(made, { method: 'POST', path: many });
    assert.equal(made.body.id, id);
    assert.equal(made.headers.get('location'), `/api/v1/${kind}/${id}`);
    assert.equal(made.headers.get('etag'), '"v1"');
    assert.deepEqual(made.body.allowed_actions, ['update', 'archive']);
    const again = await api('POST', path, { token: inspector, body: { id, ...k.create }, headers: { 'Idempotency-Key': key } });
    assert.equal(again.status, 201);
    assert.deepEqual(again.body, made.body);
    const audit = await q('SELECT count(*)::int AS n FROM audit_log WHERE object_type = $1 AND object_id = $2', [k.audit, id]);
    assert.equal(audit[0].n, 1, 'one create, one audit entry');
    const dup = await api('POST', path, { token: inspector, body: { id, ...k.create } });
    assert.equal(dup.status, 409, `the same id again without the key: ${dup.text}`);
    const badId = await api('POST', path, { token: inspector, body: { id: 'not-a-uuid', ...k.create } });
    expectProblem(badId, 400, 'validation_failed');
    expectValid(badId, { method: 'POST', path: many });
    assert.equal(badId.body.errors[0].field, 'id');
    for (const [body, field, code] of k.bad) {
      const res = await api('POST', path, { token: inspector, body });
      expectProblem(res, 400, 'validation_failed');
      assert.ok(res.body.errors.some((e) => e.field === field && e.code === code), `${field} ${code}: ${res.text}`);
    }
    const empty = await api('PATCH', `/api/v1/${kind}/${id}`, { token: inspector, body: {} });
    expectProblem(empty, 400, 'validation_failed');
  });

  test(`${kind}: a stale If-Match is 412 on PATCH and DELETE and changes nothing; the current ETag succeeds`, async () => {
    const rec = await k.make(await createInstitution());
    const path = `/api/v1/${kind}/${rec.id}`;
    const first = await api('PATCH', path, { token: inspector, body: k.patch, headers: { 'If-Match': '"v1"' } });
    assert.equal(first.status, 200, first.text);
    expectValid(first, { method: 'PATCH', path: one });
    assert.equal(first.headers.get('etag'), '"v2"');
    assert.deepEqual(first.body.allowed_actions, ['update', 'archive']);
    for (const [method, body] of [['PATCH', k.patch], ['DELETE', undefined]]) {
      const stale = await api(method, path, { token: inspector, body, headers: { 'If-Match': '"v1"' } });
      expectProblem(stale, 412, 'precondition_failed');
      expectValid(stale, { method, path: one });
    }
    const now = await api('GET', path, { token: viewer });
    assert.equal(now.headers.get('etag'), '"v2"', 'nothing changed');
    assert.equal(now.body.archived, false);
    const del = await api('DELETE', path, { token: inspector, headers: { 'If-Match': '"v2"' } });
    assert.equal(del.status, 204, del.text);
    const gone = await api('GET', path, { token: viewer });
    assert.equal(gone.body.archived, true);
    assert.deepEqual(gone.body.allowed_actions, []);
    const late = await api('PATCH', path, { token: inspector, body: k.patch });
    expectProblem(late, 409, 'conflict');
  });

  test(`${kind}: allowed_actions equals what the server accepts (inspector, viewer, archived institution)`, async () => {
    const actions = {
      update: (id, token) => api('PATCH', `/api/v1/${kind}/${id}`, { token, body: k.patch }),
      archive: (id, token) => api('DELETE', `/api/v1/${kind}/${id}`, { token }),
    };
    const inst = await createInstitution();
    const archivedInst = await createInstitution();
    assert.equal((await api('DELETE', `/api/v1/institutions/${archivedInst.id}`, { token: admin })).status, 204);
    assert.deepEqual(await agree({ make: () => k.make(inst), path: `/api/v1/${kind}`, actions, token: inspector, label: 'inspector' }), ['update', 'archive']);
    assert.deepEqual(await agree({ make: () => k.make(inst), path: `/api/v1/${kind}`, actions, token: viewer, label: 'viewer' }), []);
    assert.deepEqual(await agree({ make: () => k.make(archivedInst), path: `/api/v1/${kind}`, actions, token: inspector, label: 'inspector, archived institution' }), ['archive']);
  });

  test(`${kind}: a caller of another branch gets 404 for GET, PATCH, DELETE and create`, async () => {
    const inst = await createInstitution();
    const rec = await k.make(inst);
    for (const [method, path, body] of [['GET', `/api/v1/${kind}/${rec.id}`], ['PATCH', `/api/v1/${kind}/${rec.id}`, k.patch],
      ['DELETE', `/api/v1/${kind}/${rec.id}`], ['POST', `/api/v1/institutions/${inst.id}/${kind}`, k.create]]) {
      const res = await api(method, path, { token: foreign, body });
      expectProblem(res, 404, 'not_found');
    }
    const still = await api('GET', `/api/v1/${kind}/${rec.id}`, { token: viewer });
    assert.equal(still.headers.get('etag'), '"v1"');
  });
}

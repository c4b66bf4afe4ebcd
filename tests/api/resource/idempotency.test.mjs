// Idempotency-Key under concurrency: many identical creates with one key make one record; every
// answer is the first answer (201, replayed) or 409 request_in_progress with Retry-After, never a
// 500; a retry after a 409 replays.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, rawRequest, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, q, uniq, creditCode, createInstitution, nationalTemplate, closeDb } from '../lib/fixtures.mjs';

after(closeDb);

/** The six creates that take an Idempotency-Key, each with a body valid for a county inspector. */
async function creates(t) {
  const inst = await createInstitution({ parent_id: t.county.id });
  const template = await nationalTemplate();
  return [
    { path: '/api/v1/institutions', table: 'institutions', body: () => ({ parent_id: t.county.id, name: `并发医院-${uniq('c')}`, credit_code: creditCode(), type: 'general_hospital', grade: 'none', ownership: 'public' }) },
    { path: `/api/v1/institutions/${inst.id}/key-locations`, table: 'key_locations', body: () => ({ kind: 'oxygen_station', name: `供氧站-${uniq('k')}`, duty_24h: true }) },
    { path: `/api/v1/institutions/${inst.id}/projects`, table: 'construction_projects', body: () => ({ name: `改扩建-${uniq('p')}`, status: 'under_way', start_date: '2026-03-01' }) },
    { path: '/api/v1/risks', table: 'risks', body: () => ({ institution_id: inst.id, name: `液氧泄漏-${uniq('r')}`, category: 'medical_gas', method: 'lec', lec_l: 3, lec_e: 6, lec_c: 15 }) },
    { path: '/api/v1/checklist-templates', table: 'checklist_templates', body: () => ({ name: `节前检查-${uniq('t')}`, org_id: t.county.id, items: [{ text: '消防通道畅通' }] }) },
    { path: '/api/v1/inspections', table: 'inspections', body: () => ({ institution_id: inst.id, type: 'routine', template_id: template.id, inspected_on: '2026-04-10', conclusion: uniq('并发') }) },
  ];
}

test('concurrent creates with one Idempotency-Key (50 risks, 20 of each other kind) make one record, never a 500', async () => {
  const t = await tree();
  const inspector = await login(t.users.inspector.username);
  const admin = await login(t.users.admin.username);
  for (const c of await creates(t)) {
    const token = c.path.includes('checklist') ? admin : inspector;
    const n = c.path === '/api/v1/risks' ? 50 : 20;
    const key = randomUUID();
    const body = c.body();
    // One connection each, closed after its answer: a kept-alive idle connection holds a
    // CivetWeb worker, and the point is requests racing, not connections queueing.
    const answers = await Promise.all(Array.from({ length: n }, () =>
      rawRequest('POST', c.path, {
        body: JSON.stringify(body),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key, Connection: 'close' },
      })));
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.every((s) => s === 201 || s === 409), `${c.path}: ${JSON.stringify(statuses)}`);
    const created = answers.filter((a) => a.status === 201);
    assert.ok(created.length >= 1, `${c.path}: at least the first is created`);
    const ids = new Set(created.map((a) => a.body.id));
    assert.equal(ids.size, 1, `${c.path}: every 201 names the same record`);
    assert.equal(created.filter((a) => a.headers.get('idempotent-replayed') !== 'true').length, 1,
      `${c.path}: exactly one answer is not a replay`);
    for (const a of answers.filter((x) => x.status === 409)) {
      expectProblem(a, 409, 'request_in_progress');
      assert.ok(Number(a.headers.get('retry-after')) >= 1);
    }
    expectValid(created[0], { method: 'POST', path: c.path.replace(/[0-9a-f-]{36}/, '{id}') });
    const [id] = ids;
    const rows = await q(`SELECT count(*)::int AS n FROM ${c.table} WHERE id = $1`, [id]);
    assert.equal(rows[0].n, 1);
    // A retry later replays the first answer.
    const again = await api('POST', c.path, { body, token, headers: { 'Idempotency-Key': key } });
    assert.equal(again.status, 201);
    assert.equal(again.body.id, id);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
  }
});

test('a key held by a request still running answers 409 request_in_progress with Retry-After, then replays', async () => {
  const t = await tree();
  const token = await login(t.users.inspector.username);
  const me = await api('GET', '/api/v1/auth/me', { token });
  const key = randomUUID();
  const inst = await createInstitution({ parent_id: t.county.id });
  const body = { institution_id: inst.id, name: `持锁-${uniq('r')}`, category: 'fire', method: 'lec', lec_l: 3, lec_e: 6, lec_c: 7 };
  // Another session holds the key's lock, as a first request in flight would, past lock_timeout.
  const { connect } = await import('../lib/fixtures.mjs');
  const holder = await connect(process.env.ANQUAN_TEST_DATABASE_URL);
  try {
    await holder.query('BEGIN');
    await holder.query("SELECT pg_advisory_xact_lock(hashtextextended('idempotency ' || $1 || ' ' || $2, 0))", [me.body.user.id, key]);
    const started = Date.now();
    const busy = await api('POST', '/api/v1/risks', { body, token, headers: { 'Idempotency-Key': key } });
    expectProblem(busy, 409, 'request_in_progress');
    assert.equal(busy.headers.get('retry-after'), '1');
    assert.ok(Date.now() - started >= 4500, 'it waited for the first request before giving up');
    await holder.query('ROLLBACK');
  } finally {
    await holder.end();
  }
  const done = await api('POST', '/api/v1/risks', { body, token, headers: { 'Idempotency-Key': key } });
  assert.equal(done.status, 201);
  const replay = await api('POST', '/api/v1/risks', { body, token, headers: { 'Idempotency-Key': key } });
  assert.equal(replay.status, 201);
  assert.equal(replay.body.id, done.body.id);
});

test('a create may name its record\'s UUID (made offline); the same id again answers 409, a bad one 400 naming id', async () => {
  const t = await tree();
  const inspector = await login(t.users.inspector.username);
  const admin = await login(t.users.admin.username);
  for (const c of await creates(t)) {
    if (c.path === '/api/v1/institutions') continue; // an institution is its unit org: ids come from the tree
    const token = c.path.includes('checklist') ? admin : inspector;
    const id = randomUUID();
    const made = await api('POST', c.path, { token, body: { id, ...c.body() } });
    assert.equal(made.status, 201, `${c.path}: ${made.text}`);
    assert.equal(made.body.id, id, `${c.path}: the record has the client's id`);
    assert.ok(made.headers.get('location').endsWith(id));
    const again = await api('POST', c.path, { token, body: { id, ...c.body() } });
    expectProblem(again, 409, 'conflict');
    const bad = await api('POST', c.path, { token, body: { id: 'not-a-uuid', ...c.body() } });
    expectProblem(bad, 400, 'validation_failed');
    assert.ok(bad.body.errors.some((e) => e.field === 'id'), bad.text);
    const rows = await q(`SELECT count(*)::int AS n FROM ${c.table} WHERE id = $1`, [id]);
    assert.equal(rows[0].n, 1);
  }
});

// Notice numbers are gapless per issuing org and year under concurrent issuing: the counter row of
// (org, year) is locked by its upsert until the transaction ends (api/hazard/notice_sql.c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createOrg, createUser, createUnitHazard, q } from '../lib/fixtures.mjs';

let issuer; let unit; let token;

before(async () => {
  const t = await tree();
  issuer = await createOrg({ parent_id: t.cityA.id, level: 'county' });
  unit = await createOrg({ parent_id: issuer.id, level: 'unit' });
  token = await login((await createUser({ org_id: issuer.id, role: 'inspector' })).username);
});
after(closeDb);

test('50 concurrent issues by one org get the numbers 1..50 exactly: no gap, no duplicate', { timeout: 120_000 }, async () => {
  const hazards = [];
  for (let i = 0; i < 50; i += 1) hazards.push(await createUnitHazard({ org_id: unit.id }));
  const results = await Promise.all(hazards.map((h) => api('POST', '/api/v1/notices', {
    token, body: { org_id: unit.id, hazard_ids: [h.id], deadline: '2099-06-30', requirement: '限期整改' },
  })));
  for (const r of results) {
    assert.equal(r.status, 201, r.text);
    expectValid(r, { method: 'POST', path: '/api/v1/notices' });
  }
  const seqs = results.map((r) => r.body.seq).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: 50 }, (_, i) => i + 1));
  const numbers = new Set(results.map((r) => r.body.number));
  assert.equal(numbers.size, 50, 'fifty different numbers');
  for (const r of results) assert.equal(r.body.number, `${issuer.name[0]}卫安改〔${r.body.year}〕${r.body.seq}号`);
  // each hazard is under the notice that named it
  for (const r of results) {
    assert.equal(r.body.hazards.length, 1);
    assert.equal(r.body.hazards[0].state, 'notice_issued');
  }
  const [{ last }] = await q('SELECT last FROM notice_counters WHERE org_id = $1', [issuer.id]);
  assert.equal(last, 50);
  const rows = await q('SELECT seq FROM rectification_notices WHERE issuer_org_id = $1 ORDER BY seq', [issuer.id]);
  assert.deepEqual(rows.map((x) => x.seq), Array.from({ length: 50 }, (_, i) => i + 1));
});

test('a failed issue among concurrent ones leaves no gap', { timeout: 120_000 }, async () => {
  const [{ last: before0 }] = await q('SELECT last FROM notice_counters WHERE org_id = $1', [issuer.id]);
  const good = [];
  for (let i = 0; i < 10; i += 1) good.push(await createUnitHazard({ org_id: unit.id }));
  const bad = [];
  for (let i = 0; i < 5; i += 1) bad.push(await createUnitHazard({ org_id: unit.id, state: 'reported' }));
  const all = [...good, ...bad].sort(() => Math.random() - 0.5);
  const results = await Promise.all(all.map((h) => api('POST', '/api/v1/notices', {
    token, body: { org_id: unit.id, hazard_ids: [h.id], deadline: '2099-06-30', requirement: '限期整改' },
  })));
  const ok = results.filter((r) => r.status === 201);
  assert.equal(ok.length, 10, results.map((r) => r.status).join(','));
  assert.ok(results.filter((r) => r.status !== 201).every((r) => r.status === 409));
  assert.deepEqual(ok.map((r) => r.body.seq).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => before0 + i + 1));
});

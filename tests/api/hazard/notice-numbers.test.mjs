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

test('the year of a number is the year in Asia/Shanghai of app_now(), and each year counts from 1', async (t) => {
  // The test clock (X-Anquan-Now, part E) is known to the server when a bad value is refused.
  const probe = await api('GET', '/api/v1/notices?limit=1', { token, headers: { 'X-Anquan-Now': 'not-a-time' } });
  if (probe.status !== 400) {
    t.skip('this server has no test clock (X-Anquan-Now)');
    return;
  }
  const issueAt = async (now) => {
    const h = await createUnitHazard({ org_id: unit.id });
    const r = await api('POST', '/api/v1/notices', {
      token, headers: { 'X-Anquan-Now': now },
      body: { org_id: unit.id, hazard_ids: [h.id], deadline: '2099-06-30', requirement: '限期整改' },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  };
  // 16:30 UTC on 31 December is 00:30 on 1 January in Beijing: the new year's first number
  const a = await issueAt('2030-12-31T15:59:00Z');
  assert.equal(a.year, 2030);
  assert.equal(a.seq, 1);
  const b = await issueAt('2030-12-31T16:30:00Z');
  assert.equal(b.year, 2031);
  assert.equal(b.seq, 1);
  assert.equal(b.number, `${issuer.name[0]}卫安改〔2031〕1号`);
  assert.equal((await issueAt('2031-03-01T08:00:00+08:00')).seq, 2);
  assert.equal((await issueAt('2030-06-01T08:00:00+08:00')).seq, 2, 'each year has its own counter');
});

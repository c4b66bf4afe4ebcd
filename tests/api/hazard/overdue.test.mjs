// The overdue sweep (api/core/sweep.c, sweep_hazard_overdue): every ANQUAN_SWEEP_SECONDS (2 under
// make test) the server notifies hazard.overdue for open hazards past their deadline: to the
// unit's admins, safety officers and leaders and to the org above's admins, leaders and
// inspectors; each (hazard, deadline) once, however often it runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pollUntil } from '../lib/http.mjs';
import { q, closeDb } from '../lib/fixtures.mjs';
import { opsTree, caller, insertHazard, shanghaiDate } from './ops-fixtures.mjs';

after(closeDb);

const SKIP = !process.env.ANQUAN_SWEEP_SECONDS && 'the server sweeps every ANQUAN_SWEEP_SECONDS (tests/run-all.sh sets 2)';
const wait = () => (Number(process.env.ANQUAN_SWEEP_SECONDS) + 5) * 1000;

let t;
before(async () => { t = await opsTree(); });

const overdueNotes = (hazardId) => q(`SELECT n.user_id::text, n.kind, n.dedupe_key, n.title FROM notifications n
                                      WHERE n.record_id = $1 AND n.kind = 'hazard.overdue' ORDER BY n.user_id`, [hazardId]);

test('the sweep notifies the unit and the org above of an overdue hazard once, and never a sibling county', { skip: SKIP }, async () => {
  const unitSo = await caller(t.unit, 'safety_officer');
  const unitViewer = await caller(t.unit, 'viewer');
  const countyAdmin = await caller(t.county, 'admin');
  const countyInspector = await caller(t.county, 'inspector');
  const countySo = await caller(t.county, 'safety_officer');
  const cityAdmin = await caller(t.city, 'admin');
  const siblingAdmin = await caller(t.sibling, 'admin');
  const deadline = shanghaiDate(-2);
  const h = await insertHazard(t.unit, { state: 'rectifying', deadline, registeredBy: t.county });
  const open = await insertHazard(t.unit, { state: 'rectifying', deadline: shanghaiDate(5) });
  const closed = await insertHazard(t.unit, { state: 'closed', deadline });
  const expected = [unitSo, countyAdmin, countyInspector].map((c) => c.user.id).sort();

  const rows = await pollUntil(() => overdueNotes(h.id), (r) => r.length >= expected.length, { timeoutMs: wait() });
  assert.deepEqual(rows.map((r) => r.user_id), expected,
    'the unit (safety officer, not a viewer) and the county above (admin, inspector, not a safety officer); not the city, not the sibling');
  for (const r of rows) assert.equal(r.dedupe_key, `overdue:${h.id}:${deadline}`);
  assert.ok(!rows.some((r) => [unitViewer, countySo, cityAdmin, siblingAdmin].some((c) => c.user.id === r.user_id)));

  // several more sweeps: nothing written twice
  await new Promise((r) => setTimeout(r, wait()));
  assert.equal((await overdueNotes(h.id)).length, expected.length, 'written once however often the sweep runs');
  const swept = await q('SELECT notified FROM hazard_overdue_sweeps WHERE hazard_id = $1', [h.id]);
  assert.deepEqual(swept.map((r) => r.notified), [expected.length], 'one sweep record for the deadline');
  assert.equal((await overdueNotes(open.id)).length, 0, 'a hazard not yet due is not notified');
  assert.equal((await overdueNotes(closed.id)).length, 0, 'a closed hazard is not notified');

  // the county admin reads it through the API
  const { api } = await import('../lib/http.mjs');
  const res = await api('GET', '/api/v1/notifications?unread=true', { token: countyAdmin.token });
  assert.ok(res.body.items.some((n) => n.record_id === h.id && n.kind === 'hazard.overdue'));

  // a deadline moved (an extension granted) is a new deadline: overdue again, notified again
  const later = shanghaiDate(-1);
  await q('UPDATE hazards SET deadline = $2::date WHERE id = $1', [h.id, later]);
  const again = await pollUntil(() => overdueNotes(h.id), (r) => r.length >= 2 * expected.length, { timeoutMs: wait() });
  assert.equal(again.length, 2 * expected.length);
  assert.ok(again.some((r) => r.dedupe_key === `overdue:${h.id}:${later}`));
});

// The campaign workflow on the transition engine (api/campaign/campaign_workflow.c): every
// campaign says what its caller may do (allowed_actions), and exactly those actions are accepted,
// for every role, the caller's place (the campaign's own org, a county below its city, a unit) and
// state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createCampaign, createUser } from '../lib/fixtures.mjs';

const P = '/api/v1/campaigns';
let t;
const callers = {};

before(async () => {
  t = await tree();
  for (const role of ['admin', 'inspector', 'leader', 'viewer']) callers[`county ${role}`] = await login(t.users[role].username);
  callers['city admin'] = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
  callers['unit admin'] = await login((await createUser({ org_id: t.unit.id, role: 'admin' })).username);
});
after(closeDb);

/** Takes `action` on campaign `id` through its endpoint. */
function take(action, id, token) {
  switch (action) {
    case 'update': return api('PATCH', `${P}/${id}`, { token, body: { goal: '补充目标' } });
    case 'amend': return api('POST', `${P}/${id}/amendments`, { token, body: { text: '延长', changes: { ends_on: '2019-11-30' } } });
    case 'adopt': return api('POST', `${P}/${id}/adopt`, { token, body: { doc_number: '采〔2019〕1号' } });
    default: return api('POST', `${P}/${id}/actions/${action}`, { token });
  }
}

const ACTIONS = ['update', 'issue', 'amend', 'adopt', 'close'];

test('allowed_actions is exactly what the server then accepts, for every caller, owner and state', async () => {
  const seen = new Set();
  for (const owner of ['county', 'cityA']) {
    for (const state of ['draft', 'issued', 'closed']) {
      for (const who of Object.keys(callers)) {
        for (const action of ACTIONS) {
          const c = await createCampaign({ org_id: t[owner].id, state });
          const got = await api('GET', `${P}/${c.id}`, { token: callers[who] });
          if (got.status === 404) {
            // a draft is not in view below its org: no action either
            assert.ok(state === 'draft' && (who === 'unit admin' || (owner === 'cityA' && who !== 'city admin')), `${who} on ${owner}'s ${state}`);
            const res = await take(action, c.id, callers[who]);
            assert.ok([403, 404].includes(res.status), `${who} ${action} on an unseen draft: ${res.status}`);
            continue;
          }
          assert.equal(got.status, 200, got.text);
          expectValid(got, { method: 'GET', path: `${P}/{id}` });
          const allowed = got.body.allowed_actions;
          const res = await take(action, c.id, callers[who]);
          const label = `${who} on ${owner}'s ${state} campaign, ${action}: ${res.status} ${res.text.slice(0, 160)}; allowed ${JSON.stringify(allowed)}`;
          if (allowed.includes(action)) {
            assert.ok(res.status >= 200 && res.status < 300, label);
            seen.add(`${action}`);
          } else {
            assert.ok([403, 409].includes(res.status), label);
          }
        }
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...ACTIONS].sort(), 'every action was offered and taken somewhere');
});

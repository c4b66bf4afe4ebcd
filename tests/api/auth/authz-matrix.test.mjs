// The authorization matrix, generated from the OpenAPI document: every operation with
// x-anquan-roles x every caller role (users and API client pseudo-roles) x every relation of the
// target to the caller's org, against the expected outcome:
//   role not in x-anquan-roles               -> 403
//   target in the caller's subtree            -> neither 401, 403 nor 404 (2xx, or a 4xx about the data)
//   target outside it (ancestor, sibling, other city) or nonexistent -> 404, and the foreign
//   answer equals the nonexistent one (except request_id and instance)
//   no token at all                           -> 401 with WWW-Authenticate: Bearer
// An operation added later is covered as soon as it carries x-anquan-roles (and x-anquan-target
// when it acts on an object) and a request body example.
// Target kinds: org, user, api_client, and the supervision objects institution, key_location,
// project, risk, checklist_template, inspection (x-anquan-target.state: the inspection's state,
// draft | answered | submitted), hazard (state: its state, or signable: major, rectifying,
// unsigned), hazard_criterion (read from below like templates), notification (the caller's own
// inside, another user's outside). x-anquan-target.org_rule: unit
// marks a move only the record's own unit takes (callers above it: 403). Objects that live on a unit (all but templates) get a fresh unit
// under the relation's org ("own" and "descendant": a unit of the caller's county). Checklist
// templates are read from below: an ancestor's template is readable (expect success) and not
// writable (expect 403). Other ids in the example are replaced by an object of the caller's own
// scope: *_id members naming a kind (template_id, institution_id, key_location_id), any other uuid
// by the caller's org; a credit_code by a fresh valid one; remaining path parameters take their
// documented example (e.g. position 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { operations, expectValid } from '../lib/openapi.mjs';
import { tree, login, apiClientToken, closeDb, ROLES } from '../lib/fixtures.mjs';
import { requestMaker, INSIDE } from '../lib/requests.mjs';

const RELATIONS = ['own', 'descendant', 'ancestor', 'sibling', 'other_city', 'nonexistent'];
const FOREIGN = ['ancestor', 'sibling', 'other_city'];
const CLIENT_ROLES = ['client_read', 'client_rw'];

let t0; // the fixture tree
let requests; // target making and request building around t0 (lib/requests.mjs)
const callers = {}; // role -> token

before(async () => {
  t0 = await tree();
  requests = requestMaker(t0);
  for (const role of ROLES) callers[role] = await login(t0.users[role].username);
  callers.client_read = (await apiClientToken(callers.admin, { org_id: t0.county.id, scope: 'read' })).token;
  callers.client_rw = (await apiClientToken(callers.admin, { org_id: t0.county.id, scope: 'read-write' })).token;
});
after(closeDb);

const makeTarget = (...args) => requests.target(...args);
const buildRequest = (...args) => requests.build(...args);

// Templates are readable from below: an ancestor's one is visible (reads succeed, writes are 403).
const VISIBLE_FROM_BELOW = new Set(['checklist_template', 'hazard_criterion']);

function normalize(body, ids) {
  let s = JSON.stringify({ ...body, request_id: undefined, instance: undefined });
  for (const id of ids) s = s.split(id).join('<id>');
  return JSON.parse(s);
}

test('authorization matrix: every operation x role x relation answers as x-anquan-roles and the subtree say', { timeout: 600_000 }, async (t) => {
  const ops = operations().filter(({ operation }) => Array.isArray(operation['x-anquan-roles']));
  assert.ok(ops.length >= 15, `the identity operations are in the document (${ops.length})`);
  let cases = 0;
  const tally = {};
  const leaks = [];
  const failures = [];
  const label = (o, role, rel) => `${o.method} ${o.path} as ${role}${rel ? ` on ${rel}` : ''}`;

  const check = (res, o, role, rel, req) => {
    try { expectValid(res, { method: o.method, path: o.path }); } catch (e) {
      failures.push(`${label(o, role, rel)}: response breaks the OpenAPI document: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
    }
    void req;
  };

  for (const o of ops) {
    const op = o.operation;
    const allowed = new Set(op['x-anquan-roles']);
    const target = op['x-anquan-target'];
    const what = `${o.method} ${o.path}`;

    // anonymous
    {
      const tid = target ? await makeTarget(target.kind, 'own', o.method, o.path, target.state) : undefined;
      const req = await buildRequest(o, target, tid);
      const res = await api(o.method, req.url, { body: req.body, raw: req.raw, headers: req.headers });
      cases += 1;
      if (res.status !== 401 || !/^Bearer/.test(res.headers.get('www-authenticate') ?? '')) {
        failures.push(`${what} without a token: expected 401 with WWW-Authenticate: Bearer, got ${res.status} ${res.headers.get('www-authenticate')} ${res.text.slice(0, 200)}`);
      }
      check(res, o, 'anonymous', '', req);
    }

    for (const role of [...ROLES, ...CLIENT_ROLES]) {
      const token = callers[role];
      const rels = target ? RELATIONS : [null];
      const foreignBodies = {};
      for (const rel of rels) {
        const tid = target ? await makeTarget(target.kind, rel, o.method, o.path, target.state, t0.users[role]) : undefined;
        const req = await buildRequest(o, target, tid);
        const res = await api(o.method, req.url, { body: req.body, raw: req.raw, headers: req.headers, token });
        cases += 1;
        tally[res.status] = (tally[res.status] ?? 0) + 1;
        check(res, o, role, rel, req);
        const got = `${res.status} ${res.text.slice(0, 240)}`;
        if (!allowed.has(role)) {
          if (res.status !== 403 || res.body?.code !== 'forbidden') {
            (res.status < 300 ? leaks : failures).push(`${label(o, role, rel)}: role lacks the permission, expected 403 forbidden, got ${got} [${req.url} ${JSON.stringify(req.body ?? null)}]`);
          }
          continue;
        }
        if (rel === 'ancestor' && VISIBLE_FROM_BELOW.has(target.kind)) {
          const reading = o.method === 'GET' || o.method === 'HEAD';
          if (reading ? ([401, 403, 404].includes(res.status) || res.status >= 500) : (res.status !== 403 || res.body?.code !== 'forbidden')) {
            (res.status < 300 && !reading ? leaks : failures).push(`${label(o, role, rel)}: a template of an ancestor is ${reading ? 'readable' : 'not writable (403)'} from below, got ${got} [${req.url} ${JSON.stringify(req.body ?? null)}]`);
          }
          continue;
        }
        if (INSIDE.has(rel) && target.org_rule === 'unit') {
          // a move only the record's own unit takes (a leader's sign-off): callers above it may
          // see the record (no 404) and are refused by the org rule (403 forbidden)
          if (res.status !== 403 || res.body?.code !== 'forbidden') {
            (res.status < 300 ? leaks : failures).push(`${label(o, role, rel)}: the unit's own move, expected 403 forbidden from above, got ${got} [${req.url} ${JSON.stringify(req.body ?? null)}]`);
          }
          continue;
        }
        if (rel === null || INSIDE.has(rel)) {
          if (process.env.ANQUAN_MATRIX_VERBOSE && res.status >= 400) t.diagnostic(`${label(o, role, rel)}: ${got}`);
          if ([401, 403, 404].includes(res.status) || res.status >= 500) {
            failures.push(`${label(o, role, rel)}: expected success or a 4xx about the data, got ${got} [${req.url} ${JSON.stringify(req.body ?? null)}]`);
          }
          continue;
        }
        if (res.status !== 404 || res.body?.code !== 'not_found') {
          (rel === 'nonexistent' ? failures : leaks).push(`${label(o, role, rel)}: expected 404 not_found, got ${got} [${req.url} ${JSON.stringify(req.body ?? null)}]`);
        }
        foreignBodies[rel] = { res, ids: [tid] };
      }
      const none = foreignBodies.nonexistent;
      if (none && none.res.status === 404) {
        for (const rel of FOREIGN) {
          const f = foreignBodies[rel];
          if (!f || f.res.status !== 404) continue;
          const a = normalize(f.res.body, f.ids);
          const b = normalize(none.res.body, none.ids);
          try { assert.deepEqual(a, b); } catch {
            leaks.push(`${label(o, role, rel)}: the foreign 404 differs from the nonexistent one: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
          }
          const ctA = f.res.headers.get('content-type'); const ctB = none.res.headers.get('content-type');
          if (ctA !== ctB) leaks.push(`${label(o, role, rel)}: content type ${ctA} vs ${ctB} for nonexistent`);
        }
      }
    }
  }
  const line = `authorization matrix: ${cases} cases, ${leaks.length} leaks, ${failures.length} other failures`;
  console.log(line);
  t.diagnostic(line);
  t.diagnostic(`answers by status (callers with a token): ${JSON.stringify(tally)}`);
  const report = [...leaks.map((l) => `LEAK ${l}`), ...failures.map((f) => `FAIL ${f}`)];
  assert.equal(report.length, 0, `${line}\n${report.slice(0, 80).join('\n')}${report.length > 80 ? `\n... ${report.length - 80} more` : ''}`);
});

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
// draft | answered | submitted). Objects that live on a unit (all but templates) get a fresh unit
// under the relation's org ("own" and "descendant": a unit of the caller's county). Checklist
// templates are read from below: an ancestor's template is readable (expect success) and not
// writable (expect 403). Other ids in the example are replaced by an object of the caller's own
// scope: *_id members naming a kind (template_id, institution_id, key_location_id), any other uuid
// by the caller's org; a credit_code by a fresh valid one; remaining path parameters take their
// documented example (e.g. position 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api } from './lib/http.mjs';
import { operations, deref, expectValid } from './lib/openapi.mjs';
import { tree, login, uniq, createOrg, createUser, createClientRow, apiClientToken, closeDb, ROLES, createTargetIn, creditCode } from './lib/fixtures.mjs';

const RELATIONS = ['own', 'descendant', 'ancestor', 'sibling', 'other_city', 'nonexistent'];
const INSIDE = new Set(['own', 'descendant']);
const FOREIGN = ['ancestor', 'sibling', 'other_city'];
const CLIENT_ROLES = ['client_read', 'client_rw'];

let t0; // the fixture tree
const callers = {}; // role -> token

before(async () => {
  t0 = await tree();
  for (const role of ROLES) callers[role] = await login(t0.users[role].username);
  callers.client_read = (await apiClientToken(callers.admin, { org_id: t0.county.id, scope: 'read' })).token;
  callers.client_rw = (await apiClientToken(callers.admin, { org_id: t0.county.id, scope: 'read-write' })).token;
});
after(closeDb);

function relationOrg(rel) {
  return { own: t0.county, descendant: t0.unit, ancestor: t0.cityA, sibling: t0.sibling, other_city: t0.other }[rel];
}

const DESTRUCTIVE = (method, path) => method === 'DELETE' || /\/move$/.test(path);

/** The id of a target object of `kind` for relation `rel` (fresh objects wherever one could be changed). */
async function makeTarget(kind, rel, method, path, state) {
  if (rel === 'nonexistent') return randomUUID();
  const org = relationOrg(rel);
  if (kind === 'org') {
    if (method === 'GET' || method === 'HEAD') return org.id;
    if (!DESTRUCTIVE(method, path)) {
      // a write that keeps the node: own and foreign nodes themselves (a leak would show as 2xx)
      return org.id;
    }
    // destructive: own org itself (the server must refuse with 409), the ancestor itself (non-empty:
    // a leak would show as 409 instead of 404), fresh leaves elsewhere
    if (rel === 'own') return t0.county.id;
    if (rel === 'ancestor') return t0.cityA.id;
    const parent = rel === 'descendant' ? t0.county : org;
    return (await createOrg({ parent_id: parent.id, level: 'unit' })).id;
  }
  if (kind === 'user') return (await createUser({ org_id: org.id, role: 'viewer' })).id;
  if (kind === 'api_client') return (await createClientRow({ org_id: org.id })).id;
  const place = kind === 'checklist_template' ? org : (INSIDE.has(rel) ? t0.county : org);
  const reusable = (method === 'GET' || method === 'HEAD') && !state;
  const key = `${kind}/${rel}`;
  if (reusable && readTargets.has(key)) return readTargets.get(key);
  const id = await createTargetIn(kind, place, { state });
  if (reusable) readTargets.set(key, id);
  return id;
}
const readTargets = new Map(); // kind/relation -> an object only read, shared by the GET cases

// Templates are readable from below: an ancestor's one is visible (reads succeed, writes are 403).
const VISIBLE_FROM_BELOW = new Set(['checklist_template']);
// Example members that name another object: filled with an object of the caller's own scope.
const REF_KINDS = { template_id: 'checklist_template', institution_id: 'institution', key_location_id: 'key_location' };

/** The request body example: {contentType, value} (JSON preferred; e.g. text/csv otherwise). */
function requestExample(op) {
  const content = deref(op.requestBody ?? {})?.content ?? {};
  const type = content['application/json'] ? 'application/json' : Object.keys(content)[0];
  const media = content[type];
  if (!media) return undefined;
  if (media.example !== undefined) return { contentType: type, value: structuredClone(media.example) };
  const first = Object.values(media.examples ?? {})[0];
  return first ? { contentType: type, value: structuredClone(deref(first).value) } : undefined;
}

/** The documented example of a path parameter (operation or path item level). */
function pathParamExample(o, name) {
  for (const p0 of [...(o.operation.parameters ?? []), ...(o.pathItem.parameters ?? [])]) {
    const p = deref(p0);
    if (p.in === 'path' && p.name === name) return p.example ?? p.schema?.example;
  }
  return undefined;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Build {url, body | raw + headers} for the operation with the target substituted. */
async function buildRequest(o, target, targetId) {
  const { path, operation: op } = o;
  let url = path;
  const query = new URLSearchParams();
  const example = requestExample(op);
  let body = example?.contentType === 'application/json' ? example.value : undefined;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    // unique names, so that creating twice is not a 409 about the name
    if (typeof body.username === 'string') body.username = uniq('m.');
    if (typeof body.name === 'string') body.name = `${body.name}-${uniq('m')}`;
    if (typeof body.credit_code === 'string') body.credit_code = creditCode();
    // every other id in the example refers to somewhere the caller may act: an object of a named
    // kind in the caller's own scope, or the caller's own org
    for (const [k, v] of Object.entries(body)) {
      if (typeof v !== 'string' || !UUID_RE.test(v) || (target?.in === 'body' && target.name === k)) continue;
      body[k] = REF_KINDS[k] ? await makeTarget(REF_KINDS[k], 'own', 'GET', '') : t0.county.id;
    }
    if (target?.in === 'body') body[target.name] = targetId;
  }
  if (target?.in === 'path') url = url.replace(`{${target.name}}`, targetId);
  if (target?.in === 'query') query.set(target.name, targetId);
  url = url.replace(/\{([^}]+)\}/g, (m, name) => {
    const ex = pathParamExample(o, name);
    return ex === undefined ? m : encodeURIComponent(String(ex));
  });
  assert.ok(!/\{[^}]+\}/.test(url), `${op.operationId}: a path parameter without x-anquan-target or example: ${url}`);
  const qs = query.toString();
  const req = { url: qs ? `${url}?${qs}` : url, body };
  if (example && example.contentType !== 'application/json') {
    req.raw = Buffer.from(String(example.value), 'utf8');
    req.headers = { 'content-type': example.contentType };
  }
  return req;
}

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
        const tid = target ? await makeTarget(target.kind, rel, o.method, o.path, target.state) : undefined;
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

// The server refuses what the OpenAPI document refuses, generated from the document so that the
// two cannot drift. For every operation with a JSON request body: a base body built from the
// request example (lib/requests.mjs, as the authorization matrix builds it) sent by a caller the
// operation allows, on a target in the caller's subtree; then, for every member the schema
// describes (top level, nested objects, array items), bodies the schema refuses: a wrong JSON
// type, null where not nullable, a value outside the enum, a string over maxLength or under
// minLength, a number outside minimum/maximum, a pattern or format (uuid, date) violation, a
// required member missing, an unknown member where additionalProperties is false, an empty
// object under minProperties, an array outside minItems/maxItems. Each mutation is first checked
// to be refused by the schema itself (ajv), so the generator cannot test the wrong thing.
// Every one must answer 400 validation_failed (problem+json, valid against the document) whose
// errors[] names the member: `finding`, `finding.description`, `contacts[0].phone`, and `body`
// for the body itself. Nothing may change in the database (row counts, the audit log and the
// target's rows are compared before and after). The base body is sent last and must succeed,
// which shows the mutations were refused for the one thing changed in them.
// Query parameters are walked the same way: a value the parameter's schema refuses answers 400
// naming the parameter, and an empty value is the same as the parameter left out (as the
// document's description says).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { api, apiFrom } from '../lib/http.mjs';
import { operations, deref, expectValid, doc } from '../lib/openapi.mjs';
import { tree, login, loginRaw, createUser, createCampaign, apiClientToken, closeDb, q, DEMO_PASSWORD } from '../lib/fixtures.mjs';
import { requestMaker, requestExample } from '../lib/requests.mjs';

let t0;
let requests;
const tokens = {}; // role -> access token of the tree's user

before(async () => {
  t0 = await tree();
  requests = requestMaker(t0);
  for (const [role, u] of Object.entries(t0.users)) tokens[role] = await login(u.username);
});
after(closeDb);

// ------------------------------------------------------------------ the schema, normalized

// The schema's own verdict, with the document's components resolvable.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'https://anquan.invalid/request.json', components: { schemas: doc.components.schemas } });
const verdicts = new Map(); // request schema -> compiled validator
function schemaRefuses(schema, value) {
  if (!verdicts.has(schema)) {
    verdicts.set(schema, ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#/g, '"$ref":"https://anquan.invalid/request.json#'))));
  }
  return !verdicts.get(schema)(value);
}

/**
 * A schema as {types (Set of JSON types, or null for any), nullable, s (the non-null branch,
 * dereferenced)}. Handles $ref, `type: [X, 'null']` and `oneOf: [X, {type: 'null'}]`.
 */
function norm(schema0) {
  let s = deref(schema0 ?? {});
  let nullable = false;
  if (Array.isArray(s.oneOf)) {
    const rest = s.oneOf.filter((b) => deref(b).type !== 'null');
    nullable = rest.length < s.oneOf.length;
    assert.equal(rest.length, 1, `a oneOf other than [X, null] is not walked: ${JSON.stringify(schema0)}`);
    s = { ...deref(rest[0]), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'oneOf')) };
  }
  let types = s.type === undefined ? null : new Set([].concat(s.type));
  if (types?.has('null')) { nullable = true; types.delete('null'); }
  if (types === null && s.enum) types = new Set(s.enum.map((v) => (typeof v === 'number' ? 'number' : typeof v)));
  if (types === null && s.properties) types = new Set(['object']);
  return { types, nullable, s };
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
function typeAllowed(types, v) {
  const t = jsonType(v);
  return types.has(t) || (t === 'integer' && types.has('number'));
}

/** A minimal value the schema accepts (for a container the base body lacks). */
function sample(schema0) {
  const { types, s } = norm(schema0);
  if (s.examples?.length) return structuredClone(s.examples[0]);
  if (s.enum) return s.enum[0];
  const t = types ? [...types][0] : 'string';
  if (t === 'object') {
    const o = {};
    for (const k of s.required ?? []) o[k] = sample(s.properties[k]);
    return o;
  }
  if (t === 'array') return Array.from({ length: s.minItems ?? 1 }, () => sample(s.items));
  if (t === 'integer' || t === 'number') return s.minimum ?? 1;
  if (t === 'boolean') return true;
  if (s.format === 'uuid') return t0.county.id;
  if (s.format === 'date') return '2026-04-10';
  return 'a'.repeat(Math.max(1, s.minLength ?? 1));
}

// ------------------------------------------------------------------ mutations

const WRONG_TYPES = { string: [12, {}], number: ['7', []], integer: ['7', 1.5], boolean: ['true', 1], object: ['x', []], array: ['x', {}] };

/** A string the pattern refuses: a near miss first (the base with a foreign character), then short ones. */
function patternMisses(pattern, base) {
  const re = new RegExp(pattern, 'u');
  const out = [];
  for (const c of [typeof base === 'string' ? `${base}!` : undefined, 'x', '０１２３４５６７８', 'not valid']) {
    if (c !== undefined && !re.test(c) && !out.includes(c)) out.push(c);
    if (out.length === 2) break;
  }
  return out;
}

const FORMAT_MISSES = {
  uuid: ['not-a-uuid', '3f6c2a9e1b7d4c589e0a5d2f8b1c7e44', '3f6c2a9e-1b7d-4c58-9e0a-5d2f8b1c7e4g'],
  date: ['not-a-date', '2026-02-30', '2026-4-10', '2026-04-10T00:00:00Z'],
  'date-time': ['not-a-time', '2026-04-10', '2026-04-10T25:00:00Z'],
};

/**
 * The values the member's schema refuses, as [{what, value}] (the value replaces the member).
 * `base` is the member's value in the base body (may be undefined).
 */
function valueMutations(schema0, base) {
  const { types, nullable, s } = norm(schema0);
  const out = [];
  if (types === null) return out; // any JSON value
  for (const t of types) {
    for (const v of WRONG_TYPES[t] ?? []) {
      if (!typeAllowed(types, v) && !out.some((m) => Object.is(m.value, v) || JSON.stringify(m.value) === JSON.stringify(v))) {
        out.push({ what: `type ${jsonType(v)} (schema: ${[...types].join('|')})`, value: v });
      }
    }
  }
  if (!nullable) out.push({ what: 'null (not nullable)', value: null });
  if (s.enum) {
    if (typeof s.enum[0] === 'string') {
      out.push({ what: 'a value outside the enum', value: 'not_in_enum' });
      const upper = s.enum[0].toUpperCase();
      if (!s.enum.includes(upper)) out.push({ what: 'an enum value in the wrong case', value: upper });
    } else {
      const v = [4, 2.5, 11, 0, 6].find((n) => !s.enum.includes(n) && typeAllowed(types, n));
      out.push({ what: 'a number outside the enum', value: v });
    }
  }
  if (types.has('string')) {
    if (s.maxLength !== undefined) out.push({ what: `${s.maxLength + 1} characters (maxLength ${s.maxLength})`, value: '安'.repeat(s.maxLength + 1) });
    if (s.minLength !== undefined && s.minLength > 0) out.push({ what: `${s.minLength - 1} characters (minLength ${s.minLength})`, value: 'a'.repeat(s.minLength - 1) });
    if (s.pattern) for (const v of patternMisses(s.pattern, base)) out.push({ what: `${JSON.stringify(v)} against the pattern ${s.pattern}`, value: v });
    // a format, or alternatives of formats (anyOf: [{format: date-time}, {format: date}]):
    // the misses that no alternative accepts
    const formats = s.format ? [s.format] : (s.anyOf ?? []).map((b) => b.format).filter(Boolean);
    for (const f of formats) {
      for (const v of FORMAT_MISSES[f] ?? []) {
        if (schemaRefuses(schema0, v)) out.push({ what: `${JSON.stringify(v)} is no ${formats.join(' or ')}`, value: v });
      }
    }
  }
  if (types.has('integer') || types.has('number')) {
    const step = types.has('integer') ? 1 : 0.5;
    if (s.minimum !== undefined) out.push({ what: `below the minimum ${s.minimum}`, value: s.minimum - step });
    if (s.maximum !== undefined) out.push({ what: `above the maximum ${s.maximum}`, value: s.maximum + step });
  }
  if (types.has('array')) {
    const item = Array.isArray(base) && base.length ? base[0] : sample(s.items);
    if (s.minItems) out.push({ what: `${s.minItems - 1} items (minItems ${s.minItems})`, value: Array.from({ length: s.minItems - 1 }, () => structuredClone(item)) });
    if (s.maxItems !== undefined) out.push({ what: `${s.maxItems + 1} items (maxItems ${s.maxItems})`, value: Array.from({ length: s.maxItems + 1 }, () => structuredClone(item)) });
  }
  if (types.has('object') && s.minProperties) out.push({ what: `an empty object (minProperties ${s.minProperties})`, value: {} });
  return out;
}

const fieldName = (path) => path.reduce((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');

function setAt(body, path, value) {
  if (path.length === 0) return value;
  const copy = structuredClone(body);
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  if (value === undefined) delete cur[path.at(-1)];
  else cur[path.at(-1)] = value;
  return copy;
}

/**
 * Every mutation of `body` that `schema` refuses: [{field, what, body}]. `field` names the member
 * as the server's errors[] must (`body` for the whole body). Containers the base lacks are filled
 * with a minimal valid value before their members are mutated.
 */
function mutations(schema0, body, path = []) {
  const out = [];
  const { types, s } = norm(schema0);
  const here = path.reduce((v, k) => v?.[k], body);
  for (const m of valueMutations(schema0, here)) out.push({ field: fieldName(path) || 'body', what: m.what, body: setAt(body, path, m.value) });
  if (types?.has('object') && s.properties) {
    const obj = here && typeof here === 'object' && !Array.isArray(here) ? here : sample(s);
    const withObj = setAt(body, path, obj);
    for (const k of s.required ?? []) {
      if (obj[k] !== undefined) out.push({ field: fieldName([...path, k]), what: 'a required member missing', body: setAt(withObj, [...path, k], undefined) });
    }
    if (s.additionalProperties === false) out.push({ field: fieldName([...path, 'zz_unknown']), what: 'an unknown member', body: setAt(withObj, [...path, 'zz_unknown'], 1) });
    for (const [k, ps] of Object.entries(s.properties)) out.push(...mutations(ps, withObj, [...path, k]));
  }
  if (types?.has('array') && s.items) {
    const arr = Array.isArray(here) && here.length ? here : [sample(s.items)];
    out.push(...mutations(s.items, setAt(body, path, arr), [...path, 0]));
  }
  return out;
}

// ------------------------------------------------------------------ what must not change

const TABLES = ['orgs', 'users', 'api_clients', 'refresh_tokens', 'audit_log', 'institutions', 'key_locations', 'construction_projects',
  'risks', 'checklist_templates', 'checklist_items', 'inspections', 'inspection_results', 'findings', 'idempotency_keys',
  'campaigns', 'campaign_duties', 'campaign_amendments', 'hazards', 'hazard_criteria', 'rectification_notices', 'notice_counters', 'workflow_events', 'notifications',
  'campaign_reports', 'campaign_report_versions', 'attachments'];
const KIND_TABLE = { org: 'orgs', user: 'users', api_client: 'api_clients', institution: 'institutions', key_location: 'key_locations',
  project: 'construction_projects', risk: 'risks', checklist_template: 'checklist_templates', inspection: 'inspections',
  campaign: 'campaigns', hazard: 'hazards', hazard_criterion: 'hazard_criteria', notice: 'rectification_notices',
  report: 'campaign_reports' };
const CHILD_ROWS = { inspection: ['inspection_results', 'findings'], checklist_template: ['checklist_items'],
  campaign: ['campaign_duties', 'campaign_amendments'], report: ['campaign_report_versions'] };
const CHILD_KEY = { inspection_results: 'inspection_id', findings: 'inspection_id', checklist_items: 'template_id',
  campaign_duties: 'campaign_id', campaign_amendments: 'campaign_id', campaign_report_versions: 'report_id' };

/**
 * The next transaction id: it moves on exactly when some transaction wrote (a refused request's
 * read-only transaction takes none), so an unchanged value means nothing can have changed and the
 * counts below need not be taken (they are, whenever it moved: the sweeps write too).
 */
async function nextXid() {
  return (await q('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x'))[0].x;
}

/** Row counts of every table and the rows of the watched objects ([{kind, id}]), as one string. */
async function fingerprint(watch) {
  const counts = await q(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  const rows = [];
  for (const { kind, id } of watch) {
    rows.push((await q(`SELECT md5(t::text) AS h FROM ${KIND_TABLE[kind]} t WHERE id = $1`, [id]))[0]?.h);
    for (const child of CHILD_ROWS[kind] ?? []) {
      rows.push((await q(`SELECT md5(string_agg(c::text, ',' ORDER BY c::text)) AS h FROM ${child} c WHERE ${CHILD_KEY[child]} = $1`, [id]))[0]?.h);
    }
    if (kind === 'user') rows.push((await q("SELECT md5(string_agg(r::text, ',' ORDER BY r::text)) AS h FROM refresh_tokens r WHERE user_id = $1", [id]))[0]?.h);
  }
  return JSON.stringify({ counts: counts[0], rows });
}

// ------------------------------------------------------------------ base requests

const randomAddress = () => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;

/**
 * The caller, the request and the objects to watch for operation `o`: the request example with
 * its target in the caller's subtree (an org target in a path: a unit below the caller's county;
 * a target acted on from below, x-anquan-target.from_below: the ancestor's, e.g. a plan adopted),
 * sent by the tree's admin when the operation allows admins, else by its first role. The
 * sign-in operations get real credentials of a fresh user or API client.
 */
async function baseRequest(o) {
  const op = o.operation;
  const tgt = op['x-anquan-target'];
  const rel = tgt?.in === 'path' && tgt.kind === 'org' ? 'descendant' : (tgt?.from_below ? 'ancestor' : 'own');
  const tid = tgt ? await requests.target(tgt.kind, rel, o.method, o.path, tgt.state) : undefined;
  const req = await requests.build(o, tgt, tid);
  const watch = tgt?.in === 'path' ? [{ kind: tgt.kind, id: tid }] : [];
  const roles = op['x-anquan-roles'] ?? [];
  let token = roles.includes('admin') ? tokens.admin : tokens[roles[0]];
  const b = req.body;
  switch (op.operationId) {
    case 'postAuthLogin': {
      const u = await createUser({ org_id: t0.county.id, role: 'viewer' });
      Object.assign(b, { username: u.username, password: DEMO_PASSWORD });
      watch.push({ kind: 'user', id: u.id });
      break;
    }
    case 'postAuthRefresh':
    case 'postAuthLogout': {
      const u = await createUser({ org_id: t0.county.id, role: 'viewer' });
      const signedIn = await loginRaw(u.username);
      assert.equal(signedIn.status, 200, signedIn.text);
      b.refresh_token = signedIn.body.refresh_token;
      watch.push({ kind: 'user', id: u.id });
      break;
    }
    case 'postAuthPassword': {
      const u = await createUser({ org_id: t0.county.id, role: 'viewer' });
      token = await login(u.username);
      b.current_password = DEMO_PASSWORD;
      watch.push({ kind: 'user', id: u.id });
      break;
    }
    case 'postAuthToken': {
      const c = await apiClientToken(tokens.admin, { org_id: t0.county.id, scope: 'read' });
      Object.assign(b, { client_id: c.client_id, client_secret: c.client_secret });
      watch.push({ kind: 'api_client', id: c.client.id });
      break;
    }
    case 'signOffHazard': {
      // only a leader of the hazard's own unit signs (x-anquan-target.org_rule: unit)
      const [h] = await q('SELECT org_id FROM hazards WHERE id = $1', [tid]);
      token = await login((await createUser({ org_id: h.org_id, role: 'leader' })).username);
      break;
    }
    case 'remindCampaignReporting': {
      // a duty of the campaign itself (the example's ids become the caller's org) and the
      // example's period, one of the fixture campaign's weeks
      const [d] = await q('SELECT id FROM campaign_duties WHERE campaign_id = $1 ORDER BY position LIMIT 1', [tid]);
      b.duty_id = d.id;
      break;
    }
    case 'createReport': {
      // a real obligation of the caller's county: its city's issued campaign, the first week
      const c = await createCampaign({ org_id: t0.cityA.id, state: 'issued' });
      const [d] = await q('SELECT id FROM campaign_duties WHERE campaign_id = $1', [c.id]);
      Object.assign(b, { campaign_id: c.id, duty_id: d.id, period: '2019-W27' });
      break;
    }
    default:
  }
  // Unauthenticated operations are sent from a fresh loopback address each time, so that no
  // per-address sign-in limit is spent on them.
  const send = (body) => (op['x-anquan-auth'] === 'none'
    ? apiFrom(randomAddress(), o.method, req.url, { body })
    : api(o.method, req.url, { body, token }));
  return { url: req.url, body: b, send, watch };
}

// Answers to bodies of the wrong JSON type (an array, a string, null) whose code is not
// validation_failed (they are JSON, of the wrong type: http_read_json answers validation_failed).
const wrongBodyCodes = [];

const jsonSchemaOf = (op) => deref(op.requestBody ?? {})?.content?.['application/json']?.schema;

// ------------------------------------------------------------------ the test

test('every request body the OpenAPI document refuses is refused with 400 naming the member, and leaves nothing behind', { timeout: 900_000 }, async (t) => {
  const ops = operations().filter(({ operation }) => jsonSchemaOf(operation) !== undefined);
  assert.ok(ops.length >= 25, `the write operations are in the document (${ops.length})`);
  let sent = 0;
  let walked = 0;
  const failures = [];

  for (const o of ops) {
    const op = o.operation;
    const what = `${o.method} ${o.path}`;
    const schema = jsonSchemaOf(op);
    assert.ok(requestExample(op), `${what}: a request body example (the base of the mutations)`);
    const base = await baseRequest(o);
    assert.ok(!schemaRefuses(schema, base.body), `${what}: the base body is one the schema accepts: ${JSON.stringify(base.body)}`);
    const muts = mutations(schema, base.body);
    if (muts.length) walked += 1;

    let before0 = await fingerprint(base.watch);
    let xid0 = await nextXid();
    for (const m of muts) {
      const label = `${what} with ${m.field}: ${m.what}`;
      if (!schemaRefuses(schema, m.body)) { failures.push(`${label}: the generator made a body the schema accepts`); continue; }
      const res = await base.send(m.body);
      sent += 1;
      const problems = [];
      if (res.status !== 400) problems.push(`answered ${res.status}, not 400`);
      else {
        try {
          expectValid(res, { method: o.method, path: o.path });
        } catch (e) { problems.push(`the answer breaks the document: ${e.message.split('\n').slice(0, 3).join(' | ')}`); }
        if (res.body?.code !== 'validation_failed') {
          // a body that is JSON but not an object is checked by the test below
          const notObject = m.field === 'body' && (m.body === null || typeof m.body !== 'object' || Array.isArray(m.body));
          (notObject ? wrongBodyCodes : problems).push(`${notObject ? `${label}: ` : ''}code ${res.body?.code}, not validation_failed`);
        }
        const fields = (res.body?.errors ?? []).map((e) => e.field);
        if (!fields.includes(m.field)) problems.push(`errors[] names ${JSON.stringify(fields)}, not ${m.field}`);
      }
      const xid = await nextXid();
      if (xid !== xid0) {
        const after0 = await fingerprint(base.watch);
        if (after0 !== before0) problems.push('the database changed');
        before0 = after0;
        xid0 = xid;
      }
      if (problems.length) failures.push(`${label}: ${problems.join('; ')} [${res.text.slice(0, 200)}]`);
    }

    // the base itself succeeds, so each refusal above was about the one member changed
    const res = await base.send(base.body);
    if (res.status < 200 || res.status > 299) failures.push(`${what}: the base body is refused: ${res.status} ${res.text.slice(0, 300)} [${JSON.stringify(base.body)}]`);
    else expectValid(res, { method: o.method, path: o.path });
  }
  const line = `schema conformance: ${ops.length} operations with a JSON body (${walked} with members to mutate), ${sent} mutations, ${failures.length} failures`;
  console.log(line);
  t.diagnostic(line);
  assert.equal(failures.length, 0, `${line}\n${failures.slice(0, 150).join('\n')}${failures.length > 150 ? `\n... ${failures.length - 150} more` : ''}`);
});

// ------------------------------------------------------------------ query parameters

/** Whether the parameter's schema refuses the query value `text` (numbers and booleans as written in a URL). */
function paramRefuses(schema, text) {
  const { types } = norm(schema);
  if (types?.has('integer') || types?.has('number')) return !/^-?[0-9]+(\.[0-9]+)?$/.test(text) || schemaRefuses(schema, Number(text));
  if (types?.has('boolean')) return text !== 'true' && text !== 'false';
  return schemaRefuses(schema, text);
}

/** The values of a query parameter its schema refuses: [{what, value}] (strings, as sent in the URL). */
function queryMutations(schema) {
  const { types } = norm(schema);
  const out = [];
  if (types?.has('integer') || types?.has('number')) out.push({ what: 'not a number', value: 'abc' });
  if (types?.has('integer')) out.push({ what: 'not an integer', value: '1.5' });
  if (types?.has('boolean')) out.push({ what: 'not a boolean', value: 'maybe' }, { what: 'not a boolean', value: '2' });
  for (const m of valueMutations(schema, undefined)) {
    // a query value is text: JSON types, null, objects and arrays do not apply
    if (typeof m.value === 'string' || typeof m.value === 'number') out.push({ what: m.what, value: String(m.value) });
  }
  return out.filter((m, i) => out.findIndex((n) => n.value === m.value) === i && paramRefuses(schema, m.value));
}

test('every query parameter value the OpenAPI document refuses is refused with 400 naming the parameter', { timeout: 300_000 }, async (t) => {
  const ops = operations().map((o) => ({
    ...o,
    params: [...(o.operation.parameters ?? []), ...(o.pathItem.parameters ?? [])].map(deref).filter((p) => p.in === 'query' && p.schema),
  })).filter((o) => o.params.length);
  assert.ok(ops.length >= 15, `the lists are in the document (${ops.length})`);
  let sent = 0;
  const failures = [];
  for (const o of ops) {
    const op = o.operation;
    const what = `${o.method} ${o.path}`;
    const tgt = op['x-anquan-target'];
    const tid = tgt ? await requests.target(tgt.kind, 'own', o.method, o.path, tgt.state) : undefined;
    const req = await requests.build(o, tgt, tid);
    const roles = op['x-anquan-roles'] ?? [];
    const token = roles.includes('admin') ? tokens.admin : tokens[roles[0]];
    const base = new URL(req.url, 'http://x');
    // a base that changes nothing: an import only checks
    if (o.params.some((p) => p.name === 'dry_run')) base.searchParams.set('dry_run', 'true');
    const send = (url) => api(o.method, url, { body: req.body, raw: req.raw, headers: req.headers, token });
    const before0 = await fingerprint([]);
    for (const p of o.params) {
      for (const m of queryMutations(p.schema)) {
        const url = new URL(base);
        url.searchParams.set(p.name, m.value);
        const label = `${what}?${p.name}=${m.value.slice(0, 20)}${m.value.length > 20 ? '…' : ''} (${m.what})`;
        const res = await send(url.pathname + url.search);
        sent += 1;
        const problems = [];
        if (res.status !== 400) problems.push(`answered ${res.status}, not 400`);
        else {
          try {
            expectValid(res, { method: o.method, path: o.path });
          } catch (e) { problems.push(`the answer breaks the document: ${e.message.split('\n').slice(0, 3).join(' | ')}`); }
          if (res.body?.code !== 'validation_failed') problems.push(`code ${res.body?.code}, not validation_failed`);
          const fields = (res.body?.errors ?? []).map((e) => e.field);
          if (!fields.includes(p.name)) problems.push(`errors[] names ${JSON.stringify(fields)}, not ${p.name}`);
        }
        if (problems.length) failures.push(`${label}: ${problems.join('; ')} [${res.text.slice(0, 160)}]`);
      }
    }
    if (await fingerprint([]) !== before0) failures.push(`${what}: the database changed while refusing query values`);
    // the document: an empty value is the same as the parameter left out (after the refusals: a
    // create with query parameters, an upload, then really creates)
    for (const p of o.params) {
      const url = new URL(base);
      url.searchParams.set(p.name, '');
      const res = await send(url.pathname + url.search);
      sent += 1;
      if (res.status < 200 || res.status > 299) failures.push(`${what}?${p.name}= (empty, as if left out): answered ${res.status} ${res.text.slice(0, 160)}`);
    }
    const res = await send(base.pathname + base.search);
    if (res.status < 200 || res.status > 299) failures.push(`${what}: the base request is refused: ${res.status} ${res.text.slice(0, 300)} [${base.pathname}${base.search}]`);
  }
  const line = `schema conformance (query): ${ops.length} operations with query parameters, ${sent} values, ${failures.length} failures`;
  console.log(line);
  t.diagnostic(line);
  assert.equal(failures.length, 0, `${line}\n${failures.slice(0, 150).join('\n')}${failures.length > 150 ? `\n... ${failures.length - 150} more` : ''}`);
});

test('a body of the wrong JSON type (array, string, null) is a validation failure, not invalid JSON', () => {
  assert.equal(wrongBodyCodes.length, 0, wrongBodyCodes.slice(0, 10).join('\n'));
});

// Rules about the OpenAPI document itself and the validator (no server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { doc, operations, validateResponse, validateSchema, deref, expectValid, REPO_ROOT } from '../lib/openapi.mjs';

test('the bundled document is OpenAPI 3.1 and every operation has a unique camelCase operationId', () => {
  assert.match(doc.openapi, /^3\.1\./);
  const ops = operations();
  assert.ok(ops.length >= 4, 'the skeleton operations are present');
  const ids = ops.map((o) => o.operation.operationId);
  for (const id of ids) assert.match(id ?? '', /^[a-z][a-zA-Z0-9]*$/, `operationId ${id}`);
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
});

test('every operation declares either x-anquan-auth: none (with security: []) or x-anquan-roles', () => {
  for (const { method, path, operation: op } of operations()) {
    const where = `${method} ${path}`;
    const hasNone = op['x-anquan-auth'] === 'none';
    const roles = op['x-anquan-roles'];
    assert.ok(hasNone !== Array.isArray(roles), `${where}: exactly one of x-anquan-auth: none / x-anquan-roles`);
    if (hasNone) assert.deepEqual(op.security, [], `${where}: x-anquan-auth none needs security: []`);
    else {
      assert.ok(roles.length > 0 && roles.every((r) => typeof r === 'string'), `${where}: x-anquan-roles lists roles`);
      assert.ok(Array.isArray(op.security ?? doc.security) && (op.security ?? doc.security).length > 0,
        `${where}: an operation with roles declares a security requirement`);
    }
  }
});

test('every declared response carries X-Request-Id and every error response is problem+json', () => {
  for (const { method, path, operation: op } of operations()) {
    for (const [status, r] of Object.entries(op.responses ?? {})) {
      const resp = deref(r);
      const where = `${method} ${path} ${status}`;
      assert.ok(resp.headers && Object.keys(resp.headers).some((h) => h.toLowerCase() === 'x-request-id'),
        `${where}: X-Request-Id header declared`);
      if (!/^[23]/.test(status)) {
        assert.deepEqual(Object.keys(resp.content ?? {}), ['application/problem+json'], `${where}: problem+json only`);
      }
    }
  }
});

test('the validator rejects bodies that break the schema (so the API tests can fail)', () => {
  assert.throws(() => validateSchema('Problem', { title: 'x', status: '404' }), /does not match/);
  assert.throws(() => validateResponse('GET', '/api/v1/health', 200, 'application/json',
    { status: 'ok', service: 'anquan', version: '0.1.0', time: 'not a time' }), /date-time/);
  assert.throws(() => validateResponse('GET', '/api/v1/health', 200, 'application/json',
    { status: 'ok', service: 'anquan', version: '0.1.0', time: '2024-01-01T00:00:00Z', extra: 1 }), /additional/);
  assert.throws(() => validateResponse('GET', '/api/v1/health', 200, 'text/html', '<p>'), /not declared/);
  assert.throws(() => validateResponse('GET', '/api/v1/health', 302, 'text/html', ''), /AssertionError|not declared|does not match/);
  assert.throws(() => validateResponse('GET', '/api/v1/nope', 200, 'application/json', {}), /not in the OpenAPI document/);
  const noRid = { status: 200, headers: new Headers({ 'content-type': 'application/json' }),
    body: { status: 'ok', service: 'anquan', version: '0.1.0', time: '2024-01-01T00:00:00Z' } };
  assert.throws(() => expectValid(noRid, { method: 'GET', path: '/api/v1/health' }), /X-Request-Id is missing/i);
  // and accepts a correct one
  validateResponse('GET', '/api/v1/health', 200, 'application/json; charset=utf-8',
    { status: 'ok', service: 'anquan', version: '0.1.0', time: '2024-01-01T08:00:00+08:00' });
});

test('every operation names its permission; targets are well-formed; request bodies are closed and have examples', () => {
  const perms = new Set(['public', 'self', 'org:read', 'org:write', 'user:read', 'user:write', 'client:read', 'client:write', 'audit:read',
    'institution:read', 'institution:write', 'risk:read', 'risk:write', 'inspection:read', 'inspection:write', 'checklist:read', 'checklist:write',
    'hazard:read', 'hazard:write', 'hazard:sign', 'attachment:read', 'attachment:write', 'campaign:read', 'campaign:write', 'report:write']);
  for (const { method, path, operation: op } of operations()) {
    const where = `${method} ${path}`;
    const perm = op['x-anquan-permission'];
    assert.ok(typeof perm === 'string' && perms.has(perm), `${where}: x-anquan-permission ${perm}`);
    assert.equal(perm === 'public', op['x-anquan-auth'] === 'none', `${where}: public exactly when x-anquan-auth: none`);
    const target = op['x-anquan-target'];
    if (/\{[^}]+\}/.test(path) && Array.isArray(op['x-anquan-roles'])) {
      assert.ok(target && target.in === 'path', `${where}: a path with a parameter names its x-anquan-target`);
    }
    if (target) {
      assert.ok(['org', 'user', 'api_client', 'institution', 'key_location', 'project', 'risk', 'checklist_template', 'inspection', 'attachment',
        'hazard', 'hazard_criterion', 'notification', 'campaign', 'notice', 'report'].includes(target.kind),
        `${where}: target kind ${target.kind}`);
      if (target.state !== undefined) {
        const states = target.kind === 'hazard'
          ? ['reported', 'registered', 'notice_issued', 'rectifying', 'acceptance_requested', 'closed', 'cancelled', 'signable']
          : target.kind === 'notice' ? ['issued', 'received'] : ['draft', 'answered', 'submitted', 'issued'];
        assert.ok(states.includes(target.state), `${where}: target state ${target.state}`);
      }
      if (target.org_rule !== undefined) assert.equal(target.org_rule, 'unit', `${where}: target org_rule`);
      assert.ok(['path', 'body', 'query'].includes(target.in), `${where}: target in ${target.in}`);
      assert.ok(typeof target.name === 'string' && target.name, `${where}: target name`);
      if (target.in === 'path') assert.ok(path.includes(`{${target.name}}`), `${where}: target parameter in the path`);
    }
    const content = deref(op.requestBody ?? {})?.content ?? {};
    for (const [type, m] of Object.entries(content)) {
      if (type !== 'application/json') assert.ok(m.example !== undefined, `${where}: a ${type} request body has an example`);
    }
    // the supervision databases' creates take Idempotency-Key (DATABASES.md)
    const supervision = ['institutions', 'risks', 'checklists', 'inspections'].includes(op.tags?.[0]);
    if (supervision && method === 'POST' && !/\/(correction|submit)$/.test(path) && op.responses['201']) {
      assert.ok((op.parameters ?? []).some((p) => deref(p).name === 'Idempotency-Key'), `${where}: a create takes Idempotency-Key`);
    }
    const media = content['application/json'];
    if (media && path !== '/api/v1/echo') {
      const schema = deref(media.schema);
      assert.equal(schema.additionalProperties, false, `${where}: request body additionalProperties: false`);
      assert.ok(media.example !== undefined || media.examples, `${where}: request body example`);
      if (target?.in === 'body') assert.ok(target.name in (media.example ?? {}), `${where}: the example holds the target field`);
    }
  }
});

test('single-object GETs declare ETag; operations with roles declare 401 and 403; targeted ones 404', () => {
  for (const { method, path, operation: op } of operations()) {
    const where = `${method} ${path}`;
    if (!Array.isArray(op['x-anquan-roles'])) continue;
    for (const s of ['401', '403']) assert.ok(op.responses[s], `${where}: declares ${s}`);
    if (op['x-anquan-target']) assert.ok(op.responses['404'], `${where}: declares 404`);
    if (method === 'GET' && /\{id\}$/.test(path)) {
      assert.ok(deref(op.responses['200']).headers?.ETag, `${where}: 200 declares ETag`);
    }
  }
});

// openapi/ is one file per resource (openapi/resources/<resource>.yaml: `paths` and `schemas`);
// the bundle takes each schema into components/schemas under its own name, and renames one whose
// name another file already took (`Org-2`), which nothing would notice.
test('every resource file\'s path items are in the root and its schemas in the bundle under their own names', () => {
  const dir = join(REPO_ROOT, 'openapi/resources');
  const root = parse(readFileSync(join(REPO_ROOT, 'openapi/openapi.yaml'), 'utf8'));
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 10, 'the resource files are there');
  const seen = new Map();
  for (const f of files) {
    const res = parse(readFileSync(join(dir, f), 'utf8'));
    assert.deepEqual(Object.keys(res).filter((k) => k !== 'paths' && k !== 'schemas'), [], `${f}: only paths and schemas`);
    for (const p of Object.keys(res.paths ?? {})) {
      const ptr = p.replaceAll('~', '~0').replaceAll('/', '~1');
      assert.equal(root.paths?.[p]?.$ref, `resources/${f}#/paths/${ptr}`, `${f}: ${p} is referred to from openapi/openapi.yaml`);
      assert.ok(doc.paths[p], `${f}: ${p} is in the bundle`);
    }
    for (const name of Object.keys(res.schemas ?? {})) {
      assert.ok(!seen.has(name), `schema ${name} is defined in ${seen.get(name)} and ${f}`);
      assert.ok(!(name in (root.components?.schemas ?? {})), `schema ${name} is defined in ${f} and openapi/openapi.yaml`);
      seen.set(name, f);
      assert.ok(doc.components.schemas[name], `${f}: schema ${name} is in the bundle under its own name`);
    }
  }
  const renamed = Object.keys(doc.components.schemas).filter((n) => /-\d+$/.test(n));
  assert.deepEqual(renamed, [], 'no schema renamed by the bundler');
  for (const [p, item] of Object.entries(root.paths)) assert.ok(item.$ref?.startsWith('resources/'), `${p}: a $ref to its resource file`);
});

// Rules about the OpenAPI document itself and the validator (no server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doc, operations, validateResponse, validateSchema, deref, expectValid } from './lib/openapi.mjs';

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

// /api/v1/health, /api/v1/ready, /api/v1/openapi.json, request ids and security headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, UUID_RE } from '../lib/http.mjs';
import { doc, expectValid } from '../lib/openapi.mjs';

test('health answers 200 with a valid Health body without touching the database', async () => {
  const res = await api('GET', '/api/v1/health');
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/health' });
  assert.equal(res.body.status, 'ok');
  assert.equal(res.body.service, 'anquan');
  assert.equal(res.body.version, doc.info.version, 'health version equals the API version');
  assert.ok(Math.abs(Date.parse(res.body.time) - Date.now()) < 5 * 60_000, 'health time is now (±5 min)');
});

test('a response carries a generated uuid X-Request-Id when the client sent none', async () => {
  const a = await api('GET', '/api/v1/health');
  const b = await api('GET', '/api/v1/health');
  assert.match(a.headers.get('x-request-id') ?? '', UUID_RE);
  assert.match(b.headers.get('x-request-id') ?? '', UUID_RE);
  assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'), 'ids are unique per request');
});

test('a sane client X-Request-Id is echoed back', async () => {
  for (const id of [randomUUID(), 'req-2024.01_abcDEF-42']) {
    const res = await api('GET', '/api/v1/health', { headers: { 'X-Request-Id': id } });
    assert.equal(res.headers.get('x-request-id'), id);
  }
});

test('an insane client X-Request-Id is replaced by a generated one', async () => {
  for (const id of ['<script>alert(1)</script>', 'a'.repeat(300), 'semi;colon "quoted"']) {
    const res = await api('GET', '/api/v1/health', { headers: { 'X-Request-Id': id } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-request-id') ?? '', UUID_RE, `replaced ${JSON.stringify(id.slice(0, 30))}`);
  }
});

function checkSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, `${what}: CSP default-src 'self'`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors 'none'`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
  assert.equal(res.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.ok(res.headers.get('x-request-id'), `${what}: X-Request-Id`);
}

test('every kind of response carries the security headers and X-Request-Id', async () => {
  checkSecurityHeaders(await api('GET', '/api/v1/health'), 'API 200');
  checkSecurityHeaders(await api('GET', '/api/v1/nope'), 'API 404');
  checkSecurityHeaders(await api('DELETE', '/api/v1/health'), 'API 405');
  checkSecurityHeaders(await api('POST', '/api/v1/echo', { raw: 'x', headers: { 'content-type': 'text/plain' } }), 'API 415');
  checkSecurityHeaders(await api('GET', '/'), 'static index');
  checkSecurityHeaders(await api('GET', '/js/app.js'), 'static js');
  checkSecurityHeaders(await api('GET', '/campaigns/123'), 'SPA fallback');
});

test('ready answers 200 with a valid Ready body whose schema_version equals expected_schema_version', async () => {
  const res = await api('GET', '/api/v1/ready');
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/ready' });
  assert.equal(res.body.status, 'ready');
  assert.ok(res.body.expected_schema_version >= 1, 'at least one migration is expected');
  assert.equal(res.body.schema_version, res.body.expected_schema_version);
});

test('the served openapi.json equals build/openapi.json', async () => {
  const res = await api('GET', '/api/v1/openapi.json');
  assert.equal(res.status, 200);
  expectValid(res, { method: 'GET', path: '/api/v1/openapi.json' });
  assert.deepEqual(res.body, doc);
});

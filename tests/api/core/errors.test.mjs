// Unknown API paths and undeclared methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { validateComponentResponse } from '../lib/openapi.mjs';

test('an unknown API path answers 404 problem+json', async () => {
  for (const path of ['/api/v1/nope', '/api/v1/health/extra', '/api/v2/health', '/api/nope']) {
    const res = await api('GET', path);
    expectProblem(res, 404, 'not_found');
    validateComponentResponse('NotFound', res.headers.get('content-type'), res.body, res.headers);
  }
});

test('an unknown API path with POST answers 404 problem+json, not the SPA', async () => {
  const res = await api('POST', '/api/v1/nope', { body: {} });
  expectProblem(res, 404, 'not_found');
});

test('an undeclared method answers 405 problem+json with an Allow header listing the declared ones', async () => {
  const res = await api('DELETE', '/api/v1/health');
  expectProblem(res, 405, 'method_not_allowed');
  validateComponentResponse('MethodNotAllowed', res.headers.get('content-type'), res.body, res.headers);
  const allow = (res.headers.get('allow') ?? '').split(',').map((s) => s.trim().toUpperCase());
  assert.ok(allow.includes('GET'), `Allow: ${res.headers.get('allow')}`);
  assert.ok(!allow.includes('DELETE'), 'Allow does not list the refused method');

  const echo = await api('GET', '/api/v1/echo');
  expectProblem(echo, 405, 'method_not_allowed');
  assert.ok((echo.headers.get('allow') ?? '').toUpperCase().split(/\s*,\s*/).includes('POST'),
    `Allow: ${echo.headers.get('allow')}`);
});

// CivetWeb refuses some requests before they reach the route table (a raw, unencoded non-ASCII
// byte in the URL, as a hand-written client may send); those answers are problem+json as well.
test('a request CivetWeb cannot read (raw UTF-8 in the URL) answers 400 problem+json', async () => {
  const { default: net } = await import('node:net');
  const url = new URL(process.env.ANQUAN_URL || 'http://127.0.0.1:18080');
  const raw = await new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port || 80), url.hostname, () => {
      sock.end(Buffer.from('GET /api/v1/institutions?q=疾病 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'utf8'));
    });
    const parts = [];
    sock.on('data', (c) => parts.push(c));
    sock.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    sock.on('error', reject);
  });
  const [head, body] = raw.split('\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 400 /);
  assert.match(head, /\r\nContent-Type: application\/problem\+json/i);
  const problem = JSON.parse(body);
  assert.equal(problem.status, 400);
  assert.equal(problem.code, 'bad_request');
  validateComponentResponse('BadRequest', 'application/problem+json', problem);
});

// Unknown API paths and undeclared methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from './lib/http.mjs';
import { validateComponentResponse } from './lib/openapi.mjs';

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

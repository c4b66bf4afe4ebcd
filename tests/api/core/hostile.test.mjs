// Hostile requests from the fuzzing round of issue 7: each answered problem+json, none stops the
// server, none reaches a 500. Every test ends by checking that the server still answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, rawRequest, expectProblem, BASE } from '../lib/http.mjs';
import { operations, validateComponentResponse } from '../lib/openapi.mjs';
import { login } from '../lib/fixtures.mjs';

async function alive() {
  const res = await api('GET', '/api/v1/health');
  assert.equal(res.status, 200, 'the server still answers');
}

function b64url(s) {
  return Buffer.from(s).toString('base64url');
}

/** Sends raw bytes on a new connection and returns {status, head, body} of the answer. */
function rawBytes(bytes) {
  const url = new URL(BASE);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port || 80), url.hostname, () => sock.end(bytes));
    const parts = [];
    sock.on('data', (c) => parts.push(c));
    sock.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const head = text.slice(0, at);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      resolve({ status, head, body: text.slice(at + 4) });
    });
    sock.on('error', reject);
  });
}

const DEEP_ARRAY = '['.repeat(950) + ']'.repeat(950);
const DEEP_OBJECT = '{"a":'.repeat(1000) + '1' + '}'.repeat(1000);

test('deeply nested JSON before sign-in answers 400 naming the body, and the server lives', async () => {
  for (const text of [DEEP_ARRAY, DEEP_OBJECT, '['.repeat(100000)]) {
    const res = await api('POST', '/api/v1/auth/login', { raw: text, headers: { 'Content-Type': 'application/json' } });
    expectProblem(res, 400, 'invalid_json');
    assert.equal(res.body.errors[0].field, 'body');
    assert.match(res.body.detail, /nesting deeper than 32 levels/);
    await alive();
  }
});

test('deeply nested JSON on every JSON-body operation answers 400, never a crash', async () => {
  const token = await login('ln.admin');
  const ops = operations().filter(({ operation }) => operation.requestBody?.content?.['application/json']);
  assert.ok(ops.length >= 15, `JSON-body operations found: ${ops.length}`);
  for (const { method, path } of ops) {
    const concrete = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
    const res = await api(method, concrete, { raw: DEEP_OBJECT, token, headers: { 'Content-Type': 'application/json' } });
    assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status}`);
    await alive();
  }
});

test('JSON nested to the limit (32 levels) is parsed; one level more is refused', async () => {
  const at = (n) => JSON.stringify({ message: 'x', extra: JSON.parse('['.repeat(n - 1) + ']'.repeat(n - 1)) });
  const ok = await api('POST', '/api/v1/echo', { raw: at(32), headers: { 'Content-Type': 'application/json' } });
  assert.notEqual(ok.body?.code, 'invalid_json', `32 levels: ${ok.text.slice(0, 200)}`);
  const deep = await api('POST', '/api/v1/echo', { raw: at(33), headers: { 'Content-Type': 'application/json' } });
  expectProblem(deep, 400, 'invalid_json');
});

test('a bearer token whose header or payload nests deeply is refused with 401, and the server lives', async () => {
  const jwks = await api('GET', '/.well-known/jwks.json');
  const kid = jwks.body.keys[0].kid;
  const goodHeader = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
  const deep = b64url(DEEP_ARRAY);
  for (const token of [`${deep}.${deep}.c2ln`, `${goodHeader}.${deep}.c2ln`, `${goodHeader}.${b64url(DEEP_OBJECT.slice(0, 2500))}.c2ln`]) {
    const res = await api('GET', '/api/v1/auth/me', { token });
    expectProblem(res, 401, 'unauthorized');
    await alive();
  }
});

test('invalid UTF-8 in a query parameter answers 400 naming the parameter on every list', async () => {
  const token = await login('ln.admin');
  const lists = operations().filter(({ method, path, operation }) => method === 'GET' && !path.includes('{') &&
    (operation.parameters ?? []).some((p) => p.in === 'query' && p.name === 'q'));
  assert.ok(lists.length >= 5, `lists with q: ${lists.length}`);
  for (const { path } of lists) {
    for (const bad of ['%ff%fe', '%C0%AF', 'a%00b']) {
      const res = await rawRequest('GET', `${path}?q=${bad}`, { headers: { Authorization: `Bearer ${token}` } });
      expectProblem(res, 400, 'validation_failed');
      assert.deepEqual(res.body.errors.map((e) => e.field), ['q'], `${path}?q=${bad}`);
    }
  }
  // Any parameter, named or not by the operation, and a bad name too.
  const other = await rawRequest('GET', '/api/v1/institutions?limit=5&%ff=1', { headers: { Authorization: `Bearer ${token}` } });
  expectProblem(other, 400, 'validation_failed');
  assert.equal(other.body.errors[0].field, '%FF');
  const fine = await rawRequest('GET', `/api/v1/institutions?q=${encodeURIComponent('医院')}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(fine.status, 200);
  await alive();
});

test('invalid UTF-8 in a path answers 404 like any malformed id on every id route, and the access log has its line', async () => {
  // the province admin, or a leader where only a leader holds the permission (a hazard's sign-off)
  const tokens = { admin: await login('ln.admin'), leader: await login('ln.leader') };
  const idRoutes = operations().filter(({ path }) => /\{[^}]+\}/.test(path));
  assert.ok(idRoutes.length >= 30, `routes with an id: ${idRoutes.length}`);
  for (const { method, path, operation } of idRoutes) {
    const token = operation['x-anquan-permission'] === 'hazard:sign' ? tokens.leader : tokens.admin;
    const send = (id) => {
      const target = path.replace(/\{[^}]+\}/, id).replace(/\{[^}]+\}/g, '1');
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
      return rawRequest(method, target, {
        headers: { Authorization: `Bearer ${token}`, ...(withBody ? { 'Content-Type': 'application/json' } : {}) },
        body: withBody ? '{}' : undefined,
      });
    };
    const res = await send('%ff%fe');
    const plain = await send('not-an-id');
    // The same answer as any malformed id: 404, or the body's 400 where the body is checked first.
    assert.ok([400, 404].includes(plain.status), `${method} ${path} with a malformed id: ${plain.status}`);
    expectProblem(res, plain.status, plain.body.code);
    assert.match(res.body.instance, /%FF%FE/);
  }
  const log = process.env.ANQUAN_ACCESS_LOG_FILE;
  assert.ok(log, 'ANQUAN_ACCESS_LOG_FILE names the server access log (tests/run-all.sh sets it)');
  const res = await rawRequest('GET', '/api/v1/orgs/%ff%fe%fd', { headers: { 'X-Request-Id': 'utf8-path-log-check' } });
  assert.equal(res.status, 401);
  const { readFileSync } = await import('node:fs');
  // the server writes the line after the reply has gone out: it may follow a moment later
  let line;
  for (let i = 0; i < 40 && !line; i += 1) {
    if (i > 0) await new Promise((r) => setTimeout(r, 50));
    line = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .find((l) => l.request_id === 'utf8-path-log-check');
  }
  assert.ok(line, 'the request has an access-log line');
  assert.equal(line.path, '/api/v1/orgs/%FF%FE%FD');
});

test('two different Content-Length headers answer 400 and close the connection (RFC 9112)', async () => {
  const res = await rawBytes('POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 2\r\nContent-Length: 10\r\n\r\n{}');
  assert.equal(res.status, 400);
  assert.match(res.head, /\r\nConnection: close/i);
  const problem = JSON.parse(res.body);
  assert.equal(problem.code, 'bad_request');
  assert.equal(problem.errors[0].field, 'Content-Length');

  const both = await rawBytes('POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n');
  assert.equal(both.status, 400);

  const same = await rawBytes('POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 15\r\nConnection: close\r\n\r\n{"message":"x"}');
  assert.equal(same.status, 200, 'one Content-Length is fine');
  await alive();
});

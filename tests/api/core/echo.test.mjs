// Request-body rules, exercised through POST /api/v1/echo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, rawRequest, expectProblem, BODY_LIMIT } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';

const ECHO = { method: 'POST', path: '/api/v1/echo' };

// A JSON document of exactly n bytes: {"pad":"xxxx..."}
function jsonOfSize(n) {
  const overhead = '{"pad":""}'.length;
  assert.ok(n >= overhead);
  return Buffer.from(`{"pad":"${'x'.repeat(n - overhead)}"}`, 'utf8');
}

test('a valid JSON body is echoed back as {received}', async () => {
  const values = [
    { name: '安全检查', n: 1, ok: true, nothing: null, list: [1, 2.5, 'три'], nested: { a: { b: [] } } },
    [1, 'two', null],
    '隐患',
    42,
    null,
  ];
  for (const v of values) {
    const res = await api('POST', '/api/v1/echo', { body: v });
    assert.equal(res.status, 200, res.text);
    expectValid(res, ECHO);
    assert.deepEqual(res.body, { received: v });
  }
});

test('application/json with a charset parameter is accepted', async () => {
  const res = await api('POST', '/api/v1/echo',
    { raw: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { received: { a: 1 } });
});

test('a body of exactly the size limit is accepted', async () => {
  const res = await api('POST', '/api/v1/echo',
    { raw: jsonOfSize(BODY_LIMIT), headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.body.received.pad.length, BODY_LIMIT - '{"pad":""}'.length);
});

function chunksOf(buf, size = 64 * 1024) {
  const out = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

test('a body over the size limit by Content-Length answers 413', async () => {
  const big = jsonOfSize(Math.max(2 * 1024 * 1024, BODY_LIMIT * 2));
  const res = await rawRequest('POST', '/api/v1/echo', {
    headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    chunks: chunksOf(big), chunkDelayMs: 1,
  });
  expectProblem(res, 413, 'payload_too_large');
  expectValid(res, ECHO);
});

test('a Content-Length over the limit answers 413 without waiting for the body', async () => {
  const res = await rawRequest('POST', '/api/v1/echo', {
    headers: { 'content-type': 'application/json', 'content-length': String(BODY_LIMIT + 1) },
    chunks: ['{"pad":"'], holdOpenMs: 5000,
  });
  expectProblem(res, 413, 'payload_too_large');
});

test('a body one byte over the size limit answers 413', async () => {
  const big = jsonOfSize(BODY_LIMIT + 1);
  const res = await rawRequest('POST', '/api/v1/echo', {
    headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    chunks: chunksOf(big), chunkDelayMs: 1,
  });
  expectProblem(res, 413, 'payload_too_large');
});

test('a chunked body (no Content-Length) over the size limit answers 413', async () => {
  const total = Math.max(2 * 1024 * 1024, BODY_LIMIT * 2);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const chunks = [Buffer.from('{"pad":"')];
  for (let sent = 0; sent < total; sent += chunk.length) chunks.push(chunk);
  chunks.push(Buffer.from('"}'));
  const res = await rawRequest('POST', '/api/v1/echo', {
    // a pause between chunks lets the client see an early 413 and stop sending
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks, chunkDelayMs: 2,
  });
  expectProblem(res, 413, 'payload_too_large');
});

test('a small chunked JSON body is accepted', async () => {
  const res = await rawRequest('POST', '/api/v1/echo', {
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    chunks: ['{"a":', '[1,2', ',3]}'],
  });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, { received: { a: [1, 2, 3] } });
});

test('a text/plain body answers 415', async () => {
  const res = await api('POST', '/api/v1/echo', { raw: '{"a":1}', headers: { 'content-type': 'text/plain' } });
  expectProblem(res, 415, 'unsupported_media_type');
  expectValid(res, ECHO);
});

test('a body without Content-Type answers 415', async () => {
  const res = await api('POST', '/api/v1/echo', { raw: '{"a":1}' });
  expectProblem(res, 415, 'unsupported_media_type');
});

test('a look-alike media type (application/jsonx, text/json) answers 415', async () => {
  for (const ct of ['application/jsonx', 'text/json', 'application/x-www-form-urlencoded']) {
    const res = await api('POST', '/api/v1/echo', { raw: '{"a":1}', headers: { 'content-type': ct } });
    expectProblem(res, 415, 'unsupported_media_type');
  }
});

test('invalid JSON answers 400 naming the line and column, with errors[0].field "body"', async () => {
  const res = await api('POST', '/api/v1/echo',
    { raw: '{\n  "a": 1,\n  "b": }\n', headers: { 'content-type': 'application/json' } });
  const p = expectProblem(res, 400, 'invalid_json');
  expectValid(res, ECHO);
  assert.match(p.detail ?? '', /line\D{0,3}3\b/i, `detail names line 3: ${p.detail}`);
  assert.match(p.detail ?? '', /column\D{0,3}\d+/i, `detail names a column: ${p.detail}`);
  assert.ok(Array.isArray(p.errors) && p.errors.length >= 1, 'errors[] present');
  assert.equal(p.errors[0].field, 'body');
});

test('an empty JSON body answers 400', async () => {
  const res = await api('POST', '/api/v1/echo', { raw: '', headers: { 'content-type': 'application/json' } });
  expectProblem(res, 400, 'invalid_json');
});

test('trailing garbage after a JSON value answers 400', async () => {
  const res = await api('POST', '/api/v1/echo', { raw: '{"a":1} x', headers: { 'content-type': 'application/json' } });
  expectProblem(res, 400, 'invalid_json');
});

test('duplicate keys in a JSON object answer 400', async () => {
  for (const raw of ['{"a":1,"a":2}', '{"outer":{"k":true,"k":false}}']) {
    const res = await api('POST', '/api/v1/echo', { raw, headers: { 'content-type': 'application/json' } });
    const p = expectProblem(res, 400, 'invalid_json');
    assert.equal(p.errors?.[0]?.field, 'body');
  }
});

// Static files from web/, the SPA fallback, path traversal, ETag/304, HEAD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { api, rawRequest, BASE } from '../lib/http.mjs';
import { REPO_ROOT } from '../lib/openapi.mjs';

const mediaType = (res) => (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

test('GET / serves index.html as text/html', async () => {
  const res = await api('GET', '/');
  assert.equal(res.status, 200);
  assert.equal(mediaType(res), 'text/html');
  assert.match(res.text, /<!doctype html>/i);
  const file = join(REPO_ROOT, 'web/index.html');
  if (existsSync(file)) assert.equal(res.text, readFileSync(file, 'utf8'), 'body is web/index.html');
});

test('a JavaScript module is served as text/javascript', async () => {
  const res = await api('GET', '/js/app.js');
  assert.equal(res.status, 200);
  assert.ok(['text/javascript', 'application/javascript'].includes(mediaType(res)), mediaType(res));
  const file = join(REPO_ROOT, 'web/js/app.js');
  if (existsSync(file)) assert.equal(res.text, readFileSync(file, 'utf8'), 'body is web/js/app.js');
});

test('an unknown non-API path serves index.html (SPA history route)', async () => {
  const index = await api('GET', '/');
  for (const path of ['/campaigns/123', '/hazards?status=open', '/orgs/abc/units/']) {
    const res = await api('GET', path);
    assert.equal(res.status, 200, path);
    assert.equal(mediaType(res), 'text/html', path);
    assert.equal(res.text, index.text, `${path} serves index.html`);
  }
});

// Markers of files outside web/ that a traversal would expose.
function secretMarkers() {
  const markers = ['#!/usr/bin/env bash', 'root:x:0:0', '.PHONY', 'CFLAGS'];
  for (const f of ['Makefile', 'deploy/pg.sh', 'package.json']) {
    const p = join(REPO_ROOT, f);
    if (existsSync(p)) markers.push(readFileSync(p, 'utf8').slice(0, 120));
  }
  return markers.filter((m) => m.trim().length > 0);
}

test('path traversal never serves a file outside web/', async () => {
  const index = await api('GET', '/');
  const markers = secretMarkers();
  const attempts = [
    '/../Makefile', '/%2e%2e/Makefile', '/%2E%2E/Makefile', '/js/..%2f..%2fMakefile', '/js/../../Makefile',
    '/%2e%2e%2fdeploy/pg.sh', '/..%2fdeploy%2fpg.sh', '/js/%2e%2e/%2e%2e/deploy/pg.sh', '/..%5cMakefile',
    '/%252e%252e/Makefile', '/%2fetc%2fpasswd', '//etc/passwd', '/js/..%00/../Makefile',
    '/../package.json', '/js/%2e%2e%2f%2e%2e%2fpackage.json', '/....//Makefile',
  ];
  for (const path of attempts) {
    const res = await rawRequest('GET', path);
    const ok = [400, 403, 404].includes(res.status) ||
      (res.status === 200 && mediaType(res) === 'text/html' && res.text === index.text);
    assert.ok(ok, `${path}: status ${res.status} ${mediaType(res)} is neither a refusal nor index.html`);
    for (const m of markers) assert.ok(!res.text.includes(m), `${path}: body contains ${JSON.stringify(m.slice(0, 40))}`);
  }
});

test('a static file has an ETag and If-None-Match with it answers 304 without a body', async () => {
  for (const path of ['/js/app.js', '/']) {
    const first = await api('GET', path);
    const etag = first.headers.get('etag');
    assert.ok(etag, `${path}: ETag present`);
    assert.match(etag, /^(W\/)?"[^"]+"$/, `${path}: ETag is a quoted entity tag`);
    const again = await api('GET', path, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, path);
    assert.equal(again.text, '', `${path}: 304 has no body`);
    assert.equal(again.headers.get('etag'), etag, `${path}: 304 repeats the ETag`);
    const other = await api('GET', path, { headers: { 'If-None-Match': '"not-the-etag"' } });
    assert.equal(other.status, 200, `${path}: a different ETag gets the full file`);
    assert.equal(other.text, first.text);
  }
});

test('HEAD / answers like GET / without a body', async () => {
  const get = await api('GET', '/');
  const res = await api('HEAD', '/');
  assert.equal(res.status, 200);
  assert.equal(mediaType(res), 'text/html');
  assert.equal(res.text, '');
  const len = res.headers.get('content-length');
  if (len !== null) assert.equal(Number(len), Buffer.byteLength(get.text), 'HEAD Content-Length equals the GET body length');
});

test('HEAD / sends no body bytes on the wire', async () => {
  const url = new URL(BASE);
  const bytes = await new Promise((resolve, reject) => {
    const parts = [];
    const sock = net.connect(Number(url.port || 80), url.hostname, () => {
      sock.write(`HEAD / HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    sock.setTimeout(5000, () => { sock.destroy(); resolve(Buffer.concat(parts).toString('latin1')); });
    sock.on('data', (c) => parts.push(c));
    sock.on('end', () => resolve(Buffer.concat(parts).toString('latin1')));
    sock.on('error', reject);
  });
  const end = bytes.indexOf('\r\n\r\n');
  assert.match(bytes, /^HTTP\/1\.[01] 200 /, 'status line');
  assert.ok(end > 0, 'complete header block');
  assert.equal(bytes.slice(end + 4), '', 'nothing after the headers');
});

// Stops and restarts the test PostgreSQL cluster: must run last / alone
// (node --test --test-concurrency=1 tests/api/ ; this file's name sorts last).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { api, expectProblem, pollUntil } from '../lib/http.mjs';
import { expectValid, REPO_ROOT } from '../lib/openapi.mjs';
import { login } from '../lib/fixtures.mjs';

const PG_DIR = process.env.ANQUAN_TEST_PG_DIR;
const PG_PORT = process.env.ANQUAN_TEST_PG_PORT || '54339';
// ANQUAN_PG_SH overrides the script (only for checking this harness against a mock server).
const PG_SH = process.env.ANQUAN_PG_SH || join(REPO_ROOT, 'deploy/pg.sh');

function pg(cmd) {
  return execFileSync(PG_SH, [cmd, PG_DIR, PG_PORT], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

test('ready answers 503 while PostgreSQL is down and 200 again after it restarts, and signed-in requests recover, without restarting the server',
  async (t) => {
    if (!PG_DIR) { t.skip('ANQUAN_TEST_PG_DIR is not set (e.g. var/test/pg)'); return; }

    // a signed-in caller, and every pooled connection in use once before the stop
    const token = await login(process.env.ANQUAN_TEST_TOKEN_USER || 'dl.viewer');
    const burst = () => Promise.all(Array.from({ length: 16 }, () => api('GET', '/api/v1/auth/me', { token })));
    for (const r of await burst()) assert.equal(r.status, 200, `signed-in request before the stop: ${r.text}`);
    const before = await api('GET', '/api/v1/ready');
    assert.equal(before.status, 200, `ready before the stop: ${before.text}`);
    const health0 = await api('GET', '/api/v1/health');
    const ridBefore = health0.headers.get('x-request-id');

    let stopped = false;
    t.after(() => { if (stopped) { try { pg('start'); } catch { /* reported by the test itself */ } } });

    pg('stop');
    stopped = true;
    const down = await pollUntil(() => api('GET', '/api/v1/ready'), (r) => r.status === 503, { timeoutMs: 20_000 });
    assert.equal(down.status, 503, `ready did not answer 503 within 20 s after the stop: ${down.text ?? down.error}`);
    expectProblem(down, 503, 'not_ready');
    expectValid(down, { method: 'GET', path: '/api/v1/ready' });

    const health = await api('GET', '/api/v1/health');
    assert.equal(health.status, 200, 'health still answers 200 with the database down');
    assert.notEqual(health.headers.get('x-request-id'), ridBefore);

    pg('start');
    stopped = false;
    const up = await pollUntil(() => api('GET', '/api/v1/ready'), (r) => r.status === 200, { timeoutMs: 30_000 });
    assert.equal(up.status, 200, `ready did not answer 200 within 30 s after the restart: ${up.text ?? up.error}`);
    expectValid(up, { method: 'GET', path: '/api/v1/ready' });
    assert.equal(up.body.schema_version, up.body.expected_schema_version);

    // every shared connection broke with the restart, and the one that has not answered since
    // is made again by the read that meets it, not answered 503 (requests at once reach both)
    for (let round = 0; round < 3; round += 1) {
      const readies = await Promise.all(Array.from({ length: 16 }, () => api('GET', '/api/v1/ready')));
      for (const r of readies) assert.equal(r.status, 200, `ready after the restart: ${r.text}`);
    }

    // signed-in requests (each a transaction: BEGIN first) on connections that broke with the
    // restart: the server resets and retries what had not started, it does not answer 503
    const statuses = [];
    for (let round = 0; round < 3; round += 1) for (const r of await burst()) statuses.push(r.status);
    const bad = statuses.filter((s) => s !== 200);
    assert.equal(bad.length, 0, `signed-in requests after the restart: ${bad.length} of ${statuses.length} failed (${bad.join(', ')})`);
  });

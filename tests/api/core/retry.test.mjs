// A handler's transaction that meets a serialization failure or a deadlock is run again from the
// start (api/auth/auth_gate.c), with the same body, and the client sees one answer: the record is made
// once. A trigger installed for this test makes PostgreSQL raise the failure on chosen attempts
// (a sequence counts attempts: nextval is not rolled back).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, q, closeDb, createInstitution, uniq } from '../lib/fixtures.mjs';

const SEQ = `retry_attempts_${uniq('s')}`;
let t;
let token;
let inst;

before(async () => {
  t = await tree();
  token = await login(t.users.inspector.username);
  inst = await createInstitution({ parent_id: t.county.id });
  await q(`CREATE SEQUENCE ${SEQ}`);
  await q(`GRANT USAGE ON SEQUENCE ${SEQ} TO anquan_app`);
  // names "retry-<n>-<code>-...": fail with <code> while fewer than <n> attempts were made
  await q(`CREATE FUNCTION ${SEQ}_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE want int; code text;
    BEGIN
      IF NEW.name LIKE 'retry-%' THEN
        want := split_part(NEW.name, '-', 2)::int;
        code := split_part(NEW.name, '-', 3);
        IF nextval('${SEQ}') <= want THEN
          RAISE EXCEPTION 'provoked for the retry test' USING ERRCODE = code;
        END IF;
      END IF;
      RETURN NEW;
    END $$`);
  await q(`CREATE TRIGGER ${SEQ}_fail BEFORE INSERT ON risks FOR EACH ROW EXECUTE FUNCTION ${SEQ}_fail()`);
});

after(async () => {
  await q(`DROP TRIGGER IF EXISTS ${SEQ}_fail ON risks`);
  await q(`DROP FUNCTION IF EXISTS ${SEQ}_fail()`);
  await q(`DROP SEQUENCE IF EXISTS ${SEQ}`);
  await closeDb();
});

async function attempts() {
  const [row] = await q(`SELECT last_value, is_called FROM ${SEQ}`);
  return row.is_called ? Number(row.last_value) : 0;
}

const body = (name) => ({ institution_id: inst.id, name, category: 'fire', method: 'lec', lec_l: 3, lec_e: 6, lec_c: 7 });

test('a create that meets a serialization failure, then a deadlock, is run again and made once', async () => {
  for (const code of ['40001', '40P01']) {
    const start = await attempts();
    const name = `retry-${start + 1}-${code}-${randomUUID()}`;
    const res = await api('POST', '/api/v1/risks', { token, body: body(name) });
    assert.equal(res.status, 201, `${code}: ${res.text}`);
    expectValid(res, { method: 'POST', path: '/api/v1/risks' });
    assert.equal(await attempts(), start + 2, 'the first attempt failed, the second made it');
    const rows = await q('SELECT count(*)::int AS n FROM risks WHERE name = $1', [name]);
    assert.equal(rows[0].n, 1, 'made once');
    const audit = await q("SELECT count(*)::int AS n FROM audit_log WHERE action = 'risk.create' AND object_id = $1", [res.body.id]);
    assert.equal(audit[0].n, 1, 'audited once');
  }
});

test('a transaction that keeps failing is tried three times, then answers 503 with Retry-After; nothing is made', async () => {
  const start = await attempts();
  const name = `retry-${start + 10}-40P01-${randomUUID()}`;
  const res = await api('POST', '/api/v1/risks', { token, body: body(name) });
  expectProblem(res, 503, 'database_unavailable');
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
  assert.equal(await attempts(), start + 3, 'three attempts');
  const rows = await q('SELECT count(*)::int AS n FROM risks WHERE name = $1', [name]);
  assert.equal(rows[0].n, 0);
});

test('other errors are not retried: a check violation answers at once', async () => {
  const start = await attempts();
  const res = await api('POST', '/api/v1/risks', { token, body: body(`retry-${start + 1}-23514-${randomUUID()}`) });
  expectProblem(res, 409, 'conflict');
  assert.equal(await attempts(), start + 1, 'one attempt');
});

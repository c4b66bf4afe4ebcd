// The server's background sweeps (api/core/sweep.c), every ANQUAN_SWEEP_SECONDS (2 under make test):
// answers kept under an Idempotency-Key go after ANQUAN_IDEMPOTENCY_HOURS, ended sessions a day
// after their end, uploads never bound to a record a week after the upload; what is still needed stays.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pollUntil } from '../lib/http.mjs';
import { tree, q, closeDb, createAttachment } from '../lib/fixtures.mjs';

after(closeDb);

test('old Idempotency-Key answers and long-ended sessions are swept; fresh ones stay', { skip: !process.env.ANQUAN_SWEEP_SECONDS && 'the server sweeps every ANQUAN_SWEEP_SECONDS (tests/run-all.sh sets 2)' }, async () => {
  const t = await tree();
  const user = t.users.inspector;
  const old = `old-${randomUUID()}`;
  const fresh = `fresh-${randomUUID()}`;
  for (const [key, age] of [[old, '30 hours'], [fresh, '1 hour']]) {
    await q(`INSERT INTO idempotency_keys (key, principal, org_path, method, path, request_sha, status, body, created_at)
             VALUES ($1, $2, $3::ltree, 'POST', '/api/v1/risks', 'x', 201, '{}', now() - $4::interval)`,
    [key, user.id, t.county.path, age]);
  }
  const ended = randomUUID();
  const live = randomUUID();
  for (const [family, end] of [[ended, '2 days'], [live, '-1 hour']]) {
    await q(`INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at, family_expires_at)
             VALUES ($1::uuid, $2, decode(md5($1::text) || md5($1::text || 'x'), 'hex'), now() - $3::interval, now() - $3::interval)`,
    [family, user.id, end]);
  }
  const wait = (Number(process.env.ANQUAN_SWEEP_SECONDS) + 5) * 1000;
  const keys = await pollUntil(() => q('SELECT key FROM idempotency_keys WHERE key = ANY($1)', [[old, fresh]]),
    (rows) => rows.length === 1, { timeoutMs: wait });
  assert.deepEqual(keys.map((r) => r.key), [fresh]);
  const families = await pollUntil(() => q('SELECT family_id FROM refresh_tokens WHERE family_id = ANY($1)', [[ended, live]]),
    (rows) => rows.length === 1, { timeoutMs: wait });
  assert.deepEqual(families.map((r) => r.family_id), [live]);
});

test('an upload never bound to a record goes a week after it was made, with its bytes; a bound one and a fresh one stay', { skip: !process.env.ANQUAN_SWEEP_SECONDS && 'the server sweeps every ANQUAN_SWEEP_SECONDS (tests/run-all.sh sets 2)' }, async () => {
  const t = await tree();
  const stale = await createAttachment({ org_id: t.unit.id });
  const fresh = await createAttachment({ org_id: t.unit.id });
  const bound = await createAttachment({ org_id: t.unit.id });
  await q("UPDATE attachments SET created_at = now() - interval '8 days' WHERE id = ANY($1::uuid[])", [[stale.id, bound.id]]);
  await q("UPDATE attachments SET created_at = now() - interval '6 days' WHERE id = $1", [fresh.id]);
  await q("UPDATE attachments SET record_type = 'hazard', record_id = gen_random_uuid(), kind = 'before', bound_at = now() WHERE id = $1", [bound.id]);
  const wait = (Number(process.env.ANQUAN_SWEEP_SECONDS) + 5) * 1000;
  const left = await pollUntil(() => q('SELECT id FROM attachments WHERE id = ANY($1::uuid[]) ORDER BY id', [[stale.id, fresh.id, bound.id]]),
    (rows) => rows.length === 2, { timeoutMs: wait });
  assert.deepEqual(left.map((r) => r.id).sort(), [fresh.id, bound.id].sort());
  const blobs = await q('SELECT key FROM attachment_blobs WHERE key = ANY($1)', [[stale.id, fresh.id, bound.id]]);
  assert.deepEqual(blobs.map((r) => r.key).sort(), [fresh.id, bound.id].sort(), 'the stale upload\'s bytes went with it');
});

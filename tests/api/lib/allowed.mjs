// allowed_actions against what the server accepts: read one record as a caller, then try every
// action of the record's vocabulary on a fresh copy; a listed action must succeed, an unlisted
// one must answer 403 or 409.
import assert from 'node:assert/strict';
import { api } from './http.mjs';
import { expectValid } from './openapi.mjs';

/**
 * Returns the actions listed for the caller (after checking them).
 * @param {{make: () => Promise<{id: string}>, path: string, token: string, label: string,
 *          actions: Record<string, (id: string, token: string) => Promise<any>>}} c
 */
export async function agree({ make, path, actions, token, label }) {
  const rec = await make();
  const got = await api('GET', `${path}/${rec.id}`, { token });
  assert.equal(got.status, 200, `${label}: ${got.text}`);
  expectValid(got, { method: 'GET', path: `${path}/{id}` });
  const listed = got.body.allowed_actions;
  assert.ok(Array.isArray(listed), `${label}: allowed_actions is an array`);
  for (const [action, perform] of Object.entries(actions)) {
    const res = await perform((await make()).id, token);
    if (listed.includes(action)) {
      assert.ok(res.status >= 200 && res.status < 300, `${label}: listed ${action} succeeds (${res.status} ${res.text.slice(0, 200)})`);
    } else {
      assert.ok([403, 409].includes(res.status), `${label}: unlisted ${action} is refused (${res.status} ${res.text.slice(0, 200)})`);
    }
  }
  return listed;
}

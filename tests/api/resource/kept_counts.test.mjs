// A first page's total of institutions, risks, inspections and users over a province, a city or a
// county is read from the counts kept per key (migration 0040, subtree_counts; api/resource/list.c,
// kept_count_ok) instead of counted. These tests hold it to what row-level security lets the
// caller count, for the three levels and for archived=false, true and all, after creates,
// archives, an unannounced draft hidden from its own org, a unit moved to another city through the
// API and deletes; and the kept counts to the counts made again from the records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, q, db, closeDb, createUser, createOrg, createInstitution, createRisk, createInspection } from '../lib/fixtures.mjs';

const LISTS = {
  institutions: { table: 'institutions', path: '/api/v1/institutions', archived: true },
  risks: { table: 'risks', path: '/api/v1/risks', archived: true },
  inspections: { table: 'inspections', path: '/api/v1/inspections', archived: true },
  users: { table: 'users', path: '/api/v1/users', archived: false },
};

let t;
let callers; // [{ level, path, token }]
let units;
before(async () => {
  t = await tree();
  const cityAdmin = await createUser({ org_id: t.cityA.id, role: 'admin' });
  const provinceAdmin = await createUser({ org_id: t.province.id, role: 'admin' });
  const cityBAdmin = await createUser({ org_id: t.cityB.id, role: 'admin' });
  callers = [
    { level: 'county', path: t.county.path, token: await login(t.users.admin.username) },
    { level: 'city', path: t.cityA.path, token: await login(cityAdmin.username) },
    { level: 'other city', path: t.cityB.path, token: await login(cityBAdmin.username) },
    { level: 'province', path: t.province.path, token: await login(provinceAdmin.username) },
  ];
  // records on every side: two hospitals of the county with risks and inspections, one of the
  // other city
  units = [];
  for (const parent of [t.county.id, t.county.id, t.other.id]) {
    const inst = await createInstitution({ parent_id: parent });
    await createRisk({ institution: inst });
    await createRisk({ institution: inst });
    await createInspection({ institution: inst });
    units.push(inst);
  }
});
after(closeDb);

/** What row-level security lets a caller at `path` count of `list` (the owner counts it here). */
async function visible(list, path, archived) {
  const { table } = LISTS[list];
  const where = [`org_path <@ $1::ltree`];
  if (LISTS[list].archived && archived !== 'all') where.push(`archived = ${archived === 'true'}`);
  if (list === 'inspections') where.push(`NOT (type = 'unannounced' AND status = 'draft' AND org_path = $1::ltree)`);
  const [{ n }] = await q(`SELECT count(*)::int AS n FROM ${table} WHERE ${where.join(' AND ')}`, [path]);
  return n;
}

/** Every list's first page total, for every caller and archived value, against visible(). */
async function totalsAgree(label) {
  for (const [list, { path, archived }] of Object.entries(LISTS)) {
    for (const c of callers) {
      for (const a of archived ? ['false', 'true', 'all'] : [null]) {
        const qs = a === null ? 'limit=1' : `limit=1&archived=${a}`;
        const res = await api('GET', `${path}?${qs}`, { token: c.token });
        assert.equal(res.status, 200, res.text);
        expectValid(res, { method: 'GET', path });
        const want = await visible(list, c.path, a ?? 'all');
        assert.equal(res.body.total, Math.min(want, 1000),
          `${label}: ${list}?${qs} as the ${c.level} admin`);
        assert.equal(res.body.total_capped, want > 1000 ? true : undefined, `${label}: ${list} capped`);
      }
    }
  }
}

test('a first page over a county, a city or the province totals what its caller may see', async () => {
  await totalsAgree('at start');
});

test('the totals follow creates, archives, an unannounced draft, a unit moved to another city, and deletes', async () => {
  // created: a hospital right under the city (a key of three labels of its own), with a risk
  const cityUnit = await createInstitution({ parent_id: t.cityA.id });
  await createRisk({ institution: cityUnit });
  await totalsAgree('after creates');

  // archived and restored
  await q('UPDATE institutions SET archived = true WHERE id = $1', [units[0].id]);
  await q('UPDATE risks SET archived = true WHERE institution_id = $1', [units[1].id]);
  await totalsAgree('after archives');
  await q('UPDATE risks SET archived = false WHERE institution_id = $1', [units[1].id]);

  // an unannounced inspection's draft of the county itself: hidden from the county, seen above
  const [draft] = await q(`INSERT INTO inspections (institution_id, org_id, org_path, inspector_org_id, inspectors, type,
                              template_id, inspected_on, status)
                            SELECT s.institution_id, $1, $2::ltree, $3, s.inspectors, 'unannounced', s.template_id,
                                   s.inspected_on, 'draft'
                            FROM inspections s WHERE s.institution_id = $4 RETURNING id`,
  [t.county.id, t.county.path, t.cityA.id, units[0].id]);
  await totalsAgree('with an unannounced draft of the county');
  const county = callers[0];
  const res = await api('GET', '/api/v1/inspections?limit=50', { token: county.token });
  assert.ok(!res.body.items.some((x) => x.id === draft.id), 'the county does not see the draft');
  // submitted, it is the county's to see
  await q(`UPDATE inspections SET status = 'submitted', submitted_at = now() WHERE id = $1`, [draft.id]);
  await totalsAgree('with the draft submitted');

  // a unit moved to a county of the other city, through the API
  const province = callers.at(-1);
  const moved = await api('POST', `/api/v1/orgs/${units[1].org_id}/move`, { token: province.token, body: { parent_id: t.other.id } });
  assert.equal(moved.status, 200, moved.text);
  await totalsAgree('after a unit moved to the other city');

  // deleted for good (an owner's cleanup): counted out
  await q('DELETE FROM inspections WHERE id = $1', [draft.id]);
  await q('DELETE FROM risks WHERE institution_id = $1', [cityUnit.id]);
  await totalsAgree('after deletes');
  // a user moved and one deleted
  const u = await createUser({ org_id: t.county.id });
  await totalsAgree('after a user was created');
  await q('UPDATE users SET org_id = $1, org_path = $2::ltree WHERE id = $3', [t.sibling.id, t.sibling.path, u.id]);
  await q('DELETE FROM users WHERE id = $1', [u.id]);
  await totalsAgree('after a user moved and was deleted');
});

test('a filter other than archived counts the records themselves', async () => {
  const county = callers[0];
  const res = await api('GET', `/api/v1/risks?limit=1&institution_id=${units[0].id}`, { token: county.token });
  assert.equal(res.status, 200, res.text);
  const [{ n }] = await q('SELECT count(*)::int AS n FROM risks WHERE institution_id = $1 AND NOT archived', [units[0].id]);
  assert.equal(res.body.total, n);
});

test('the kept counts are what counting every record again makes of them', async () => {
  const client = await db().connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE kept ON COMMIT DROP AS SELECT list, key, org_path, own, hidden, archived, n FROM subtree_counts');
    await client.query('SELECT subtree_counts_rebuild()');
    const diff = (await client.query(`(SELECT list, key, own, hidden, archived, n FROM kept
                                        EXCEPT SELECT list, key, own, hidden, archived, n FROM subtree_counts)
                                      UNION ALL
                                      (SELECT list, key, own, hidden, archived, n FROM subtree_counts
                                        EXCEPT SELECT list, key, own, hidden, archived, n FROM kept)`)).rows;
    assert.deepEqual(diff, [], 'kept by the triggers and made again agree');
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM subtree_counts`)).rows;
    assert.ok(n > 0);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
});

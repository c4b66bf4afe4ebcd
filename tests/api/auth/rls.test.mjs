// Row-level security on its own, without the server: connected as the runtime role (anquan_app)
// with one county's subtree set, every org-owned table shows no row outside it; with nothing set
// (or '' set) no row at all; the runtime role cannot rewrite or erase the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { APP_URL, OWNER_URL, connect, q, tree, createUser, createClientRow, closeDb } from '../lib/fixtures.mjs';

let app; // pg.Client as anquan_app
let t0;
let tables; // [{name, pathExpr}]

// The column that places a row in the tree, per table (orgs: path, most tables: org_path).
async function pathColumn(table) {
  const cols = await q(`SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type ty ON ty.oid = a.atttypid
                        WHERE n.nspname = 'public' AND c.relname = $1 AND ty.typname = 'ltree' AND a.attnum > 0
                          AND NOT a.attisdropped ORDER BY a.attname = 'org_path' DESC, a.attname = 'path' DESC`, [table]);
  return cols[0]?.attname ?? null;
}

async function hasColumn(table, column) {
  return (await q(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2`,
    [table, column])).length > 0;
}

before(async () => {
  assert.ok(APP_URL, 'set ANQUAN_TEST_APP_DATABASE_URL to the runtime role libpq URL');
  t0 = await tree();
  // make sure there are rows on both sides of the line in every table we can seed
  await createUser({ org_id: t0.sibling.id });
  await createClientRow({ org_id: t0.county.id });
  await createClientRow({ org_id: t0.other.id });
  const rows = await q(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relforcerowsecurity
                          AND c.relname <> 'schema_migrations' ORDER BY c.relname`);
  tables = [];
  for (const { relname } of rows) tables.push({ name: relname, col: await pathColumn(relname) });
  app = await connect(APP_URL);
});
after(async () => { await app?.end(); await closeDb(); });

test('the runtime role is neither superuser nor BYPASSRLS, and the org tables force row security', async () => {
  const [me] = (await app.query('SELECT current_user AS u, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user')).rows;
  assert.equal(me.rolsuper, false);
  assert.equal(me.rolbypassrls, false);
  const names = tables.map((x) => x.name);
  for (const must of ['orgs', 'users', 'api_clients', 'audit_log', 'refresh_tokens']) {
    assert.ok(names.includes(must), `${must} has FORCE ROW LEVEL SECURITY (forced tables: ${names.join(', ')})`);
  }
});

// Tables whose rows an org's subtree reads from its ancestors too (reference data, and the
// campaigns issued above with their duties and amendments).
const SHARED_FROM_ABOVE = new Set(['checklist_templates', 'checklist_items', 'hazard_criteria', 'campaigns', 'campaign_duties', 'campaign_amendments']);

test("with one county's subtree set, no table shows a row of another branch", async (t) => {
  const scope = t0.county.path;
  // what the owner sees outside the subtree (there must be something to hide)
  const outside = {};
  for (const { name, col } of tables) {
    if (!col) continue;
    outside[name] = Number((await q(`SELECT count(*) AS n FROM ${name} WHERE NOT (${col} <@ $1::ltree) OR ${col} IS NULL`, [scope]))[0].n);
  }
  assert.ok(outside.orgs > 0 && outside.users > 0, 'the owner sees orgs and users outside the county');
  await app.query('BEGIN');
  try {
    await app.query("SELECT set_config('app.org_path', $1, true)", [scope]);
    let checked = 0;
    for (const { name, col } of tables) {
      const total = Number((await app.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
      if (col && SHARED_FROM_ABOVE.has(name)) {
        // checklist templates and issued campaigns are read from below: the subtree's own, its
        // ancestors' and the shipped national ones (no org), never another branch's
        const bad = Number((await app.query(`SELECT count(*) AS n FROM ${name} WHERE NOT (${col} <@ $1::ltree OR ${col} @> $1::ltree OR ${col} IS NULL)`, [scope])).rows[0].n);
        assert.equal(bad, 0, `${name}: ${bad} rows of another branch visible to the runtime role`);
        checked += 1;
      } else if (col) {
        const bad = Number((await app.query(`SELECT count(*) AS n FROM ${name} WHERE NOT (${col} <@ $1::ltree) OR ${col} IS NULL`, [scope])).rows[0].n);
        assert.equal(bad, 0, `${name}: ${bad} rows outside ${scope} visible to the runtime role`);
        checked += 1;
      }
      else if (name === 'attachment_blobs') {
        // placed in the tree through the attachment that names its key
        const keys = (await app.query('SELECT key FROM attachment_blobs')).rows.map((r) => r.key);
        const bad = await q('SELECT id FROM attachments WHERE storage_key = ANY($1::text[]) AND NOT (org_path <@ $2::ltree)', [keys, scope]);
        assert.equal(bad.length, 0, `${name}: bytes of ${bad.length} attachments outside ${scope} visible to the runtime role`);
        checked += 1;
      } else if (!(await hasColumn(name, 'user_id')) && await hasColumn(name, 'org_id')) {
        // placed in the tree through its org (notice_counters): every visible row's org is inside
        const oids = (await app.query(`SELECT DISTINCT org_id::text AS o FROM ${name}`)).rows.map((r) => r.o);
        const bad = await q('SELECT id FROM orgs WHERE id = ANY($1::uuid[]) AND NOT (path <@ $2::ltree)', [oids, scope]);
        assert.equal(bad.length, 0, `${name}: rows of ${bad.length} orgs outside ${scope} visible to the runtime role`);
        checked += 1;
      } else if (await hasColumn(name, 'user_id')) {
        // placed in the tree through its user (refresh_tokens): every visible row's user is inside
        const uids = (await app.query(`SELECT DISTINCT user_id::text AS u FROM ${name}`)).rows.map((r) => r.u);
        const bad = await q(`SELECT id FROM users WHERE id = ANY($1::uuid[]) AND NOT (org_path <@ $2::ltree)`, [uids, scope]);
        assert.equal(bad.length, 0, `${name}: rows of ${bad.length} users outside ${scope} visible to the runtime role`);
        checked += 1;
      } else if (await hasColumn(name, 'org_id')) {
        // placed in the tree through its org (notice_counters): every visible row's org is inside
        const ids = (await app.query(`SELECT DISTINCT org_id::text AS o FROM ${name}`)).rows.map((r) => r.o);
        const bad = await q(`SELECT id FROM orgs WHERE id = ANY($1::uuid[]) AND NOT (path <@ $2::ltree)`, [ids, scope]);
        assert.equal(bad.length, 0, `${name}: rows of ${bad.length} orgs outside ${scope} visible to the runtime role`);
        checked += 1;
      } else if (name === 'attachment_blobs') {
        // placed in the tree through its metadata row: every visible blob's attachment is inside
        const keys = (await app.query('SELECT key FROM attachment_blobs')).rows.map((r) => r.key);
        const bad = await q(`SELECT id FROM attachments WHERE storage = 'postgres' AND storage_key = ANY($1::text[]) AND NOT (org_path <@ $2::ltree)`, [keys, scope]);
        assert.equal(bad.length, 0, `${name}: blobs of ${bad.length} attachments outside ${scope} visible to the runtime role`);
        checked += 1;
      } else {
        assert.fail(`${name}: forced row security but no ltree column and no user_id: extend this test`);
      }
      t.diagnostic(`${name}: ${total} visible rows in the county's scope`);
    }
    // the county's own rows are visible (the policy is not simply "nothing")
    const own = (await app.query('SELECT id FROM orgs WHERE id = $1', [t0.county.id])).rows;
    assert.equal(own.length, 1, 'the county itself is visible in its own scope');
    const foreign = (await app.query('SELECT id FROM orgs WHERE id = ANY($1::uuid[])', [[t0.sibling.id, t0.cityA.id, t0.other.id]])).rows;
    assert.equal(foreign.length, 0, 'sibling, parent and other city are invisible');
    const users = (await app.query('SELECT username FROM users')).rows.map((r) => r.username);
    assert.ok(users.includes(t0.users.admin.username), 'the county admin is visible');
    t.diagnostic(`${checked} tables checked by path`);
  } finally { await app.query('ROLLBACK'); }
});

for (const [label, value] of [['nothing set', null], ["'' set", '']]) {
  test(`with ${label}, every org-owned table returns zero rows`, async () => {
    await app.query('BEGIN');
    try {
      if (value !== null) await app.query("SELECT set_config('app.org_path', $1, true)", [value]);
      for (const { name } of tables) {
        const n = Number((await app.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
        assert.equal(n, 0, `${name}: ${n} rows visible with ${label}`);
      }
    } finally { await app.query('ROLLBACK'); }
  });
}

test('with a subtree set, the runtime role cannot write rows outside it', async () => {
  await app.query('BEGIN');
  try {
    await app.query("SELECT set_config('app.org_path', $1, true)", [t0.county.path]);
    const upd = await app.query("UPDATE orgs SET name = name || 'x' WHERE id = $1", [t0.sibling.id]);
    assert.equal(upd.rowCount, 0, 'an UPDATE of a sibling org touches no row');
    await assert.rejects(
      app.query(`INSERT INTO orgs (parent_id, name, level) VALUES ($1, 'rls-escape', 'unit')`, [t0.sibling.id]),
      /row-level security|not found|violates/i, 'an INSERT under a foreign parent is refused');
  } finally { await app.query('ROLLBACK'); }
});

test('the runtime role cannot UPDATE or DELETE audit_log', async () => {
  for (const sql of ["UPDATE audit_log SET action = 'x.y'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
    await app.query('BEGIN');
    try {
      await assert.rejects(app.query(sql), /permission denied/i, `${sql} is refused`);
    } finally { await app.query('ROLLBACK'); }
  }
});

// The policies spell out app_scope() and app_identity() (migration 0036): a plan inlines a SQL
// function by parsing its body again, for every table of every statement planned.
const CALLS = /\mapp_(scope|identity)\(\)/;
test('no policy calls app_scope() or app_identity(); app_expand_policies() spells out a new one', async () => {
  const calling = await q(`SELECT tablename, policyname FROM pg_policies
                           WHERE coalesce(qual, '') ~ $1 OR coalesce(with_check, '') ~ $1`, [CALLS.source]);
  assert.deepEqual(calling, [], 'a migration that adds such a policy ends with SELECT app_expand_policies()');
  const owner = await connect(OWNER_URL);
  try {
    await owner.query('BEGIN');
    await owner.query(`CREATE TABLE policy_probe (org_path ltree NOT NULL)`);
    await owner.query(`ALTER TABLE policy_probe ENABLE ROW LEVEL SECURITY`);
    await owner.query(`CREATE POLICY policy_probe_subtree ON policy_probe
                       USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_identity())`);
    assert.equal((await owner.query('SELECT app_expand_policies() AS n')).rows[0].n, 1, 'the new policy alone');
    const [p] = (await owner.query(`SELECT qual, with_check FROM pg_policies WHERE policyname = 'policy_probe_subtree'`)).rows;
    assert.doesNotMatch(p.qual, CALLS);
    assert.doesNotMatch(p.with_check, CALLS);
    assert.match(p.qual, /current_setting\('app\.list_path'::text, true\)/, "app_scope()'s narrowing, spelled out");
    assert.match(p.with_check, /current_setting\('app\.org_path'::text, true\)/, "app_identity()'s, spelled out");
    assert.doesNotMatch(p.with_check, /app\.list_path/, 'the identity alone, no narrowing');
    // it admits what the functions would: the caller's subtree, inside the narrowing
    await owner.query(`INSERT INTO policy_probe VALUES ('1.2.3'), ('1.2.4'), ('1.5')`);
    await owner.query(`ALTER TABLE policy_probe FORCE ROW LEVEL SECURITY`);
    const seen = async (identity, narrowed) => {
      await owner.query(`SELECT set_config('app.org_path', $1, true), set_config('app.list_path', $2, true)`, [identity, narrowed]);
      return (await owner.query('SELECT org_path::text AS p FROM policy_probe ORDER BY 1')).rows.map((r) => r.p);
    };
    assert.deepEqual(await seen('1.2', ''), ['1.2.3', '1.2.4']);
    assert.deepEqual(await seen('1.2', '1.2.3'), ['1.2.3'], 'narrowed inside the identity');
    assert.deepEqual(await seen('1.2', '1.5'), ['1.2.3', '1.2.4'], 'a narrowing outside the identity is ignored');
    assert.deepEqual(await seen('*', ''), ['1.2.3', '1.2.4', '1.5']);
    assert.deepEqual(await seen('', ''), [], 'no identity, no row');
    assert.equal((await owner.query('SELECT app_expand_policies() AS n')).rows[0].n, 0, 'nothing left to spell out');
  } finally {
    await owner.query('ROLLBACK');
    await owner.end();
  }
});

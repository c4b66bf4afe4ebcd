// Test fixtures straight in the database (owner role) and sign-in helpers.
//   env ANQUAN_TEST_DATABASE_URL      libpq URL of the owner role (anquan_owner)
//   env ANQUAN_TEST_APP_DATABASE_URL  libpq URL of the runtime role (anquan_app), for rls.test.mjs
// Row-level security is FORCEd even for the owner, so every owner connection runs
// set_config('app.org_path', '*', false) (the system scope) first.
// Names are unique per test run (RUN), so fixtures never collide with the demo data, with other
// files of the same run, or with an earlier run against the same database.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { api } from './http.mjs';
import { expectValid } from './openapi.mjs';

export const OWNER_URL = process.env.ANQUAN_TEST_DATABASE_URL;
export const APP_URL = process.env.ANQUAN_TEST_APP_DATABASE_URL;
export const DEMO_PASSWORD = 'Anquan@2026!';
export const DEMO_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZGVtb3NhbHQwMQ$51HbpE8+bhslm8BPjc9cdON0xdqmWlzPdpf1fxCLbWs';
export const ROLES = ['admin', 'leader', 'inspector', 'safety_officer', 'viewer'];
const ROLE_ABBR = { admin: 'ad', leader: 'ld', inspector: 'in', safety_officer: 'so', viewer: 'vw' };

/** A short id unique to this process (lowercase letters and digits). */
export const RUN = (Date.now().toString(36).slice(-4) + randomBytes(3).toString('hex')).toLowerCase();
let counter = 0;
/** A unique token: `${prefix}${RUN}${n}`. */
export function uniq(prefix = 'x') { counter += 1; return `${prefix}${RUN}${counter}`; }

let pool;
/** The owner pool (system scope on every connection). */
export function db() {
  assert.ok(OWNER_URL, 'set ANQUAN_TEST_DATABASE_URL to the owner role libpq URL');
  if (!pool) {
    // the startup option is the same as SELECT set_config('app.org_path', '*', false) on connect
    pool = new pg.Pool({ connectionString: OWNER_URL, max: 4, allowExitOnIdle: true, options: '-c app.org_path=*' });
  }
  return pool;
}
export async function q(sql, params = []) { return (await db().query(sql, params)).rows; }
export async function closeDb() { if (pool) { const p = pool; pool = undefined; await p.end(); } }

/** A connection as some role with nothing set (rls.test.mjs). */
export async function connect(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

function divisionCode() { return String(randomInt(100000, 1000000)); }

/** The demo province (辽宁省, 210000), or any province. */
export async function province() {
  const rows = await q(`SELECT id, path::text AS path, name, level FROM orgs WHERE level = 'province'
                        ORDER BY (division_code = '210000') DESC, seq LIMIT 1`);
  assert.ok(rows.length, 'no province in the test database (is the demo data loaded?)');
  return rows[0];
}

export async function orgByName(name) {
  const rows = await q('SELECT id, path::text AS path, name, level, parent_id FROM orgs WHERE name = $1 ORDER BY seq LIMIT 1', [name]);
  assert.ok(rows.length, `no org named ${name}`);
  return rows[0];
}

/** Insert an org. level: city|county|unit; returns {id, path, name, level, parent_id, division_code}. */
export async function createOrg({ parent_id, level = 'unit', name, division_code } = {}) {
  const nm = name ?? `测试${level}-${uniq('o')}`;
  const code = level === 'unit' ? null : (division_code ?? divisionCode());
  const rows = await q(`INSERT INTO orgs (parent_id, name, level, division_code) VALUES ($1, $2, $3, $4)
                        RETURNING id, path::text AS path, name, level, parent_id, division_code`,
  [parent_id, nm, level, code]);
  return rows[0];
}

/** Insert a user (password Anquan@2026!). Returns {id, username, password, org_id, role}. */
export async function createUser({ org_id, role = 'viewer', username, active = true, must_change_password = false } = {}) {
  const un = username ?? uniq(`t.${ROLE_ABBR[role] ?? 'u'}.`);
  const rows = await q(`INSERT INTO users (username, display_name, org_id, org_path, role, active, password_hash, must_change_password)
                        SELECT $1, $2, o.id, o.path, $3, $4, $5, $6 FROM orgs o WHERE o.id = $7
                        RETURNING id, username, org_id, role`,
  [un, `测试用户 ${un}`, role, active, DEMO_HASH, must_change_password, org_id]);
  assert.equal(rows.length, 1, `org ${org_id} for the fixture user exists`);
  return { ...rows[0], password: DEMO_PASSWORD };
}

/** Insert an API client (its secret is unknown: a target object, not a caller). Returns {id, name, org_id}. */
export async function createClientRow({ org_id, scope = 'read', name } = {}) {
  const rows = await q(`INSERT INTO api_clients (name, org_id, org_path, scope, secret_hash)
                        SELECT $1, o.id, o.path, $2, $3 FROM orgs o WHERE o.id = $4
                        RETURNING id, name, org_id, scope`,
  [name ?? `测试客户端-${uniq('c')}`, scope, randomBytes(32), org_id]);
  assert.equal(rows.length, 1, `org ${org_id} for the fixture client exists`);
  return rows[0];
}

/**
 * The standard tree, built once per process:
 *   province (demo) ── cityA (fixture) ─┬─ county (the caller's org) ── unit (descendant)
 *                                       └─ sibling (county)
 *                   └─ cityB (fixture) ─── other (county)
 * and one user per role in `county` (users.admin, users.leader, ...).
 */
let treePromise;
export function tree() {
  treePromise ??= (async () => {
    const prov = await province();
    const cityA = await createOrg({ parent_id: prov.id, level: 'city' });
    const county = await createOrg({ parent_id: cityA.id, level: 'county' });
    const sibling = await createOrg({ parent_id: cityA.id, level: 'county' });
    const unit = await createOrg({ parent_id: county.id, level: 'unit' });
    const cityB = await createOrg({ parent_id: prov.id, level: 'city' });
    const other = await createOrg({ parent_id: cityB.id, level: 'county' });
    const users = {};
    for (const role of ROLES) users[role] = await createUser({ org_id: county.id, role });
    return { province: prov, cityA, county, sibling, unit, cityB, other, users };
  })();
  return treePromise;
}

const tokens = new Map();
/**
 * POST /auth/login; returns the parsed response ({status, headers, body, text}).
 * extra: more body members (refresh_in); asserts nothing.
 */
export function loginRaw(username, password = DEMO_PASSWORD, extra = {}) {
  return api('POST', '/api/v1/auth/login', { body: { username, password, ...extra } });
}

/** An access token for the user (cached per username unless fresh: true). */
export async function login(username, password = DEMO_PASSWORD, { fresh = false } = {}) {
  if (!fresh && tokens.has(username)) return tokens.get(username);
  const res = await loginRaw(username, password);
  assert.equal(res.status, 200, `login ${username}: ${res.status} ${res.text.slice(0, 300)}`);
  assert.ok(res.body?.access_token, `login ${username}: no access_token`);
  tokens.set(username, res.body.access_token);
  return res.body.access_token;
}
export function forgetToken(username) { tokens.delete(username); }

/** Create an API client through the API (as `adminToken`) and get a token for it. */
export async function apiClientToken(adminToken, { org_id, scope = 'read', name } = {}) {
  const created = await api('POST', '/api/v1/api-clients',
    { token: adminToken, body: { name: name ?? `测试客户端-${uniq('c')}`, org_id, scope } });
  assert.equal(created.status, 201, `POST /api-clients: ${created.status} ${created.text.slice(0, 300)}`);
  const { client_id, client_secret, client } = created.body;
  const tok = await api('POST', '/api/v1/auth/token',
    { body: { grant_type: 'client_credentials', client_id, client_secret } });
  assert.equal(tok.status, 200, `POST /auth/token: ${tok.status} ${tok.text.slice(0, 300)}`);
  return { client, client_id, client_secret, token: tok.body.access_token, tokenResponse: tok };
}

/** Audit entries (GET /audit as `token`) matching the query; returns the items. */
export async function auditEntries(token, query = {}) {
  const qs = new URLSearchParams({ limit: '200', ...query }).toString();
  const res = await api('GET', `/api/v1/audit?${qs}`, { token });
  assert.equal(res.status, 200, `GET /audit?${qs}: ${res.status} ${res.text.slice(0, 300)}`);
  expectValid(res, { method: 'GET', path: '/api/v1/audit' });
  return res.body.items;
}

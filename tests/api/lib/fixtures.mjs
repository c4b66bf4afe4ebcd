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

// ---------------------------------------------------------------- supervision fixtures
// Institutions (with their unit org), key locations, projects, risks, checklist templates and
// inspections, inserted as the owner. Values satisfy the CHECK constraints of 0003_supervision.sql.

/** The GB 32100-2015 character set and weights of 统一社会信用代码. */
export const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a credit code. */
export function creditCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = CREDIT_CHARSET.indexOf(first17[i]);
    assert.ok(v >= 0, `credit code character ${first17[i]} is not in the charset`);
    sum += v * CREDIT_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CREDIT_CHARSET[c === 31 ? 0 : c];
}
export function creditCodeValid(code) {
  return /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) && creditCheckChar(code.slice(0, 17)) === code[17];
}
/** A fresh valid credit code (12 = a public institution, division 210102, a random org code). */
export function creditCode(division = '210102') {
  let org = '';
  for (let i = 0; i < 9; i += 1) org += CREDIT_CHARSET[randomInt(0, 10)];
  const first = `12${division}${org}`;
  return first + creditCheckChar(first);
}

/** LEC and matrix grading as in DATABASES.md (default thresholds). */
export function lecGrade(d) { return d > 320 ? 'major' : d > 160 ? 'significant' : d > 70 ? 'general' : 'low'; }
export function matrixGrade(r) { return r >= 20 ? 'major' : r >= 12 ? 'significant' : r >= 6 ? 'general' : 'low'; }

/**
 * Insert an institution record with its unit org under `parent_id` (default: a fresh unit of the
 * standard tree's county). fields: any institutions column. Returns {id, org_id, org_path, name, credit_code, parent_id}.
 */
export async function createInstitution({ parent_id, name, ...fields } = {}) {
  const parent = parent_id ?? (await tree()).county.id;
  const org = await createOrg({ parent_id: parent, level: 'unit', name: name ?? `测试医院-${uniq('i')}` });
  const cols = { credit_code: creditCode(), type: 'general_hospital', grade: 'none', ownership: 'public', ...fields };
  for (const k of ['principal', 'contacts', 'safety_department', 'safety_officers']) {
    if (cols[k] !== undefined) cols[k] = JSON.stringify(cols[k]);
  }
  const keys = Object.keys(cols);
  const rows = await q(`INSERT INTO institutions (org_id, org_path, ${keys.join(', ')})
                        VALUES ($1, $2::ltree, ${keys.map((_, i) => `$${i + 3}`).join(', ')})
                        RETURNING id, org_id, org_path::text AS org_path, credit_code`,
  [org.id, org.path, ...keys.map((k) => cols[k])]);
  return { ...rows[0], name: org.name, parent_id: parent };
}

/** Insert a key location of `institution` ({id}). */
export async function createKeyLocation({ institution, kind = 'oxygen_station', name, duty_24h = true, note = null } = {}) {
  const inst = institution ?? await createInstitution();
  const rows = await q(`INSERT INTO key_locations (institution_id, org_id, org_path, kind, name, duty_24h, note)
                        SELECT i.id, i.org_id, i.org_path, $2, $3, $4, $5 FROM institutions i WHERE i.id = $1
                        RETURNING id, institution_id, kind, name`,
  [inst.id, kind, name ?? `重点部位-${uniq('k')}`, duty_24h, note]);
  assert.equal(rows.length, 1, 'the institution of the key location exists');
  return rows[0];
}

/** Insert a construction project of `institution`. */
export async function createProject({ institution, name, status = 'under_way', construction_permit = null, start_date = '2026-03-01' } = {}) {
  const inst = institution ?? await createInstitution();
  const rows = await q(`INSERT INTO construction_projects (institution_id, org_id, org_path, name, status, construction_permit, start_date)
                        SELECT i.id, i.org_id, i.org_path, $2, $3, $4, $5::date FROM institutions i WHERE i.id = $1
                        RETURNING id, institution_id, name, status, construction_permit`,
  [inst.id, name ?? `施工项目-${uniq('p')}`, status, construction_permit, start_date]);
  assert.equal(rows.length, 1, 'the institution of the project exists');
  return rows[0];
}

/** Insert a risk of `institution`: lec (l, e, c) or matrix (likelihood, severity); score and grade computed. */
export async function createRisk({ institution, name, category = 'fire', method = 'lec', l = 3, e = 6, c = 7, likelihood = 3, severity = 2,
  review_date = null, archived = false } = {}) {
  const inst = institution ?? await createInstitution();
  const lec = method === 'lec';
  const score = lec ? Math.round(l * e * c * 100) / 100 : likelihood * severity;
  const grade = lec ? lecGrade(score) : matrixGrade(score);
  const rows = await q(`INSERT INTO risks (institution_id, org_id, org_path, name, category, method, lec_l, lec_e, lec_c,
                          likelihood, severity, score, grade, review_date, archived)
                        SELECT i.id, i.org_id, i.org_path, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13
                        FROM institutions i WHERE i.id = $1
                        RETURNING id, institution_id, name, category, method, score::float8 AS score, grade`,
  [inst.id, name ?? `风险-${uniq('r')}`, category, method, lec ? l : null, lec ? e : null, lec ? c : null,
    lec ? null : likelihood, lec ? null : severity, score, grade, review_date, archived]);
  assert.equal(rows.length, 1, 'the institution of the risk exists');
  return rows[0];
}

/** Insert a checklist template of `org_id` (default the standard county) with `items` texts. */
export async function createTemplate({ org_id, name, items = ['消防通道畅通', '灭火器在有效期内', '值班记录完整'] } = {}) {
  const org = org_id ?? (await tree()).county.id;
  const rows = await q(`INSERT INTO checklist_templates (org_id, org_path, name, description)
                        SELECT o.id, o.path, $2, '测试检查表' FROM orgs o WHERE o.id = $1 RETURNING id, org_id, name, org_path::text AS org_path`,
  [org, name ?? `检查表-${uniq('t')}`]);
  assert.equal(rows.length, 1, 'the org of the template exists');
  const t = rows[0];
  for (let i = 0; i < items.length; i += 1) {
    await q(`INSERT INTO checklist_items (template_id, org_path, position, text, category) VALUES ($1, $2::ltree, $3, $4, '消防')`,
      [t.id, t.org_path, i + 1, items[i]]);
  }
  return { ...t, item_count: items.length };
}

/**
 * Insert a campaign of administration `org_id` (default the fixture county): 2019-07-01 ..
 * 2019-11-10, a weekly Friday 11:00 duty for counties, in `state` draft or issued (with a document
 * number and the issuing date).
 */
export async function createCampaign({ org_id, state = 'draft', name, starts_on = '2019-07-01', ends_on = '2019-11-10' } = {}) {
  const org = org_id ?? (await tree()).county.id;
  const issued = state !== 'draft';
  const rows = await q(`INSERT INTO campaigns (org_id, org_path, org_name, name, doc_number, issued_on, starts_on, ends_on, state, issued_at, closed_at)
                        SELECT o.id, o.path, o.name, $2, $3, $4::date, $5::date, $6::date, $7,
                               CASE WHEN $8 THEN now() END, CASE WHEN $7 = 'closed' THEN now() END
                        FROM orgs o WHERE o.id = $1 RETURNING id, org_id, org_path::text AS org_path, name`,
  [org, name ?? `专项行动-${uniq('c')}`, `测试〔2019〕${counter}号`, issued ? starts_on : null, starts_on, ends_on, state, issued]);
  assert.equal(rows.length, 1, 'the org of the campaign exists');
  const c = rows[0];
  await q(`INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, weekday, due_time, reporters)
           VALUES ($1, $2::ltree, 1, 'progress', '进展情况', 'weekly', 5, '11:00', '{counties}')`, [c.id, c.org_path]);
  return c;
}

/** A shipped national template by code ('hospital-general' or 'focus-2014-spring'). */
export async function nationalTemplate(code = 'hospital-general') {
  const rows = await q('SELECT id, name, (SELECT count(*)::int FROM checklist_items i WHERE i.template_id = t.id) AS item_count FROM checklist_templates t WHERE code = $1', [code]);
  assert.equal(rows.length, 1, `the shipped template ${code} exists (migration 0004)`);
  return rows[0];
}

/**
 * Insert an inspection of `institution` with one result row per item of `template` (default a
 * fresh 3-item template of the institution's county). state: draft (unanswered), answered (a draft
 * with every item passed) or submitted.
 */
export async function createInspection({ institution, template, type = 'routine', state = 'draft', inspected_on = '2026-04-10',
  inspector_org_id } = {}) {
  const inst = institution ?? await createInstitution();
  const tpl = template ?? await nationalTemplate();
  const inspectorOrg = inspector_org_id ?? (await tree()).county.id;
  const submitted = state === 'submitted';
  const rows = await q(`INSERT INTO inspections (institution_id, org_id, org_path, inspector_org_id, inspectors, type, template_id,
                          inspected_on, status, submitted_at)
                        SELECT i.id, i.org_id, i.org_path, $2, '[{"name":"测试检查员"}]'::jsonb, $3, $4, $5::date, $6,
                               CASE WHEN $6 = 'submitted' THEN now() END
                        FROM institutions i WHERE i.id = $1 RETURNING id, org_path::text AS org_path`,
  [inst.id, inspectorOrg, type, tpl.id, inspected_on, submitted ? 'submitted' : 'draft']);
  assert.equal(rows.length, 1, 'the institution of the inspection exists');
  const insp = rows[0];
  await q(`INSERT INTO inspection_results (inspection_id, org_path, position, item_id, item_text, category, legal_basis, result)
           SELECT $1, $2::ltree, ci.position, ci.id, ci.text, ci.category, ci.legal_basis, $4
           FROM checklist_items ci WHERE ci.template_id = $3`,
  [insp.id, insp.org_path, tpl.id, state === 'draft' ? null : 'pass']);
  return { id: insp.id, institution_id: inst.id, template_id: tpl.id, type, state };
}

/** Insert a notification for user `user_id` (kind hazard.overdue unless given). Returns its id. */
export async function createNotification({ user_id, kind = 'hazard.overdue', title = '测试通知' } = {}) {
  const rows = await q(`INSERT INTO notifications (user_id, org_path, kind, title)
                        SELECT u.id, u.org_path, $2, $3 FROM users u WHERE u.id = $1 RETURNING id`, [user_id, kind, title]);
  assert.equal(rows.length, 1, `user ${user_id} of the notification exists`);
  return rows[0].id;
}

// ---------------------------------------------------------------- hazard loop fixtures

/**
 * Insert a hazard of unit org `org_id` (default a fresh unit of the standard county) in `state`
 * (registered by the unit's parent administration unless reported). Returns {id, org_id, org_path, state}.
 */
export async function createUnitHazard({ org_id, state = 'registered', level = 'general', description, category = 'fire',
  deadline = '2099-12-31', requirement = '按期整改' } = {}) {
  const unit = org_id ?? (await createOrg({ parent_id: (await tree()).county.id, level: 'unit' })).id;
  const reported = state === 'reported';
  const rows = await q(`INSERT INTO hazards (org_id, org_path, source, description, category, level, major_basis, state,
                          registered_org_id, registered_org_level, registered_at, deadline, requirement, closed_at)
                        SELECT o.id, o.path, 'report', $2, $3, $4, CASE WHEN $4 = 'major' THEN '测试判定依据' END, $5,
                               CASE WHEN NOT $6 THEN p.id END, CASE WHEN NOT $6 THEN p.level END, CASE WHEN NOT $6 THEN now() END,
                               CASE WHEN NOT $6 THEN $7::date END, CASE WHEN NOT $6 THEN $8 END,
                               CASE WHEN $5 = 'closed' THEN now() END
                        FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.id = $1
                        RETURNING id, org_id, org_path::text AS org_path, state`,
  [unit, description ?? `隐患-${uniq('h')}`, category, level, state, reported, deadline, requirement]);
  assert.equal(rows.length, 1, `org ${unit} of the hazard exists`);
  return rows[0];
}

/**
 * Insert a rectification notice addressed to `org_id`, issued by `issuer_org_id` (default the
 * addressed org's parent, or itself at the top), numbered after the issuer's counter of `year`
 * (the counter moves on), naming `hazard_ids` (set to notice_issued). Returns {id, number, seq, org_id}.
 */
export async function createNotice({ org_id, issuer_org_id, year = 2026, hazard_ids = [], deadline = '2099-12-31', received = false } = {}) {
  const org = (await q('SELECT id, path::text AS path, parent_id FROM orgs WHERE id = $1', [org_id]))[0];
  assert.ok(org, `org ${org_id} of the notice exists`);
  const issuer = issuer_org_id ?? org.parent_id ?? org.id;
  const [{ seq }] = await q(`INSERT INTO notice_counters (org_id, year, last) VALUES ($1, $2, 1)
                             ON CONFLICT (org_id, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last AS seq`, [issuer, year]);
  const rows = await q(`INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, issuer_org_name, org_id, org_path, year, seq,
                          number, requirement, deadline, received_by, received_by_name, received_at)
                        SELECT i.id, i.path, i.name, o.id, o.path, $3::int, $4::int,
                               notice_default_prefix(i.name) || '〔' || $3::int || '〕' || $4::int || '号', '按期整改', $5::date,
                               CASE WHEN $6::boolean THEN gen_random_uuid() END, CASE WHEN $6::boolean THEN '测试签收人' END, CASE WHEN $6::boolean THEN now() END
                        FROM orgs i, orgs o WHERE i.id = $1 AND o.id = $2
                        RETURNING id, number, seq, org_id`,
  [issuer, org.id, year, seq, deadline, received]);
  assert.equal(rows.length, 1, 'the notice was inserted');
  if (hazard_ids.length) {
    await q(`UPDATE hazards SET state = 'notice_issued', notice_id = $1 WHERE id = ANY ($2::uuid[])`, [rows[0].id, hazard_ids]);
  }
  return rows[0];
}

/** A tiny valid PNG (1 x 1 pixel): the bytes of a fixture attachment. */
export const PNG_1PX = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d4944415478da63f8cfc0f01f0005000201e52827de0000000049454e44ae426082', 'hex');

/** Insert an unbound attachment of `org_id` (default PNG_1PX bytes) with its bytes in the
 * default store. Returns {id, org_id, name, sha256, size}. */
export async function createAttachment({ org_id, bytes = PNG_1PX, name, content_type = 'image/png' } = {}) {
  const org = org_id ?? (await tree()).county.id;
  const { createHash } = await import('node:crypto');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const rows = await q(`INSERT INTO attachments (org_id, org_path, name, content_type, size, sha256, storage_key)
                        SELECT o.id, o.path, $2, $3, $4, $5, 'pending' FROM orgs o WHERE o.id = $1
                        RETURNING id, org_id, name, sha256, size`,
  [org, name ?? `附件-${uniq('a')}.png`, content_type, bytes.length, sha256]);
  assert.equal(rows.length, 1, 'the org of the attachment exists');
  const a = rows[0];
  await q("UPDATE attachments SET storage_key = id::text WHERE id = $1", [a.id]);
  await q('INSERT INTO attachment_blobs (key, data) VALUES ($1, $2)', [a.id, bytes]);
  return { ...a, size: Number(a.size) };
}

/**
 * Insert a hazard of `institution` in `state` (reported, registered, notice_issued, rectifying,
 * acceptance_requested, closed, cancelled; "signable": a major one rectifying, unsigned). Past
 * reported it is registered by `registered_org` (default the unit's parent, an administration)
 * with a deadline (default 2030-12-31) and the five implementations. Returns {id, org_id, org_path}.
 */
export async function createHazard({ institution, state = 'reported', level, registered_org, deadline = '2030-12-31',
  description, category = 'fire', listing_org, rectified_by = null } = {}) {
  const inst = institution ?? await createInstitution();
  const st = state === 'signable' ? 'rectifying' : state;
  const lvl = level ?? (state === 'signable' ? 'major' : 'general');
  const past = st !== 'reported';
  const regOrg = past ? (registered_org ?? (await q('SELECT parent_id FROM orgs WHERE id = $1', [inst.org_id]))[0].parent_id) : null;
  const rows = await q(`INSERT INTO hazards (org_id, org_path, institution_id, source, description, category, level, major_basis, state,
                          reporter_org_id, registered_org_id, registered_org_level, registered_at, deadline, responsible_person, funds,
                          measures, emergency_plan, rectification, rectified_by, rectified_at, closed_at, listed, listing_org_id,
                          listing_org_path, listing_document, listed_at)
                        SELECT i.org_id, i.org_path, i.id, 'report', $2, $3, $4, CASE WHEN $4 = 'major' THEN '测试：判定为重大隐患' END, $5,
                          i.org_id, $6::uuid, (SELECT level FROM orgs WHERE id = $6::uuid), CASE WHEN $6::uuid IS NOT NULL THEN now() END,
                          CASE WHEN $7 THEN $8::date END, CASE WHEN $7 THEN '测试责任人' END, CASE WHEN $7 THEN '1000元' END,
                          CASE WHEN $7 THEN '清理整改' END, CASE WHEN $7 THEN '应急预案' END,
                          CASE WHEN $5 IN ('acceptance_requested', 'closed') THEN '已整改' END,
                          CASE WHEN $5 IN ('acceptance_requested', 'closed') THEN $9::uuid END,
                          CASE WHEN $5 IN ('acceptance_requested', 'closed') THEN now() END,
                          CASE WHEN $5 = 'closed' THEN now() END,
                          $10::uuid IS NOT NULL, $10::uuid, (SELECT path FROM orgs WHERE id = $10::uuid), CASE WHEN $10::uuid IS NOT NULL THEN '测试督办〔2026〕1号' END,
                          CASE WHEN $10::uuid IS NOT NULL THEN now() END
                        FROM institutions i WHERE i.id = $1 RETURNING id, org_id, org_path::text AS org_path`,
  [inst.id, description ?? `测试隐患-${uniq('h')}`, category, lvl, st, regOrg, past, deadline, rectified_by, listing_org ?? null]);
  assert.equal(rows.length, 1, 'the institution of the hazard exists');
  return { ...rows[0], institution_id: inst.id };
}

/** Insert an administration's own major-hazard criterion in `org_id`. */
export async function createCriterion({ org_id, code, category = 'fire', text } = {}) {
  const rows = await q(`INSERT INTO hazard_criteria (org_id, org_path, code, category, text)
                        SELECT o.id, o.path, $2, $3, $4 FROM orgs o WHERE o.id = $1 RETURNING id, code`,
  [org_id, code ?? uniq('crit-'), category, text ?? `测试判定标准-${uniq('c')}`]);
  assert.equal(rows.length, 1, 'the org of the criterion exists');
  return rows[0];
}

/**
 * A target object of `kind` placed in `org` (an org of the tree; objects that live on a unit get a
 * fresh unit under it). opts.state: for inspections (draft | answered | submitted); inspections are
 * self-inspections, which every writing role (safety officers too) may work on.
 */
export async function createTargetIn(kind, org, opts = {}) {
  const inst = () => createInstitution({ parent_id: org.id });
  switch (kind) {
    case 'institution': return (await inst()).id;
    case 'key_location': return (await createKeyLocation({ institution: await inst() })).id;
    case 'project': return (await createProject({ institution: await inst() })).id;
    case 'risk': return (await createRisk({ institution: await inst() })).id;
    case 'checklist_template': return (await createTemplate({ org_id: org.id })).id;
    case 'inspection': return (await createInspection({ institution: await inst(), type: 'self', state: opts.state ?? 'draft' })).id;
    case 'attachment': return (await createAttachment({ org_id: org.id })).id;
    case 'hazard': return (await createHazard({ institution: await inst(), state: opts.state ?? 'reported' })).id;
    case 'hazard_criterion': return (await createCriterion({ org_id: org.id })).id;
    // a notice addressed to `org` itself (so that the caller's own org receives one of "own")
    case 'notice': return (await createNotice({ org_id: org.id, received: opts.state === 'received' })).id;
    case 'campaign': return (await createCampaign({ org_id: org.id, state: opts.state ?? 'draft' })).id;
    // a report of `org` itself (its own org's), with a narrative, addressed to its parent
    case 'report': return (await createReport({ org_id: org.id, state: opts.state ?? 'draft' })).id;
    default: throw new Error(`unknown x-anquan-target kind ${kind}`);
  }
}

// ---------------------------------------------------------------- reports (信息报送)

/**
 * Insert the report of org `org_id` (default the standard county) for one obligation of an issued
 * campaign, in `state` (draft | submitted | returned | accepted; past draft it was submitted once,
 * on time, with its figures frozen and version 1 kept). Without `campaign_id` a campaign issued by
 * the org's parent is made (createCampaign: a weekly Friday 11:00 duty for counties, and one for the org's level;
 * a campaign of the demo province lies in 2099, so that the demo cities' to-do lists gain no
 * overdue obligation). `period` defaults to the duty's first for the org.
 * Returns {id, campaign_id, duty_id, org_id, receiver_org_id, period, due_at, state}.
 */
export async function createReport({ org_id, state = 'draft', campaign_id, duty_id, period, narrative = '本期检查工作进展顺利。' } = {}) {
  const orgId = org_id ?? (await tree()).county.id;
  const [org] = await q('SELECT o.id, o.level, o.parent_id, p.level AS parent_level FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.id = $1', [orgId]);
  assert.ok(org?.parent_id, `org ${orgId} of the report exists below another`);
  let campaign = campaign_id;
  let duty = duty_id;
  if (!campaign) {
    const future = org.parent_level === 'province';
    const c = await createCampaign({ org_id: org.parent_id, state: 'issued', starts_on: future ? '2099-07-01' : '2019-07-01',
      ends_on: future ? '2099-11-10' : '2019-11-10' });
    campaign = c.id;
    if (org.level !== 'county') {
      // the same weekly duty for the org's level (duties take no UPDATE: a second one)
      const reporters = org.level === 'city' ? '{cities}' : '{direct_units}';
      [{ id: duty }] = await q(`INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, weekday, due_time, reporters)
                                VALUES ($1, $2::ltree, 2, 'progress', '进展情况', 'weekly', 5, '11:00', $3::text[]) RETURNING id`,
      [c.id, c.org_path, reporters]);
    }
  }
  if (!duty) [{ id: duty }] = await q('SELECT id FROM campaign_duties WHERE campaign_id = $1 ORDER BY position LIMIT 1', [campaign]);
  const [ob] = await q(`SELECT o.period FROM campaign_obligations($1) o WHERE o.duty_id = $2 AND o.org_id = $3
                        AND ($4::text IS NULL OR o.period = $4) ORDER BY o.due_at LIMIT 1`, [campaign, duty, orgId, period ?? null]);
  assert.ok(ob, `org ${orgId} has an obligation of duty ${duty}${period ? ` in ${period}` : ''}`);
  const submitted = state !== 'draft';
  const rows = await q(`INSERT INTO campaign_reports (campaign_id, duty_id, org_id, org_path, org_name, receiver_org_id, period,
                          period_start, period_end, due_at, state, narrative, figures, revision, first_submitted_at, timeliness,
                          submitted_at, submitted_by_name, decided_at, decided_by_name, return_reason)
                        SELECT o.campaign_id, o.duty_id, o.org_id, o.org_path, o.org_name, c.org_id, o.period, o.period_start,
                          o.period_end, o.due_at, $5, $6,
                          CASE WHEN $7 THEN report_figures(o.org_path, o.period_start, o.period_end) END,
                          CASE WHEN $7 THEN 1 ELSE 0 END, CASE WHEN $7 THEN o.due_at - interval '1 hour' END,
                          CASE WHEN $7 THEN 'on_time' END, CASE WHEN $7 THEN o.due_at - interval '1 hour' END,
                          CASE WHEN $7 THEN '测试报送人' END,
                          CASE WHEN $5 IN ('accepted', 'returned') THEN o.due_at END,
                          CASE WHEN $5 IN ('accepted', 'returned') THEN '测试审核人' END,
                          CASE WHEN $5 = 'returned' THEN '请补充数据' END
                        FROM campaign_obligations($1) o JOIN campaigns c ON c.id = o.campaign_id
                        WHERE o.duty_id = $2 AND o.org_id = $3 AND o.period = $4
                        RETURNING id, campaign_id, duty_id, org_id, receiver_org_id, period, due_at, state`,
  [campaign, duty, orgId, ob.period, state, narrative, submitted]);
  assert.equal(rows.length, 1, 'the report was inserted');
  const r = rows[0];
  if (submitted) {
    await q(`INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, figures, submitted_at, submitted_by_name,
               late, decision, decision_reason, decided_at, decided_by_name)
             SELECT r.id, 1, r.org_path, r.narrative, r.figures, r.submitted_at, r.submitted_by_name, false,
               CASE WHEN r.state IN ('accepted', 'returned') THEN r.state END, r.return_reason, r.decided_at, r.decided_by_name
             FROM campaign_reports r WHERE r.id = $1`, [r.id]);
  }
  return r;
}

// ---------------------------------------------------------------- reporting oversight fixtures (issue 10, part O)

/**
 * Insert a report of org `org_id` for duty `duty_id` and `period` of campaign `campaign_id`, its
 * days and due instant taken from the obligation (campaign_periods), in `state` draft | submitted |
 * accepted | returned, first submitted at `submitted_at` (default one hour before the due instant)
 * with frozen `figures` (default a small set) and one version. Returns {id, org_id, period, figures}.
 */
export async function insertReport({ campaign_id, duty_id, org_id, period, state = 'submitted', submitted_at, figures } = {}) {
  const draft = state === 'draft';
  const fig = draft ? null : (figures ?? {
    inspections: 3, hazards_found: 4, hazards_rectified: 2, rectification_rate: 50.0, major_open: 1, listed_open: 0,
    overdue: 1, institutions: 2, grid_covered: 1, grid_coverage: 50.0, inspected_units: 2, spot_checked_units: 1,
    spot_check_rate: 50.0,
  });
  const rows = await q(`INSERT INTO campaign_reports (campaign_id, duty_id, org_id, org_path, org_name, receiver_org_id, period,
                          period_start, period_end, due_at, state, narrative, figures, revision, first_submitted_at, timeliness,
                          submitted_at, decided_at, return_reason)
                        SELECT c.id, p.duty_id, o.id, o.path, o.name, c.org_id, p.period, p.period_start, p.period_end, p.due_at, $4,
                               '测试报告', $5::jsonb, CASE WHEN $4 = 'draft' THEN 0 ELSE 1 END,
                               s.at, CASE WHEN $4 = 'draft' THEN NULL WHEN s.at <= p.due_at THEN 'on_time' ELSE 'late' END, s.at,
                               CASE WHEN $4 IN ('accepted', 'returned') THEN s.at + interval '1 hour' END,
                               CASE WHEN $4 = 'returned' THEN '请补充数据' END
                        FROM campaigns c JOIN campaign_periods(c.id) p ON p.duty_id = $2 AND p.period = $6
                        JOIN orgs o ON o.id = $3
                        CROSS JOIN LATERAL (SELECT CASE WHEN $4 = 'draft' THEN NULL ELSE coalesce($7::timestamptz, p.due_at - interval '1 hour') END AS at) s
                        WHERE c.id = $1 RETURNING id, org_id, period, figures`,
  [campaign_id, duty_id, org_id, state, fig === null ? null : JSON.stringify(fig), period, submitted_at ?? null]);
  assert.equal(rows.length, 1, `campaign ${campaign_id} has the period ${period} of duty ${duty_id}`);
  if (!draft) {
    await q(`INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, figures, submitted_at, late)
             SELECT r.id, 1, r.org_path, r.narrative, r.figures, r.submitted_at, r.timeliness = 'late' FROM campaign_reports r WHERE r.id = $1`,
    [rows[0].id]);
  }
  return rows[0];
}

/** The duties of campaign `campaign_id` by position: [{id, position, title}]. */
export async function campaignDuties(campaign_id) {
  return q('SELECT id, position, title FROM campaign_duties WHERE campaign_id = $1 ORDER BY position', [campaign_id]);
}

/** report_figures(path of org `org_id`, start, end) as the server computes it at instant `now` (app_now()). */
export async function reportFigures(org_id, start, end, now) {
  const c = await db().connect();
  try {
    await c.query("SELECT set_config('app.now', $1, false)", [now]);
    const rows = (await c.query('SELECT report_figures(o.path, $2::date, $3::date) AS f FROM orgs o WHERE o.id = $1', [org_id, start, end])).rows;
    return rows[0].f;
  } finally {
    await c.query("SELECT set_config('app.now', '', false)");
    c.release();
  }
}

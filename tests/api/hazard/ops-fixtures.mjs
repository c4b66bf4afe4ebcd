// Fixtures of the hazard operations' tests (to-do, overdue sweep, figures, import): a small tree
// of its own per test file, so counts are exact whatever other files write, and hazards inserted
// straight into the database (owner role) in any state.
//   province ── city ─┬─ county ─┬─ unit
//                     │          └─ unit2
//                     └─ sibling ── sunit
import assert from 'node:assert/strict';
import { q, province, createOrg, createUser, login } from '../lib/fixtures.mjs';

/** A fresh city with two counties and units, and one user per role asked for in each org. */
export async function opsTree() {
  const prov = await province();
  const city = await createOrg({ parent_id: prov.id, level: 'city' });
  const county = await createOrg({ parent_id: city.id, level: 'county' });
  const sibling = await createOrg({ parent_id: city.id, level: 'county' });
  const unit = await createOrg({ parent_id: county.id, level: 'unit' });
  const unit2 = await createOrg({ parent_id: county.id, level: 'unit' });
  const sunit = await createOrg({ parent_id: sibling.id, level: 'unit' });
  return { province: prov, city, county, sibling, unit, unit2, sunit };
}

/** A user of `org` with `role` and their access token: {user, token}. */
export async function caller(org, role) {
  const user = await createUser({ org_id: org.id, role });
  return { user, token: await login(user.username) };
}

/**
 * Insert a hazard of unit `org` (owner role). state: reported | registered | notice_issued |
 * rectifying | acceptance_requested | closed | cancelled; deadline 'YYYY-MM-DD' or null;
 * registeredBy: the org that registered it (default the unit itself when registered or later).
 */
export async function insertHazard(org, {
  state = 'registered', level = 'general', deadline = '2026-12-31', registeredBy, found_at = '2026-06-01T02:00:00Z',
  description, source = 'report', previous_id = null, listed = false, closed_at, category = 'fire',
} = {}) {
  const reg = state === 'reported' ? null : (registeredBy ?? org);
  const rows = await q(`INSERT INTO hazards (org_id, org_path, source, description, category, level, major_basis, state, found_at,
                          registered_org_id, registered_org_level, registered_at, deadline, closed_at, previous_id,
                          listed, listing_org_id, listing_org_path, listed_at)
                        SELECT o.id, o.path, $2, $3, $12, $4, CASE WHEN $4 = 'major' THEN '测试判定依据' END, $5, $6::timestamptz,
                               r.id, r.level, CASE WHEN r.id IS NOT NULL THEN $6::timestamptz END, $8::date,
                               CASE WHEN $5 = 'closed' THEN coalesce($9::timestamptz, $6::timestamptz + interval '3 days') END,
                               $10::uuid, $11, CASE WHEN $11 THEN p.id END, CASE WHEN $11 THEN p.path END,
                               CASE WHEN $11 THEN $6::timestamptz END
                        FROM orgs o LEFT JOIN orgs r ON r.id = $7::uuid LEFT JOIN orgs p ON p.id = o.parent_id
                        WHERE o.id = $1 RETURNING id, org_id, state, deadline::text AS deadline`,
  [org.id, source, description ?? `测试隐患 ${Math.random().toString(36).slice(2, 8)}`, level, state, found_at, reg?.id ?? null,
    deadline, closed_at ?? null, previous_id, listed, category]);
  assert.equal(rows.length, 1, 'the unit of the hazard exists');
  return rows[0];
}

/** Today's date in Asia/Shanghai plus `days` (YYYY-MM-DD). */
export function shanghaiDate(days = 0) {
  const d = new Date(Date.now() + 8 * 3600e3 + days * 86400e3);
  return d.toISOString().slice(0, 10);
}

// @ts-check
/** Roles, org levels and the org picker shared by several views. */
import { get } from './api.js';
import { t } from './i18n.js';

/** Roles from the lowest rank to the highest (IDENTITY.md). */
export const ROLES = ['viewer', 'safety_officer', 'inspector', 'leader', 'admin'];
export const LEVELS = ['province', 'city', 'county', 'unit'];
/** Which parent levels each level may sit under. */
export const PARENT_LEVELS = /** @type {Record<string, string[]>} */ ({
  province: [],
  city: ['province'],
  county: ['city'],
  unit: ['province', 'city', 'county'],
});

/** @param {string} role */
export const roleRank = (role) => ROLES.indexOf(role) + 1;
/** @param {string} role */
export const roleLabel = (role) => t(`role.${role}`);
/** @param {string} level */
export const levelLabel = (level) => t(`level.${level}`);

/**
 * @param {string} ownRole
 * @returns {string[]} the roles an admin of ownRole may grant (at or below their own rank)
 */
export function grantableRoles(ownRole) {
  return ROLES.filter((role) => roleRank(role) <= roleRank(ownRole));
}

/**
 * @typedef {object} Org
 * @property {string} id
 * @property {string | null} parent_id
 * @property {string} name
 * @property {string} level
 * @property {string | null} division_code
 * @property {number} depth
 * @property {boolean} has_children
 * @property {string} [created_at]
 * @property {string} [updated_at]
 * @property {number} [version]
 */

/**
 * The caller's whole subtree, in tree order (the server orders by path).
 * @returns {Promise<Org[]>}
 */
export async function loadAllOrgs() {
  /** @type {Org[]} */
  const all = [];
  /** @type {string | null} */
  let cursor = null;
  do {
    const page = await get('/orgs', { query: { limit: 500, cursor } });
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

/**
 * Options for an org <select>: names indented by depth so the tree shows.
 * @param {Org[]} orgs
 * @returns {[string, string][]}
 */
export function orgOptions(orgs) {
  const top = Math.min(...orgs.map((o) => o.depth));
  return orgs.map((o) => [o.id, `${'\u3000'.repeat(Math.max(0, o.depth - top))}${o.name}（${t(`level.short.${o.level}`)}）`]);
}

// @ts-check
/** The navigation entries, in display order. A new page adds one line here and one route in routes.js. */

/**
 * @typedef {object} NavItem
 * @property {string} path    route path the entry links to
 * @property {string} labelKey message catalogue key of the visible label
 * @property {string} access  'public' (always shown), 'user' (any signed-in user) or a permission
 *                            from /auth/me (e.g. 'user:read')
 */

/** @type {NavItem[]} */
export const NAV_ITEMS = [
  { path: '/', labelKey: 'nav.home', access: 'user' },
  { path: '/institutions', labelKey: 'nav.institutions', access: 'institution:read' },
  { path: '/risks', labelKey: 'nav.risks', access: 'risk:read' },
  { path: '/inspections', labelKey: 'nav.inspections', access: 'inspection:read' },
  { path: '/hazards', labelKey: 'nav.hazards', access: 'hazard:read' },
  { path: '/notices', labelKey: 'nav.notices', access: 'hazard:read' },
  { path: '/campaigns', labelKey: 'nav.campaigns', access: 'campaign:read' },
  { path: '/checklists', labelKey: 'nav.checklists', access: 'checklist:read' },
  { path: '/orgs', labelKey: 'nav.orgs', access: 'org:read' },
  { path: '/users', labelKey: 'nav.users', access: 'user:read' },
  { path: '/api-clients', labelKey: 'nav.apiClients', access: 'client:read' },
  { path: '/audit', labelKey: 'nav.audit', access: 'audit:read' },
  { path: '/status', labelKey: 'nav.status', access: 'public' },
  { path: '/about', labelKey: 'nav.about', access: 'public' },
];

/**
 * The entries a visitor may see.
 * @param {{permissions: string[]} | null} me the signed-in user, or null
 * @returns {NavItem[]}
 */
export function visibleItems(me) {
  return NAV_ITEMS.filter((item) => {
    if (item.access === 'public') return true;
    if (!me) return false;
    return item.access === 'user' || me.permissions.includes(item.access);
  });
}

// @ts-check
/** The navigation entries, in display order. A new page adds one line here and one route in routes.js. */

/**
 * @typedef {object} NavItem
 * @property {string} path    route path the entry links to
 * @property {string} labelKey message catalogue key of the visible label
 */

/** @type {NavItem[]} */
export const NAV_ITEMS = [
  { path: '/', labelKey: 'nav.home' },
  { path: '/status', labelKey: 'nav.status' },
  { path: '/about', labelKey: 'nav.about' },
];

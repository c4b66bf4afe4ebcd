// @ts-check
/** Route table: path pattern -> who may open it and how to load its view module. Keep in step with nav.js.
 *  A view module is imported the first time its route is visited, so the sign-in page loads only its own.
 *  `access`: 'public', 'guest' (signed-out only), 'user' (default) or a permission such as 'user:read'. */

/** @typedef {import('./router.js').Route} Route */

/**
 * @param {string | undefined} access
 * @param {() => Promise<import('./router.js').View>} load
 * @returns {Route}
 */
const route = (access, load) => ({ access, load });

/** @type {Record<string, Route>} */
export const routes = {
  '/': route('user', () => import('./views/home.js')),
  '/login': route('guest', () => import('./views/login.js')),
  '/account/password': route('user', () => import('./views/password.js')),
  '/institutions': route('institution:read', () => import('./views/institutions.js')),
  '/institutions/new': route('institution:write', () => import('./views/institution-form.js')),
  '/institutions/import': route('institution:write', () => import('./views/institution-import.js')),
  '/institutions/:id': route('institution:read', () => import('./views/institution.js')),
  '/institutions/:id/edit': route('institution:write', () => import('./views/institution-form.js')),
  '/projects/unpermitted': route('institution:read', () => import('./views/projects-unpermitted.js')),
  '/risks': route('risk:read', () => import('./views/risks.js')),
  '/risks/new': route('risk:read', () => import('./views/risk-form.js')),
  '/risks/:id': route('risk:read', () => import('./views/risk-form.js')),
  '/inspections': route('inspection:read', () => import('./views/inspections.js')),
  '/inspections/new': route('inspection:write', () => import('./views/inspection-new.js')),
  '/inspections/:id': route('inspection:read', () => import('./views/inspection.js')),
  '/inspections/:id/run': route('inspection:write', () => import('./views/inspection-run.js')),
  '/checklists': route('checklist:read', () => import('./views/checklists.js')),
  '/orgs': route('org:read', () => import('./views/orgs.js')),
  '/users': route('user:read', () => import('./views/users.js')),
  '/users/new': route('user:read', () => import('./views/user-form.js')),
  '/users/:id': route('user:read', () => import('./views/user-form.js')),
  '/api-clients': route('client:read', () => import('./views/api-clients.js')),
  '/audit': route('audit:read', () => import('./views/audit.js')),
  '/status': route('public', () => import('./views/status.js')),
  '/about': route('public', () => import('./views/about.js')),
};

/** Shown for paths no pattern matches. */
export const notFound = route('public', () => import('./views/not-found.js'));
/** Shown instead of a page the signed-in user's role may not open. */
export const forbidden = route('public', () => import('./views/forbidden.js'));

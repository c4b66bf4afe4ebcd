// @ts-check
/** Route table: path pattern -> who may open it, how to load its view module and which message
 *  features it needs beside the shell's (i18n.js SHELL_FEATURES). Keep in step with nav.js.
 *  A view module and its messages are imported the first time its route is visited, so the sign-in
 *  page loads only its own (tests/web/messages.test.mjs checks that each route names every feature
 *  whose keys its view and the modules it imports use).
 *  `access`: 'public', 'guest' (signed-out only), 'user' (default) or a permission such as 'user:read'. */
import { loadMessages } from './i18n.js';

/** @typedef {import('./router.js').Route} Route */

/**
 * @param {string | undefined} access
 * @param {() => Promise<import('./router.js').View>} view
 * @param {string[]} [features] message features (web/js/messages/<lang>/<feature>.js) beyond the shell's
 * @returns {Route}
 */
const route = (access, view, features = []) => ({ access, load: async () => (await Promise.all([view(), loadMessages(features)]))[0] });

/** @type {Record<string, Route>} */
export const routes = {
  '/': route('user', () => import('./views/home.js'), ['hazards', 'home', 'institutions', 'reports', 'risks', 'system']),
  '/login': route('guest', () => import('./views/login.js'), ['auth']),
  '/account/password': route('user', () => import('./views/password.js'), ['auth']),
  '/institutions': route('institution:read', () => import('./views/institutions.js'), ['institutions', 'risks']),
  '/institutions/new': route('institution:write', () => import('./views/institution-form.js'), ['institutions', 'risks']),
  '/institutions/import': route('institution:write', () => import('./views/institution-import.js'), ['institutions']),
  '/institutions/:id': route('institution:read', () => import('./views/institution.js'), ['institutions', 'key-locations', 'projects', 'risks']),
  '/institutions/:id/edit': route('institution:write', () => import('./views/institution-form.js'), ['institutions', 'risks']),
  '/projects/unpermitted': route('institution:read', () => import('./views/projects-unpermitted.js'), ['institutions', 'projects', 'risks']),
  '/risks': route('risk:read', () => import('./views/risks.js'), ['institutions', 'risks']),
  '/risks/import': route('risk:write', () => import('./views/risk-import.js'), ['institutions', 'risks']),
  '/risks/new': route('risk:read', () => import('./views/risk-form.js'), ['key-locations', 'risks']),
  '/risks/:id': route('risk:read', () => import('./views/risk-form.js'), ['key-locations', 'risks']),
  '/inspections': route('inspection:read', () => import('./views/inspections.js'), ['inspections', 'institutions', 'risks']),
  '/inspections/new': route('inspection:write', () => import('./views/inspection-new.js'), ['inspections', 'risks']),
  '/inspections/:id': route('inspection:read', () => import('./views/inspection.js'), ['hazards', 'inspections', 'institutions', 'risks']),
  '/inspections/:id/run': route('inspection:write', () => import('./views/inspection-run.js'), ['inspections']),
  // The hazard loop (隐患): list, phone report, ledger import, one hazard.
  '/hazards': route('hazard:read', () => import('./views/hazards.js'), ['hazards', 'institutions', 'risks']),
  '/hazards/new': route('hazard:write', () => import('./views/hazard-new.js'), ['attachments', 'hazards', 'key-locations', 'risks']),
  '/hazards/import': route('hazard:write', () => import('./views/hazard-import.js'), ['hazards', 'institutions']),
  '/hazards/:id': route('hazard:read', () => import('./views/hazard.js'), ['attachments', 'hazards', 'risks']),
  // rectification notices (整改通知书): the list, the issue form (from the hazard list) and the printable notice
  '/notices': route('hazard:read', () => import('./views/notices.js'), ['notices']),
  '/notices/new': route('hazard:write', () => import('./views/notice-new.js'), ['notices', 'risks']),
  '/notices/:id': route('hazard:read', () => import('./views/notice.js'), ['notices']),
  // 专项整治行动 (issue 10): the list, a new plan (template or blank), one plan and its A4 print view
  '/campaigns': route('campaign:read', () => import('./views/campaigns.js'), ['campaigns']),
  '/campaigns/new': route('campaign:write', () => import('./views/campaign-new.js'), ['campaigns']),
  '/campaigns/:id': route('campaign:read', () => import('./views/campaign.js'), ['attachments', 'campaigns']),
  '/campaigns/:id/print': route('campaign:read', () => import('./views/campaign-print.js'), ['campaigns', 'notices']),
  // Reporting (信息报送, part S): a campaign's reporting table, one report, its A4 print, and the
  // start of a report for one obligation (POST /reports, then its page).
  '/campaigns/:id/reporting': route('campaign:read', () => import('./views/reporting.js'), ['reports']),
  '/reports/new': route('report:write', () => import('./views/report-new.js'), ['reports']),
  '/reports/:id': route('campaign:read', () => import('./views/report.js'), ['attachments', 'reports']),
  '/reports/:id/print': route('campaign:read', () => import('./views/report-print.js'), ['notices', 'reports']),
  '/checklists': route('checklist:read', () => import('./views/checklists.js'), ['checklists']),
  '/orgs': route('org:read', () => import('./views/orgs.js'), ['orgs']),
  '/users': route('user:read', () => import('./views/users.js'), ['users']),
  '/users/new': route('user:read', () => import('./views/user-form.js'), ['auth', 'users']),
  '/users/:id': route('user:read', () => import('./views/user-form.js'), ['auth', 'users']),
  '/api-clients': route('client:read', () => import('./views/api-clients.js'), ['api-clients', 'users']),
  '/audit': route('audit:read', () => import('./views/audit.js'), ['audit']),
  '/status': route('public', () => import('./views/status.js'), ['system']),
  '/about': route('public', () => import('./views/about.js'), ['system']),
};

/** Shown for paths no pattern matches. */
export const notFound = route('public', () => import('./views/not-found.js'));
/** Shown instead of a page the signed-in user's role may not open. */
export const forbidden = route('public', () => import('./views/forbidden.js'));

// @ts-check
/** Route table: path pattern -> view module. Keep in step with nav.js. A view's `access` says who may
 *  open it: 'public', 'guest' (signed-out only), 'user' (default) or a permission such as 'user:read'. */
import * as about from './views/about.js';
import * as apiClients from './views/api-clients.js';
import * as audit from './views/audit.js';
import * as forbidden from './views/forbidden.js';
import * as home from './views/home.js';
import * as login from './views/login.js';
import * as notFound from './views/not-found.js';
import * as orgs from './views/orgs.js';
import * as password from './views/password.js';
import * as status from './views/status.js';
import * as checklists from './views/checklists.js';
import * as inspection from './views/inspection.js';
import * as inspectionNew from './views/inspection-new.js';
import * as inspectionRun from './views/inspection-run.js';
import * as inspections from './views/inspections.js';
import * as institution from './views/institution.js';
import * as institutionForm from './views/institution-form.js';
import * as institutionImport from './views/institution-import.js';
import * as institutions from './views/institutions.js';
import * as riskForm from './views/risk-form.js';
import * as risks from './views/risks.js';
import * as unpermitted from './views/projects-unpermitted.js';
import * as userForm from './views/user-form.js';
import * as users from './views/users.js';

/** @type {Record<string, import('./router.js').View>} */
export const routes = {
  '/': home,
  '/login': login,
  '/account/password': password,
  '/institutions': institutions,
  '/institutions/new': institutionForm,
  '/institutions/import': institutionImport,
  '/institutions/:id': institution,
  '/institutions/:id/edit': institutionForm,
  '/projects/unpermitted': unpermitted,
  '/risks': risks,
  '/risks/new': riskForm,
  '/risks/:id': riskForm,
  '/inspections': inspections,
  '/inspections/new': inspectionNew,
  '/inspections/:id': inspection,
  '/inspections/:id/run': inspectionRun,
  '/checklists': checklists,
  '/orgs': orgs,
  '/users': users,
  '/users/new': userForm,
  '/users/:id': userForm,
  '/api-clients': apiClients,
  '/audit': audit,
  '/status': status,
  '/about': about,
};

export { notFound, forbidden };

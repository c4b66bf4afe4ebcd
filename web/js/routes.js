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
import * as userForm from './views/user-form.js';
import * as users from './views/users.js';

/** @type {Record<string, import('./router.js').View>} */
export const routes = {
  '/': home,
  '/login': login,
  '/account/password': password,
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

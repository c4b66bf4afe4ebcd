// @ts-check
/** Composition root: wires language, layout, session, router and API together. */
import { setPasswordChangeHandler, setUnauthorizedHandler } from './api.js';
import { el } from './dom.js';
import { initI18n, onLangChange, t } from './i18n.js';
import { mountLayout } from './layout.js';
import { createRouter } from './router.js';
import { forbidden, notFound, routes } from './routes.js';
import * as session from './session.js';

await initI18n();
const layout = mountLayout();
session.onChange(layout.setUser);

/** Where the user is now, to come back to after signing in. */
const here = () => window.location.pathname + window.location.search;
/** The login path that returns to here (or to path). @param {string} [path] */
const loginFor = (path = here()) => (path === '/' || path.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(path)}`);

const router = createRouter({
  routes,
  notFound,
  outlet: layout.outlet,
  onNavigate: layout.onNavigate,
  onRender: layout.onRender,
  guard({ path, route }) {
    const me = session.current();
    const access = route.access ?? 'user';
    if (access === 'public') return null;
    if (access === 'guest') return me ? '/' : null;
    if (!me) return loginFor(path + window.location.search);
    if (me.password_change_required && path !== '/account/password') return '/account/password';
    if (access !== 'user' && !session.can(access)) return forbidden;
    return null;
  },
  onLoadError(error) {
    console.error('view module failed to load', error);
    layout.outlet.replaceChildren(el('p', { class: 'card-error', role: 'alert' }, t('app.loadFailed')));
  },
});

onLangChange(() => {
  layout.refresh();
  router.rerender();
});
const signedOut = () => {
  session.drop();
  router.navigate(loginFor(), { replace: true });
};
setUnauthorizedHandler(signedOut);
session.setExpiredHandler(signedOut);
setPasswordChangeHandler(() => router.navigate('/account/password'));
layout.onLogout(() => {
  void session.logout().finally(() => router.navigate('/login'));
});

// The page stays hidden (html.booting) until the session is restored and the first view drawn,
// so nothing on it jumps when the user box, the menu and the view arrive; at most 2 s.
const reveal = () => document.documentElement.classList.remove('booting');
const cap = setTimeout(reveal, 2000);
await session.restore();
await router.start();
clearTimeout(cap);
reveal();

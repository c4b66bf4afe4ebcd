// @ts-check
/** The page frame around the views: header (brand, menu button, language switch), navigation, footer. */
import { delegate, el, on, qs, qsa, setField } from './dom.js';
import { getLang, setLang, t, translateTree } from './i18n.js';
import { visibleItems } from './nav.js';

const PHONE_QUERY = '(max-width: 768px)';

/** @typedef {import('./session.js').Me} Me */

/**
 * Wires the static shell in index.html and returns what the app needs from it.
 * @returns {{outlet: HTMLElement, refresh: () => void, onNavigate: (info: {path: string}) => void,
 *            onRender: (info: {path: string, view: {titleKey?: string}}) => void,
 *            setUser: (me: Me | null) => void, onLogout: (handler: () => void) => void}}
 */
export function mountLayout() {
  const outlet = /** @type {HTMLElement} */ (qs('#main'));
  const nav = /** @type {HTMLElement} */ (qs('#site-nav'));
  const list = /** @type {HTMLElement} */ (qs('.nav-list', nav));
  const menuButton = /** @type {HTMLButtonElement} */ (qs('.menu-button'));
  const userBox = /** @type {HTMLElement} */ (qs('.user-box'));
  const logoutButton = /** @type {HTMLButtonElement} */ (qs('.logout-button', userBox));
  let currentPath = '/';
  let titleKey = '';
  /** @type {Me | null} */
  let user = null;
  /** @type {() => void} */
  let logoutHandler = () => {};

  /** @param {boolean} open */
  function setMenu(open) {
    menuButton.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('is-open', open);
  }

  function renderNav() {
    list.replaceChildren(
      ...visibleItems(user).map((item) =>
        el('li', {}, el('a', {
          href: item.path,
          'data-link': true,
          class: 'nav-link',
          'aria-current': item.path === currentPath || (item.path !== '/' && currentPath.startsWith(`${item.path}/`)) ? 'page' : null,
        }, t(item.labelKey)))),
    );
  }

  function renderLangSwitch() {
    const lang = getLang();
    for (const button of qsa('.lang-button')) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
    }
  }

  function renderTitle() {
    document.title = titleKey ? `${t(titleKey)} · ${t('app.title')}` : t('app.title');
  }

  function renderUser() {
    userBox.hidden = !user;
    document.body.classList.toggle('signed-in', Boolean(user));
    if (!user) return;
    setField(userBox, 'user-name', user.user.display_name);
    setField(userBox, 'user-role', t(`role.${user.user.role}`));
    setField(userBox, 'user-org', user.org.name);
  }

  /** Re-applies every text of the frame (after a language change). */
  function refresh() {
    translateTree(document.body);
    renderUser();
    renderNav();
    renderLangSwitch();
    renderTitle();
  }

  on(logoutButton, 'click', () => logoutHandler());
  on(menuButton, 'click', () => setMenu(menuButton.getAttribute('aria-expanded') !== 'true'));
  on(document, 'keydown', (event) => {
    if (event.key === 'Escape' && nav.classList.contains('is-open')) {
      setMenu(false);
      menuButton.focus();
    }
  });
  // Leaving phone width with the menu open must not leave it stuck open on a later resize.
  const phone = window.matchMedia(PHONE_QUERY);
  on(phone, 'change', () => setMenu(false));
  delegate(document, '.lang-button', 'click', (_event, button) => { void setLang(button.dataset.lang ?? ''); });

  refresh();

  return {
    outlet,
    refresh,
    onNavigate({ path }) {
      currentPath = path;
      setMenu(false);
      renderNav();
    },
    onRender({ path, view }) {
      currentPath = path;
      titleKey = view.titleKey ?? '';
      setMenu(false);
      renderNav();
      renderTitle();
    },
    setUser(me) {
      user = me;
      renderUser();
      renderNav();
    },
    onLogout(handler) {
      logoutHandler = handler;
    },
  };
}

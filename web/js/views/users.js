// @ts-check
/** User administration: the users of the caller's subtree with filters and load-more paging. */
import { get } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, problemText, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { ROLES, loadAllOrgs, orgOptions, roleLabel } from '../labels.js';
import * as session from '../session.js';

export const titleKey = 'users.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const canWrite = session.can('user:write');
  const params = new URLSearchParams(window.location.search);
  const org = select('org_id', [['', t('users.filter.allOrgs')]]);
  const role = select('role', [['', t('users.filter.allRoles')], ...ROLES.slice().reverse().map((r) => /** @type {[string, string]} */ ([r, roleLabel(r)]))]);
  const active = select('active', [['', t('users.filter.allStates')], ['true', t('users.active')], ['false', t('users.inactive')]]);
  const q = input('q', { type: 'search', placeholder: t('users.searchPlaceholder') });
  role.value = params.get('role') ?? '';
  active.value = params.get('active') ?? '';
  q.value = params.get('q') ?? '';

  const filters = el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('users.filters') },
    field('users.filter.org', org),
    field('users.filter.role', role),
    field('users.filter.active', active),
    field('users.filter.q', q),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search'))));

  const body = el('tbody');
  const summary = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  const more = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', hidden: true }, t('common.loadMore')));
  const table = el('div', { class: 'table-wrap' },
    el('table', { class: 'data-table list-table users-table' },
      el('caption', { class: 'visually-hidden' }, t('users.caption')),
      el('thead', {}, el('tr', {},
        ['users.col.username', 'users.col.displayName', 'users.col.role', 'users.col.org', 'users.col.status', 'users.col.lastLogin', 'users.col.actions']
          .map((key) => el('th', { scope: 'col' }, t(key))))),
      body));

  if (params.get('created')) root.append(el('p', { class: 'notice notice-ok', role: 'status' }, t('users.created', { username: params.get('q') ?? '' })));
  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('users.heading')),
      canWrite ? el('a', { href: '/users/new', 'data-link': true, class: 'button' }, t('users.new')) : null),
    el('section', { class: 'card' }, filters),
    el('section', { class: 'card', 'data-state': 'loading', 'data-list': 'users' }, summary, table, el('p', { class: 'card-actions' }, more)),
  );
  const listCard = /** @type {HTMLElement} */ (root.querySelector('[data-list="users"]'));

  /** @type {string | null} */
  let cursor = null;

  /** @param {any} user */
  function row(user) {
    /** @param {string} key @param {Node | string} value */
    const cell = (key, value) => el('td', { 'data-label': t(key) }, value);
    return el('tr', { 'data-username': user.username },
      cell('users.col.username', el('span', { class: 'mono' }, user.username)),
      cell('users.col.displayName', user.display_name),
      cell('users.col.role', roleLabel(user.role)),
      cell('users.col.org', user.org_name),
      cell('users.col.status', el('span', { class: `badge ${user.active ? 'badge-ok' : 'badge-bad'}` }, t(user.active ? 'users.active' : 'users.inactive'))),
      cell('users.col.lastLogin', formatCompact(user.last_login_at)),
      cell('users.col.actions', canWrite
        ? el('a', { href: `/users/${encodeURIComponent(user.id)}`, 'data-link': true, class: 'row-link' }, t('common.edit'))
        : el('a', { href: `/users/${encodeURIComponent(user.id)}`, 'data-link': true, class: 'row-link' }, t('common.view'))));
  }

  /** @param {boolean} append */
  async function load(append) {
    listCard.dataset.state = 'loading';
    more.disabled = true;
    try {
      const page = await get('/users', { query: {
        org_id: org.value || null, role: role.value || null, active: active.value || null, q: q.value.trim() || null,
        limit: 50, cursor: append ? cursor : null,
      } });
      if (!append) body.replaceChildren();
      body.append(...page.items.map(row));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      summary.textContent = page.items.length || append ? t('users.total', { total: page.total ?? body.children.length }) : t('users.none');
      listCard.dataset.state = 'ok';
    } catch (error) {
      summary.textContent = problemText(error);
      summary.classList.add('card-error');
      listCard.dataset.state = 'error';
    }
    more.disabled = false;
  }

  on(filters, 'submit', (event) => {
    event.preventDefault();
    void load(false);
  });
  on(more, 'click', () => { void load(true); });

  const orgsLoaded = loadAllOrgs().then((all) => {
    org.append(...orgOptions(all).map(([value, text]) => el('option', { value }, text)));
    org.value = params.get('org_id') ?? '';
  }).catch(() => {});
  await orgsLoaded;
  await load(false);
}

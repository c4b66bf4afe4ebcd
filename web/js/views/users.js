// @ts-check
/** User administration: the users of the caller's subtree with filters and load-more paging. */
import { el } from '../dom.js';
import { field, input, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { ROLES, roleLabel } from '../labels.js';
import { createList, link } from '../listing.js';
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

  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('users.filters') },
    field('users.filter.org', org),
    field('users.filter.role', role),
    field('users.filter.active', active),
    field('users.filter.q', q),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));

  const list = createList({
    name: 'users', path: '/users', filters, captionKey: 'users.caption', totalKey: 'users.total', noneKey: 'users.none',
    query: () => ({ org_id: org.value || null, role: role.value || null, active: active.value || null, q: q.value.trim() || null }),
    rowAttrs: (u) => ({ 'data-username': u.username }),
    columns: [
      { key: 'users.col.username', cell: (u) => el('span', { class: 'mono' }, u.username) },
      { key: 'users.col.displayName', cell: (u) => u.display_name },
      { key: 'users.col.role', cell: (u) => roleLabel(u.role) },
      { key: 'users.col.org', cell: (u) => u.org_name },
      { key: 'users.col.status', cell: (u) => el('span', { class: `badge ${u.active ? 'badge-ok' : 'badge-bad'}` }, t(u.active ? 'users.active' : 'users.inactive')) },
      { key: 'users.col.lastLogin', cell: (u) => formatCompact(u.last_login_at) },
      { key: 'users.col.actions', cell: (u) => link(`/users/${encodeURIComponent(u.id)}`, t(canWrite ? 'common.edit' : 'common.view')) },
    ],
  });

  if (params.get('created')) root.append(el('p', { class: 'notice notice-ok', role: 'status' }, t('users.created', { username: params.get('q') ?? '' })));
  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('users.heading')),
      canWrite ? el('a', { href: '/users/new', 'data-link': true, class: 'button' }, t('users.new')) : null),
    el('section', { class: 'card' }, filters),
    list.section,
  );

  await list.start({ org });
}

// @ts-check
/** Audit log: entries of the caller's subtree, newest first, with filters and load-more paging. */
import { get } from '../api.js';
import { el } from '../dom.js';
import { field, input, select } from '../forms.js';
import { createList } from '../listing.js';
import { formatCompact, hasMessage, t } from '../i18n.js';
import * as session from '../session.js';

export const titleKey = 'audit.title';

export const ACTIONS = [
  'auth.login', 'auth.login_failed', 'auth.lockout', 'auth.refresh', 'auth.refresh_reuse', 'auth.logout',
  'auth.password_change', 'auth.token', 'org.create', 'org.update', 'org.move', 'org.delete', 'user.create',
  'user.update', 'user.password_reset', 'client.create', 'client.revoke',
];

/** @param {string} action */
const actionLabel = (action) => (hasMessage(`audit.action.${action}`) ? t(`audit.action.${action}`) : action);

/**
 * A calendar day (YYYY-MM-DD) as the RFC 3339 instant of its Beijing midnight, plus days.
 * @param {string} day
 * @param {number} plusDays
 */
function beijingMidnight(day, plusDays) {
  const date = new Date(`${day}T00:00:00+08:00`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return date.toISOString();
}

/** @param {HTMLElement} root */
export async function render(root) {
  const from = input('from', { type: 'date' });
  const to = input('to', { type: 'date' });
  const action = select('action', [['', t('audit.allActions')], ...ACTIONS.map((a) => /** @type {[string, string]} */ ([a, actionLabel(a)]))]);
  const user = select('user_id', [['', t('audit.allUsers')]]);
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('audit.filters') },
    field('audit.from', from),
    field('audit.to', to),
    field('audit.col.action', action),
    session.can('user:read') ? field('audit.col.user', user) : null,
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));

  /** @param {any} entry */
  const objectText = (entry) => (entry.object_type
    ? `${hasMessage(`audit.object.${entry.object_type}`) ? t(`audit.object.${entry.object_type}`) : entry.object_type}${entry.object_id ? ` ${String(entry.object_id).slice(0, 8)}` : ''}`
    : null);
  const list = createList({
    name: 'audit', path: '/audit', filters, captionKey: 'audit.caption', totalKey: 'audit.shown', noneKey: 'audit.none',
    query: () => ({
      from: from.value ? beijingMidnight(from.value, 0) : null,
      to: to.value ? beijingMidnight(to.value, 1) : null,
      action: action.value || null,
      user_id: user.value || null,
    }),
    rowAttrs: (entry) => ({ 'data-action': entry.action }),
    columns: [
      { key: 'audit.col.at', cell: (entry) => el('time', { datetime: entry.at }, formatCompact(entry.at)) },
      { key: 'audit.col.user', cell: (entry) => entry.username ?? null },
      { key: 'audit.col.action', cell: (entry) => actionLabel(entry.action) },
      { key: 'audit.col.object', cell: (entry) => (objectText(entry) ? el('span', { title: entry.object_id ?? '' }, objectText(entry)) : null) },
      { key: 'audit.col.result', cell: (entry) => el('span', { class: `badge ${entry.result === 'success' ? 'badge-ok' : 'badge-bad'}` },
        hasMessage(`audit.result.${entry.result}`) ? t(`audit.result.${entry.result}`) : entry.result) },
      { key: 'audit.col.address', cell: (entry) => entry.address ?? null },
    ],
  });

  root.append(
    el('h1', { class: 'page-title' }, t('audit.heading')),
    el('p', { class: 'lead' }, t('audit.intro')),
    el('section', { class: 'card' }, filters),
    list.section,
  );

  await list.start({
    options: async () => {
      if (!session.can('user:read')) return;
      const page = await get('/users', { query: { limit: 500 } });
      user.append(...page.items.map((/** @type {any} */ u) => el('option', { value: u.id }, `${u.display_name}（${u.username}）`)));
    },
  });
}

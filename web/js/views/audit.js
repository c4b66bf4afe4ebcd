// @ts-check
/** Audit log: entries of the caller's subtree, newest first, with filters and load-more paging. */
import { get } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, problemText, select } from '../forms.js';
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
  const filters = el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('audit.filters') },
    field('audit.from', from),
    field('audit.to', to),
    field('audit.col.action', action),
    session.can('user:read') ? field('audit.col.user', user) : null,
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search'))));

  const body = el('tbody');
  const summary = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  const more = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', hidden: true }, t('common.loadMore')));
  const listCard = el('section', { class: 'card', 'data-list': 'audit', 'data-state': 'loading' },
    summary,
    el('div', { class: 'table-wrap' },
      el('table', { class: 'data-table list-table audit-table' },
        el('caption', { class: 'visually-hidden' }, t('audit.caption')),
        el('thead', {}, el('tr', {},
          ['audit.col.at', 'audit.col.user', 'audit.col.action', 'audit.col.object', 'audit.col.result', 'audit.col.address']
            .map((key) => el('th', { scope: 'col' }, t(key))))),
        body)),
    el('p', { class: 'card-actions' }, more));

  root.append(
    el('h1', { class: 'page-title' }, t('audit.heading')),
    el('p', { class: 'lead' }, t('audit.intro')),
    el('section', { class: 'card' }, filters),
    listCard,
  );

  /** @type {string | null} */
  let cursor = null;

  /** @param {any} entry */
  function row(entry) {
    /** @param {string} key @param {Node | string} value */
    const cell = (key, value) => el('td', { 'data-label': t(key) }, value);
    const object = entry.object_type
      ? `${hasMessage(`audit.object.${entry.object_type}`) ? t(`audit.object.${entry.object_type}`) : entry.object_type}${entry.object_id ? ` ${String(entry.object_id).slice(0, 8)}` : ''}`
      : '—';
    const resultClass = entry.result === 'success' ? 'badge-ok' : 'badge-bad';
    const at = el('time', { datetime: entry.at }, formatCompact(entry.at));
    return el('tr', { 'data-action': entry.action },
      cell('audit.col.at', at),
      cell('audit.col.user', entry.username ?? '—'),
      cell('audit.col.action', actionLabel(entry.action)),
      el('td', { 'data-label': t('audit.col.object'), title: entry.object_id ?? '' }, object),
      cell('audit.col.result', el('span', { class: `badge ${resultClass}` }, hasMessage(`audit.result.${entry.result}`) ? t(`audit.result.${entry.result}`) : entry.result)),
      cell('audit.col.address', entry.address ?? '—'));
  }

  /** @param {boolean} append */
  async function load(append) {
    more.disabled = true;
    listCard.dataset.state = 'loading';
    try {
      const page = await get('/audit', { query: {
        from: from.value ? beijingMidnight(from.value, 0) : null,
        to: to.value ? beijingMidnight(to.value, 1) : null,
        action: action.value || null,
        user_id: user.value || null,
        limit: 50,
        cursor: append ? cursor : null,
      } });
      if (!append) body.replaceChildren();
      body.append(...page.items.map(row));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      summary.textContent = body.children.length ? t('audit.shown', { count: body.children.length }) : t('audit.none');
      summary.classList.remove('card-error');
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

  if (session.can('user:read')) {
    get('/users', { query: { limit: 500 } }).then((page) => {
      user.append(...page.items.map((/** @type {any} */ u) => el('option', { value: u.id }, `${u.display_name}（${u.username}）`)));
    }).catch(() => {});
  }
  await load(false);
}

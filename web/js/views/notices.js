// @ts-check
/** 整改通知书: the notices addressed to units of the caller's subtree (receipt, year), newest first. */
import { el } from '../dom.js';
import { field, input, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { createList, link } from '../listing.js';

export const titleKey = 'notice.title';

/** @param {string} state issued | received */
export const stateBadge = (state) => el('span', { class: `badge ${state === 'received' ? 'badge-ok' : 'badge-draft'}`, 'data-state': state }, t(`noticeState.${state}`));

/** @param {HTMLElement} root */
export async function render(root) {
  const org = select('org_id', [['', t('notice.filter.allOrgs')]]);
  const received = select('received', [['', t('common.all')], ['false', t('noticeState.issued')], ['true', t('noticeState.received')]], '');
  const year = input('year', { type: 'number', min: 2000, max: 2999, inputmode: 'numeric' });
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('notice.filters') },
    field('notice.filter.org', org), field('notice.filter.received', received), field('notice.filter.year', year),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));
  const query = () => ({ org_id: org.value || null, received: received.value || null, year: year.value.trim() || null });
  const list = createList({
    name: 'notices', path: '/notices', query, filters, captionKey: 'notice.caption', totalKey: 'notice.total', noneKey: 'notice.none',
    rowAttrs: (n) => ({ 'data-id': n.id }),
    columns: [
      { key: 'notice.col.number', cell: (n) => link(`/notices/${encodeURIComponent(n.id)}`, n.number) },
      { key: 'notice.col.unit', cell: (n) => n.org_name },
      { key: 'notice.col.issuer', cell: (n) => n.issuer_org_name },
      { key: 'notice.col.issuedAt', cell: (n) => formatCompact(n.issued_at) },
      { key: 'notice.col.deadline', cell: (n) => n.deadline },
      { key: 'notice.col.hazards', cell: (n) => String(n.hazard_count), className: 'num' },
      { key: 'notice.col.state', cell: (n) => stateBadge(n.state) },
    ],
  });
  root.append(
    el('div', { class: 'page-head' }, el('h1', { class: 'page-title' }, t('notice.heading'))),
    el('section', { class: 'card' }, filters),
    list.section);
  await list.start({ org });
}

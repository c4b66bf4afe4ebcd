// @ts-check
/** 监督检查数据库: inspections of the caller's subtree (type, status, dates, search), export. */
import { el } from '../dom.js';
import { field, input, select } from '../forms.js';
import { t } from '../i18n.js';
import { INSPECTION_STATUSES, INSPECTION_TYPES, codeOptions, exportButtons } from '../codes.js';
import { createList, link } from '../listing.js';
import { allows } from '../actions.js';
import * as session from '../session.js';

export const titleKey = 'insp.title';

/** @param {string} status */
export const statusBadge = (status) => el('span', { class: `badge ${status === 'submitted' ? 'badge-ok' : 'badge-draft'}`, 'data-status': status }, t(`inspStatus.${status}`));

/** @param {HTMLElement} root */
export async function render(root) {
  const canWrite = session.can('inspection:write');
  const type = select('type', codeOptions('inspType', INSPECTION_TYPES, 'common.all'), '');
  const status = select('status', codeOptions('inspStatus', INSPECTION_STATUSES, 'common.all'), '');
  const from = input('from', { type: 'date' });
  const to = input('to', { type: 'date' });
  const q = input('q', { type: 'search', placeholder: t('insp.searchPlaceholder') });
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('insp.filters') },
    field('insp.col.type', type), field('insp.col.status', status), field('insp.filter.from', from), field('insp.filter.to', to),
    field('inst.filter.q', q),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));
  const query = () => ({ type: type.value || null, status: status.value || null, from: from.value || null, to: to.value || null, q: q.value.trim() || null });
  const list = createList({
    name: 'inspections', path: '/inspections', query, filters, captionKey: 'insp.caption', totalKey: 'insp.total', noneKey: 'insp.none',
    rowAttrs: (i) => ({ 'data-id': i.id }),
    columns: [
      { key: 'insp.col.institution', cell: (i) => link(allows(i, 'answer') ? `/inspections/${encodeURIComponent(i.id)}/run` : `/inspections/${encodeURIComponent(i.id)}`, i.institution_name) },
      { key: 'insp.col.date', cell: (i) => i.inspected_on },
      { key: 'insp.col.type', cell: (i) => t(`inspType.${i.type}`) },
      { key: 'insp.col.status', cell: (i) => statusBadge(i.status) },
      { key: 'insp.col.progress', cell: (i) => t('insp.progressShort', { answered: i.answered_count, count: i.item_count, fail: i.fail_count }) },
      { key: 'insp.col.inspector', cell: (i) => [i.inspector_org_name, (i.inspectors ?? []).map((/** @type {any} */ p) => p.name).join('、')].filter(Boolean).join(' · ') },
    ],
  });
  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('insp.heading')),
      canWrite ? link('/inspections/new', t('insp.new'), { class: 'button' }) : null),
    el('section', { class: 'card' }, filters, exportButtons('/inspections/export', query, 'inspections')),
    list.section);
  await list.start();
}

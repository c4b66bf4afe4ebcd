// @ts-check
/** 打非治违: construction under way without a construction permit, in the caller's subtree. */
import { el } from '../dom.js';
import { field, select } from '../forms.js';
import { t } from '../i18n.js';
import { exportButtons } from '../codes.js';
import { createList, link } from '../listing.js';

export const titleKey = 'unpermitted.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const org = select('org_id', [['', t('inst.filter.allOrgs')]]);
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('inst.filters') },
    field('inst.filter.org', org),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));
  const query = () => ({ org_id: org.value || null });
  const list = createList({
    name: 'unpermitted', path: '/projects/unpermitted', query, filters, captionKey: 'unpermitted.caption', totalKey: 'unpermitted.total',
    noneKey: 'unpermitted.none',
    columns: [
      { key: 'proj.name', cell: (p) => el('span', {}, p.name, ' ', el('span', { class: 'badge badge-bad badge-unpermitted' }, t('proj.unpermitted'))) },
      { key: 'inst.col.name', cell: (p) => link(`/institutions/${encodeURIComponent(p.institution_id)}`, p.institution_name) },
      { key: 'proj.contractor', cell: (p) => p.contractor },
      { key: 'proj.start', cell: (p) => p.start_date },
      { key: 'proj.end', cell: (p) => p.end_date },
    ],
  });
  root.append(
    el('p', { class: 'back-link' }, link('/institutions', t('inst.back'))),
    el('h1', { class: 'page-title' }, t('unpermitted.heading')),
    el('p', { class: 'lead' }, t('unpermitted.intro')),
    el('section', { class: 'card' }, filters, exportButtons('/projects/unpermitted/export', query, 'unpermitted-projects')),
    list.section);
  await list.start({ org });
}

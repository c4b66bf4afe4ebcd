// @ts-check
/** 医疗卫生机构数据库: filtered, sorted list with load-more paging, grid coverage, export and import entry. */
import { get } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, select } from '../forms.js';
import { t } from '../i18n.js';
import { GRADES, INSTITUTION_TYPES, codeOptions, exportButtons } from '../codes.js';
import { createList, link } from '../listing.js';
import * as session from '../session.js';

export const titleKey = 'inst.title';

/**
 * The grid coverage figure (网格化覆盖率) as a meter card.
 * @param {{units: number, with_grid: number, coverage: number}} fig
 */
export function coverageCard(fig) {
  const pct = Math.round((fig.coverage ?? 0) * 1000) / 10;
  return el('div', { class: 'figure', 'data-figure': 'grid-coverage' },
    el('p', { class: 'figure-label' }, t('inst.coverage')),
    el('p', { class: 'figure-value' }, `${pct}%`),
    el('meter', { class: 'figure-meter', min: 0, max: 1, value: fig.coverage ?? 0, low: 0.999, optimum: 1 }),
    el('p', { class: 'figure-note' }, t('inst.coverageNote', { with: fig.with_grid, units: fig.units })));
}

/** @param {HTMLElement} root */
export async function render(root) {
  const canWrite = session.can('institution:write');
  const org = select('org_id', [['', t('inst.filter.allOrgs')]]);
  const type = select('type', codeOptions('instType', INSTITUTION_TYPES, 'common.all'), '');
  const grade = select('grade', codeOptions('instGrade', GRADES, 'common.all'), '');
  const grid = select('has_grid', [['', t('common.all')], ['true', t('inst.grid.yes')], ['false', t('inst.grid.no')]], '');
  const archived = select('archived', [['false', t('archive.active')], ['true', t('archive.archived')], ['all', t('archive.all')]], 'false');
  const sort = select('sort', [['name', t('inst.sort.name')], ['-name', t('inst.sort.-name')], ['-beds', t('inst.sort.-beds')],
    ['beds', t('inst.sort.beds')], ['-updated_at', t('inst.sort.-updated_at')]], 'name');
  const q = input('q', { type: 'search', placeholder: t('inst.searchPlaceholder') });

  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('inst.filters') },
    field('inst.filter.org', org), field('inst.col.type', type), field('inst.col.grade', grade),
    field('inst.filter.grid', grid), field('archive.filter', archived), field('common.sort', sort), field('inst.filter.q', q),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));

  const query = () => ({
    org_id: org.value || null, type: type.value || null, grade: grade.value || null, has_grid: grid.value || null,
    q: q.value.trim() || null, archived: archived.value === 'false' ? null : archived.value, sort: sort.value,
  });
  const list = createList({
    name: 'institutions', path: '/institutions', query, filters, captionKey: 'inst.caption', totalKey: 'inst.total', noneKey: 'inst.none',
    rowAttrs: (i) => ({ 'data-name': i.name, 'data-archived': String(Boolean(i.archived)) }),
    columns: [
      { key: 'inst.col.name', cell: (i) => el('span', {}, link(`/institutions/${encodeURIComponent(i.id)}`, i.name),
        i.archived ? ' ' : null, i.archived ? el('span', { class: 'badge badge-archived' }, t('common.archived')) : null) },
      { key: 'inst.col.parent', cell: (i) => i.parent_name },
      { key: 'inst.col.type', cell: (i) => t(`instType.${i.type}`) },
      { key: 'inst.col.grade', cell: (i) => t(`instGrade.${i.grade}`) },
      { key: 'inst.col.beds', cell: (i) => i.beds ?? null },
      { key: 'inst.col.grid', cell: (i) => (i.grid_name && i.grid_head
        ? i.grid_name : el('span', { class: 'badge badge-bad' }, t('inst.grid.none'))) },
      { key: 'inst.col.locations', cell: (i) => String(i.key_location_count ?? 0) },
    ],
  });

  const figure = el('div', { class: 'figure-row', 'aria-live': 'polite' });
  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('inst.heading')),
      el('div', { class: 'head-actions' },
        link('/projects/unpermitted', t('nav.unpermitted'), { class: 'button button-secondary' }),
        canWrite ? link('/institutions/import', t('inst.import'), { class: 'button button-secondary' }) : null,
        canWrite ? link('/institutions/new', t('inst.new'), { class: 'button' }) : null)),
    el('section', { class: 'card figure-card' }, figure),
    el('section', { class: 'card' }, filters, exportButtons('/institutions/export', query, 'institutions')),
    list.section,
  );

  async function loadFigure() {
    try {
      const fig = await get('/figures/grid-coverage', { query: { org_id: org.value || null } });
      figure.replaceChildren(coverageCard(fig));
    } catch {
      figure.replaceChildren();
    }
  }

  on(sort, 'change', () => { void list.load(false); });
  await list.start({ org, also: loadFigure });
}

// @ts-check
/** 风险数据库: the four-colour summary, a filtered list with grade badges in their colours, export. */
import { get } from '../api.js';
import { el, fill, on } from '../dom.js';
import { field, input, select } from '../forms.js';
import { t } from '../i18n.js';
import { RISK_CATEGORIES, RISK_GRADES, codeOptions, exportButtons, gradeBadge } from '../codes.js';
import { cardTable, createList, link } from '../listing.js';
import * as session from '../session.js';

export const titleKey = 'risks.title';

/**
 * Four coloured tiles: counts per grade (重大 红, 较大 橙, 一般 黄, 低 蓝).
 * @param {{total: number, by_grade: Record<string, number>}} fig
 */
export function fourColours(fig) {
  return el('ul', { class: 'four-colours', 'data-figure': 'risk-grades', 'aria-label': t('risks.summary') },
    RISK_GRADES.map((g) => el('li', { class: `colour-tile grade-${g}`, 'data-grade': g },
      el('span', { class: 'tile-count' }, String(fig.by_grade?.[g] ?? 0)),
      el('span', { class: 'tile-label' }, t(`riskGrade.${g}`)))));
}

/**
 * Risk points per category and grade: a table on a desktop, one card per category on a phone.
 * @param {any[]} rows by_category of /figures/risks
 */
function categoryTable(rows) {
  /** @type {import('../listing.js').Column[]} */
  const columns = [
    { key: 'risks.col.category', cell: (c) => t(`riskCat.${c.category}`) },
    ...RISK_GRADES.map((g) => ({
      key: `riskGrade.short.${g}`, className: 'num', cell: (/** @type {any} */ c) => String(c[g] ?? 0),
      head: () => [el('span', { class: `dot grade-${g}`, 'aria-hidden': 'true' }), t(`riskGrade.short.${g}`)],
    })),
    { key: 'risks.totalShort', className: 'num', cell: (c) => String(c.total) },
  ];
  return cardTable({ name: 'risk-categories', captionKey: 'risks.byCategory', columns, items: rows, rowHeader: true, extraClass: 'compact-table' }).table;
}

/** @param {HTMLElement} root */
export async function render(root) {
  const canWrite = session.can('risk:write');
  const org = select('org_id', [['', t('inst.filter.allOrgs')]]);
  const grade = select('grade', codeOptions('riskGrade', RISK_GRADES, 'common.all'), '');
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES, 'common.all'), '');
  const overdue = select('overdue', [['', t('common.all')], ['true', t('risks.overdueOnly')]], '');
  const archived = select('archived', [['false', t('archive.active')], ['true', t('archive.archived')], ['all', t('archive.all')]], 'false');
  const sort = select('sort', [['-score', t('risks.sort.-score')], ['score', t('risks.sort.score')], ['name', t('risks.sort.name')],
    ['review_date', t('risks.sort.review_date')], ['-updated_at', t('risks.sort.-updated_at')]], '-score');
  const q = input('q', { type: 'search', placeholder: t('risks.searchPlaceholder') });
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'filter-bar', role: 'search', 'aria-label': t('risks.filters') },
    field('inst.filter.org', org), field('risks.col.grade', grade), field('risks.col.category', category),
    field('risks.filter.overdue', overdue), field('archive.filter', archived), field('common.sort', sort), field('inst.filter.q', q),
    el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.search')))));
  const query = () => ({
    org_id: org.value || null, grade: grade.value || null, category: category.value || null, overdue: overdue.value || null,
    q: q.value.trim() || null, archived: archived.value === 'false' ? null : archived.value, sort: sort.value,
  });
  const list = createList({
    name: 'risks', path: '/risks', query, filters, captionKey: 'risks.caption', totalKey: 'risks.total', noneKey: 'risks.none',
    rowAttrs: (r) => ({ 'data-name': r.name, 'data-grade': r.grade }),
    columns: [
      { key: 'risks.col.name', cell: (r) => el('span', {}, link(`/risks/${encodeURIComponent(r.id)}`, r.name),
        r.archived ? ' ' : null, r.archived ? el('span', { class: 'badge badge-archived' }, t('common.archived')) : null) },
      { key: 'risks.col.grade', cell: (r) => gradeBadge(r.grade) },
      { key: 'risks.col.score', cell: (r) => `${t(`riskMethod.${r.method}`)} ${r.score}` },
      { key: 'risks.col.institution', cell: (r) => [r.institution_name, r.key_location_name].filter(Boolean).join(' · ') },
      { key: 'risks.col.category', cell: (r) => t(`riskCat.${r.category}`) },
      { key: 'risks.col.review', cell: (r) => el('span', {}, r.review_date ?? '—', ' ',
        r.review_overdue ? el('span', { class: 'badge badge-bad badge-overdue' }, t('risks.overdue')) : null) },
    ],
  });

  const summary = el('div', { class: 'risk-summary', 'aria-live': 'polite' });
  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('risks.heading')),
      canWrite ? el('div', { class: 'button-row' }, link('/risks/import', t('risks.import'), { class: 'button button-secondary' }),
        link('/risks/new', t('risks.new'), { class: 'button' })) : null),
    el('section', { class: 'card' }, el('h2', { class: 'card-title' }, t('risks.summary')), summary),
    el('section', { class: 'card' }, filters, exportButtons('/risks/export', query, 'risks')),
    list.section);

  async function loadSummary() {
    try {
      const fig = await get('/figures/risks', { query: { org_id: org.value || null } });
      fill(summary, fourColours(fig), fig.by_category?.length ? el('div', { class: 'table-wrap' }, categoryTable(fig.by_category)) : null);
    } catch {
      summary.replaceChildren();
    }
  }
  on(sort, 'change', () => { void list.load(false); });
  await list.start({ org, also: loadSummary });
}

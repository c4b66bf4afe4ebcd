// @ts-check
/** 隐患清单: the hazards of the caller's subtree with their filters in the URL, keyset pages, overdue and
 *  listed marked, the ledger export (台账 CSV/XLSX), the import, and for an administration a selection
 *  of registered hazards of one unit to issue a rectification notice for (/notices/new). */
import { get } from '../api.js';
import { delegate, el, on, qsa } from '../dom.js';
import { field, input, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { HAZARD_LEVELS, HAZARD_SOURCES, HAZARD_STATES, RISK_CATEGORIES, codeOptions, exportButtons } from '../codes.js';
import { createList, link } from '../listing.js';
import { allows } from '../actions.js';
import * as session from '../session.js';
import { OPEN_STATES, deadlineText, hazardPath, levelBadge, marks, present, stateBadge } from './hazard-common.js';

export const titleKey = 'hazards.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const me = session.current();
  const canWrite = session.can('hazard:write');
  const administration = Boolean(me && me.org.level !== 'unit');
  const state = select('state', [['', t('common.all')], [OPEN_STATES.join(','), t('hazards.filter.open')],
    ...codeOptions('hazardState', HAZARD_STATES)], '');
  const level = select('level', codeOptions('hazardLevel', HAZARD_LEVELS, 'common.all'), '');
  const overdue = select('overdue', [['', t('common.all')], ['true', t('hazards.filter.overdueOnly')]], '');
  const listed = select('listed', [['', t('common.all')], ['true', t('hazards.filter.listedOnly')]], '');
  const source = select('source', codeOptions('hazardSource', HAZARD_SOURCES, 'common.all'), '');
  const org = select('org_id', [['', t('inst.filter.allOrgs')]]);
  const institution = select('institution_id', [['', t('common.all')]]);
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES, 'common.all'), '');
  const from = input('found_from', { type: 'date' });
  const to = input('found_to', { type: 'date' });
  const sort = select('sort', [['-found_at', t('hazards.sort.-found_at')], ['due_at', t('hazards.sort.due_at')]], '-found_at');
  const q = input('q', { type: 'search', placeholder: t('hazards.searchPlaceholder') });
  // The filters used most stay in view; the others fold away on a phone (open when one of them is set).
  const more = /** @type {HTMLDetailsElement} */ (el('details', { class: 'more-filters' },
    el('summary', {}, t('hazards.moreFilters')),
    el('div', { class: 'filter-bar' },
      field('hazards.filter.listed', listed), field('hazard.source', source), field('inst.filter.org', org),
      field('hazard.institution', institution), field('hazard.category', category), field('hazards.filter.from', from),
      field('hazards.filter.to', to), field('common.sort', sort))));
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'hazard-filters', role: 'search', 'aria-label': t('hazards.filters') },
    el('div', { class: 'filter-bar' },
      field('hazard.state', state), field('hazard.level', level), field('hazards.filter.overdue', overdue), field('inst.filter.q', q),
      el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button', 'data-action': 'search' }, t('common.search')))),
    more));
  const query = () => ({
    state: state.value || null, level: level.value || null, overdue: overdue.value || null, listed: listed.value || null,
    source: source.value || null, org_id: org.value || null, institution_id: institution.value || null, category: category.value || null,
    found_from: from.value || null, found_to: to.value || null, q: q.value.trim() || null, sort: sort.value,
  });

  /** The selection for a notice: registered hazards (allowed issue_notice) of one unit. */
  const selecting = administration && canWrite;
  const noticeLink = el('a', { class: 'button', 'data-action': 'issue-notice', 'aria-disabled': 'true', href: '/notices/new', 'data-link': true });
  const noticeNote = el('span', { class: 'card-note', 'aria-live': 'polite' });
  const noticeBar = selecting ? el('div', { class: 'notice-bar', 'data-bar': 'notice' }, noticeLink, noticeNote) : null;

  function updateSelection() {
    const picked = /** @type {HTMLInputElement[]} */ (qsa('input[data-pick]:checked', root));
    const orgs = new Set(picked.map((c) => c.dataset.org));
    const ok = picked.length > 0 && orgs.size === 1;
    noticeLink.textContent = t('hazards.issueNotice', { n: picked.length });
    noticeLink.setAttribute('aria-disabled', String(!ok));
    noticeLink.classList.toggle('is-disabled', !ok);
    if (ok) {
      const params = new URLSearchParams({ org_id: [...orgs][0] ?? '', hazard_ids: picked.map((c) => c.value).join(',') });
      noticeLink.setAttribute('href', `/notices/new?${params}`);
    } else {
      noticeLink.setAttribute('href', '/notices/new');
    }
    noticeNote.textContent = orgs.size > 1 ? t('hazards.oneUnit') : picked.length ? '' : t('hazards.pickHint');
    // Shown only while the page lists a hazard a notice can be issued for.
    if (noticeBar) noticeBar.hidden = qsa('input[data-pick]', root).length === 0;
  }

  /** @type {import('../listing.js').Column[]} */
  const columns = [
    { key: 'hazard.description', cell: (h) => el('span', { class: 'hazard-cell' },
      selecting && allows(h, 'issue_notice')
        ? el('input', { type: 'checkbox', class: 'checkbox', 'data-pick': true, value: h.id, 'data-org': h.org_id, 'aria-label': t('hazards.pick', { what: h.description }) })
        : null,
      link(hazardPath(h.id), h.description)) },
    { key: 'hazard.state', className: 'nowrap', cell: (h) => el('span', { class: 'badge-group' }, stateBadge(h.state), ...marks(h)) },
    { key: 'hazard.level', className: 'nowrap', cell: (h) => levelBadge(h.level) },
    { key: 'hazards.col.where', cell: (h) => [h.org_name, h.institution_name && h.institution_name !== h.org_name ? h.institution_name : null, h.location]
      .filter(Boolean).join(' · ') },
    { key: 'hazards.col.kind', className: 'hz-kind', cell: (h) => `${t(`riskCat.${h.category}`)} · ${t(`hazardSource.${h.source}`)}` },
    { key: 'hazard.foundAt', className: 'nowrap', cell: (h) => formatCompact(h.found_at).slice(0, 10) },
    { key: 'hazard.deadline', className: 'nowrap', cell: (h) => deadlineText(h) },
  ];
  const list = createList({
    name: 'hazards', path: '/hazards', query, filters, captionKey: 'hazards.caption', totalKey: 'hazards.total', noneKey: 'hazards.none',
    rowAttrs: (h) => ({ 'data-id': h.id, 'data-state': h.state, 'data-level': h.level, class: h.overdue ? 'row-overdue' : '' }),
    columns,
  });
  if (selecting) delegate(list.section, 'input[data-pick]', 'change', updateSelection);
  on(noticeLink, 'click', (event) => {
    if (noticeLink.getAttribute('aria-disabled') === 'true') event.preventDefault();
  });

  root.append(...present(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('hazards.heading')),
      canWrite ? el('div', { class: 'button-row' },
        link('/hazards/import', t('hazards.import'), { class: 'button button-secondary' }),
        link('/hazards/new', t('hazards.new'), { class: 'button' })) : null),
    el('section', { class: 'card' }, filters, el('p', { class: 'card-note' }, t('hazards.ledgerNote')),
      exportButtons('/hazards/export', query, 'hazards')),
    noticeBar,
    list.section));

  /** The institution named in the URL (a link from an institution's page) becomes the select's option. */
  async function institutionOption() {
    const id = new URLSearchParams(window.location.search).get('institution_id');
    if (!id) return;
    const inst = await get(`/institutions/${encodeURIComponent(id)}`);
    institution.append(el('option', { value: inst.id }, inst.name));
  }
  // A reload replaces the rows (and their ticks): the bar follows what is ticked now.
  if (selecting) new MutationObserver(updateSelection).observe(list.section, { childList: true, subtree: true });
  if (selecting) updateSelection();
  await list.start({ org, options: institutionOption });
  more.open = window.matchMedia('(min-width: 769px)').matches
    || [listed, source, org, institution, category, from, to].some((c) => c.value !== '') || sort.value !== '-found_at';
}

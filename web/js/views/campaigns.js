// @ts-check
/** 专项整治行动: the campaigns the caller sees (the plans of the orgs above, issued, and its own
 *  subtree's, drafts included), with their filters in the URL, keyset pages and one card per plan on
 *  a phone; 新建 for those who may write. */
import { el } from '../dom.js';
import { field, input, select } from '../forms.js';
import { t } from '../i18n.js';
import { createList, link } from '../listing.js';
import * as session from '../session.js';
import { CAMPAIGN_STATES, campaignPath, choices, period, stateBadge } from './campaign-common.js';

export const titleKey = 'campaigns.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const state = select('state', choices('campaignState', CAMPAIGN_STATES, 'common.all'), '');
  const org = select('org_id', [['', t('campaigns.filter.myOrg')]]);
  const q = input('q', { type: 'search', maxlength: 100, placeholder: t('campaigns.searchPlaceholder') });
  const sort = select('sort', [['-starts_on', t('campaigns.sort.-starts_on')], ['updated_at', t('campaigns.sort.updated_at')]], '-starts_on');
  const filters = /** @type {HTMLFormElement} */ (el('form', { class: 'campaign-filters', role: 'search', 'aria-label': t('campaigns.filters') },
    el('div', { class: 'filter-bar' },
      field('campaign.state', state), field('campaigns.filter.org', org), field('campaigns.filter.q', q),
      field('common.sort', sort),
      el('div', { class: 'filter-actions' }, el('button', { type: 'submit', class: 'button', 'data-action': 'search' }, t('common.search'))))));
  const query = () => ({ state: state.value || null, org_id: org.value || null, q: q.value.trim() || null, sort: sort.value });

  /** @type {import('../listing.js').Column[]} */
  const columns = [
    { key: 'campaign.name', cell: (c) => el('span', { class: 'campaign-cell' },
      link(campaignPath(c.id), c.name),
      c.parent_id ? el('span', { class: 'badge badge-duty campaign-kind', 'data-kind': 'work-plan' }, t('campaign.workPlan')) : null) },
    { key: 'campaign.docNumber', cell: (c) => c.doc_number ?? t('campaign.noDocNumber') },
    { key: 'campaign.org', cell: (c) => c.org_name },
    { key: 'campaign.periodLabel', cell: (c) => period(c.starts_on, c.ends_on) },
    { key: 'campaign.state', className: 'nowrap', cell: (c) => stateBadge(c.state) },
  ];
  const list = createList({
    name: 'campaigns', path: '/campaigns', query, filters, captionKey: 'campaigns.caption', totalKey: 'campaigns.total', noneKey: 'campaigns.none',
    rowAttrs: (c) => ({ 'data-id': c.id, 'data-state': c.state, 'data-org': c.org_name }),
    columns,
  });

  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, t('campaigns.heading')),
      session.can('campaign:write') && session.current()?.org.level !== 'unit'
        ? el('div', { class: 'button-row' }, link('/campaigns/new', t('campaigns.new'), { class: 'button', 'data-action': 'new-campaign' })) : null),
    el('p', { class: 'card-note' }, t('campaigns.intro')),
    el('section', { class: 'card' }, filters),
    list.section);
  await list.start({ org });
}

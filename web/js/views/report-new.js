// @ts-check
/** /reports/new?campaign_id=&duty_id=&period=: starts the caller's report for that obligation (POST
 *  /reports, or the one there is) and opens it; a link from a campaign's duties or the to-do list. */
import { el } from '../dom.js';
import { problemNodes } from '../forms.js';
import { t } from '../i18n.js';
import { link } from '../listing.js';
import { startReport } from './report-common.js';

export const titleKey = 'report.newTitle';

/** @param {HTMLElement} root */
export async function render(root) {
  const search = new URLSearchParams(window.location.search);
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('report.starting'));
  root.append(el('p', { class: 'back-link' }, link('/', t('report.backHome'))), el('h1', { class: 'page-title' }, t('report.newTitle')), status);
  try {
    await startReport({ campaign_id: search.get('campaign_id') ?? '', duty_id: search.get('duty_id') ?? '', period: search.get('period') ?? '' });
  } catch (error) {
    status.replaceChildren(...problemNodes(error));
    status.classList.add('card-error');
  }
}

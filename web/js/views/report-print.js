// @ts-check
/** A report as the printable A4 document (报送材料): the reporting org, the duty as its title, the
 *  campaign and its document number, the period and its due instant, the narrative, the figures it
 *  carries (frozen at its last submission; a draft's live ones, said so), the seal line and the
 *  receiver's decision. 打印 prints it (the print style sheet keeps the document alone on A4). */
import { get } from '../api.js';
import { el, on } from '../dom.js';
import { loadPage } from '../forms.js';
import { formatCompact, getLang, t } from '../i18n.js';
import { link } from '../listing.js';
import { docDate } from './notice.js';
import { FIGURES, figureText, periodText, reportPath } from './report-common.js';

export const titleKey = 'reportPrint.title';

/**
 * The document.
 * @param {any} r the report
 * @returns {HTMLElement}
 */
function documentOf(r) {
  const campaign = r.campaign ?? {};
  const figures = r.figures ?? r.live_figures ?? null;
  const decision = r.state === 'accepted'
    ? t('reportPrint.accepted', { who: r.decided_by_name ?? '', at: docDate(r.decided_at) })
    : r.state === 'returned' ? t('reportPrint.returned', { who: r.decided_by_name ?? '', at: docDate(r.decided_at), reason: r.return_reason ?? '' })
      : null;
  return el('article', { class: 'notice-doc report-doc', 'data-view': 'report-print', 'data-state': r.state, lang: getLang() },
    el('header', { class: 'notice-letterhead report-letterhead' },
      el('p', { class: 'notice-issuer', 'data-field': 'org' }, r.org_name ?? ''),
      el('h1', { class: 'notice-title', 'data-field': 'title' }, r.duty_title ?? r.duty?.title ?? ''),
      el('p', { class: 'notice-number' }, periodText(r.period))),
    r.state === 'draft' ? el('p', { class: 'report-draft-mark', 'data-field': 'draft' }, t('reportPrint.draft')) : null,
    el('table', { class: 'report-meta' },
      el('tbody', {},
        [
          ['reportPrint.campaign', [campaign.name ?? r.campaign_name, campaign.doc_number].filter(Boolean).join(' ')],
          ['reportPrint.receiver', campaign.org_name ?? ''],
          ['reportPrint.range', r.period_start && r.period_end ? `${docDate(r.period_start)} — ${docDate(r.period_end)}` : ''],
          ['reportPrint.due', formatCompact(r.due_at).slice(0, 16)],
          ['reportPrint.submitted', r.submitted_at
            ? `${formatCompact(r.submitted_at).slice(0, 16)}${r.timeliness ? `（${t(`reportTimeliness.${r.timeliness}`)}）` : ''}${r.revision > 1 ? ` ${t('report.revision', { n: r.revision })}` : ''}`
            : t('reportPrint.notSubmitted')],
        ].map(([key, value]) => el('tr', {}, el('th', { scope: 'row' }, t(key)), el('td', {}, value))))),
    el('h2', { class: 'report-doc-heading' }, t('reportPrint.narrative')),
    el('div', { class: 'report-doc-text', 'data-field': 'narrative' },
      (r.narrative ?? '').split(/\n+/).filter((/** @type {string} */ p) => p.trim()).map((/** @type {string} */ p) => el('p', { class: 'notice-para' }, p))),
    el('h2', { class: 'report-doc-heading' }, r.figures ? t('reportPrint.figuresFrozen', { at: formatCompact(r.figures.as_of ?? r.submitted_at).slice(0, 16) })
      : t('reportPrint.figuresLive', { at: formatCompact(r.live_figures?.as_of).slice(0, 16) })),
    el('table', { class: 'report-doc-figures', 'data-table': 'report-figures' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('report.figure')), el('th', { scope: 'col' }, t('reportPrint.value')),
        el('th', { scope: 'col' }, t('report.figure')), el('th', { scope: 'col' }, t('reportPrint.value')))),
      // two figures a row: the table stays on one page
      el('tbody', {}, Array.from({ length: Math.ceil(FIGURES.length / 2) }, (_, i) => el('tr', {},
        FIGURES.slice(i * 2, i * 2 + 2).flatMap((key) => [el('td', {}, t(`reportFig.${key}`)), el('td', { class: 'num', 'data-figure': key }, figureText(figures, key))]),
        i * 2 + 1 >= FIGURES.length ? [el('td', {}), el('td', {})] : null)))),
    el('div', { class: 'notice-sign' },
      el('p', { class: 'notice-sign-org' }, r.org_name ?? '', el('span', { class: 'notice-seal' }, t('reportPrint.seal'))),
      el('p', { class: 'notice-sign-date' }, r.submitted_at ? docDate(r.submitted_at) : t('reportPrint.blankDate')),
      r.submitted_by_name ? el('p', { class: 'notice-sign-by' }, t('reportPrint.by', { name: r.submitted_by_name })) : null),
    decision ? el('footer', { class: 'report-doc-decision', 'data-field': 'decision' }, el('p', {}, decision)) : null);
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note no-print', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link no-print' }, link(reportPath(params.id), t('reportPrint.back'))), status);
  /** @type {any} */
  const report = await loadPage(status, () => get(reportPath(params.id)));
  if (!report) return;
  const print = el('button', { type: 'button', class: 'button', 'data-action': 'print' }, t('reportPrint.print'));
  on(print, 'click', () => window.print());
  root.append(
    el('div', { class: 'page-head no-print' }, el('p', { class: 'page-title' }, t('reportPrint.title')), el('div', { class: 'head-actions' }, print)),
    el('div', { class: 'notice-sheet' }, documentOf(report)));
}

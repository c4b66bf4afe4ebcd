// @ts-check
/** A campaign as the printable A4 document (the plan as issued, 红头文件): the issuing org's
 *  letterhead, the document number, the title, the plan it implements (a work plan), then numbered
 *  parts: goal, phases with their dates and tasks, special actions, check focus items, targets,
 *  reporting requirements, amendments; the attachments' note; the signature block. 打印 prints it (the print style sheet of
 *  the notices keeps the document alone on A4). */
import { get } from '../api.js';
import { el, on } from '../dom.js';
import { loadPage } from '../forms.js';
import { getLang, t } from '../i18n.js';
import { link } from '../listing.js';
import { docDate } from './notice.js';
import { campaignPath, dutyWhen, reportersText, targetText } from './campaign-common.js';

export const titleKey = 'campaignPrint.title';

const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 一、 in Chinese, 1. in English. @param {number} i from 0 */
const numeral = (i) => (getLang() === 'zh-CN' ? `${ZH_NUMERALS[i] ?? i + 1}、` : `${i + 1}. `);

/**
 * 附件说明 after the text, as an issued document has it (GB/T 9704-2012 7.3.6): 附件：名称, or
 * numbered 附件：1．名称 with the further ones below it; the file names without their extension.
 * @param {{name: string}[]} files
 */
function attachmentNote(files) {
  if (!files.length) return null;
  const name = (/** @type {{name: string}} */ a) => a.name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return el('div', { class: 'cpd-attachments', 'data-field': 'attachments' },
    files.length === 1
      ? el('p', { class: 'notice-para' }, t('campaignPrint.attachmentOne', { name: name(files[0]) }))
      : files.map((a, i) => el('p', { class: i === 0 ? 'notice-para' : 'notice-para cpd-att-more' },
        t(i === 0 ? 'campaignPrint.attachmentFirst' : 'campaignPrint.attachmentMore', { n: i + 1, name: name(a) }))));
}

/**
 * The document.
 * @param {any} c the campaign
 * @param {any | null} parent the plan it adopts, when the caller can read it
 */
function documentOf(c, parent) {
  /** @type {[string, Node[]][]} */
  const parts = [];
  if (c.goal) parts.push(['campaignPrint.goal', [el('p', { class: 'notice-para' }, c.goal)]]);
  if ((c.phases ?? []).length) {
    parts.push(['campaignPrint.phases', c.phases.map((/** @type {any} */ p, /** @type {number} */ i) => el('div', { class: 'cpd-item' },
      el('p', { class: 'cpd-item-head' }, t('campaignPrint.phaseHead', { n: i + 1, name: p.name, from: docDate(p.starts_on), to: docDate(p.ends_on) })),
      ...(p.tasks ?? []).map((/** @type {string} */ task) => el('p', { class: 'notice-para' }, task))))]);
  }
  if ((c.actions ?? []).length) {
    parts.push(['campaignPrint.actions', c.actions.map((/** @type {any} */ a, /** @type {number} */ i) => el('div', { class: 'cpd-item' },
      el('p', { class: 'cpd-item-head' }, t('campaignPrint.itemHead', { n: i + 1, name: a.name })),
      ...(a.tasks ?? []).map((/** @type {string} */ task) => el('p', { class: 'notice-para' }, task))))]);
  }
  if ((c.focus_items ?? []).length) {
    parts.push(['campaignPrint.focus', c.focus_items.map((/** @type {any} */ f, /** @type {number} */ i) =>
      el('p', { class: 'notice-para' }, t('campaignPrint.numbered', { n: i + 1, text: f.text })))]);
  }
  if ((c.targets ?? []).length) {
    parts.push(['campaignPrint.targets', c.targets.map((/** @type {any} */ g, /** @type {number} */ i) => {
      const { what, text } = targetText(g);
      return el('p', { class: 'notice-para' }, t('campaignPrint.numbered', { n: i + 1, text: text ? `${text}（${what}）` : what }));
    })]);
  }
  if ((c.duties ?? []).length) {
    parts.push(['campaignPrint.duties', c.duties.map((/** @type {any} */ d, /** @type {number} */ i) =>
      el('p', { class: 'notice-para' }, t('campaignPrint.duty', { n: i + 1, title: d.title, when: dutyWhen(d), who: reportersText(d.reporters) })))]);
  }
  if ((c.amendments ?? []).length) {
    parts.push(['campaignPrint.amendments', c.amendments.map((/** @type {any} */ a, /** @type {number} */ i) =>
      el('p', { class: 'notice-para' }, t('campaignPrint.amendment', { n: i + 1, date: docDate(a.created_at), text: a.text })))]);
  }
  return el('article', { class: 'notice-doc campaign-doc', 'data-view': 'campaign-print', 'data-state': c.state, lang: getLang() },
    el('header', { class: 'notice-letterhead' },
      el('p', { class: 'notice-issuer' }, c.org_name ?? ''),
      el('p', { class: 'notice-number', 'data-field': 'number' }, c.doc_number ?? t('campaign.noDocNumber'))),
    el('h1', { class: 'notice-title cpd-title' }, c.name),
    c.state === 'draft' ? el('p', { class: 'cpd-draft', 'data-field': 'draft' }, t('campaignPrint.draft')) : null,
    el('p', { class: 'cpd-period' }, t('campaignPrint.period', { from: docDate(c.starts_on), to: docDate(c.ends_on) })),
    c.parent_id && parent
      ? el('p', { class: 'notice-para', 'data-field': 'parent' }, t('campaignPrint.implements', { name: parent.name, doc: parent.doc_number ?? '', org: parent.org_name }))
      : null,
    ...parts.map(([key, body], i) => el('section', { class: 'cpd-part', 'data-part': key.split('.')[1] },
      el('h2', { class: 'cpd-part-title' }, `${numeral(i)}${t(key)}`), ...body)),
    attachmentNote(c.attachments ?? []),
    el('div', { class: 'notice-sign' },
      el('p', { class: 'notice-sign-org' }, c.org_name ?? ''),
      el('p', { class: 'notice-sign-date' }, c.issued_on ? docDate(c.issued_on) : t('campaignPrint.notIssued'))));
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note no-print', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link no-print' }, link(campaignPath(params.id), t('campaignPrint.back'))), status);
  /** @type {any} */
  const c = await loadPage(status, () => get(campaignPath(params.id)));
  if (!c) return;
  const parent = c.parent_id ? await get(campaignPath(c.parent_id)).catch(() => null) : null;
  const print = el('button', { type: 'button', class: 'button', 'data-action': 'print' }, t('campaignPrint.print'));
  on(print, 'click', () => window.print());
  root.append(
    el('div', { class: 'page-head no-print' }, el('p', { class: 'page-title' }, t('campaignPrint.title')), el('div', { class: 'head-actions' }, print)),
    el('div', { class: 'notice-sheet' }, documentOf(c, parent)));
}

// @ts-check
/** One rectification notice (整改通知书) as the printable A4 document: the issuing org's letterhead,
 *  the number, the addressee, the customary legal wording, the hazards with their requirement and
 *  deadline, the signature and seal block, the QR code of this page and the receipt line. 打印
 *  prints it (the print style sheet keeps the document alone on A4); 签收 is offered exactly when
 *  the server's allowed_actions has receive. */
import { get, post, request } from '../api.js';
import { el, on } from '../dom.js';
import { loadPage, problemText } from '../forms.js';
import { TIME_ZONE, getLang, t } from '../i18n.js';
import { link } from '../listing.js';
import { allows } from '../actions.js';

export const titleKey = 'notice.detailTitle';

/**
 * A date or timestamp written as in a document: 2026年12月1日 (zh-CN), 1 December 2026 (en).
 * @param {string | null | undefined} value YYYY-MM-DD (a date in Beijing time) or RFC 3339
 * @returns {string}
 */
export function docDate(value) {
  if (!value) return '';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00+08:00` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(getLang(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: TIME_ZONE }).format(date);
}

/**
 * The QR code (fetched with the caller's token, shown from a blob: URL; an SVG in <img> runs no script).
 * @param {string} id
 * @returns {HTMLElement}
 */
function qrFigure(id) {
  const img = /** @type {HTMLImageElement} */ (el('img', { class: 'notice-qr-img', alt: t('notice.qrAlt'), width: 120, height: 120 }));
  request('GET', `/notices/${encodeURIComponent(id)}/qr.svg`, { blob: true }).then((blob) => {
    img.src = URL.createObjectURL(blob);
  }).catch(() => { img.alt = ''; });
  return el('figure', { class: 'notice-qr' }, img, el('figcaption', {}, t('notice.qrCaption')));
}

/**
 * The document itself.
 * @param {any} n the Notice
 * @returns {HTMLElement}
 */
function documentOf(n) {
  const hazards = n.hazards ?? [];
  const deadline = docDate(n.deadline);
  return el('article', { class: 'notice-doc', 'data-view': 'notice', 'data-state': n.state, lang: getLang() },
    el('header', { class: 'notice-letterhead' },
      el('p', { class: 'notice-issuer' }, n.issuer_org_name ?? ''),
      el('h1', { class: 'notice-title' }, t('notice.docTitle')),
      el('p', { class: 'notice-number', 'data-field': 'number' }, n.number)),
    el('p', { class: 'notice-addressee', 'data-field': 'addressee' }, t('notice.addressee', { unit: n.org_name ?? '' })),
    el('p', { class: 'notice-para' }, t('notice.intro', { deadline })),
    el('table', { class: 'notice-hazards', 'data-table': 'notice-hazards' },
      el('caption', {}, t('notice.hazardsTitle')),
      el('thead', {}, el('tr', {}, ['no', 'description', 'location', 'level', 'requirement', 'deadline']
        .map((c) => el('th', { scope: 'col', class: `hcol-${c}` }, t(`notice.hcol.${c}`))))),
      el('tbody', {}, hazards.map((/** @type {any} */ h, /** @type {number} */ i) => el('tr', { 'data-id': h.id },
        el('td', { class: 'hcol-no' }, String(i + 1)),
        el('td', {}, h.description),
        el('td', {}, h.location ?? '—'),
        el('td', { class: 'hcol-level' }, t(`notice.level.${h.level}`)),
        el('td', {}, h.requirement ?? n.requirement ?? ''),
        el('td', { class: 'hcol-deadline' }, docDate(h.deadline ?? n.deadline)))))),
    // the notice's requirement once more only when a hazard's own differs from it
    hazards.some((/** @type {any} */ h) => h.requirement && h.requirement !== n.requirement)
      ? el('p', { class: 'notice-para' }, el('strong', {}, t('notice.requirementTitle')), n.requirement ?? '') : null,
    el('p', { class: 'notice-para' }, t('notice.report')),
    el('p', { class: 'notice-para' }, t('notice.appeal')),
    el('div', { class: 'notice-sign' },
      el('p', { class: 'notice-sign-org' }, n.issuer_org_name ?? '', el('span', { class: 'notice-seal' }, t('notice.seal'))),
      el('p', { class: 'notice-sign-date' }, docDate(n.issued_at)),
      n.issued_by_name ? el('p', { class: 'notice-sign-by' }, t('notice.inspector', { name: n.issued_by_name })) : null),
    el('footer', { class: 'notice-foot' },
      qrFigure(n.id),
      el('div', { class: 'notice-receipt', 'data-field': 'receipt' },
        el('p', { class: 'notice-receipt-title' }, t('notice.receiptTitle'), ' ', n.number),
        el('p', {}, t('notice.receiptUnit'), el('span', { class: 'notice-blank' }, n.state === 'received' ? (n.org_name ?? '') : '')),
        el('p', {}, t('notice.receiptBy'), el('span', { class: 'notice-blank', 'data-field': 'received-by' }, n.received_by_name ?? '')),
        el('p', {}, t('notice.receiptAt'), el('span', { class: 'notice-blank', 'data-field': 'received-at' }, n.received_at ? docDate(n.received_at) : t('notice.receiptBlankDate'))),
        el('p', { class: 'notice-copies' }, t('notice.copies')))));
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note no-print', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link no-print' }, link('/notices', t('notice.back'))), status);
  /** @type {any} */
  const notice = await loadPage(status, () => get(`/notices/${encodeURIComponent(params.id)}`));
  if (!notice) return;
  const problem = el('div', { class: 'no-print', 'aria-live': 'polite' });
  const actions = el('div', { class: 'head-actions' });
  const print = el('button', { type: 'button', class: 'button', 'data-action': 'print' }, t('notice.print'));
  on(print, 'click', () => window.print());
  actions.append(print);
  let doc = documentOf(notice);
  if (allows(notice, 'receive')) {
    const receive = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'receive' }, t('notice.receive')));
    on(receive, 'click', async () => {
      receive.disabled = true;
      try {
        const after = await post(`/notices/${encodeURIComponent(notice.id)}/actions/receive`, {}, { headers: { 'If-Match': `"v${notice.version}"` } });
        const next = documentOf(after);
        doc.replaceWith(next);
        doc = next;
        receive.remove();
        problem.replaceChildren(el('p', { class: 'notice notice-ok', role: 'status' }, t('notice.receivedOk')));
      } catch (error) {
        receive.disabled = false;
        problem.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problemText(error)));
      }
    });
    actions.append(receive);
  }
  root.append(
    el('div', { class: 'page-head no-print' }, el('p', { class: 'page-title' }, t('notice.detailTitle')), actions),
    problem,
    el('div', { class: 'notice-sheet' }, doc));
}

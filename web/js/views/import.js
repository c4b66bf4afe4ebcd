// @ts-check
/** The import page of any kind (POST <path>?dry_run=...): a CSV or XLSX file, a dry run first (error report
 * 行/列/原因), then 确认导入 only when clean. The institution and risk import pages are this with their texts. */
import { sendRaw } from '../api.js';
import { el, on } from '../dom.js';
import { field, problemText } from '../forms.js';
import { getLang, hasMessage, t } from '../i18n.js';
import { link } from '../listing.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type of a chosen file: an .xlsx workbook, else CSV (the server detects GB18030).
 * @param {File} f */
export const fileType = (f) => (/\.xlsx$/i.test(f.name) || f.type === XLSX ? XLSX : 'text/csv');

/**
 * @typedef {object} ImportPage
 * @property {string} path the import endpoint under /api/v1 (e.g. /risks/import)
 * @property {string} back the list page to go back to
 * @property {string} backKey its link text
 * @property {string} headingKey the page heading
 * @property {string} columnsKey the header row the file must have
 * @property {string} doneKey the text of a done import ({imported})
 */

/** @param {HTMLElement} root @param {ImportPage} page */
export async function renderImport(root, page) {
  const file = /** @type {HTMLInputElement} */ (el('input', { type: 'file', name: 'file', accept: `.csv,.xlsx,text/csv,${XLSX}`, class: 'input' }));
  const dry = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button', 'data-action': 'dry-run', disabled: true }, t('import.dryRun')));
  const commit = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button', 'data-action': 'commit', disabled: true }, t('import.commit')));
  const result = el('div', { class: 'import-result', 'aria-live': 'polite' });
  /** @type {string} the dry-run file, so what is imported is what was checked */
  let checkedName = '';

  root.append(
    el('p', { class: 'back-link' }, link(page.back, t(page.backKey))),
    el('h1', { class: 'page-title' }, t(page.headingKey)),
    el('section', { class: 'card narrow-card' },
      el('p', { class: 'card-note' }, t('import.intro')),
      el('p', { class: 'card-note mono import-header' }, t(page.columnsKey)),
      el('form', { class: 'stack-form', 'data-form': 'import' },
        field('import.file', file, { hintKey: 'import.fileHint' }),
        el('div', { class: 'button-row' }, dry, commit)),
      result));

  on(file, 'change', () => {
    dry.disabled = !file.files?.length;
    commit.disabled = true;
    checkedName = '';
    result.replaceChildren();
  });

  /** @param {boolean} dryRun */
  async function run(dryRun) {
    const chosen = file.files?.[0];
    if (!chosen) return;
    dry.disabled = true;
    commit.disabled = true;
    result.replaceChildren(el('p', { class: 'card-note' }, t('common.loading')));
    try {
      const report = await sendRaw('POST', `${page.path}?dry_run=${dryRun}`, chosen, fileType(chosen));
      show(report);
      checkedName = dryRun && report.errors.length === 0 ? chosen.name : '';
      commit.disabled = !(dryRun && report.errors.length === 0 && report.rows > 0);
    } catch (error) {
      result.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problemText(error)));
    }
    dry.disabled = false;
  }

  /** @param {{dry_run: boolean, rows: number, imported: number, errors: {row: number, column: string, code: string, reason: string}[]}} report */
  function show(report) {
    if (report.errors.length) {
      result.replaceChildren(
        el('p', { class: 'notice notice-bad', role: 'alert' }, t('import.hasErrors', { rows: report.rows, errors: report.errors.length })),
        el('div', { class: 'table-wrap' }, el('table', { class: 'data-table import-errors', 'data-table': 'import-errors' },
          el('caption', { class: 'visually-hidden' }, t('import.errorCaption')),
          el('thead', {}, el('tr', {}, ['import.col.row', 'import.col.column', 'import.col.reason'].map((k) => el('th', { scope: 'col' }, t(k))))),
          el('tbody', {}, report.errors.map((e) => el('tr', {},
            el('td', {}, String(e.row)), el('td', {}, e.column || '—'),
            el('td', { title: e.reason }, getLang() === 'zh-CN' && hasMessage(`importError.${e.code}`) ? t(`importError.${e.code}`) : e.reason)))))));
    } else if (report.dry_run) {
      result.replaceChildren(el('p', { class: 'notice notice-ok', role: 'status' }, t('import.clean', { rows: report.rows })));
    } else {
      result.replaceChildren(el('p', { class: 'notice notice-ok', role: 'status' }, t(page.doneKey, { imported: report.imported })),
        el('p', {}, link(page.back, t(page.backKey))));
    }
  }

  on(dry, 'click', () => { void run(true); });
  on(commit, 'click', () => {
    if (checkedName && file.files?.[0]?.name === checkedName) void run(false);
  });
}

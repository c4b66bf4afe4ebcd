// @ts-check
/** A paged list card: a table (one card per row on phones), "共 N 条" and load-more, for any list endpoint. */
import { get } from './api.js';
import { el, on } from './dom.js';
import { problemText } from './forms.js';
import { t } from './i18n.js';

/**
 * @typedef {object} Column
 * @property {string} key catalogue key of the header (and the phone label)
 * @property {(item: any) => Node | string | number | null} cell
 */

/**
 * @param {{name: string, path: string, query: () => Record<string, string | number | boolean | null | undefined>,
 *          columns: Column[], captionKey: string, totalKey: string, noneKey: string, rowAttrs?: (item: any) => Record<string, string>,
 *          limit?: number}} spec
 * @returns {{section: HTMLElement, load: (append: boolean) => Promise<void>}}
 */
export function createList(spec) {
  const body = el('tbody');
  const summary = el('p', { class: 'card-note list-summary', 'aria-live': 'polite' }, t('common.loading'));
  const more = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', hidden: true }, t('common.loadMore')));
  const section = el('section', { class: 'card', 'data-state': 'loading', 'data-list': spec.name },
    summary,
    el('div', { class: 'table-wrap' },
      el('table', { class: `data-table list-table ${spec.name}-table` },
        el('caption', { class: 'visually-hidden' }, t(spec.captionKey)),
        el('thead', {}, el('tr', {}, spec.columns.map((c) => el('th', { scope: 'col' }, t(c.key))))),
        body)),
    el('p', { class: 'card-actions' }, more));

  /** @type {string | null} */
  let cursor = null;
  let generation = 0;

  /** @param {boolean} append */
  async function load(append) {
    const mine = ++generation;
    section.dataset.state = 'loading';
    more.disabled = true;
    summary.classList.remove('card-error');
    try {
      const page = await get(spec.path, { query: { ...spec.query(), limit: spec.limit ?? 50, cursor: append ? cursor : null } });
      if (mine !== generation) return;
      if (!append) body.replaceChildren();
      body.append(...page.items.map((/** @type {any} */ item) => el('tr', spec.rowAttrs ? spec.rowAttrs(item) : {},
        spec.columns.map((c) => {
          const value = c.cell(item);
          return el('td', { 'data-label': t(c.key) }, value === null || value === '' ? '—' : value);
        }))));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const shown = body.children.length;
      summary.textContent = shown ? t(spec.totalKey, { total: page.total ?? shown, shown }) : t(spec.noneKey);
      section.dataset.state = 'ok';
    } catch (error) {
      if (mine !== generation) return;
      summary.textContent = problemText(error);
      summary.classList.add('card-error');
      section.dataset.state = 'error';
    }
    more.disabled = false;
  }
  on(more, 'click', () => { void load(true); });
  return { section, load };
}

/**
 * A link to an in-app page.
 * @param {string} href
 * @param {string} text
 * @param {Record<string, string>} [attrs]
 */
export const link = (href, text, attrs = {}) => el('a', { href, 'data-link': true, class: 'row-link', ...attrs }, text);

// @ts-check
/** Lists: a table that becomes one card per row on phones, a paged list card ("共 N 条", load-more)
 *  for any list endpoint, and filters that live in the page URL. */
import { get } from './api.js';
import { el, on } from './dom.js';
import { problemText } from './forms.js';
import { t } from './i18n.js';
import { loadAllOrgs, orgOptions } from './labels.js';

/**
 * @typedef {object} Column
 * @property {string} key catalogue key of the header (and of the label beside the value on phones)
 * @property {(item: any) => Node | string | number | null | (Node | string)[]} cell
 * @property {() => Node | string | (Node | string)[]} [head] header content, when it is more than t(key)
 * @property {string} [className] class of the header and of every cell of the column ('num')
 */

/**
 * A table whose rows are laid out as cards of label/value pairs on a phone (CSS .list-table):
 * each cell carries its column's label in data-label.
 * @param {{name: string, captionKey: string, columns: Column[], items?: any[], rowAttrs?: (item: any) => Record<string, string>,
 *          rowHeader?: boolean, extraClass?: string}} spec rowHeader: the first cell heads its row (th scope=row)
 * @returns {{table: HTMLElement, body: HTMLElement, row: (item: any) => HTMLElement}}
 */
export function cardTable(spec) {
  /** @param {any} item */
  const row = (item) => el('tr', spec.rowAttrs ? spec.rowAttrs(item) : {},
    spec.columns.map((c, i) => {
      const value = c.cell(item);
      const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
      return el(spec.rowHeader && i === 0 ? 'th' : 'td', {
        'data-label': t(c.key), class: c.className ?? null, scope: spec.rowHeader && i === 0 ? 'row' : null,
      }, empty ? '—' : value);
    }));
  const body = el('tbody', {}, (spec.items ?? []).map(row));
  const table = el('table', { class: `data-table list-table ${spec.name}-table ${spec.extraClass ?? ''}`.trim(), 'data-table': spec.name },
    el('caption', { class: 'visually-hidden' }, t(spec.captionKey)),
    el('thead', {}, el('tr', {}, spec.columns.map((c) => el('th', { scope: 'col', class: c.className ?? null }, c.head ? c.head() : t(c.key))))),
    body);
  return { table, body, row };
}

/**
 * The named controls of a filter form (inputs and selects with a name).
 * @param {HTMLFormElement} form
 * @returns {(HTMLInputElement | HTMLSelectElement)[]}
 */
function controls(form) {
  return /** @type {(HTMLInputElement | HTMLSelectElement)[]} */ (Array.from(form.elements)
    .filter((c) => (c instanceof HTMLInputElement || c instanceof HTMLSelectElement) && c.name));
}

/**
 * Filters kept in the URL's query string, so Back from a detail page returns to the same filters
 * and a filtered list can be shared. A value equal to the control's initial one stays out of the URL.
 * @param {HTMLFormElement} form
 * @returns {{apply: () => void, save: () => void}} apply: URL -> controls (call once the selects have
 *          their options); save: controls -> URL, replacing the history entry
 */
export function urlFilters(form) {
  const defaults = new Map(controls(form).map((c) => [c.name, c.value]));
  return {
    apply() {
      const params = new URLSearchParams(window.location.search);
      for (const c of controls(form)) {
        const value = params.get(c.name);
        if (value === null) continue;
        c.value = value;
        // A select without that option keeps its default rather than showing nothing.
        if (c instanceof HTMLSelectElement && c.value !== value) c.value = defaults.get(c.name) ?? '';
      }
    },
    save() {
      const params = new URLSearchParams();
      for (const c of controls(form)) {
        const value = c.value.trim();
        if (value !== (defaults.get(c.name) ?? '')) params.set(c.name, value);
      }
      const search = params.toString();
      const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
      if (url !== window.location.pathname + window.location.search) window.history.replaceState(window.history.state, '', url);
    },
  };
}

/**
 * @param {{name: string, path: string, query: () => Record<string, string | number | boolean | null | undefined>,
 *          columns: Column[], captionKey: string, totalKey: string, noneKey: string, rowAttrs?: (item: any) => Record<string, string>,
 *          limit?: number, filters?: HTMLFormElement}} spec filters: the form whose values live in the URL
 *          (written each time the list reloads from its first page)
 * @returns {{section: HTMLElement, load: (append: boolean) => Promise<void>, applyUrl: () => void,
 *           start: (opts?: StartOptions) => Promise<void>}} start: what every list page does once its
 *          page is laid out (below)
 */
export function createList(spec) {
  const { table, body, row } = cardTable({ name: spec.name, captionKey: spec.captionKey, columns: spec.columns, rowAttrs: spec.rowAttrs });
  const summary = el('p', { class: 'card-note list-summary', 'aria-live': 'polite' }, t('common.loading'));
  const more = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', hidden: true }, t('common.loadMore')));
  const section = el('section', { class: 'card', 'data-state': 'loading', 'data-list': spec.name },
    summary,
    el('div', { class: 'table-wrap' }, table),
    el('p', { class: 'card-actions' }, more));
  const url = spec.filters ? urlFilters(spec.filters) : null;

  /** @type {string | null} */
  let cursor = null;
  let generation = 0;
  /** The first page's count (later pages leave it out); capped: more matched than it counted. @type {number | null} */
  let total = null;
  let capped = false;

  /** @param {boolean} append */
  async function load(append) {
    const mine = ++generation;
    if (!append) url?.save();
    section.dataset.state = 'loading';
    more.disabled = true;
    summary.classList.remove('card-error');
    try {
      const page = await get(spec.path, { query: { ...spec.query(), limit: spec.limit ?? 50, cursor: append ? cursor : null } });
      if (mine !== generation) return;
      if (!append) {
        body.replaceChildren();
        total = page.total ?? null;
        capped = page.total_capped === true;
      }
      body.append(...page.items.map(row));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const shown = body.children.length;
      summary.textContent = shown ? t(spec.totalKey, { total: total === null ? shown : capped ? `${total}+` : total, shown, count: shown }) : t(spec.noneKey);
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

  /**
   * Submitting the filters reloads the list from its first page (and runs opts.also); the org select
   * gets the caller's orgs and opts.options fills any other select (a failure leaves them as they
   * are); then the URL's filters are applied and the first page loads, beside opts.also.
   * @param {StartOptions} [opts]
   */
  async function start(opts = {}) {
    if (spec.filters) {
      on(spec.filters, 'submit', (event) => {
        event.preventDefault();
        void load(false);
        void opts.also?.();
      });
    }
    const org = opts.org;
    if (org) {
      await loadAllOrgs().then((all) => {
        org.append(...orgOptions(all).map(([value, text]) => el('option', { value }, text)));
      }).catch(() => {});
    }
    if (opts.options) await opts.options().catch(() => {});
    url?.apply();
    await Promise.all([load(false), opts.also?.()]);
  }
  return { section, load, applyUrl: () => url?.apply(), start };
}

/**
 * @typedef {object} StartOptions
 * @property {HTMLSelectElement} [org] the filter's org select, filled with the caller's orgs
 * @property {() => Promise<void>} [options] fills the filters' other selects
 * @property {() => Promise<void>} [also] runs beside each reload from the filters (a figure above the list)
 */

/**
 * A link to an in-app page.
 * @param {string} href
 * @param {string} text
 * @param {Record<string, string>} [attrs]
 */
export const link = (href, text, attrs = {}) => el('a', { href, 'data-link': true, class: 'row-link', ...attrs }, text);

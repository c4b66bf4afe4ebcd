// @ts-check
/**
 * The institution picker of the new-inspection and new-risk forms: a search box that asks the server
 * (GET /institutions?q=&limit=20) and a <select name="institution_id"> of the answers, so a province
 * with tens of thousands of institutions never loads them all.
 */
import { get } from './api.js';
import { el, on } from './dom.js';
import { field, input, problemText, select } from './forms.js';
import { t } from './i18n.js';

export const PICKER_LIMIT = 20;
const DEBOUNCE_MS = 250;

/** @param {any} i an institution: its name, and the parent org's name to tell namesakes apart */
const optionText = (i) => (i.parent_name ? `${i.name}（${i.parent_name}）` : i.name);

/**
 * @param {{labelKey?: string, preselect?: string | null, onChange?: (id: string) => void}} [opts]
 *   labelKey: the select's label; preselect: an institution id to show chosen (from ?institution_id=)
 * @returns {{fields: HTMLElement[], select: HTMLSelectElement, ready: Promise<void>}}
 */
export function institutionPicker(opts = {}) {
  const search = input('institution_q', {
    type: 'search', placeholder: t('picker.placeholder'), autocomplete: 'off', enterkeyhint: 'search', 'data-picker': 'search',
  });
  const choice = select('institution_id', [['', t('picker.choose')]]);
  choice.dataset.picker = 'select';
  const note = el('p', { class: 'field-hint picker-note', 'aria-live': 'polite', 'data-field': 'picker-note' });
  const searchField = field('picker.search', search);
  searchField.classList.add('picker-search');
  const selectField = field(opts.labelKey ?? 'insp.col.institution', choice, { required: true });
  selectField.insertBefore(note, selectField.querySelector('.field-error'));

  let generation = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {any | null} the preselected institution, kept at the top while it matches nothing else */
  let pinned = null;

  /** @param {string} q */
  async function run(q) {
    const mine = ++generation;
    note.textContent = t('picker.searching');
    try {
      const page = await get('/institutions', { query: { q: q || null, limit: PICKER_LIMIT, sort: 'name' } });
      if (mine !== generation) return;
      const before = choice.value;
      /** @type {any[]} */
      const items = page.items;
      if (pinned && before === pinned.id && !items.some((i) => i.id === pinned.id)) items.unshift(pinned);
      choice.replaceChildren(el('option', { value: '' }, t('picker.choose')),
        ...items.map((i) => el('option', { value: i.id }, optionText(i))));
      const total = page.total_capped ? `${page.total}+` : page.total ?? page.items.length;
      if (items.some((i) => i.id === before)) choice.value = before;
      else if (page.items.length === 1) choice.value = page.items[0].id;
      else choice.value = '';
      note.textContent = !page.items.length ? t('picker.none', { q })
        : page.total_capped || total > page.items.length ? t('picker.some', { total, shown: page.items.length }) : t('picker.all', { total });
      if (choice.value !== before) opts.onChange?.(choice.value);
    } catch (error) {
      if (mine !== generation) return;
      note.textContent = problemText(error);
    }
  }

  on(search, 'input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { void run(search.value.trim()); }, DEBOUNCE_MS);
  });
  on(search, 'keydown', (event) => {
    // Enter searches at once instead of submitting the form.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    clearTimeout(timer);
    void run(search.value.trim());
  });
  on(choice, 'change', () => opts.onChange?.(choice.value));

  async function start() {
    if (opts.preselect) {
      try {
        pinned = await get(`/institutions/${encodeURIComponent(opts.preselect)}`);
        choice.append(el('option', { value: pinned.id }, optionText(pinned)));
        choice.value = pinned.id;
      } catch {
        pinned = null;
      }
    }
    await run('');
  }

  return { fields: [searchField, selectField], select: choice, ready: start() };
}

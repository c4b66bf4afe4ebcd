// @ts-check
/** Checklist templates (检查表): the national and own-subtree templates with their items; admins create new ones. */
import { get, post } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, onSubmit, problemText } from '../forms.js';
import { t } from '../i18n.js';
import * as session from '../session.js';

export const titleKey = 'checklists.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const canWrite = session.can('checklist:write');
  const list = el('div', { class: 'template-list', 'data-list': 'templates', 'aria-live': 'polite' }, el('p', { class: 'card-note' }, t('common.loading')));
  root.append(el('h1', { class: 'page-title' }, t('checklists.heading')), el('p', { class: 'lead' }, t('checklists.intro')), list);

  async function load() {
    try {
      const page = await get('/checklist-templates', { query: { limit: 500 } });
      list.replaceChildren(...page.items.filter((/** @type {any} */ x) => !x.archived).map(card));
      if (!page.items.length) list.append(el('p', { class: 'card-note' }, t('checklists.none')));
    } catch (error) {
      list.replaceChildren(el('p', { class: 'card-error' }, problemText(error)));
    }
  }

  /** @param {any} tpl */
  function card(tpl) {
    const items = el('ol', { class: 'template-items' });
    const details = el('details', { class: 'card template', 'data-template': tpl.name },
      el('summary', { class: 'template-summary' },
        el('span', { class: 'template-name' }, tpl.name), ' ',
        el('span', { class: 'badge' }, tpl.org_id ? t('checklists.own') : t('checklists.national')), ' ',
        el('span', { class: 'card-note' }, t('checklists.count', { n: tpl.item_count }))),
      tpl.description ? el('p', { class: 'card-note' }, tpl.description) : null,
      items);
    let loaded = false;
    on(details, 'toggle', async () => {
      if (!(/** @type {HTMLDetailsElement} */ (details)).open || loaded) return;
      loaded = true;
      try {
        const full = await get(`/checklist-templates/${encodeURIComponent(tpl.id)}`);
        items.replaceChildren(...(full.items ?? []).map((/** @type {any} */ i) => el('li', {},
          el('span', {}, i.text), i.category ? el('span', { class: 'badge' }, i.category) : null,
          i.legal_basis ? el('span', { class: 'legal-basis' }, i.legal_basis) : null)));
      } catch (error) {
        items.replaceChildren(el('li', { class: 'card-error' }, problemText(error)));
      }
    });
    return details;
  }

  if (canWrite) {
    const name = input('name', { maxlength: 100 });
    const description = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'description', class: 'input', rows: 2, maxlength: 1000 }));
    const itemsText = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'items', class: 'input', rows: 6 }));
    const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'template-new' },
      field('checklists.name', name, { required: true }), field('checklists.description', description),
      field('checklists.items', itemsText, { required: true, hintKey: 'checklists.itemsHint' }),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('checklists.create')))));
    onSubmit(form, async () => {
      const items = itemsText.value.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
        const [text, category, basis] = line.split('|').map((s) => s.trim());
        /** @type {Record<string, string>} */
        const item = { text };
        if (category) item.category = category;
        if (basis) item.legal_basis = basis;
        return item;
      });
      await post('/checklist-templates', { name: name.value.trim(), description: description.value.trim() || null, items });
      form.reset();
      form.prepend(el('p', { class: 'notice notice-ok', role: 'status' }, t('checklists.created')));
      await load();
    });
    root.append(el('section', { class: 'card narrow-card' }, el('h2', { class: 'card-title' }, t('checklists.new')), form));
  }
  await load();
}

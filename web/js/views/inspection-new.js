// @ts-check
/** A new inspection: institution, type (safety officers: 自查 only), checklist template, date; then the runner. */
import { get, post } from '../api.js';
import { el } from '../dom.js';
import { field, input, loadPage, onSubmit, select } from '../forms.js';
import { t } from '../i18n.js';
import { INSPECTION_TYPES, codeOptions, today } from '../codes.js';
import { link } from '../listing.js';
import { institutionPicker } from '../picker.js';
import { navigate } from '../router.js';
import * as session from '../session.js';

export const titleKey = 'insp.newTitle';

/** @param {HTMLElement} root */
export async function render(root) {
  const me = /** @type {import('../session.js').Me} */ (session.current());
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/inspections', t('insp.back'))), status);
  /** @type {any[] | null} */
  const templates = await loadPage(status, async () =>
    (await get('/checklist-templates', { query: { limit: 500 } })).items.filter((/** @type {any} */ x) => !x.archived));
  if (!templates) return;
  const selfOnly = me.user.role === 'safety_officer';
  const params = new URLSearchParams(window.location.search);
  const picker = institutionPicker({ preselect: params.get('institution_id') });
  const institution = picker.select;
  const type = select('type', codeOptions('inspType', selfOnly ? ['self'] : INSPECTION_TYPES), selfOnly ? 'self' : 'routine');
  const template = select('template_id', [['', t('insp.chooseTemplate')], ...templates.map((x) => /** @type {[string, string]} */ ([x.id, t('insp.templateOption', { name: x.name, count: x.item_count })]))]);
  const date = input('inspected_on', { type: 'date', value: today() });
  const inspectors = input('inspectors', { maxlength: 200, value: me.user.display_name });
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'inspection-new' },
    ...picker.fields,
    field('insp.col.type', type, { required: true, hintKey: selfOnly ? 'insp.selfOnly' : undefined }),
    field('insp.col.template', template, { required: true }),
    field('insp.col.date', date, { required: true }),
    field('insp.inspectors', inspectors, { hintKey: 'insp.inspectorsHint' }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-block' }, t('insp.start')))));
  root.append(el('h1', { class: 'page-title' }, t('insp.new')), el('section', { class: 'card narrow-card' }, form));
  await picker.ready;

  onSubmit(form, async () => {
    const names = inspectors.value.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean);
    /** @type {Record<string, any>} */
    const body = { institution_id: institution.value || null, type: type.value, template_id: template.value || null, inspected_on: date.value || null };
    if (names.length) body.inspectors = names.map((name) => (name === me.user.display_name ? { user_id: me.user.id, name } : { name }));
    for (const key of ['institution_id', 'template_id', 'inspected_on']) if (body[key] === null) delete body[key];
    const created = await post('/inspections', body);
    navigate(`/inspections/${encodeURIComponent(created.id)}/run`);
  });
}

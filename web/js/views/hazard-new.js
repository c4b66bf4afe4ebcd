// @ts-check
/** 上报隐患: the phone report screen, for one hand: the camera first, then where (institution, key
 *  location, place), what (category, description) and the suggested level, and a thumb-reach 上报 at the
 *  bottom. POST /hazards answers the new hazard (state reported), whose page opens. */
import { get, post } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, onSubmit, select } from '../forms.js';
import { t } from '../i18n.js';
import { HAZARD_LEVELS, RISK_CATEGORIES, codeOptions } from '../codes.js';
import { link } from '../listing.js';
import { institutionPicker } from '../picker.js';
import { navigate } from '../router.js';
import * as session from '../session.js';
import { hazardPath } from './hazard-common.js';
import { photoField, photoIds } from './hazard-photos.js';

export const titleKey = 'hazardNew.title';

/** @param {HTMLElement} root */
export async function render(root) {
  root.classList.add('report-view');
  const photos = photoField({ labelKey: 'hazardNew.photos', hintKey: 'hazardNew.photosHint', primary: true });
  photos.node.classList.add('report-photos');
  const picker = institutionPicker({ labelKey: 'hazard.institution', preselect: new URLSearchParams(window.location.search).get('institution_id'),
    onChange: () => { void loadLocations(); } });
  const location = select('key_location_id', [['', t('hazardNew.noKeyLocation')]]);
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES, 'hazardNew.chooseCategory'), '');
  const description = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'description', class: 'input', rows: 3, maxlength: 2000,
    placeholder: t('hazardNew.descriptionPlaceholder') }));
  const place = input('location', { maxlength: 200, placeholder: t('hazardNew.placePlaceholder') });
  const levels = HAZARD_LEVELS.map((level) => /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'level', value: level, class: 'visually-hidden level-radio' })));
  levels[0].checked = true;
  const submit = el('button', { type: 'submit', class: 'button button-block report-submit', 'data-action': 'report' }, t('hazardNew.submit'));

  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form report-form', novalidate: true, 'data-form': 'hazard-new' },
    photos.node,
    ...picker.fields,
    field('hazard.keyLocation', location),
    field('hazard.category', category, { required: true }),
    field('hazard.description', description, { required: true }),
    field('hazard.location', place),
    el('fieldset', { class: 'field level-toggle', 'data-field-name': 'level' }, el('legend', {}, t('hazardNew.level')),
      el('div', { class: 'level-options' }, HAZARD_LEVELS.map((level, i) => el('label', { class: `level-option level-${level}` }, levels[i],
        el('span', { class: 'level-option-text' }, t(`hazardLevel.${level}`))))),
      el('p', { class: 'field-hint' }, t('hazardNew.levelHint')),
      el('p', { class: 'field-error', hidden: true })),
    el('div', { class: 'report-bar' }, submit)));

  root.append(
    el('p', { class: 'back-link' }, link('/hazards', t('hazards.back'))),
    el('h1', { class: 'page-title' }, t('hazardNew.heading')),
    el('section', { class: 'card report-card' }, form));

  async function loadLocations() {
    location.replaceChildren(el('option', { value: '' }, t('hazardNew.noKeyLocation')));
    if (!picker.select.value) return;
    try {
      const page = await get(`/institutions/${encodeURIComponent(picker.select.value)}/key-locations`, { query: { limit: 500 } });
      location.append(...page.items.map((/** @type {any} */ l) => el('option', { value: l.id }, `${l.name}（${t(`locKind.${l.kind}`)}）`)));
    } catch {
      // a hazard can be reported without a key location
    }
  }
  on(location, 'change', () => {
    // The key location names the place when nothing more precise was typed.
    if (!place.value.trim() && location.value) place.placeholder = location.selectedOptions[0]?.textContent ?? '';
  });

  onSubmit(form, async () => {
    /** @type {Record<string, any>} */
    const body = {
      institution_id: picker.select.value || null,
      key_location_id: location.value || null,
      category: category.value || null,
      description: description.value.trim(),
      location: place.value.trim() || null,
      level: levels.find((r) => r.checked)?.value ?? 'general',
      attachments: photoIds(photos),
    };
    for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
    const created = await post('/hazards', body);
    navigate(`${hazardPath(created.id)}?done=report`);
  });
  await picker.ready;
  // A unit sees its own institution only: nothing to search for.
  if (session.current()?.org.level === 'unit' && picker.select.options.length === 2 && picker.select.value) picker.fields[0].hidden = true;
  await loadLocations();
}

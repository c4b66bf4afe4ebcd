// @ts-check
/** The institution form: /institutions/new (creates the unit org too) and /institutions/:id/edit (PATCH with If-Match). */
import { getVersioned, post, requestFull } from '../api.js';
import { el, on, qsa } from '../dom.js';
import { field, input, loadPage, onSubmit, select } from '../forms.js';
import { t } from '../i18n.js';
import { loadAllOrgs, orgOptions } from '../labels.js';
import { GRADES, INSTITUTION_TYPES, OWNERSHIPS, codeOptions } from '../codes.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';

export const titleKey = 'inst.formTitle';

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const creating = !params.id;
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link(creating ? '/institutions' : `/institutions/${encodeURIComponent(params.id)}`, t(creating ? 'inst.back' : 'inst.backDetail'))), status);
  /** @type {any} */
  let inst = null;
  let etag = '';
  /** @type {import('../labels.js').Org[]} */
  let parents = [];
  const loaded = await loadPage(status, async () => {
    if (creating) parents = (await loadAllOrgs()).filter((o) => o.level !== 'unit');
    else ({ record: inst, etag } = await getVersioned(`/institutions/${encodeURIComponent(params.id)}`));
    return true;
  });
  if (!loaded) return;

  /** @param {string} name @param {any} value @param {Record<string, any>} [attrs] */
  const text = (name, value, attrs = {}) => input(name, { value: value ?? '', ...attrs });
  const phone = (/** @type {string} */ name, /** @type {any} */ value) => text(name, value, { type: 'tel', inputmode: 'tel', maxlength: 20 });
  const name = text('name', inst?.name, { maxlength: 100 });
  const parent = creating ? select('parent_id', orgOptions(parents)) : null;
  const credit = text('credit_code', inst?.credit_code, { maxlength: 18, autocapitalize: 'characters', spellcheck: 'false', class: 'input mono' });
  const type = select('type', codeOptions('instType', INSTITUTION_TYPES), inst?.type ?? 'general_hospital');
  const grade = select('grade', codeOptions('instGrade', GRADES), inst?.grade ?? 'none');
  const ownership = select('ownership', codeOptions('ownership', OWNERSHIPS), inst?.ownership ?? 'public');
  const address = text('address', inst?.address, { maxlength: 200 });
  const beds = text('beds', inst?.beds, { type: 'number', min: 0, inputmode: 'numeric' });
  const staff = text('staff', inst?.staff, { type: 'number', min: 0, inputmode: 'numeric' });
  const pName = text('principal.name', inst?.principal?.name, { maxlength: 64 });
  const pPhone = phone('principal.phone', inst?.principal?.phone);
  const dName = text('safety_department.name', inst?.safety_department?.name, { maxlength: 100 });
  const dHead = text('safety_department.head', inst?.safety_department?.head, { maxlength: 64 });
  const dPhone = phone('safety_department.phone', inst?.safety_department?.phone);
  const gName = text('grid_name', inst?.grid_name, { maxlength: 100 });
  const gHead = text('grid_head', inst?.grid_head, { maxlength: 64 });
  const gPhone = phone('grid_head_phone', inst?.grid_head_phone);

  /** @param {HTMLInputElement} node */
  const str = (node) => node.value.trim() || null;
  /** @param {HTMLInputElement} node */
  const num = (node) => (node.value.trim() === '' ? null : Number(node.value));
  /** @param {Record<string, string | null>} o */
  const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

  /**
   * Editable rows of a JSON array member (safety_officers, contacts): inputs named member[i].key, renumbered
   * after a removal so server errors (contacts[1].phone) land next to the right input.
   * @param {string} member
   * @param {string} rowClass
   * @param {string} legendKey catalogue key with {n}
   * @param {[key: string, labelKey: string, attrs: Record<string, any>, required?: boolean][]} columns
   */
  function rows(member, rowClass, legendKey, columns) {
    const box = el('div', { class: `${rowClass}s`, 'data-rows': member });
    /** @param {any} [value] */
    function add(value) {
      const i = box.children.length;
      const remove = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-action': 'remove-row' }, t('common.remove'));
      const row = el('fieldset', { class: rowClass, 'data-row': String(i) },
        el('legend', { class: 'visually-hidden' }, t(legendKey, { n: i + 1 })),
        columns.map(([key, labelKey, attrs, required]) => field(labelKey,
          key === 'phone' ? phone(`${member}[${i}].${key}`, value?.[key]) : text(`${member}[${i}].${key}`, value?.[key], attrs), { required })),
        el('div', { class: 'officer-remove' }, remove));
      on(remove, 'click', () => {
        row.remove();
        renumber();
      });
      box.append(row);
    }
    function renumber() {
      const prefix = new RegExp(`^${member}\\[\\d+\\]`);
      qsa(`.${rowClass}`, box).forEach((row, i) => {
        row.dataset.row = String(i);
        const legend = row.querySelector('legend');
        if (legend) legend.textContent = t(legendKey, { n: i + 1 });
        for (const wrap of qsa('[data-field-name]', row)) {
          const control = wrap.querySelector('input');
          const nameAttr = (control?.getAttribute('name') ?? '').replace(prefix, `${member}[${i}]`);
          control?.setAttribute('name', nameAttr);
          wrap.dataset.fieldName = nameAttr;
        }
      });
    }
    /** The rows as JSON: empty optional members left out. */
    function value() {
      return qsa(`.${rowClass}`, box).map((row) => {
        const inputs = qsa('input', row).map((n) => /** @type {HTMLInputElement} */ (n));
        return compact(Object.fromEntries(columns.map(([key, , , required], k) => [key, required ? inputs[k].value.trim() : str(inputs[k])])));
      });
    }
    return { box, add, value };
  }

  const officers = rows('safety_officers', 'officer-row', 'inst.officerN', [
    ['department', 'inst.officer.department', { maxlength: 100 }], ['name', 'inst.officer.name', { maxlength: 64 }, true], ['phone', 'inst.officer.phone', {}]]);
  for (const o of inst?.safety_officers ?? []) officers.add(o);
  const addOfficerButton = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'add-officer' }, t('inst.officer.add'));
  on(addOfficerButton, 'click', () => officers.add());

  const contacts = rows('contacts', 'contact-row', 'inst.contactN', [
    ['name', 'inst.contact.name', { maxlength: 64 }, true], ['role', 'inst.contact.role', { maxlength: 64 }], ['phone', 'inst.contact.phone', {}]]);
  for (const c of inst?.contacts ?? []) contacts.add(c);
  const addContactButton = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'add-contact' }, t('inst.contact.add'));
  on(addContactButton, 'click', () => contacts.add());

  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form wide-form', novalidate: true, 'data-form': creating ? 'institution-new' : 'institution-edit' },
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.registry')),
      el('div', { class: 'form-grid' },
        parent ? field('inst.field.parent', parent, { required: true }) : null,
        field('inst.col.name', name, { required: true }),
        field('inst.field.credit_code', credit, { required: true, hintKey: 'inst.creditHint' }),
        field('inst.col.type', type, { required: true }), field('inst.col.grade', grade), field('inst.field.ownership', ownership),
        field('inst.field.address', address), field('inst.col.beds', beds), field('inst.field.staff', staff))),
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.field.principal')),
      el('div', { class: 'form-grid' }, field('inst.person.name', pName), field('inst.person.phone', pPhone, { hintKey: 'inst.phoneHint' }))),
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.field.safety_department')),
      el('div', { class: 'form-grid' }, field('inst.dept.name', dName), field('inst.dept.head', dHead), field('inst.person.phone', dPhone))),
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.field.safety_officers')), officers.box, addOfficerButton),
    el('fieldset', { class: 'form-section', 'data-section': 'contacts' }, el('legend', {}, t('inst.field.contacts')), contacts.box, addContactButton),
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.col.grid')),
      el('div', { class: 'form-grid' }, field('inst.field.grid_name', gName), field('inst.field.grid_head', gHead), field('inst.person.phone', gPhone))),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t(creating ? 'inst.create' : 'common.save')))));

  root.append(el('h1', { class: 'page-title' }, creating ? t('inst.new') : t('inst.editHeading', { name: inst.name })),
    el('section', { class: 'card' }, form));

  function body() {
    return {
      credit_code: credit.value.trim().toUpperCase(), type: type.value, grade: grade.value, ownership: ownership.value,
      address: str(address), beds: num(beds), staff: num(staff),
      principal: compact({ name: str(pName), phone: str(pPhone) }),
      safety_department: compact({ name: str(dName), head: str(dHead), phone: str(dPhone) }),
      safety_officers: officers.value(),
      contacts: contacts.value(),
      grid_name: str(gName), grid_head: str(gHead), grid_head_phone: str(gPhone),
    };
  }

  onSubmit(form, async () => {
    if (creating) {
      const created = await post('/institutions', { parent_id: parent?.value, name: name.value.trim(), ...body() });
      navigate(`/institutions/${encodeURIComponent(created.id)}?saved=1`);
      return;
    }
    /** @type {Record<string, any>} */
    const changes = body();
    if (name.value.trim() !== inst.name) changes.name = name.value.trim();
    await requestFull('PATCH', `/institutions/${encodeURIComponent(inst.id)}`, { body: changes, headers: { 'If-Match': etag } });
    navigate(`/institutions/${encodeURIComponent(inst.id)}?saved=1`);
  });
  name.focus();
}

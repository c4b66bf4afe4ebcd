// @ts-check
/** The institution form: /institutions/new (creates the unit org too) and /institutions/:id/edit (PATCH with If-Match). */
import { ApiError, post, requestFull } from '../api.js';
import { el, on, qsa } from '../dom.js';
import { clearErrors, field, input, select, setBusy, showErrors, problemText } from '../forms.js';
import { t } from '../i18n.js';
import { loadAllOrgs, orgOptions } from '../labels.js';
import { GRADES, INSTITUTION_TYPES, OWNERSHIPS, codeOptions } from '../codes.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';

export const titleKey = 'inst.formTitle';
export const access = 'institution:write';

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
  try {
    if (creating) {
      parents = (await loadAllOrgs()).filter((o) => o.level !== 'unit');
    } else {
      const res = await requestFull('GET', `/institutions/${encodeURIComponent(params.id)}`);
      inst = res.data;
      etag = res.headers.get('ETag') ?? `"v${inst.version}"`;
    }
  } catch (error) {
    status.textContent = problemText(error);
    status.classList.add('card-error');
    return;
  }
  status.remove();

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

  const officers = el('div', { class: 'officer-rows' });
  /** @param {any} [o] */
  function addOfficer(o) {
    const i = officers.children.length;
    const remove = el('button', { type: 'button', class: 'button button-secondary button-small' }, t('common.remove'));
    const row = el('fieldset', { class: 'officer-row', 'data-officer': String(i) },
      el('legend', { class: 'visually-hidden' }, t('inst.officerN', { n: i + 1 })),
      field('inst.officer.department', text(`safety_officers[${i}].department`, o?.department, { maxlength: 100 })),
      field('inst.officer.name', text(`safety_officers[${i}].name`, o?.name, { maxlength: 64 }), { required: true }),
      field('inst.officer.phone', phone(`safety_officers[${i}].phone`, o?.phone)),
      el('div', { class: 'officer-remove' }, remove));
    on(remove, 'click', () => {
      row.remove();
      renumber();
    });
    officers.append(row);
  }
  /** Keeps the names safety_officers[i].x in row order, so server errors land on the right row. */
  function renumber() {
    qsa('.officer-row', officers).forEach((row, i) => {
      row.dataset.officer = String(i);
      for (const wrap of qsa('[data-field-name]', row)) {
        const control = wrap.querySelector('input');
        const nameAttr = (control?.getAttribute('name') ?? '').replace(/^safety_officers\[\d+\]/, `safety_officers[${i}]`);
        control?.setAttribute('name', nameAttr);
        wrap.dataset.fieldName = nameAttr;
      }
    });
  }
  for (const o of inst?.safety_officers ?? []) addOfficer(o);
  const addOfficerButton = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'add-officer' }, t('inst.officer.add'));
  on(addOfficerButton, 'click', () => addOfficer());

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
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.field.safety_officers')), officers, addOfficerButton),
    el('fieldset', { class: 'form-section' }, el('legend', {}, t('inst.col.grid')),
      el('div', { class: 'form-grid' }, field('inst.field.grid_name', gName), field('inst.field.grid_head', gHead), field('inst.person.phone', gPhone))),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t(creating ? 'inst.create' : 'common.save')))));

  root.append(el('h1', { class: 'page-title' }, creating ? t('inst.new') : t('inst.editHeading', { name: inst.name })),
    el('section', { class: 'card' }, form));

  /** @param {HTMLInputElement} node */
  const str = (node) => node.value.trim() || null;
  /** @param {HTMLInputElement} node */
  const num = (node) => (node.value.trim() === '' ? null : Number(node.value));
  /** @param {Record<string, string | null>} o */
  const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

  function body() {
    const officerList = qsa('.officer-row', officers).map((row) => {
      const [dep, nm, ph] = qsa('input', row).map((n) => /** @type {HTMLInputElement} */ (n));
      return compact({ department: str(dep), name: nm.value.trim(), phone: str(ph) });
    });
    return {
      credit_code: credit.value.trim().toUpperCase(), type: type.value, grade: grade.value, ownership: ownership.value,
      address: str(address), beds: num(beds), staff: num(staff),
      principal: compact({ name: str(pName), phone: str(pPhone) }),
      safety_department: compact({ name: str(dName), head: str(dHead), phone: str(dPhone) }),
      safety_officers: officerList,
      grid_name: str(gName), grid_head: str(gHead), grid_head_phone: str(gPhone),
    };
  }

  on(form, 'submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    setBusy(form, true);
    try {
      if (creating) {
        const created = await post('/institutions', { parent_id: parent?.value, name: name.value.trim(), contacts: [], ...body() });
        navigate(`/institutions/${encodeURIComponent(created.id)}?saved=1`);
        return;
      }
      /** @type {Record<string, any>} */
      const changes = body();
      if (name.value.trim() !== inst.name) changes.name = name.value.trim();
      await requestFull('PATCH', `/institutions/${encodeURIComponent(inst.id)}`, { body: changes, headers: { 'If-Match': etag } });
      navigate(`/institutions/${encodeURIComponent(inst.id)}?saved=1`);
    } catch (error) {
      setBusy(form, false);
      showErrors(form, error);
      if (error instanceof ApiError && error.code === 'precondition_failed') {
        const reload = el('button', { type: 'button', class: 'button button-secondary' }, t('common.reload'));
        on(reload, 'click', () => navigate(window.location.pathname, { replace: true }));
        form.querySelector('.form-error')?.append(' ', reload);
      }
    }
  });
  name.focus();
}

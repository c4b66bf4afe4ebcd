// @ts-check
/** Form building blocks: labelled fields with an error slot, and API errors mapped onto them. */
import { ApiError } from './api.js';
import { el, qs, qsa } from './dom.js';
import { hasMessage, t } from './i18n.js';

let counter = 0;

/**
 * A labelled field: <div class="field"><label/>control<p class="field-hint"/><p class="field-error"/></div>.
 * The control must carry a name attribute (the JSON member the server names in errors[].field).
 * @param {string} labelKey
 * @param {HTMLElement} control input, select or textarea
 * @param {{hintKey?: string, required?: boolean}} [opts]
 * @returns {HTMLElement}
 */
export function field(labelKey, control, opts = {}) {
  counter += 1;
  const id = control.id || `f-${control.getAttribute('name') ?? 'x'}-${counter}`;
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = opts.hintKey ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (opts.required) control.setAttribute('required', '');
  return el('div', { class: 'field', 'data-field-name': control.getAttribute('name') ?? '' },
    el('label', { for: id }, t(labelKey), opts.required ? el('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hintId ? el('p', { class: 'field-hint', id: hintId }, t(/** @type {string} */ (opts.hintKey))) : null,
    el('p', { class: 'field-error', id: errorId, hidden: true, 'aria-live': 'polite' }));
}

/**
 * @param {string} name
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @returns {HTMLInputElement}
 */
export function input(name, attrs = {}) {
  return /** @type {HTMLInputElement} */ (el('input', { name, type: 'text', class: 'input', ...attrs }));
}

/**
 * @param {string} name
 * @param {[string, string][]} options value, visible text
 * @param {string} [value] selected value
 * @returns {HTMLSelectElement}
 */
export function select(name, options, value) {
  const node = /** @type {HTMLSelectElement} */ (el('select', { name, class: 'input' },
    options.map(([v, text]) => el('option', { value: v }, text))));
  if (value !== undefined) node.value = value;
  return node;
}

/** The general error box of a form (created on first use, at the top). @param {HTMLElement} form */
function formError(form) {
  let box = qs('.form-error', form);
  if (!box) {
    box = el('p', { class: 'form-error', role: 'alert' });
    form.prepend(box);
  }
  return box;
}

/** Removes every error shown in the form. @param {HTMLElement} form */
export function clearErrors(form) {
  for (const node of qsa('.field-error', form)) {
    node.textContent = '';
    node.hidden = true;
  }
  for (const node of qsa('[aria-invalid]', form)) node.removeAttribute('aria-invalid');
  qs('.form-error', form)?.remove();
}

/**
 * Shows a message under the field named name (the JSON member).
 * @param {HTMLElement} form
 * @param {string} name
 * @param {string} message
 * @returns {boolean} false when the form has no such field
 */
export function showFieldError(form, name, message) {
  const wrap = qs(`[data-field-name="${CSS.escape(name)}"]`, form);
  if (!wrap) return false;
  const slot = qs('.field-error', wrap);
  const control = qs('input, select, textarea', wrap);
  if (slot) {
    slot.textContent = message;
    slot.hidden = false;
  }
  control?.setAttribute('aria-invalid', 'true');
  return true;
}

/**
 * Shows a general message at the top of the form.
 * @param {HTMLElement} form
 * @param {string} message
 */
export function showFormError(form, message) {
  formError(form).textContent = message;
}

/**
 * The text for one errors[] entry: the catalogue's words for its code, else the server's message.
 * @param {{field?: string, code?: string, message?: string}} entry
 */
export function fieldErrorText(entry) {
  const specific = `fieldError.${entry.field}.${entry.code}`;
  if (hasMessage(specific)) return t(specific);
  const key = `fieldError.${entry.code}`;
  if (entry.code && hasMessage(key)) return t(key);
  return entry.message || t('fieldError.invalid');
}

/**
 * A readable sentence for a failed call, from its problem code.
 * @param {unknown} error
 * @returns {string}
 */
export function problemText(error) {
  if (!(error instanceof ApiError)) return t('error.network');
  if (error.code === 'timeout') return t('error.timeout');
  if (error.status === 0) return t('error.network');
  if (error.code === 'account_locked') {
    return t('problem.account_locked', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 1800) / 60)) });
  }
  if (error.code === 'rate_limited') {
    return t('problem.rate_limited', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) });
  }
  if (error.code === 'conflict') return error.detail ? t('problem.conflictDetail', { detail: error.detail }) : t('problem.conflict');
  const key = `problem.${error.code}`;
  if (hasMessage(key)) return t(key);
  return t('error.unknown', { status: error.status });
}

/**
 * Puts an API error onto the form: errors[] next to their fields, the rest at the top.
 * @param {HTMLElement} form
 * @param {unknown} error
 */
export function showErrors(form, error) {
  clearErrors(form);
  let placed = 0;
  if (error instanceof ApiError && error.code === 'validation_failed') {
    const loose = [];
    for (const entry of error.errors) {
      if (entry.field && showFieldError(form, entry.field, fieldErrorText(entry))) placed += 1;
      else loose.push(fieldErrorText(entry));
    }
    if (loose.length) showFormError(form, loose.join(' '));
    else if (placed) showFormError(form, t('problem.validation_failed'));
  } else {
    showFormError(form, problemText(error));
  }
  const first = qs('[aria-invalid="true"]', form);
  if (first instanceof HTMLElement) first.focus();
}

/**
 * Disables the form's submit buttons while work runs.
 * @param {HTMLFormElement} form
 * @param {boolean} busy
 */
export function setBusy(form, busy) {
  for (const button of qsa('button', form)) /** @type {HTMLButtonElement} */ (button).disabled = busy;
  form.setAttribute('aria-busy', String(busy));
}

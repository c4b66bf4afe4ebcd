// @ts-check
/** Form building blocks: labelled fields with an error slot, and API errors mapped onto them. */
import { ApiError } from './api.js';
import { el, on, qs, qsa } from './dom.js';
import { hasMessage, t } from './i18n.js';
import { navigate } from './router.js';

let counter = 0;

/**
 * A labelled field: <div class="field"><label/>control<p class="field-hint"/><p class="field-error"/></div>.
 * The control must carry a name attribute (the JSON member the server names in errors[].field).
 * @param {string} labelKey
 * @param {HTMLElement} control input, select or textarea
 * @param {{hintKey?: string, hint?: string, required?: boolean}} [opts] hint: a hint already in words (built from
 *        server data), instead of hintKey
 * @returns {HTMLElement}
 */
export function field(labelKey, control, opts = {}) {
  counter += 1;
  const id = control.id || `f-${control.getAttribute('name') ?? 'x'}-${counter}`;
  control.id = id;
  const errorId = `${id}-error`;
  const hintText = opts.hint ?? (opts.hintKey ? t(opts.hintKey) : null);
  const hintId = hintText ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  if (opts.required) control.setAttribute('required', '');
  return el('div', { class: 'field', 'data-field-name': control.getAttribute('name') ?? '' },
    el('label', { for: id }, t(labelKey), opts.required ? el('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hintId ? el('p', { class: 'field-hint', id: hintId }, hintText) : null,
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
 * The 409 details the server writes in English (codes stay "conflict"), recognised so the page can say them
 * in Chinese: pattern, catalogue key, names of the numbers captured (the key's parameters).
 * @type {[RegExp, string, string[]][]}
 */
const CONFLICTS = [
  [/^The org still has (\d+) child orgs, (\d+) users and (\d+) API clients/, 'conflict.orgNotEmpty', ['orgs', 'users', 'clients']],
  [/^Your own org cannot be deleted/, 'conflict.ownOrgDelete', []],
  [/^Your own org cannot be moved/, 'conflict.ownOrgMove', []],
  [/^An org cannot be moved under itself/, 'conflict.orgCycle', []],
  [/^A \w+ cannot be placed under a/, 'conflict.orgLevel', []],
  [/^The parent already has an org with this name/, 'conflict.orgNameTaken', []],
  [/^The username is already taken/, 'conflict.usernameTaken', []],
  [/^You cannot change your own role/, 'conflict.ownRole', []],
  [/^You cannot deactivate yourself/, 'conflict.selfDeactivate', []],
  [/^An institution with this credit code/, 'conflict.creditCodeTaken', []],
  [/^This unit already has an institution record/, 'conflict.unitHasRecord', []],
  [/^Only a unit org has an institution record/, 'conflict.notUnit', []],
  [/^The institution is archived/, 'conflict.institutionArchived', []],
  [/^Archived risks cannot be changed/, 'conflict.riskArchived', []],
  [/^Shipped templates cannot be changed/, 'conflict.templateShipped', []],
  [/^Archived templates cannot be changed/, 'conflict.templateArchived', []],
  [/^Inspections use this template/, 'conflict.templateInUse', []],
  [/^Submitted inspections are fixed|^The inspection is already submitted/, 'conflict.inspectionSubmitted', []],
  [/^Only submitted inspections are corrected/, 'conflict.correctDraft', []],
  [/^This inspection already has a correction/, 'conflict.correctedAlready', []],
  [/^Items not answered \(positions\):\s*(.*)$/, 'conflict.unanswered', ['positions']],
  [/^A record with the same key already exists/, 'conflict.duplicate', []],
];

/**
 * The Chinese sentence for a 409: a recognised server detail, else the caller's context key, else the general one.
 * @param {ApiError} error
 * @param {{conflictKey?: string}} [context]
 */
function conflictText(error, context = {}) {
  for (const [pattern, key, names] of CONFLICTS) {
    const match = pattern.exec(error.detail);
    if (match) return t(key, Object.fromEntries(names.map((name, i) => [name, match[i + 1]])));
  }
  return t(context.conflictKey ?? 'problem.conflict');
}

/**
 * The server's own words for a failure whose sentence problemText translated (a 409 detail), else ''.
 * Shown as a second, smaller line or title so support can match it with the server log.
 * @param {unknown} error
 */
export function problemDetail(error) {
  return error instanceof ApiError && error.code === 'conflict' ? error.detail : '';
}

/**
 * A node for a failed call: the sentence, and the server's detail as a smaller second line (with title).
 * @param {unknown} error
 * @param {{conflictKey?: string}} [context]
 * @returns {Node[]}
 */
export function problemNodes(error, context) {
  const detail = problemDetail(error);
  return [document.createTextNode(problemText(error, context)),
    detail ? el('small', { class: 'problem-server', lang: 'en', title: detail }, detail) : null].filter((n) => n !== null);
}

/**
 * A readable sentence for a failed call, from its problem code (and for a 409, its detail or the context).
 * @param {unknown} error
 * @param {{conflictKey?: string}} [context] conflictKey: what to say about a 409 the page cannot read better
 * @returns {string}
 */
export function problemText(error, context) {
  if (!(error instanceof ApiError)) return t('error.network');
  if (error.code === 'timeout') return t('error.timeout');
  if (error.status === 0) return t('error.network');
  if (error.code === 'account_locked') {
    return t('problem.account_locked', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 1800) / 60)) });
  }
  if (error.code === 'rate_limited') {
    return t('problem.rate_limited', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) });
  }
  if (error.code === 'conflict') return conflictText(error, context);
  const key = `problem.${error.code}`;
  if (hasMessage(key)) return t(key);
  return t('error.unknown', { status: error.status });
}

/**
 * Puts an API error onto the form: errors[] next to their fields, the rest at the top.
 * @param {HTMLElement} form
 * @param {unknown} error
 * @param {{conflictKey?: string}} [context] passed to problemText
 */
export function showErrors(form, error, context) {
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
    formError(form).replaceChildren(...problemNodes(error, context));
  }
  const first = qs('[aria-invalid="true"]', form);
  if (first instanceof HTMLElement) first.focus();
}

/**
 * A form's submit: the default prevented, old errors cleared and the buttons disabled while work
 * runs, then enabled again. A failure puts the API's errors onto the form (opts.context for their
 * sentences; 重新加载 beside a stale version) before opts.failed runs.
 * @param {HTMLFormElement} form
 * @param {() => Promise<void>} work
 * @param {{context?: {conflictKey?: string}, failed?: (error: unknown) => void}} [opts]
 */
export function onSubmit(form, work, opts = {}) {
  on(form, 'submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    setBusy(form, true);
    try {
      await work();
    } catch (error) {
      setBusy(form, false);
      showErrors(form, error, opts.context);
      offerReloadIfStale(form, error);
      opts.failed?.(error);
      return;
    }
    setBusy(form, false);
  });
}

/**
 * After showErrors: when the error is a stale version (412 precondition_failed), a 重新加载 button
 * beside the message that loads the page again.
 * @param {HTMLElement} where the form (or box) showErrors wrote into
 * @param {unknown} error
 */
export function offerReloadIfStale(where, error) {
  if (!(error instanceof ApiError && error.code === 'precondition_failed')) return;
  const reload = el('button', { type: 'button', class: 'button button-secondary' }, t('common.reload'));
  on(reload, 'click', () => navigate(window.location.pathname, { replace: true }));
  where.querySelector('.form-error')?.append(' ', reload);
}

/**
 * Loads what a page needs before it shows anything, under the page's status line (正在加载……): on
 * success the line goes and the answer is what load gave; on a failure the line says why, in red,
 * and the answer is null (the page stops there).
 * @template T
 * @param {HTMLElement} status
 * @param {() => Promise<T>} load
 * @returns {Promise<T | null>}
 */
export async function loadPage(status, load) {
  try {
    const value = await load();
    status.remove();
    return value;
  } catch (error) {
    status.textContent = problemText(error);
    status.classList.add('card-error');
    return null;
  }
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

/**
 * The area under a record's action buttons: one thing open at a time, its button marked
 * aria-expanded. toggle(b) closes whatever is open and says whether it was b's (a second click
 * on the open button only closes it); opened(b) marks b's as open once its form is shown.
 * @param {HTMLElement} area
 */
export function actionArea(area) {
  /** @type {HTMLElement | null} */
  let openButton = null;
  const close = () => {
    area.replaceChildren();
    openButton?.setAttribute('aria-expanded', 'false');
    openButton = null;
  };
  return {
    close,
    /** @param {HTMLElement} b */
    toggle: (b) => {
      const was = openButton === b;
      close();
      return was;
    },
    /** @param {HTMLElement} b */
    opened: (b) => {
      openButton = b;
      b.setAttribute('aria-expanded', 'true');
    },
  };
}

/**
 * An inline "are you sure" box in area: the question, a danger button that runs action, and 取消.
 * A failure stays in the box (the problem's sentence, and the server's detail as a second line).
 * @param {HTMLElement} area
 * @param {string} question
 * @param {() => Promise<void>} action
 * @param {{yesKey?: string, name?: string, conflictKey?: string}} [opts] yesKey: the button's words; name: data-confirm
 */
export function confirmAction(area, question, action, opts = {}) {
  const yes = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-danger', 'data-action': 'confirm-delete' },
    t(opts.yesKey ?? 'common.confirmDelete')));
  const no = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'cancel-confirm' }, t('common.cancel'));
  const box = el('div', { class: 'confirm-inline', role: 'alertdialog', 'data-confirm': opts.name ?? 'delete' }, el('p', {}, question), yes, ' ', no);
  no.addEventListener('click', () => area.replaceChildren());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    qs('.form-error', box)?.remove();
    try {
      await action();
      area.replaceChildren();
    } catch (error) {
      yes.disabled = false;
      box.append(el('p', { class: 'form-error', role: 'alert' }, ...problemNodes(error, opts)));
    }
  });
  area.replaceChildren(box);
  yes.focus();
}

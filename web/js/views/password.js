// @ts-check
/** Change-password page: required after an admin reset or on first sign-in, open to every user. */
import { el, on } from '../dom.js';
import { clearErrors, field, input, setBusy, showErrors, showFieldError, showFormError } from '../forms.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import * as session from '../session.js';
import { passwordPolicy, policyHint } from '../policy.js';
import { nextPath } from './login.js';

export const titleKey = 'password.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const me = session.current();
  const policy = await passwordPolicy();
  const current = input('current_password', { type: 'password', autocomplete: 'current-password' });
  const fresh = input('new_password', { type: 'password', autocomplete: 'new-password' });
  const again = input('new_password_again', { type: 'password', autocomplete: 'new-password' });
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true },
    field('password.current', current, { required: true }),
    field('password.new', fresh, { required: true, hint: policyHint(policy) }),
    field('password.again', again, { required: true }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('password.submit')))));

  root.append(
    el('section', { class: 'card narrow-card', 'data-view': 'password' },
      el('h1', { class: 'page-title' }, t('password.heading')),
      me?.password_change_required ? el('p', { class: 'notice', role: 'status' }, t('password.required')) : null,
      form),
  );

  on(form, 'submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (fresh.value !== again.value) {
      showFieldError(form, 'new_password_again', t('password.mismatch'));
      showFormError(form, t('problem.validation_failed'));
      return;
    }
    setBusy(form, true);
    try {
      await session.changePassword(current.value, fresh.value);
      navigate(nextPath(), { replace: true });
    } catch (error) {
      setBusy(form, false);
      showErrors(form, error);
    }
  });
  current.focus();
}

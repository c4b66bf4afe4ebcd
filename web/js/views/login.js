// @ts-check
/** Sign-in page: username and password; errors in words from the problem code. */
import { ApiError } from '../api.js';
import { el, on } from '../dom.js';
import { clearErrors, field, input, setBusy, showErrors, showFieldError, showFormError } from '../forms.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import * as session from '../session.js';

export const titleKey = 'login.title';

/**
 * The page to return to after sign-in: the ?next= of the login URL when it is a local path.
 * @returns {string}
 */
export function nextPath() {
  const next = new URLSearchParams(window.location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** @param {HTMLElement} root */
export function render(root) {
  const username = input('username', { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', maxlength: 64 });
  const password = input('password', { type: 'password', autocomplete: 'current-password', maxlength: 256 });
  const submit = el('button', { type: 'submit', class: 'button button-block' }, t('login.submit'));
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'login-form', novalidate: true },
    field('login.username', username, { required: true }),
    field('login.password', password, { required: true }),
    submit));

  root.append(
    el('section', { class: 'card login-card', 'data-view': 'login' },
      el('h1', { class: 'page-title' }, t('login.heading')),
      el('p', { class: 'card-note' }, t('login.intro')),
      form),
  );

  on(form, 'submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    let missing = false;
    if (!username.value.trim()) missing = showFieldError(form, 'username', t('fieldError.required'));
    if (!password.value) missing = showFieldError(form, 'password', t('fieldError.required')) || missing;
    if (missing) {
      showFormError(form, t('problem.validation_failed'));
      return;
    }
    setBusy(form, true);
    try {
      const me = await session.login(username.value.trim(), password.value);
      const next = nextPath();
      navigate(me.password_change_required ? `/account/password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (error) {
      setBusy(form, false);
      showErrors(form, error);
      if (error instanceof ApiError && error.code === 'invalid_credentials') {
        password.value = '';
        password.focus();
      }
    }
  });
  username.focus();
}

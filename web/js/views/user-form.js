// @ts-check
/** One user: the create form (/users/new) or the edit page (/users/:id) with activation and password reset. */
import { post, requestFull } from '../api.js';
import { el, on } from '../dom.js';
import { clearErrors, field, input, offerReloadIfStale, onSubmit, problemText, select, showErrors } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { grantableRoles, loadAllOrgs, orgOptions, roleLabel } from '../labels.js';
import { passwordPolicy, policyHint } from '../policy.js';
import { navigate } from '../router.js';
import * as session from '../session.js';

export const titleKey = 'userForm.title';

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const creating = !params.id;
  const me = /** @type {import('../session.js').Me} */ (session.current());
  const canWrite = session.can('user:write');
  const back = el('p', { class: 'back-link' }, el('a', { href: '/users', 'data-link': true }, t('userForm.back')));
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(back, status);

  if (creating && !canWrite) {
    status.textContent = t('forbidden.text');
    return;
  }

  /** @type {any} */
  let user = null;
  let etag = '';
  /** @type {import('../labels.js').Org[]} */
  let orgs;
  let hint = '';
  try {
    const [all, loaded, policy] = await Promise.all([
      loadAllOrgs(),
      creating ? Promise.resolve(null) : requestFull('GET', `/users/${encodeURIComponent(params.id)}`),
      passwordPolicy(),
    ]);
    orgs = all;
    hint = policyHint(policy);
    if (loaded) {
      user = loaded.data;
      etag = loaded.headers.get('ETag') ?? '';
    }
  } catch (error) {
    status.textContent = problemText(error);
    status.classList.add('card-error');
    return;
  }
  status.remove();

  const roles = grantableRoles(me.user.role).slice().reverse();
  if (user && !roles.includes(user.role)) roles.unshift(user.role);
  const username = input('username', { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: 32 });
  const displayName = input('display_name', { maxlength: 64, autocomplete: 'off' });
  const phone = input('phone', { type: 'tel', inputmode: 'numeric', maxlength: 11, autocomplete: 'off' });
  const org = select('org_id', orgOptions(orgs), user?.org_id ?? me.org.id);
  const role = select('role', roles.map((r) => [r, roleLabel(r)]), user?.role ?? 'viewer');
  const password = input('password', { type: 'password', autocomplete: 'new-password' });
  const active = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', name: 'active', class: 'checkbox' }));
  if (user) {
    displayName.value = user.display_name;
    phone.value = user.phone ?? '';
    active.checked = user.active;
  }
  const self = user?.id === me.user.id;
  if (self) {
    role.disabled = true;
    active.disabled = true;
  }
  if (!canWrite) for (const node of [displayName, phone, org, role, active]) node.disabled = true;

  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': creating ? 'create-user' : 'edit-user' },
    creating ? field('users.col.username', username, { required: true, hintKey: 'userForm.usernameHint' }) : null,
    field('users.col.displayName', displayName, { required: true }),
    field('userForm.phone', phone, { hintKey: 'userForm.phoneHint' }),
    field('users.col.org', org, { required: true }),
    field('users.col.role', role, { required: true, hintKey: self ? 'userForm.selfRole' : 'userForm.roleHint' }),
    creating ? field('userForm.initialPassword', password, { required: true, hint }) : null,
    creating ? null : el('div', { class: 'field field-check', 'data-field-name': 'active' },
      el('label', { class: 'check-label' }, active, ' ', t('userForm.activeLabel')),
      el('p', { class: 'field-error', hidden: true })),
    canWrite ? el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button' }, t(creating ? 'userForm.create' : 'common.save'))) : null));

  const heading = el('h1', { class: 'page-title' }, creating ? t('userForm.newHeading') : t('userForm.editHeading', { name: user.display_name }));
  const card = el('section', { class: 'card narrow-card', 'data-view': creating ? 'user-new' : 'user-edit' },
    user ? el('p', { class: 'card-note' }, t('userForm.meta', {
      username: user.username, created: formatCompact(user.created_at), last: formatCompact(user.last_login_at),
    })) : null,
    form);
  root.append(heading, card);

  onSubmit(form, async () => {
    if (creating) {
      const created = await post('/users', {
        username: username.value.trim(), display_name: displayName.value.trim(), phone: phone.value.trim() || null,
        org_id: org.value, role: role.value, password: password.value,
      });
      navigate(`/users?q=${encodeURIComponent(created.username)}&created=1`);
      return;
    }
    /** @type {Record<string, any>} */
    const body = {};
    if (displayName.value.trim() !== user.display_name) body.display_name = displayName.value.trim();
    if ((phone.value.trim() || null) !== user.phone) body.phone = phone.value.trim() || null;
    if (org.value !== user.org_id) body.org_id = org.value;
    if (!self && role.value !== user.role) body.role = role.value;
    if (!self && active.checked !== user.active) body.active = active.checked;
    if (Object.keys(body).length) await save(body);
    notice(t('common.saved'));
  });

  /**
   * PATCHes the user with If-Match and keeps the new ETag.
   * @param {Record<string, any>} body
   */
  async function save(body) {
    const res = await requestFull('PATCH', `/users/${encodeURIComponent(user.id)}`, { body, headers: etag ? { 'If-Match': etag } : {} });
    user = res.data;
    etag = res.headers.get('ETag') ?? `"v${user.version}"`;
    active.checked = user.active;
    heading.textContent = t('userForm.editHeading', { name: user.display_name });
    activation.textContent = t(user.active ? 'userForm.deactivate' : 'userForm.reactivate');
  }

  /** @param {string} message */
  function notice(message) {
    card.querySelector('.notice')?.remove();
    card.prepend(el('p', { class: 'notice notice-ok', role: 'status' }, message));
  }

  const activation = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'toggle-active' }, '');
  if (user && canWrite && !self) {
    activation.textContent = t(user.active ? 'userForm.deactivate' : 'userForm.reactivate');
    const activationBox = el('div', { class: 'stack-form align-start' });
    on(activation, 'click', async () => {
      clearErrors(activationBox);
      activation.setAttribute('disabled', '');
      try {
        await save({ active: !user.active });
        notice(t(user.active ? 'userForm.reactivated' : 'userForm.deactivated'));
      } catch (error) {
        showErrors(activationBox, error);
        offerReloadIfStale(activationBox, error);
      }
      activation.removeAttribute('disabled');
    });
    activationBox.append(activation);

    const newPassword = input('new_password', { type: 'password', autocomplete: 'new-password' });
    const resetForm = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'reset-password' },
      field('userForm.newPassword', newPassword, { required: true, hint: `${hint} ${t('userForm.resetHint')}` }),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('userForm.resetPassword')))));
    onSubmit(resetForm, async () => {
      await post(`/users/${encodeURIComponent(user.id)}/password`, { new_password: newPassword.value });
      newPassword.value = '';
      resetForm.prepend(el('p', { class: 'notice notice-ok', role: 'status' }, t('userForm.resetDone')));
    });
    root.append(
      el('section', { class: 'card narrow-card' }, el('h2', { class: 'card-title' }, t('userForm.accountTitle')),
        el('p', { class: 'card-note' }, t('userForm.activationHint')), activationBox),
      el('section', { class: 'card narrow-card' }, el('h2', { class: 'card-title' }, t('userForm.resetPassword')), resetForm),
    );
  }
  if (creating) username.focus();
}

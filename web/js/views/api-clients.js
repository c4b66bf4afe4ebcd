// @ts-check
/** API clients: list, create (the secret is shown once, with a copy button), revoke. */
import { del, post } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, onSubmit, problemText, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { loadAllOrgs, orgOptions } from '../labels.js';
import { createList } from '../listing.js';
import * as session from '../session.js';

export const titleKey = 'clients.title';

/**
 * Copies text to the clipboard; falls back to selecting the field so the user can copy by hand.
 * @param {string} text
 * @param {HTMLInputElement} source
 * @returns {Promise<boolean>}
 */
async function copy(text, source) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    source.focus();
    source.select();
    return false;
  }
}

/** @param {HTMLElement} root */
export async function render(root) {
  const me = /** @type {import('../session.js').Me} */ (session.current());
  const canWrite = session.can('client:write');
  const secretBox = el('div', { class: 'secret-area' });
  const list = createList({
    name: 'clients', path: '/api-clients', query: () => ({}), captionKey: 'clients.caption', totalKey: 'clients.total', noneKey: 'clients.none',
    rowAttrs: (c) => ({ 'data-client': c.name }),
    columns: [
      { key: 'clients.col.name', cell: (c) => c.name },
      { key: 'clients.col.org', cell: (c) => c.org_name },
      { key: 'clients.col.scope', cell: (c) => t(`clients.scope.${c.scope}`) },
      { key: 'clients.col.status', cell: (c) => el('span', { class: `badge ${c.active ? 'badge-ok' : 'badge-bad'}` }, t(c.active ? 'clients.active' : 'clients.revoked')) },
      { key: 'clients.col.created', cell: (c) => formatCompact(c.created_at) },
      { key: 'clients.col.lastUsed', cell: (c) => formatCompact(c.last_used_at) },
      { key: 'users.col.actions', cell: (c) => (canWrite && c.active ? revokeControl(c) : null) },
    ],
  });
  const load = list.load;
  const listCard = list.section;

  root.append(
    el('h1', { class: 'page-title' }, t('clients.heading')),
    el('p', { class: 'lead' }, t('clients.intro')),
    secretBox,
  );

  if (canWrite) {
    const name = input('name', { maxlength: 64, autocomplete: 'off' });
    const org = select('org_id', [[me.org.id, me.org.name]]);
    const scope = select('scope', [['read', t('clients.scope.read')], ['read-write', t('clients.scope.read-write')]], 'read');
    const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form form-grid', novalidate: true, 'data-form': 'create-client' },
      field('clients.col.name', name, { required: true }),
      field('clients.col.org', org, { required: true }),
      field('clients.col.scope', scope, { required: true }),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('clients.create')))));
    root.append(el('section', { class: 'card' }, el('h2', { class: 'card-title' }, t('clients.newTitle')), form));
    loadAllOrgs().then((all) => {
      org.replaceChildren(...orgOptions(all).map(([value, text]) => el('option', { value }, text)));
      org.value = me.org.id;
    }).catch(() => {});

    onSubmit(form, async () => {
      const created = await post('/api-clients', { name: name.value.trim(), org_id: org.value, scope: scope.value });
      name.value = '';
      showSecret(created);
      await load(false);
    });
  }
  root.append(listCard);

  /** @param {{client: any, client_id: string, client_secret: string}} created */
  function showSecret(created) {
    const idField = /** @type {HTMLInputElement} */ (el('input', { class: 'input mono', readonly: true, value: created.client_id, 'aria-label': t('clients.clientId'), 'data-field': 'client-id' }));
    const secretField = /** @type {HTMLInputElement} */ (el('input', { class: 'input mono', readonly: true, value: created.client_secret, 'aria-label': t('clients.secret'), 'data-field': 'client-secret' }));
    const copyButton = el('button', { type: 'button', class: 'button', 'data-action': 'copy-secret' }, t('clients.copy'));
    const copied = el('span', { class: 'copy-state', 'aria-live': 'polite' });
    const done = el('button', { type: 'button', class: 'button button-secondary' }, t('clients.secretDone'));
    on(copyButton, 'click', async () => {
      copied.textContent = (await copy(created.client_secret, secretField)) ? t('clients.copied') : t('clients.copyManual');
    });
    on(done, 'click', () => secretBox.replaceChildren());
    secretBox.replaceChildren(el('section', { class: 'card secret-card', role: 'alert' },
      el('h2', { class: 'card-title' }, t('clients.secretTitle', { name: created.client.name })),
      el('p', { class: 'warning' }, t('clients.secretWarning')),
      el('div', { class: 'field' }, el('span', { class: 'field-label' }, t('clients.clientId')), idField),
      el('div', { class: 'field' }, el('span', { class: 'field-label' }, t('clients.secret')), secretField),
      el('div', { class: 'button-row' }, copyButton, copied),
      el('div', { class: 'button-row' }, done)));
    secretBox.scrollIntoView({ block: 'start' });
  }

  /**
   * 吊销 with its inline confirmation.
   * @param {any} client
   */
  function revokeControl(client) {
    const actions = el('span', { class: 'row-actions' });
    const revoke = el('button', { type: 'button', class: 'button button-danger button-small', 'data-action': 'revoke' }, t('clients.revoke'));
    on(revoke, 'click', () => {
      const yes = el('button', { type: 'button', class: 'button button-danger button-small' }, t('clients.revokeConfirm'));
      const no = el('button', { type: 'button', class: 'button button-secondary button-small' }, t('common.cancel'));
      const box = el('div', { class: 'confirm-inline' }, el('p', {}, t('clients.revokeQuestion', { name: client.name })), yes, no);
      on(no, 'click', () => actions.replaceChildren(revoke));
      on(yes, 'click', async () => {
        yes.setAttribute('disabled', '');
        try {
          await del(`/api-clients/${encodeURIComponent(client.id)}`);
          await load(false);
        } catch (error) {
          box.append(el('p', { class: 'card-error' }, problemText(error)));
          yes.removeAttribute('disabled');
        }
      });
      actions.replaceChildren(box);
    });
    actions.append(revoke);
    return actions;
  }

  await load(false);
}

// @ts-check
/** API clients: list, create (the secret is shown once, with a copy button), revoke. */
import { del, get, post } from '../api.js';
import { el, on } from '../dom.js';
import { clearErrors, field, input, problemText, select, setBusy, showErrors } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { loadAllOrgs, orgOptions } from '../labels.js';
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
  const body = el('tbody');
  const summary = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  const more = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', hidden: true }, t('common.loadMore')));
  const secretBox = el('div', { class: 'secret-area' });
  const listCard = el('section', { class: 'card', 'data-list': 'clients', 'data-state': 'loading' },
    summary,
    el('div', { class: 'table-wrap' },
      el('table', { class: 'data-table list-table' },
        el('caption', { class: 'visually-hidden' }, t('clients.caption')),
        el('thead', {}, el('tr', {},
          ['clients.col.name', 'clients.col.org', 'clients.col.scope', 'clients.col.status', 'clients.col.created', 'clients.col.lastUsed', 'users.col.actions']
            .map((key) => el('th', { scope: 'col' }, t(key))))),
        body)),
    el('p', { class: 'card-actions' }, more));

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

    on(form, 'submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      setBusy(form, true);
      try {
        const created = await post('/api-clients', { name: name.value.trim(), org_id: org.value, scope: scope.value });
        name.value = '';
        showSecret(created);
        await load(false);
      } catch (error) {
        showErrors(form, error);
      }
      setBusy(form, false);
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

  /** @type {string | null} */
  let cursor = null;

  /** @param {any} client */
  function row(client) {
    /** @param {string} key @param {Node | string} value */
    const cell = (key, value) => el('td', { 'data-label': t(key) }, value);
    const actions = el('td', { 'data-label': t('users.col.actions') });
    if (canWrite && client.active) {
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
    } else {
      actions.append('—');
    }
    return el('tr', { 'data-client': client.name },
      cell('clients.col.name', client.name),
      cell('clients.col.org', client.org_name),
      cell('clients.col.scope', t(`clients.scope.${client.scope}`)),
      cell('clients.col.status', el('span', { class: `badge ${client.active ? 'badge-ok' : 'badge-bad'}` }, t(client.active ? 'clients.active' : 'clients.revoked'))),
      cell('clients.col.created', formatCompact(client.created_at)),
      cell('clients.col.lastUsed', formatCompact(client.last_used_at)),
      actions);
  }

  /** @param {boolean} append */
  async function load(append) {
    more.disabled = true;
    try {
      const page = await get('/api-clients', { query: { limit: 50, cursor: append ? cursor : null } });
      if (!append) body.replaceChildren();
      body.append(...page.items.map(row));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      summary.textContent = body.children.length ? t('clients.total', { total: page.total ?? body.children.length }) : t('clients.none');
      listCard.dataset.state = 'ok';
    } catch (error) {
      summary.textContent = problemText(error);
      listCard.dataset.state = 'error';
    }
    more.disabled = false;
  }
  on(more, 'click', () => { void load(true); });
  await load(false);
}

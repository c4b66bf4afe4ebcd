// @ts-check
/** System status page: health and readiness details in a table, with a refresh button. */
import { el, on } from '../dom.js';
import { t } from '../i18n.js';
import { describeDatabase, describeService, describeTime, errorText, loadSystemStatus } from './system-status.js';

export const titleKey = 'status.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const body = el('tbody');
  const message = el('p', { class: 'card-note', 'data-field': 'message', 'aria-live': 'polite' }, t('common.loading'));
  const refresh = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button' }, t('common.refresh')));
  const section = el('section', { class: 'card status-card', 'data-state': 'loading' },
    message,
    el('div', { class: 'table-wrap' },
      el('table', { class: 'data-table' },
        el('caption', {}, t('status.caption')),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, t('status.item')),
          el('th', { scope: 'col' }, t('status.value')))),
        body)),
    el('p', { class: 'card-actions' }, refresh));

  root.append(
    el('h1', { class: 'page-title' }, t('status.heading')),
    el('p', { class: 'lead' }, t('status.intro')),
    section,
  );

  async function load() {
    section.dataset.state = 'loading';
    refresh.disabled = true;
    message.textContent = t('common.loading');
    const s = await loadSystemStatus();
    const service = describeService(s);
    const database = describeDatabase(s);
    /** @type {[string, string, string?][]} */
    const rows = [
      ['health.status', service.text, service.ok ? 'badge-ok' : 'badge-bad'],
      ['status.service', s.health?.service ?? '—'],
      ['health.version', s.health?.version ?? '—'],
      ['health.time', describeTime(s)],
      ['health.database', database.text, database.ok ? 'badge-ok' : 'badge-bad'],
      ['status.schemaVersion', s.ready ? String(s.ready.schema_version) : '—'],
      ['status.expectedSchemaVersion', s.ready ? String(s.ready.expected_schema_version) : '—'],
    ];
    body.replaceChildren(...rows.map(([key, value, badge]) =>
      el('tr', { 'data-row': key },
        el('th', { scope: 'row' }, t(key)),
        el('td', {}, badge ? el('span', { class: `badge ${badge}` }, value) : value))));
    message.textContent = s.health ? t('health.loaded') : errorText(s.healthError);
    message.classList.toggle('card-error', !s.health);
    message.classList.toggle('visually-hidden', Boolean(s.health));
    section.dataset.state = s.health ? 'ok' : 'error';
    refresh.disabled = false;
  }

  on(refresh, 'click', () => { void load(); });
  await load();
}

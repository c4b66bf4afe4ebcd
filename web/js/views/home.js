// @ts-check
/** Home page: welcome panel and the server health card. */
import { cloneTemplate, el, qs, setField } from '../dom.js';
import { t, translateTree } from '../i18n.js';
import * as session from '../session.js';
import { describeDatabase, describeService, describeTime, errorText, loadSystemStatus } from './system-status.js';

export const titleKey = 'home.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const fragment = cloneTemplate('tpl-health-card');
  translateTree(fragment);
  const card = /** @type {HTMLElement} */ (qs('.health-card', fragment));

  const me = session.current();
  root.append(
    el('section', { class: 'panel welcome' },
      el('h1', { class: 'page-title' }, t('home.heading')),
      me ? el('p', { class: 'greeting', 'data-field': 'greeting' },
        t('home.greeting', { name: me.user.display_name, role: t(`role.${me.user.role}`), org: me.org.name })) : null,
      el('p', { class: 'lead' }, t('home.intro'))),
    fragment,
  );

  const s = await loadSystemStatus();
  const service = describeService(s);
  const database = describeDatabase(s);

  setField(card, 'status', service.text)?.classList.add(service.ok ? 'badge-ok' : 'badge-bad');
  setField(card, 'version', s.health?.version ?? '—');
  const time = setField(card, 'time', describeTime(s));
  if (time && s.health) time.setAttribute('datetime', s.health.time);
  setField(card, 'ready', database.text)?.classList.add(database.ok ? 'badge-ok' : 'badge-bad');
  setField(card, 'schema', database.schema);

  const failed = !s.health;
  setField(card, 'message', failed ? errorText(s.healthError) : t('health.loaded'));
  qs('[data-field="message"]', card)?.classList.toggle('card-error', failed);
  qs('[data-field="message"]', card)?.classList.toggle('visually-hidden', !failed);
  card.dataset.state = failed ? 'error' : 'ok';
}

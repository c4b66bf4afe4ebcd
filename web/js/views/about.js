// @ts-check
/** About page: what the platform is for, from the message catalogue. */
import { el } from '../dom.js';
import { t } from '../i18n.js';

export const titleKey = 'about.title';

/** @param {HTMLElement} root */
export function render(root) {
  root.append(
    el('h1', { class: 'page-title' }, t('about.heading')),
    el('p', { class: 'lead' }, t('about.intro')),
    el('section', { class: 'card' },
      el('h2', { class: 'card-title' }, t('about.databases.heading')),
      el('ul', { class: 'plain-list' },
        el('li', {}, t('about.databases.institutions')),
        el('li', {}, t('about.databases.risks')),
        el('li', {}, t('about.databases.inspections')))),
    el('section', { class: 'card' },
      el('h2', { class: 'card-title' }, t('about.loop.heading')),
      el('p', {}, t('about.loop.text'))),
    el('section', { class: 'card' },
      el('h2', { class: 'card-title' }, t('about.campaigns.heading')),
      el('p', {}, t('about.campaigns.text'))),
  );
}

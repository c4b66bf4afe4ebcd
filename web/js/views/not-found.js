// @ts-check
/** Shown for any path the route table does not know. */
import { el } from '../dom.js';
import { t } from '../i18n.js';

export const titleKey = 'notFound.title';

/** @param {HTMLElement} root */
export function render(root) {
  root.append(
    el('section', { class: 'panel not-found', 'data-view': 'not-found' },
      el('h1', { class: 'page-title' }, t('notFound.heading')),
      el('p', {}, t('notFound.text')),
      el('p', {}, el('a', { href: '/', 'data-link': true, class: 'button' }, t('common.backHome')))),
  );
}

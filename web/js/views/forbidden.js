// @ts-check
/** Shown instead of a page the signed-in user's role may not open. */
import { el } from '../dom.js';
import { t } from '../i18n.js';

export const titleKey = 'forbidden.title';

/** @param {HTMLElement} root */
export function render(root) {
  root.append(
    el('section', { class: 'panel', 'data-view': 'forbidden' },
      el('h1', { class: 'page-title' }, t('forbidden.heading')),
      el('p', {}, t('forbidden.text')),
      el('p', {}, el('a', { href: '/', 'data-link': true, class: 'button' }, t('common.backHome')))),
  );
}

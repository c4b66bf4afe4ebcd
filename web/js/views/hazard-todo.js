// @ts-check
/** 待办: the caller's hazard work (GET /todo): what waits for their move, what falls due within three
 *  days, and what is overdue below them; each row opens its hazard. The home page of a unit safety
 *  officer opens on it. */
import { get } from '../api.js';
import { el, on } from '../dom.js';
import { t } from '../i18n.js';
import { link } from '../listing.js';
import * as session from '../session.js';
import { hazardPath, levelBadge, marks, stateBadge } from './hazard-common.js';

const SECTIONS = /** @type {const} */ (['waiting', 'due_soon', 'overdue']);

/** Rows shown per section before 显示全部: the home page stays short on a phone. */
const FIRST = 5;

/** @param {any} h */
const row = (h) => el('li', { class: 'item', 'data-hazard': h.id, 'data-state': h.state },
  el('div', { class: 'item-main' },
    el('p', { class: 'item-title' }, link(hazardPath(h.id), h.description)),
    el('p', { class: 'badge-group' }, stateBadge(h.state), levelBadge(h.level), ...marks(h)),
    el('p', { class: 'item-note' }, [h.org_name, h.deadline ? t('hazardTodo.deadline', { date: h.deadline }) : null].filter(Boolean).join(' · '))));

/**
 * One section: its first rows (soonest deadline first), 显示全部 for the rest the server sent, or its empty note.
 * @param {string} name
 * @param {{count: number, items: any[]}} section
 */
function part(name, section) {
  const list = el('ul', { class: 'item-list todo-list' }, section.items.slice(0, FIRST).map(row));
  const rest = section.items.slice(FIRST);
  const more = rest.length ? el('button', { type: 'button', class: 'button button-secondary button-small', 'data-action': 'todo-more' },
    t('hazardTodo.showAll', { count: section.items.length })) : null;
  if (more) {
    on(more, 'click', () => {
      list.append(...rest.map(row));
      more.remove();
    });
  }
  return el('section', { class: `todo-part todo-${name}`, 'data-todo': name },
    el('h3', { class: 'sub-title' }, t(`hazardTodo.${name}`), ' ', el('span', { class: `badge ${section.count && name === 'overdue' ? 'badge-bad' : ''}`.trim(), 'data-count': String(section.count) },
      String(section.count))),
    section.items.length ? list : el('p', { class: 'card-note' }, t(`hazardTodo.none.${name}`)),
    more,
    section.count > section.items.length ? el('p', { class: 'card-note' }, t('hazardTodo.more', { count: section.count, shown: section.items.length })) : null);
}

/**
 * The to-do card, filled when the server answers; null when the server has no to-do list.
 * @param {Promise<any>} [answer] GET /todo already asked (the home page shares it with the reports card)
 * @returns {Promise<HTMLElement | null>}
 */
export async function todoCard(answer) {
  /** @type {any} */
  let todo;
  try {
    todo = await (answer ?? get('/todo'));
  } catch {
    return null;
  }
  if (!todo) return null;
  return el('section', { class: 'card todo-card', 'data-card': 'todo' },
    el('div', { class: 'card-head' },
      el('h2', { class: 'card-title' }, t('hazardTodo.title')),
      el('p', { class: 'button-row' },
        session.can('hazard:write') ? link('/hazards/new', t('hazards.new'), { class: 'button' }) : null,
        link('/hazards', t('hazardTodo.all'), { class: 'button button-secondary' }))),
    SECTIONS.map((name) => part(name, todo[name] ?? { count: 0, items: [] })));
}

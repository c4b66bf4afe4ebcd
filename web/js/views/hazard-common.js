// @ts-check
/** What the hazard pages share: the badges of a hazard's state, level, overdue and listing, its deadline,
 *  and the body of an action (POST /hazards/{id}/actions/{action}). */
import { post } from '../api.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';

/** The open states: a hazard in one of them can be overdue. */
export const OPEN_STATES = ['reported', 'registered', 'notice_issued', 'rectifying', 'acceptance_requested'];

/** The colour family of each state (badge-*): waiting for the unit, waiting for someone else, done. */
const STATE_TONE = /** @type {Record<string, string>} */ ({
  reported: 'badge-draft', registered: 'badge-draft', notice_issued: 'badge-bad', rectifying: 'badge-duty',
  acceptance_requested: 'badge-duty', closed: 'badge-ok', cancelled: 'badge-archived',
});

/** @param {string} state */
export const stateBadge = (state) => el('span', { class: `badge hazard-state ${STATE_TONE[state] ?? ''}`, 'data-state': state }, t(`hazardState.${state}`));

/** 一般 yellow, 重大 red (the colours of the risk grades). @param {string} level */
export const levelBadge = (level) => el('span', { class: `badge grade-badge grade-${level === 'major' ? 'major' : 'general'}`, 'data-level': level },
  t(`hazardLevel.${level}`));

/**
 * The marks beside a hazard's state: 逾期 (open past its deadline) and 挂牌督办.
 * @param {any} h
 * @returns {HTMLElement[]}
 */
export function marks(h) {
  return [
    h.overdue ? el('span', { class: 'badge badge-bad badge-overdue', 'data-mark': 'overdue' }, t('hazard.overdue')) : null,
    h.listed ? el('span', { class: 'badge badge-listed', 'data-mark': 'listed' }, t('hazard.listed')) : null,
  ].filter((n) => n !== null);
}

/**
 * The deadline as the page shows it: the date, and the granted extension when there is one.
 * @param {any} h
 */
export function deadlineText(h) {
  if (!h.deadline) return null;
  return h.extension_state === 'granted' && h.extension_until && h.extension_until !== h.deadline
    ? t('hazard.deadlineExtended', { date: h.deadline, until: h.extension_until }) : h.deadline;
}

/**
 * Takes an action on a hazard; resolves with the hazard the server answers (for rebound: the new one).
 * @param {string} id
 * @param {string} action
 * @param {Record<string, any>} body
 */
export const act = (id, action, body) => post(`/hazards/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}`, body);

/** @param {string} id */
export const hazardPath = (id) => `/hazards/${encodeURIComponent(id)}`;

/**
 * The nodes that are there (for DOM append, which would write a null as the text "null").
 * @param {(Node | null | undefined | false)[]} nodes
 * @returns {Node[]}
 */
export const present = (...nodes) => /** @type {Node[]} */ (nodes.filter((n) => n instanceof Node));

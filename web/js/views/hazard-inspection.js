// @ts-check
/** The hazards of an inspection, on its page: the hazards its findings became (with their states), and
 *  for findings not yet registered, 登记为隐患 for each and for all (POST /inspections/{id}/hazards). */
import { post } from '../api.js';
import { el, on } from '../dom.js';
import { field, problemNodes, select } from '../forms.js';
import { RISK_CATEGORIES, codeOptions } from '../codes.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { link } from '../listing.js';
import * as session from '../session.js';
import { hazardPath, levelBadge, marks, stateBadge } from './hazard-common.js';

/**
 * The section, or null when the inspection has neither hazards nor findings to register.
 * @param {any} insp the inspection as GET answers it (findings, hazards)
 * @returns {HTMLElement | null}
 */
export function inspectionHazards(insp) {
  /** @type {any[]} */
  const hazards = insp.hazards ?? [];
  // The candidates: each finding, and each failed item without one (its text stands for it).
  /** @type {any[]} */
  const findings = insp.findings ?? [];
  const withFinding = new Set(findings.map((f) => f.position));
  /** @type {{id: string | null, position: number, description: string}[]} */
  const candidates = [
    ...findings.map((f) => ({ id: f.id, position: f.position, description: f.description })),
    ...(insp.results ?? []).filter((/** @type {any} */ r) => r.result === 'fail' && !withFinding.has(r.position))
      .map((/** @type {any} */ r) => ({ id: null, position: r.position, description: r.note ? `${r.item_text}：${r.note}` : r.item_text })),
  ].sort((a, b) => a.position - b.position);
  const linked = new Set(hazards.map((h) => h.finding_id).filter(Boolean));
  const linkedPositions = new Set(hazards.map((h) => h.inspection_position).filter((p) => p !== null && p !== undefined));
  const open = candidates.filter((f) => !(f.id && linked.has(f.id)) && !linkedPositions.has(f.position));
  const canRegister = insp.status === 'submitted' && session.can('hazard:write') && !insp.corrected_by_id;
  if (!hazards.length && !(canRegister && open.length)) return null;
  const problem = el('div', { 'aria-live': 'polite' });
  // The category the new hazards get (the registering office may change each later).
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES), 'other');
  const path = `/inspections/${encodeURIComponent(insp.id)}/hazards`;

  /** @param {HTMLButtonElement} button @param {Record<string, any>} body */
  async function register(button, body) {
    button.disabled = true;
    problem.replaceChildren();
    try {
      await post(path, body);
      navigate(`/inspections/${encodeURIComponent(insp.id)}?registered=1`, { replace: true });
    } catch (error) {
      button.disabled = false;
      problem.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, ...problemNodes(error)));
    }
  }
  const all = canRegister && open.length > 1
    ? /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button', 'data-action': 'register-all' }, t('hazardInsp.registerAll', { n: open.length })))
    : null;
  if (all) on(all, 'click', () => register(all, { all: true, category: category.value }));

  const registered = new URLSearchParams(window.location.search).get('registered');
  return el('section', { class: 'card', 'data-section': 'hazards' },
    el('h2', { class: 'card-title' }, t('hazardInsp.title', { n: hazards.length })),
    registered ? el('p', { class: 'notice notice-ok', role: 'status' }, t('hazardInsp.registered')) : null,
    hazards.length
      ? el('ul', { class: 'item-list' }, hazards.map((h) => el('li', { class: 'item', 'data-hazard': h.id, 'data-state': h.state },
        el('div', { class: 'item-main' },
          el('p', { class: 'item-title' }, link(hazardPath(h.id), h.description)),
          el('p', { class: 'badge-group' }, stateBadge(h.state), levelBadge(h.level), ...marks(h))))))
      : null,
    canRegister && open.length
      ? el('div', { class: 'register-findings' },
        el('p', { class: 'card-note' }, t('hazardInsp.open', { n: open.length })),
        el('div', { class: 'form-grid' }, field('hazardInsp.category', category, { hintKey: 'hazardInsp.categoryHint' })),
        el('ul', { class: 'item-list' }, open.map((f) => {
          const one = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary button-small', 'data-action': 'register-one' },
            t('hazardInsp.registerOne')));
          on(one, 'click', () => register(one, { items: [f.id ? { finding_id: f.id } : { position: f.position }], category: category.value }));
          return el('li', { class: 'item', 'data-position': String(f.position) },
            el('div', { class: 'item-main' }, el('p', { class: 'item-title' }, t('run.itemN', { n: f.position }), ' ', f.description)),
            el('div', { class: 'item-actions' }, one));
        })),
        all ? el('p', { class: 'card-actions' }, all) : null)
      : null,
    problem);
}

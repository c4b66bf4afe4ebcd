// @ts-check
/** One inspection, read-only: its facts, results per item and findings; 继续检查 and 更正 when the server's allowed_actions allow them. */
import { get, post } from '../api.js';
import { el, on } from '../dom.js';
import { loadPage, problemText } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';
import { allows } from '../actions.js';
import { statusBadge } from './inspections.js';
import { inspectionHazards } from './hazard-inspection.js';

export const titleKey = 'insp.detailTitle';

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/inspections', t('insp.back'))), status);
  /** @type {any} */
  const insp = await loadPage(status, () => get(`/inspections/${encodeURIComponent(params.id)}`));
  if (!insp) return;
  const submitted = insp.status === 'submitted';
  if (new URLSearchParams(window.location.search).get('submitted') && submitted) {
    root.append(el('p', { class: 'notice notice-ok', role: 'status' }, t('insp.submittedNotice')));
  }
  const actions = el('div', { class: 'head-actions' });
  if (allows(insp, 'answer')) actions.append(link(`/inspections/${encodeURIComponent(insp.id)}/run`, t('insp.continue'), { class: 'button', 'data-action': 'continue' }));
  const problem = el('div', { 'aria-live': 'polite' });
  if (allows(insp, 'correct')) {
    const correct = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'correct' }, t('insp.correct')));
    on(correct, 'click', async () => {
      correct.disabled = true;
      try {
        const draft = await post(`/inspections/${encodeURIComponent(insp.id)}/actions/correct`, {});
        navigate(`/inspections/${encodeURIComponent(draft.id)}/run`);
      } catch (error) {
        correct.disabled = false;
        problem.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problemText(error)));
      }
    });
    actions.append(correct);
  }
  /** @type {[string, any][]} */
  const pairs = [
    ['insp.col.status', statusBadge(insp.status)],
    ['insp.col.type', t(`inspType.${insp.type}`)],
    ['insp.col.date', insp.inspected_on],
    ['insp.col.template', insp.template_name],
    ['insp.col.inspector', [insp.inspector_org_name, (insp.inspectors ?? []).map((/** @type {any} */ p) => p.name).join('、')].filter(Boolean).join(' · ')],
    ['insp.col.progress', t('insp.progressShort', { answered: insp.answered_count, count: insp.item_count, fail: insp.fail_count })],
    ['insp.submittedAt', insp.submitted_at ? formatCompact(insp.submitted_at) : null],
    ['insp.conclusion', insp.conclusion],
  ];
  root.append(
    el('div', { class: 'page-head' }, el('h1', { class: 'page-title' }, insp.institution_name), actions),
    problem,
    el('div', { class: 'correction-links' },
      insp.corrects_id ? el('p', { class: 'card-note' }, link(`/inspections/${encodeURIComponent(insp.corrects_id)}`, t('insp.corrects'))) : null,
      insp.corrected_by_id ? el('p', { class: 'warning' }, t('insp.correctedBy'), ' ', link(`/inspections/${encodeURIComponent(insp.corrected_by_id)}`, t('insp.seeCorrection'))) : null),
    el('section', { class: 'card', 'data-view': 'inspection' },
      el('dl', { class: 'facts detail-facts' }, pairs.map(([key, value]) => el('div', { class: 'fact' }, el('dt', {}, t(key)), el('dd', {}, value ?? '—'))))),
    el('section', { class: 'card', 'data-section': 'findings' },
      el('h2', { class: 'card-title' }, t('insp.findings', { n: (insp.findings ?? []).length })),
      (insp.findings ?? []).length
        ? el('ul', { class: 'item-list' }, insp.findings.map((/** @type {any} */ f) => el('li', { class: 'item finding', 'data-position': String(f.position) },
          el('div', { class: 'item-main' },
            el('p', { class: 'item-title' }, el('span', { class: 'badge' }, t('run.itemN', { n: f.position })), ' ',
              el('span', { class: `badge ${f.suggested_severity === 'major' ? 'badge-bad' : 'badge-draft'}` }, t(`severity.${f.suggested_severity}`)), ' ', f.description),
            f.location ? el('p', { class: 'item-note' }, t('insp.findingPlace', { place: f.location })) : null))))
        : el('p', { class: 'card-note' }, t('insp.noFindings'))),
    inspectionHazards(insp) ?? '',
    el('section', { class: 'card', 'data-section': 'results' },
      el('h2', { class: 'card-title' }, t('insp.results')),
      el('ol', { class: 'result-items' }, (insp.results ?? []).map((/** @type {any} */ r) => el('li', { class: 'result-item' },
        el('span', { class: `badge result-${r.result ?? 'none'}` }, r.result ? t(`result.${r.result}`) : t('result.none')), ' ',
        el('span', {}, r.item_text), r.note ? el('span', { class: 'item-note' }, `（${r.note}）`) : null)))),
  );
}

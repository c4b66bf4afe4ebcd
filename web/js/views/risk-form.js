// @ts-check
/** One risk point: create (/risks/new) or view/edit (/risks/:id). The grade shown as fact is always the server's. */
import { del, get, getVersioned, post, requestFull } from '../api.js';
import { el, on } from '../dom.js';
import { confirmAction, field, input, loadPage, onSubmit, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { CONTROL_LEVELS, LEC_C, LEC_E, LEC_L, MATRIX, RISK_CATEGORIES, codeOptions, gradeBadge } from '../codes.js';
import { link } from '../listing.js';
import { institutionPicker } from '../picker.js';
import { navigate } from '../router.js';
import { allows } from '../actions.js';
import * as session from '../session.js';

export const titleKey = 'riskForm.title';

/**
 * The browser's estimate of the grade, for the live preview only (the server decides; thresholds are configurable there).
 * @param {string} method
 * @param {number} score
 */
function estimate(method, score) {
  if (method === 'lec') return score > 320 ? 'major' : score > 160 ? 'significant' : score > 70 ? 'general' : 'low';
  return score >= 20 ? 'major' : score >= 12 ? 'significant' : score >= 6 ? 'general' : 'low';
}

/**
 * @param {string} name
 * @param {string[]} values
 * @param {string} prefix catalogue prefix of the meanings
 * @param {string | number | null | undefined} value
 */
function valueSelect(name, values, prefix, value) {
  const options = /** @type {[string, string][]} */ ([['', t('riskForm.choose')], ...values.map((v) => [v, `${v}　${t(`${prefix}.${v}`)}`])]);
  return select(name, options, value === null || value === undefined ? '' : String(Number(value)));
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const creating = !params.id;
  const canWrite = session.can('risk:write');
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/risks', t('risks.back'))), status);
  if (creating && !canWrite) {
    status.textContent = t('forbidden.text');
    return;
  }
  /** @type {any} */
  let risk = null;
  let etag = '';
  const loaded = await loadPage(status, async () => {
    if (!creating) ({ record: risk, etag } = await getVersioned(`/risks/${encodeURIComponent(params.id)}`));
    return true;
  });
  if (!loaded) return;

  const picker = creating
    ? institutionPicker({ labelKey: 'risks.col.institution', preselect: new URLSearchParams(window.location.search).get('institution_id'),
      onChange: () => { void loadLocations(); } })
    : null;
  /** What the server allows this caller (an archived risk is read-only; a viewer only reads). */
  const editable = creating ? canWrite : allows(risk, 'update');
  const institution = picker ? picker.select : select('institution_id', [[risk.institution_id, risk.institution_name]], risk.institution_id);
  if (!creating) institution.disabled = true;
  const location = select('key_location_id', [['', t('riskForm.noLocation')]]);
  const name = input('name', { maxlength: 200, value: risk?.name ?? '' });
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES), risk?.category ?? 'fire');
  const methodLec = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'method', value: 'lec', class: 'radio' }));
  const methodMatrix = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'method', value: 'matrix', class: 'radio' }));
  (risk?.method === 'matrix' ? methodMatrix : methodLec).checked = true;
  const lecL = valueSelect('lec_l', LEC_L, 'lec.l', risk?.lec_l);
  const lecE = valueSelect('lec_e', LEC_E, 'lec.e', risk?.lec_e);
  const lecC = valueSelect('lec_c', LEC_C, 'lec.c', risk?.lec_c);
  const likelihood = valueSelect('likelihood', MATRIX, 'matrix.l', risk?.likelihood);
  const severity = valueSelect('severity', MATRIX, 'matrix.s', risk?.severity);
  const measures = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'measures', class: 'input', rows: 3, maxlength: 2000 }));
  measures.value = risk?.measures ?? '';
  const level = select('control_level', codeOptions('controlLevel', CONTROL_LEVELS, 'riskForm.choose'), risk?.control_level ?? '');
  const person = input('control_person', { maxlength: 64, value: risk?.control_person ?? '' });
  const review = input('review_date', { type: 'date', value: risk?.review_date ?? '' });
  const preview = el('p', { class: 'grade-preview', 'aria-live': 'polite', 'data-field': 'preview' });

  const lecBox = el('div', { class: 'form-grid method-box', 'data-method': 'lec' },
    field('riskForm.lec_l', lecL), field('riskForm.lec_e', lecE), field('riskForm.lec_c', lecC));
  const matrixBox = el('div', { class: 'form-grid method-box', 'data-method': 'matrix' },
    field('riskForm.likelihood', likelihood), field('riskForm.severity', severity));

  const method = () => (methodMatrix.checked ? 'matrix' : 'lec');
  function update() {
    lecBox.hidden = method() !== 'lec';
    matrixBox.hidden = method() !== 'matrix';
    const values = method() === 'lec' ? [lecL, lecE, lecC] : [likelihood, severity];
    if (values.some((s) => s.value === '')) {
      preview.replaceChildren(t('riskForm.previewEmpty'));
      return;
    }
    const score = values.reduce((acc, s) => acc * Number(s.value), 1);
    const rounded = Math.round(score * 100) / 100;
    preview.replaceChildren(t('riskForm.preview', { score: rounded }), ' ', gradeBadge(estimate(method(), score), 'riskForm.estimate'));
  }

  const gradeBox = el('div', { class: 'server-grade', 'data-field': 'server-grade' });
  function showServerGrade() {
    if (!risk) return;
    gradeBox.replaceChildren(
      el('span', { class: 'server-grade-label' }, t('riskForm.grade')), ' ', gradeBadge(risk.grade), ' ',
      el('span', { class: 'server-grade-score' }, t('riskForm.score', { method: t(`riskMethod.${risk.method}`), score: risk.score })),
      // replaceChildren would write a null as the text "null"
      ...(risk.review_overdue ? [' ', el('span', { class: 'badge badge-bad badge-overdue' }, t('risks.overdue'))] : []));
  }
  showServerGrade();

  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form wide-form', novalidate: true, 'data-form': creating ? 'risk-new' : 'risk-edit' },
    el('div', { class: 'form-grid' },
      ...(picker ? picker.fields : [field('risks.col.institution', institution, { required: true })]), field('riskForm.location', location),
      field('risks.col.name', name, { required: true }), field('risks.col.category', category, { required: true })),
    el('fieldset', { class: 'form-section', 'data-field-name': 'method' }, el('legend', {}, t('riskForm.method')),
      el('div', { class: 'choice-row' },
        el('label', { class: 'choice' }, methodLec, ' ', t('riskMethod.lec')),
        el('label', { class: 'choice' }, methodMatrix, ' ', t('riskMethod.matrix'))),
      el('p', { class: 'field-error', hidden: true }),
      lecBox, matrixBox, preview),
    field('riskForm.measures', measures),
    el('div', { class: 'form-grid' },
      field('riskForm.controlLevel', level), field('riskForm.controlPerson', person), field('riskForm.review', review)),
    editable ? el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t(creating ? 'riskForm.create' : 'common.save'))) : null));
  if (!editable) for (const node of form.querySelectorAll('input, select, textarea')) node.setAttribute('disabled', '');

  const area = el('div', { class: 'action-area', 'data-area': 'archive' });
  const archiveButton = el('button', { type: 'button', class: 'button button-secondary button-danger-text', 'data-action': 'archive' }, t('common.archive'));
  on(archiveButton, 'click', () => confirmAction(area, t('risks.archiveConfirm', { name: risk.name }), async () => {
    await del(`/risks/${encodeURIComponent(risk.id)}`, { headers: { 'If-Match': etag } });
    navigate(`/risks/${encodeURIComponent(risk.id)}?saved=archived`, { replace: true });
  }, { yesKey: 'common.confirmArchive', name: 'archive' }));
  root.append(el('div', { class: 'page-head' },
    el('h1', { class: 'page-title' }, creating ? t('risks.new') : risk.name, risk?.archived ? ' ' : null,
      risk?.archived ? el('span', { class: 'badge badge-archived', 'data-field': 'archived' }, t('common.archived')) : null),
    allows(risk, 'archive') ? el('div', { class: 'head-actions' }, archiveButton) : null), area);
  const done = new URLSearchParams(window.location.search).get('saved');
  if (done) root.append(el('p', { class: 'notice notice-ok', role: 'status' }, t(done === 'archived' ? 'risks.archivedDone' : 'common.saved')));
  if (risk?.archived) root.append(el('p', { class: 'notice notice-muted', role: 'note', 'data-field': 'archived-notice' }, t('risks.archivedNotice')));
  root.append(el('section', { class: 'card' }, risk ? gradeBox : null,
    risk ? el('p', { class: 'card-note' }, t('riskForm.meta', { updated: formatCompact(risk.updated_at) })) : null, form));

  async function loadLocations() {
    location.replaceChildren(el('option', { value: '' }, t('riskForm.noLocation')));
    if (!institution.value) return;
    try {
      const page = await get(`/institutions/${encodeURIComponent(institution.value)}/key-locations`, { query: { limit: 500 } });
      location.append(...page.items.map((/** @type {any} */ l) => el('option', { value: l.id }, `${l.name}（${t(`locKind.${l.kind}`)}）`)));
      location.value = risk?.key_location_id ?? '';
    } catch {
      // the risk can still be saved without a location
    }
  }
  for (const node of [methodLec, methodMatrix, lecL, lecE, lecC, likelihood, severity]) on(node, 'change', update);
  update();

  onSubmit(form, async () => {
    /** @type {Record<string, any>} */
    const body = {
      key_location_id: location.value || null, name: name.value.trim(), category: category.value, method: method(),
      measures: measures.value.trim() || null, control_level: level.value || null, control_person: person.value.trim() || null,
      review_date: review.value || null,
    };
    /** @param {HTMLSelectElement} s */
    const num = (s) => (s.value === '' ? null : Number(s.value));
    if (method() === 'lec') Object.assign(body, { lec_l: num(lecL), lec_e: num(lecE), lec_c: num(lecC) });
    else Object.assign(body, { likelihood: num(likelihood), severity: num(severity) });
    for (const key of ['lec_l', 'lec_e', 'lec_c', 'likelihood', 'severity']) if (body[key] === null) delete body[key];
    if (creating) {
      const created = await post('/risks', { institution_id: institution.value, ...body });
      navigate(`/risks/${encodeURIComponent(created.id)}?saved=1`);
      return;
    }
    const res = await requestFull('PATCH', `/risks/${encodeURIComponent(risk.id)}`, { body, headers: { 'If-Match': etag } });
    risk = res.data;
    etag = res.headers.get('ETag') ?? `"v${risk.version}"`;
    showServerGrade();
    form.querySelector('.notice')?.remove();
    form.prepend(el('p', { class: 'notice notice-ok', role: 'status' }, t('common.saved')));
  });
  if (picker) await picker.ready;
  await loadLocations();
}

// @ts-check
/** 下达整改通知书: reached from the hazard list as /notices/new?org_id=<unit>&hazard_ids=a,b; shows the
 *  unit and the chosen hazards, asks for the deadline and the requirement, and issues the notice
 *  (one Idempotency-Key per form, so a retried submit issues it once); then the printable notice. */
import { get, post } from '../api.js';
import { el } from '../dom.js';
import { field, input, loadPage, onSubmit } from '../forms.js';
import { t } from '../i18n.js';
import { today } from '../codes.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';

export const titleKey = 'notice.newTitle';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @param {HTMLElement} root */
export async function render(root) {
  const params = new URLSearchParams(window.location.search);
  const orgId = params.get('org_id') ?? '';
  const ids = (params.get('hazard_ids') ?? '').split(',').map((s) => s.trim()).filter((s) => UUID.test(s)).slice(0, 50);
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/notices', t('notice.back'))), el('h1', { class: 'page-title' }, t('notice.newTitle')), status);
  if (!UUID.test(orgId) || ids.length === 0) {
    status.textContent = t('notice.new.noHazards');
    status.classList.add('card-error');
    return;
  }
  /** @type {{unit: any, hazards: any[]} | null} */
  const loaded = await loadPage(status, async () => ({
    unit: await get(`/orgs/${encodeURIComponent(orgId)}`),
    hazards: await Promise.all(ids.map((id) => get(`/hazards/${encodeURIComponent(id)}`))),
  }));
  if (!loaded) return;
  const { unit, hazards } = loaded;
  const deadline = input('deadline', { type: 'date', min: today(), value: today() });
  const requirement = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'requirement', class: 'input', rows: 4, maxlength: 2000 }));
  requirement.value = hazards.map((h) => h.requirement).filter(Boolean).join('；');
  const key = crypto.randomUUID();
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'notice-new' },
    el('dl', { class: 'facts' }, el('div', { class: 'fact' }, el('dt', {}, t('notice.new.unit')), el('dd', { 'data-field': 'unit' }, unit.name))),
    el('section', { 'data-field-name': 'hazard_ids', class: 'field' },
      el('h2', { class: 'card-title' }, t('notice.new.hazards', { n: hazards.length })),
      el('ol', { class: 'item-list' }, hazards.map((h) => el('li', { class: 'item', 'data-id': h.id },
        el('p', { class: 'item-title' },
          el('span', { class: `badge ${h.level === 'major' ? 'badge-bad' : 'badge-draft'}` }, t(`notice.level.${h.level}`)), ' ', h.description),
        el('p', { class: 'item-note' }, t('notice.new.state', { state: t(`notice.hstate.${h.state}`) }), h.state === 'registered' ? '' : t('notice.new.notRegistered'))))),
      el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' })),
    field('notice.new.deadline', deadline, { required: true, hintKey: 'notice.new.deadlineHint' }),
    field('notice.new.requirement', requirement, { required: true }),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-block' }, t('notice.new.submit')))));
  status.remove();
  root.append(el('section', { class: 'card narrow-card' }, form));

  onSubmit(form, async () => {
    const created = await post('/notices', {
      org_id: orgId, hazard_ids: ids, deadline: deadline.value, requirement: requirement.value.trim(),
    }, { headers: { 'Idempotency-Key': key } });
    navigate(`/notices/${encodeURIComponent(created.id)}`);
  });
}

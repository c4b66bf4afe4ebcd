// @ts-check
/** One report (信息报送): what it answers (the campaign, the duty, the period and its due instant), the
 *  narrative the reporting org writes, the figures the server computes for its subtree and that period
 *  (live while a draft, frozen by each submission, beside the live ones after), 保存 / 提交报送 for
 *  the reporting org, 采纳 / 退回 (with a reason) for the receiver, and every submitted version with its
 *  decision. The buttons are exactly the report's allowed_actions. */
import { ApiError, get, getVersioned, post, requestFull } from '../api.js';
import { el, on } from '../dom.js';
import { clearErrors, confirmAction, field, loadPage, offerReloadIfStale, onSubmit, showErrors } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';
import { allows } from '../actions.js';
import * as session from '../session.js';
import { attachmentGallery, attachmentPicker } from '../upload.js';
import {
  dueText, figuresTable, paragraphText, periodText, present, reportPath, reportingPath, stateBadge, timelinessBadge,
} from './report-common.js';

export const titleKey = 'report.title';

/**
 * Label/value pairs as a facts list; empty values left out.
 * @param {[string, any][]} pairs
 */
const facts = (pairs) => el('dl', { class: 'facts detail-facts' },
  pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([key, value]) => el('div', { class: 'fact', 'data-fact': key },
    el('dt', {}, t(key)), el('dd', { class: 'fact-text' }, value))));

/** A person and a time: 王建国 · 2019-10-15 13:31:00. @param {string | null | undefined} who @param {string | null | undefined} when */
const byAt = (who, when) => (who || when ? [who, when ? formatCompact(when) : null].filter(Boolean).join(' · ') : null);

/** The narrative as paragraphs (one per line written). @param {string | null | undefined} text */
const paragraphs = (text) => (text ?? '').split(/\n+/).filter((p) => p.trim()).map((p) => el('p', { class: 'report-para' }, p));

/**
 * The submitted versions, newest first: who sent it when, late or not, the decision and its reason,
 * and (folded) the text and the figures it carried.
 * @param {any[]} versions
 */
function versionList(versions) {
  return el('section', { class: 'card', 'data-section': 'versions' },
    el('h2', { class: 'card-title' }, t('report.section.versions')),
    versions.length
      ? el('ol', { class: 'timeline report-versions' }, versions.map((v) => el('li', { class: 'timeline-item', 'data-revision': String(v.revision) },
        el('p', { class: 'timeline-head' },
          el('strong', {}, t('report.revision', { n: v.revision })), ' ',
          el('span', { class: 'badge-group' },
            v.late ? el('span', { class: 'badge rs-late', 'data-mark': 'late' }, t('reportTimeliness.late')) : null,
            v.decision ? el('span', { class: `badge rs-${v.decision}`, 'data-decision': v.decision }, t(`reportState.${v.decision}`))
              : el('span', { class: 'badge rs-submitted', 'data-decision': 'pending' }, t('report.pending')))),
        el('p', { class: 'timeline-meta' }, t('report.submittedBy', { who: byAt(v.submitted_by_name, v.submitted_at) ?? '—' })),
        v.decided_at ? el('p', { class: 'timeline-meta' }, t('report.decidedBy', { who: byAt(v.decided_by_name, v.decided_at) ?? '—' })) : null,
        v.decision_reason ? el('p', { class: 'timeline-reason' }, t('report.returnReason', { reason: v.decision_reason })) : null,
        el('details', { class: 'report-version-body' },
          el('summary', {}, t('report.versionBody')),
          paragraphs(v.narrative),
          figuresTable([{ key: 'report.col.frozen', figures: v.figures }], `version-${v.revision}`)))))
      : el('p', { class: 'card-note' }, t('report.noVersions')));
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  const back = el('p', { class: 'back-link' });
  root.append(back, status);
  const id = params.id;
  /** @type {any} */
  const loaded = await loadPage(status, () => Promise.all([
    getVersioned(reportPath(id)),
    get(`${reportPath(id)}/versions`).catch(() => ({ items: [] })),
  ]));
  if (!loaded) return;
  const [{ record: r, etag }, versions] = loaded;
  const me = session.current();
  // The receiver (and any org above the reporter) goes back to the reporting table; the reporter home.
  back.append(me && me.org.id !== r.org_id
    ? link(reportingPath(r.campaign_id, { duty_id: r.duty_id, period: r.period }), t('report.backToTable'))
    : link('/', t('report.backHome')));

  const done = new URLSearchParams(window.location.search).get('done');
  const editable = allows(r, 'update') || allows(r, 'submit');
  const campaign = r.campaign ?? {};
  const duty = r.duty ?? {};

  // The reporting org's form: the narrative, 保存 (update) and 提交报送 (submit).
  /** @type {HTMLElement | null} */
  let form = null;
  if (editable) {
    const narrative = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'narrative', class: 'input report-narrative', rows: 12, maxlength: 20000 }));
    narrative.value = r.narrative ?? '';
    narrative.readOnly = !allows(r, 'update');
    const save = allows(r, 'update')
      ? el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'save' }, t('report.save')) : null;
    // 提交报送 saves the text first (update) and then submits: the server offers submit once the
    // draft has a text, so while the box is empty the button waits for one.
    const submit = /** @type {HTMLButtonElement | null} */ (allows(r, 'submit') || allows(r, 'update')
      ? el('button', { type: 'submit', class: 'button', 'data-action': 'submit' }, t('reportAction.submit')) : null);
    const ready = () => { if (submit) submit.disabled = narrative.value.trim() === ''; };
    on(narrative, 'input', ready);
    ready();
    // The documents sent with the report (the work plan itself, photos): uploaded at once, bound on save.
    const files = allows(r, 'update') ? attachmentPicker({ camera: false, label: t('report.attachmentsLabel') }) : null;
    const f = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form report-form', novalidate: true, 'data-form': 'report' },
      field('report.narrative', narrative, { required: true, hint: t(`report.hint.${duty.content ?? 'free'}`) }),
      files ? el('div', { class: 'field', 'data-field-name': 'attachments' }, files.element, el('p', { class: 'field-error', hidden: true })) : null,
      el('p', { class: 'card-note' }, t('report.figuresNote')),
      el('div', { class: 'form-actions' }, submit, save)));
    form = f;
    /** Saves the text and the new documents when there are any (PATCH with the version read). */
    const store = async () => {
      if (!allows(r, 'update')) return;
      if (files?.busy()) {
        throw new ApiError({ status: 422, code: 'validation_failed', title: t('report.uploading'),
          errors: [{ field: 'attachments', code: 'uploading', message: t('report.uploading') }] });
      }
      const text = paragraphText(narrative.value);
      /** @type {Record<string, any>} */
      const body = {};
      if (text !== (r.narrative ?? '')) body.narrative = text;
      if (files?.ids().length) body.attachments = files.ids();
      if (!Object.keys(body).length) return;
      await requestFull('PATCH', reportPath(r.id), { body, headers: { 'If-Match': etag } });
    };
    if (save) {
      on(save, 'click', async () => {
        clearErrors(f);
        /** @type {HTMLButtonElement} */ (save).disabled = true;
        try {
          await store();
          navigate(`${reportPath(r.id)}?done=save`, { replace: true });
        } catch (error) {
          showErrors(f, error);
          offerReloadIfStale(f, error);
          /** @type {HTMLButtonElement} */ (save).disabled = false;
        }
      });
    }
    onSubmit(f, async () => {
      await store();
      await post(`${reportPath(r.id)}/actions/submit`, {});
      navigate(`${reportPath(r.id)}?done=submit`, { replace: true });
    }, { failed: ready });
  }

  // The receiver's decision: 采纳, or 退回 with a reason.
  const area = el('div', { class: 'action-area', 'data-area': 'report-decision' });
  const decisionButtons = [];
  if (allows(r, 'accept')) {
    const accept = el('button', { type: 'button', class: 'button', 'data-action': 'accept' }, t('reportAction.accept'));
    on(accept, 'click', () => confirmAction(area, t('report.confirmAccept', { org: r.org_name }), async () => {
      await post(`${reportPath(r.id)}/actions/accept`, {});
      navigate(`${reportPath(r.id)}?done=accept`, { replace: true });
    }, { yesKey: 'reportAction.accept', name: 'accept' }));
    decisionButtons.push(accept);
  }
  if (allows(r, 'return')) {
    const ret = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'return' }, t('reportAction.return'));
    on(ret, 'click', () => {
      const reason = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'reason', class: 'input', rows: 3, maxlength: 2000 }));
      const cancel = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'close-form' }, t('common.cancel'));
      const f = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form action-form', novalidate: true, 'data-form': 'report-return' },
        el('h2', { class: 'card-title' }, t('reportAction.return')),
        el('p', { class: 'card-note' }, t('report.returnNote')),
        field('report.reason', reason, { required: true }),
        el('div', { class: 'form-actions' },
          el('button', { type: 'submit', class: 'button button-danger', 'data-action': 'confirm-return' }, t('reportAction.return')), cancel)));
      on(cancel, 'click', () => area.replaceChildren());
      onSubmit(f, async () => {
        await post(`${reportPath(r.id)}/actions/return`, { reason: paragraphText(reason.value) });
        navigate(`${reportPath(r.id)}?done=return`, { replace: true });
      });
      area.replaceChildren(f);
      reason.focus();
    });
    decisionButtons.push(ret);
  }

  const frozen = r.figures ?? null;
  const live = r.live_figures ?? null;
  const figures = el('section', { class: 'card', 'data-section': 'figures' },
    el('h2', { class: 'card-title' }, t('report.section.figures')),
    el('p', { class: 'card-note' }, frozen
      ? t('report.frozenNote', { at: formatCompact(frozen.as_of ?? r.submitted_at), live: formatCompact(live?.as_of) })
      : t('report.liveNote', { at: formatCompact(live?.as_of), start: r.period_start, end: r.period_end })),
    el('div', { class: 'table-wrap' }, figuresTable(frozen
      ? [{ key: 'report.col.frozen', figures: frozen }, { key: 'report.col.live', figures: live }]
      : [{ key: 'report.col.live', figures: live }], frozen ? 'frozen' : 'live')));

  // A draft's or a returned report's documents can be taken off again (remove_attachments).
  const removeAttachment = allows(r, 'update')
    ? async (/** @type {{id: string}} */ a) => {
      try {
        await requestFull('PATCH', reportPath(r.id), { body: { remove_attachments: [a.id] }, headers: { 'If-Match': etag } });
        navigate(`${reportPath(r.id)}?done=removeAttachment`, { replace: true });
      } catch (error) {
        if (form) { showErrors(form, error); offerReloadIfStale(form, error); }
      }
    }
    : undefined;
  const attachments = r.attachments?.length ? attachmentGallery(r.attachments, { onRemove: removeAttachment }).element : null;

  root.append(...present(
    el('div', { class: 'page-head report-head' },
      el('div', {},
        el('h1', { class: 'page-title' }, r.duty_title ?? duty.title ?? t('report.title')),
        el('p', { class: 'page-sub' }, [r.org_name, periodText(r.period)].join(' · ')),
        el('p', { class: 'badge-group', 'data-field': 'state' }, stateBadge(r.state), timelinessBadge(r.timeliness),
          r.revision > 0 ? el('span', { class: 'badge', 'data-field': 'revision' }, t('report.revision', { n: r.revision })) : null)),
      el('div', { class: 'button-row' }, link(`${reportPath(r.id)}/print`, t('report.print'), { class: 'button button-secondary', 'data-action': 'print-view' }))),
    done ? el('p', { class: 'notice notice-ok', role: 'status', 'data-done': done }, t(`report.done.${done}`)) : null,
    r.state === 'returned' && r.return_reason
      ? el('p', { class: 'warning', 'data-field': 'return-reason' }, t('report.returnedBecause', { reason: r.return_reason })) : null,
    el('section', { class: 'card', 'data-section': 'about' },
      el('h2', { class: 'card-title' }, t('report.section.about')),
      facts([
        ['report.campaign', r.campaign_id ? link(`/campaigns/${encodeURIComponent(r.campaign_id)}`, [campaign.name ?? r.campaign_name, campaign.doc_number].filter(Boolean).join(' ')) : null],
        ['report.receiver', campaign.org_name],
        ['report.org', r.org_name],
        ['report.period', periodText(r.period)],
        ['report.range', r.period_start && r.period_end ? `${r.period_start} ～ ${r.period_end}` : null],
        ['report.due', dueText(r.due_at)],
        ['report.submittedAt', byAt(r.submitted_by_name, r.submitted_at)],
        ['report.decidedAt', r.decided_at ? byAt(r.decided_by_name, r.decided_at) : null],
      ])),
    form ? el('section', { class: 'card', 'data-section': 'form' }, el('h2', { class: 'card-title' }, t('report.section.narrative')), form)
      : el('section', { class: 'card', 'data-section': 'narrative' }, el('h2', { class: 'card-title' }, t('report.section.narrative')),
        r.narrative ? el('div', { class: 'report-text', 'data-field': 'narrative' }, paragraphs(r.narrative)) : el('p', { class: 'card-note' }, t('report.noNarrative'))),
    decisionButtons.length
      ? el('section', { class: 'card', 'data-section': 'decision' },
        el('h2', { class: 'card-title' }, t('report.section.decision')),
        el('div', { class: 'button-row' }, decisionButtons), area)
      : null,
    figures,
    attachments ? el('section', { class: 'card', 'data-section': 'attachments' }, el('h2', { class: 'card-title' }, t('report.section.attachments')), attachments) : null,
    versionList(versions.items ?? []),
  ));
}

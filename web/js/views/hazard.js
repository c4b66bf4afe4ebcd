// @ts-check
/** One hazard: its fields grouped (基本信息, 定级, 五落实, 整改情况, 验收/销号, 挂牌督办), photos, the
 *  timeline of its events, its notice and its other lives, and a button for each of its allowed_actions
 *  opening the form that action needs (hazard-actions.js). */
import { get, getVersioned } from '../api.js';
import { el, on } from '../dom.js';
import { actionArea, loadPage, problemText } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { HAZARD_ACTIONS } from '../codes.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';
import * as session from '../session.js';
import { deadlineText, hazardPath, levelBadge, marks, present, stateBadge } from './hazard-common.js';
import { formFor } from './hazard-actions.js';
import { gallery } from './hazard-photos.js';

export const titleKey = 'hazard.title';

/** Actions that lead somewhere other than a form, or end a hazard: shown apart from the main ones. */
const SECONDARY = ['update', 'cancel', 'rebound', 'delist', 'refuse_extension', 'reject'];

/**
 * A group of facts: label/value pairs, empty values left out; null when every value is empty.
 * @param {string} name data-section
 * @param {string} titleKey
 * @param {[string, any][]} pairs
 */
function facts(name, titleKey, pairs) {
  const shown = pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length));
  if (!shown.length) return null;
  return el('section', { class: 'card hazard-section', 'data-section': name },
    el('h2', { class: 'card-title' }, t(titleKey)),
    el('dl', { class: 'facts detail-facts' }, shown.map(([key, value]) => el('div', { class: 'fact', 'data-fact': key },
      el('dt', {}, t(key)), el('dd', { class: 'fact-text' }, value)))));
}

/** A person and a time: 张三 · 2026-05-01 10:00:00. @param {string | null | undefined} who @param {string | null | undefined} when */
const byAt = (who, when) => (who || when ? [who, when ? formatCompact(when) : null].filter(Boolean).join(' · ') : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The payload of an event in words: each member on a line (attachments counted, not listed; an id
 * only when the page knows what it names).
 * @param {Record<string, any>} payload
 * @param {Record<string, string>} names words for ids the page has read (the criterion)
 */
function payloadLines(payload, names) {
  const lines = [];
  for (const [key, value] of Object.entries(payload ?? {})) {
    if (value === null || value === '' || key === 'reason') continue;
    let text;
    if (key === 'attachments' && Array.isArray(value)) text = t('hazard.event.photos', { n: value.length });
    else if (key === 'signature') text = t('hazard.event.signed');
    else if (key === 'level') text = t(`hazardLevel.${value}`);
    else if (key === 'category') text = t(`riskCat.${value}`);
    else if (key === 'capacity') text = t(`hazardCapacity.${value}`);
    else if (typeof value === 'object') continue;
    else if (typeof value === 'string' && UUID.test(value)) {
      if (!names[value]) continue;
      text = names[value];
    }
    else text = String(value);
    const label = `hazard.field.${key}`;
    lines.push(el('li', { 'data-payload': key }, el('span', { class: 'payload-key' }, t(label) === label ? key : t(label)), '：', text));
  }
  return lines;
}

/**
 * The timeline: the report, then each move oldest first with who, org, role, when, why and what it carried.
 * @param {any} h
 * @param {any[]} moves
 * @param {Record<string, string>} names words for ids in the payloads
 */
function timeline(h, moves, names) {
  // The orgs the page can name: the hazard's unit and the caller's own (others stay unnamed).
  const me = session.current();
  /** @type {Record<string, string>} */
  const orgNames = { [h.org_id]: h.org_name, ...(me ? { [me.org.id]: me.org.name } : {}) };
  // The report itself is the record's creation, not a move: it heads the list from the record's own fields.
  const events = [{ action: 'report', from_state: 'reported', to_state: 'reported', at: h.found_at, actor_name: h.reported_by_name, actor_org_id: h.reporter_org_id,
    actor_role: null, reason: null, payload: {} }, ...moves];
  return el('section', { class: 'card', 'data-section': 'timeline' },
    el('h2', { class: 'card-title' }, t('hazard.section.timeline')),
    events.length
      ? el('ol', { class: 'timeline' }, events.map((e) => el('li', { class: 'timeline-item', 'data-event': e.action },
        el('p', { class: 'timeline-head' },
          el('strong', {}, t(`hazardAction.${e.action}`)), ' ',
          e.from_state !== e.to_state ? el('span', { class: 'card-note' }, `${t(`hazardState.${e.from_state}`)} → ${t(`hazardState.${e.to_state}`)}`) : null),
        (() => {
          const org = e.actor_org_name ?? (e.actor_org_id ? orgNames[e.actor_org_id] : null);
          const who = [e.actor_name, org, e.actor_role ? t(`role.${e.actor_role}`) : null].filter(Boolean).join(' · ');
          return el('p', { class: 'timeline-meta' }, el('time', { datetime: e.at }, formatCompact(e.at)), who ? ` · ${who}` : null);
        })(),
        e.reason ? el('p', { class: 'timeline-reason' }, t('hazard.event.reason', { reason: e.reason })) : null,
        (() => {
          const lines = payloadLines(e.payload, names);
          return lines.length ? el('ul', { class: 'timeline-payload' }, lines) : null;
        })())))
      : el('p', { class: 'card-note' }, t('hazard.noEvents')));
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/hazards', t('hazards.back'))), status);
  const id = params.id;
  /** @type {any} */
  const loaded = await loadPage(status, () => Promise.all([
    getVersioned(hazardPath(id)),
    get(`${hazardPath(id)}/events`).catch(() => ({ items: [] })),
  ]));
  if (!loaded) return;
  const [{ record: h, etag }, events] = loaded;
  /** The criterion a major hazard was graded against, in words (null when none or unreadable). */
  const criterion = h.criterion_id
    ? await get(`/hazard-criteria/${encodeURIComponent(h.criterion_id)}`).then((c) => `${c.code ? `${c.code} ` : ''}${c.text}`).catch(() => null) : null;

  const done = new URLSearchParams(window.location.search).get('done');
  const area = el('div', { class: 'action-area hazard-action-area', 'data-area': 'hazard-action' });
  const actions = /** @type {string[]} */ (HAZARD_ACTIONS.filter((a) => (h.allowed_actions ?? []).includes(a)));

  const { close, toggle, opened } = actionArea(area);
  /** @param {any} answer @param {string} action */
  const after = (answer, action) => {
    const target = answer?.id && answer.id !== h.id ? answer.id : h.id;
    navigate(`${hazardPath(target)}?done=${encodeURIComponent(action)}`, { replace: target === h.id });
  };
  /** @param {string} action */
  const button = (action) => {
    if (action === 'issue_notice') {
      const params = new URLSearchParams({ org_id: h.org_id, hazard_ids: h.id });
      return link(`/notices/new?${params}`, t('hazardAction.issue_notice'), { class: 'button', 'data-action': 'issue_notice' });
    }
    const b = /** @type {HTMLButtonElement} */ (el('button', {
      type: 'button', class: `button ${SECONDARY.includes(action) ? 'button-secondary' : ''}`.trim(), 'data-action': action, 'aria-expanded': 'false',
    }, t(`hazardAction.${action}`)));
    on(b, 'click', async () => {
      if (toggle(b)) return;
      b.disabled = true;
      try {
        const form = await formFor(action, { hazard: h, etag, done: after, close });
        if (form) {
          area.replaceChildren(form);
          opened(b);
          form.scrollIntoView({ block: 'start', behavior: 'smooth' });
          /** @type {HTMLElement | null} */ (form.querySelector('input:not([type=hidden]):not(.visually-hidden), select, textarea, .att-camera'))?.focus({ preventScroll: true });
        }
      } catch (error) {
        area.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, problemText(error)));
      }
      b.disabled = false;
    });
    return b;
  };

  const notice = h.notice ?? null;
  const links = [
    notice ? el('p', {}, t('hazard.noticeLabel'), ' ', link(`/notices/${encodeURIComponent(notice.id)}`, notice.number, { 'data-link-kind': 'notice' })) : null,
    h.previous_id ? el('p', {}, link(hazardPath(h.previous_id), t('hazard.previousLife'), { 'data-link-kind': 'previous' })) : null,
    h.rebound_id ? el('p', { class: 'warning' }, t('hazard.reboundHappened'), ' ', link(hazardPath(h.rebound_id), t('hazard.reboundLife'), { 'data-link-kind': 'rebound' })) : null,
    h.inspection_id ? el('p', {}, link(`/inspections/${encodeURIComponent(h.inspection_id)}`, t('hazard.fromInspection'), { 'data-link-kind': 'inspection' })) : null,
  ].filter(Boolean);

  const signed = (/** @type {string | null} */ by, /** @type {string | null} */ at, /** @type {string | null} */ name) =>
    (by ? byAt(name ?? t('hazard.signedYes'), at) : null);
  const extension = h.extension_state
    ? `${t(`hazardExtension.${h.extension_state}`)}${h.extension_until ? ` · ${h.extension_until}` : ''}${h.extension_reason ? ` · ${h.extension_reason}` : ''}` : null;

  root.append(...present(
    el('div', { class: 'page-head hazard-head' },
      el('div', { class: 'hazard-title-block' },
        el('h1', { class: 'page-title hazard-title' }, h.description),
        el('p', { class: 'badge-group', 'data-field': 'state' }, stateBadge(h.state), levelBadge(h.level), ...marks(h)))),
    done ? el('p', { class: 'notice notice-ok', role: 'status', 'data-done': done },
      done === 'report' ? t('hazard.reported') : t('hazard.done', { action: t(`hazardAction.${done}`) })) : null,
    actions.length
      ? el('section', { class: 'card hazard-actions', 'data-section': 'actions' },
        el('h2', { class: 'visually-hidden' }, t('hazard.section.actions')),
        el('div', { class: 'button-row' }, actions.map(button)), area)
      : null,
    links.length ? el('div', { class: 'hazard-links' }, links) : null,
    facts('basic', 'hazard.section.basic', [
      ['hazard.org', h.org_name], ['hazard.institution', h.institution_name !== h.org_name ? h.institution_name : null],
      ['hazard.keyLocation', h.key_location_name], ['hazard.location', h.location], ['hazard.category', t(`riskCat.${h.category}`)],
      ['hazard.source', t(`hazardSource.${h.source}`)], ['hazard.foundAt', formatCompact(h.found_at)],
      ['hazard.reportedBy', h.reported_by_name],
    ]),
    facts('grading', 'hazard.section.grading', [
      ['hazard.level', h.state === 'reported' ? t('hazard.suggestedLevel', { level: t(`hazardLevel.${h.level}`) }) : t(`hazardLevel.${h.level}`)],
      ['hazard.criterion', criterion], ['hazard.majorBasis', h.major_basis],
      ['hazard.registeredBy', byAt(h.registered_org_name ?? (h.registered_org_level ? t(`level.${h.registered_org_level}`) : null), h.registered_at)],
      ['hazard.requirement', h.requirement], ['hazard.deadline', deadlineText(h)],
    ]),
    facts('five', 'hazard.section.five', [
      ['hazard.responsiblePerson', [h.responsible_person, h.responsible_phone].filter(Boolean).join(' · ')], ['hazard.funds', h.funds],
      ['hazard.measures', h.measures], ['hazard.deadline', h.deadline], ['hazard.emergencyPlan', h.emergency_plan],
    ]),
    facts('rectification', 'hazard.section.rectification', [
      ['hazard.rectification', h.rectification], ['hazard.rectifiedAt', byAt(h.rectified_by_name, h.rectified_at)], ['hazard.extension', extension],
    ]),
    facts('closing', 'hazard.section.closing', [
      ['hazard.signedInCharge', signed(h.signed_in_charge_by, h.signed_in_charge_at, h.signed_in_charge_name)],
      ['hazard.signedPrincipal', signed(h.signed_principal_by, h.signed_principal_at, h.signed_principal_name)],
      ['hazard.acceptedBy', byAt([h.accepted_by_name, h.accepted_org_name].filter(Boolean).join(' · '), null)],
      ['hazard.closedAt', h.closed_at ? formatCompact(h.closed_at) : null], ['hazard.cancelReason', h.cancel_reason],
    ]),
    h.listed || h.listing_document ? facts('listing', 'hazard.section.listing', [
      ['hazard.listingDocument', h.listing_document], ['hazard.listingOrg', h.listing_org_name],
      ['hazard.listingDue', h.listing_due], ['hazard.listedAt', h.listed_at ? formatCompact(h.listed_at) : null],
      ['hazard.delistedAt', h.delisted_at ? formatCompact(h.delisted_at) : null],
    ]) : null,
    el('section', { class: 'card', 'data-section': 'photos' }, el('h2', { class: 'card-title' }, t('hazard.section.photos')),
      gallery(h.attachments ?? []) ?? el('p', { class: 'card-note' }, t('hazard.noPhotos'))),
    timeline(h, events.items ?? [], criterion ? { [h.criterion_id]: criterion } : {}),
  ));

}

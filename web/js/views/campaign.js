// @ts-check
/** One campaign (专项整治行动) or work plan (工作方案): its header (文号, issuing org, dates, state), the
 *  goal, the phases on a timeline with today marked, the special actions with their tasks, the check
 *  focus items (and the checklist made of them once issued), the targets with their live progress,
 *  the reporting duties (each linking to its reporting table), the amendments, the plan it adopts
 *  and the work plans adopted below it; a button for each of its allowed_actions (campaign-form.js). */
import { ApiError, get, getVersioned, post } from '../api.js';
import { el, on, qs } from '../dom.js';
import { actionArea, confirmAction, loadPage } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';
import { attachmentGallery } from '../upload.js';
import { CAMPAIGN_ACTIONS, campaignPath, dutyWhen, period, phaseTimeline, reportersText, stateBadge, targetText, todayInBeijing } from './campaign-common.js';
import { adoptForm, amendForm, updateForm } from './campaign-form.js';

export const titleKey = 'campaign.title';

/** @param {(Node | null | undefined | false)[]} nodes */
const present = (...nodes) => /** @type {Node[]} */ (nodes.filter((n) => n instanceof Node));

/**
 * A card with a heading; null when it has nothing to show and no note for that.
 * @param {string} name data-section
 * @param {string} titleKey
 * @param {(Node | string | null)[]} body
 */
const section = (name, titleKey, ...body) => el('section', { class: 'card campaign-section', 'data-section': name },
  el('h2', { class: 'card-title' }, t(titleKey)), ...body);

/** @param {Date} d */
const ymd = (d) => d.toISOString().slice(0, 10);

/** ISO week of a date: 'IYYY-Www'. @param {Date} d a UTC midnight */
function isoWeek(d) {
  const x = new Date(d.getTime());
  const day = (x.getUTCDay() + 6) % 7; // Monday 0
  x.setUTCDate(x.getUTCDate() - day + 3); // the week's Thursday names its year
  const year = x.getUTCFullYear();
  const first = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((x.getTime() - first.getTime()) / 86400000 - 3 + ((first.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The periods of a duty within the campaign, with their due dates, as the server derives them
 * (campaign_obligations): monthly 'YYYY-MM', weekly ISO 'IYYY-Www', once 'YYYY-MM-DD'.
 * @param {any} duty
 * @param {any} c
 * @returns {{period: string, due: string}[]}
 */
export function dutyPeriods(duty, c) {
  const from = c.starts_on;
  const to = c.ends_on;
  /** @type {{period: string, due: string}[]} */
  const out = [];
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  if (duty.recurrence === 'monthly' && duty.day_of_month) {
    for (let m = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)); m <= end; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
      const last = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 0)).getUTCDate();
      const due = ymd(new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), Math.min(duty.day_of_month, last))));
      if (due >= from && due <= to) out.push({ period: ymd(m).slice(0, 7), due });
    }
  } else if (duty.recurrence === 'weekly' && duty.weekday) {
    const monday = new Date(start.getTime() - ((start.getUTCDay() + 6) % 7) * 86400000);
    for (let w = monday; w <= end; w = new Date(w.getTime() + 7 * 86400000)) {
      const dueDate = new Date(w.getTime() + (duty.weekday - 1) * 86400000);
      const due = ymd(dueDate);
      if (due >= from && due <= to) out.push({ period: isoWeek(dueDate), due });
    }
  } else if (duty.recurrence === 'once' && duty.due_date && duty.due_date >= from && duty.due_date <= to) {
    out.push({ period: duty.due_date, due: duty.due_date });
  }
  return out;
}

/**
 * The duties, each with when it falls due, who reports and what, and a link to the reporting table
 * of its latest period due by today (else its first).
 * @param {any} c
 * @param {string} today
 */
function dutiesSection(c, today) {
  const duties = /** @type {any[]} */ (c.duties ?? []);
  if (!duties.length) return section('duties', 'campaign.section.duties', el('p', { class: 'card-note' }, t('campaign.noDuties')));
  return section('duties', 'campaign.section.duties',
    el('ol', { class: 'cp-duties' }, duties.map((d) => {
      const periods = dutyPeriods(d, c);
      const due = periods.filter((p) => p.due <= today);
      const pick = due.length ? due[due.length - 1] : periods[0];
      const params = pick ? new URLSearchParams({ duty_id: d.id, period: pick.period }) : null;
      return el('li', { class: 'cp-duty', 'data-duty': d.id },
        el('p', { class: 'cp-duty-head' }, el('strong', {}, d.title), ' ', el('span', { class: 'badge' }, t(`campaignDutyContent.${d.content}`))),
        el('p', { class: 'cp-duty-meta' }, t('campaign.dutyMeta', { when: dutyWhen(d), who: reportersText(d.reporters), n: periods.length })),
        c.state !== 'draft' && params
          ? el('p', { class: 'cp-duty-link' }, link(`${campaignPath(c.id)}/reporting?${params}`, t('campaign.reportingLink', { period: pick?.period ?? '' }),
            { 'data-link-kind': 'reporting', 'data-period': pick?.period ?? '' }))
          : null);
    })));
}

/**
 * The targets, each with its live value from GET /campaigns/{id}/progress when the server has it
 * (a 404 there: the targets alone).
 * @param {any} c
 * @param {any | null} progress
 */
function targetsSection(c, progress) {
  const targets = /** @type {any[]} */ (c.targets ?? []);
  if (!targets.length) return section('targets', 'campaign.section.targets', el('p', { class: 'card-note' }, t('campaign.noTargets')));
  const live = /** @type {any[]} */ (progress?.targets ?? []);
  return section('targets', 'campaign.section.targets',
    el('ul', { class: 'cp-targets' }, targets.map((g, i) => {
      const { what, text } = targetText(g);
      const p = live[i] && live[i].kind === g.kind ? live[i] : live.find((x) => x.kind === g.kind) ?? null;
      let value = null;
      if (p) {
        const shown = p.value === null || p.value === undefined ? t('campaign.progressNone')
          : g.kind === 'listed_hazards_cleared' ? t('campaign.progressListed', { n: p.value }) : t('campaign.progressPercent', { value: p.value });
        value = el('p', { class: 'cp-progress', 'data-field': 'progress' },
          g.kind !== 'listed_hazards_cleared' && typeof p.value === 'number'
            ? el('meter', { class: 'figure-meter cp-meter', min: 0, max: 100, value: p.value, low: Math.min(99.9, g.percent ?? 100), optimum: 100, 'aria-label': what })
            : null,
          el('span', {}, t('campaign.progressNow', { value: shown })), ' ',
          el('span', { class: `badge ${p.met ? 'badge-ok' : 'badge-bad'}`, 'data-met': String(Boolean(p.met)) }, p.met ? t('campaign.met') : t('campaign.notMet')));
      }
      return el('li', { class: 'cp-target', 'data-target': g.kind },
        el('p', { class: 'cp-target-what' }, el('strong', {}, what)),
        text ? el('p', { class: 'cp-target-text' }, text) : null,
        value);
    })),
    progress ? null : el('p', { class: 'card-note', 'data-field': 'no-progress' }, c.state === 'draft' ? t('campaign.progressDraft') : t('campaign.progressUnavailable')));
}

/** @param {any} c */
function amendmentsSection(c) {
  const list = /** @type {any[]} */ (c.amendments ?? []);
  if (!list.length) return null;
  return section('amendments', 'campaign.section.amendments',
    el('ol', { class: 'timeline' }, list.map((a) => el('li', { class: 'timeline-item', 'data-amendment': a.id },
      el('p', { class: 'timeline-head' }, a.text),
      el('p', { class: 'timeline-meta' }, el('time', { datetime: a.created_at }, formatCompact(a.created_at)), a.created_by_name ? ` · ${a.created_by_name}` : null),
      el('p', { class: 'timeline-reason' }, t('campaign.amendedMembers', {
        members: Object.keys(a.changes ?? {}).map((k) => t(`campaignMember.${k}`)).join(t('campaign.listSep')),
      }))))));
}

/**
 * The plan this one adopts, and the work plans adopted below it (as far as the caller sees).
 * @param {any} c
 * @param {any | null} parent
 */
function cascadeSection(c, parent) {
  const adoptions = /** @type {any[]} */ (c.adoptions ?? []);
  if (!c.parent_id && !adoptions.length) {
    return c.state === 'draft' ? null : section('cascade', 'campaign.section.cascade', el('p', { class: 'card-note' }, t('campaign.noAdoptions')));
  }
  return section('cascade', 'campaign.section.cascade',
    c.parent_id ? el('div', { class: 'cp-parent', 'data-field': 'parent' },
      el('h3', { class: 'cp-sub' }, t('campaign.parentPlan')),
      parent
        ? el('p', {}, link(campaignPath(parent.id), parent.name, { 'data-link-kind': 'parent' }), ' ',
          el('span', { class: 'card-note' }, [parent.org_name, parent.doc_number, period(parent.starts_on, parent.ends_on)].filter(Boolean).join(' · ')))
        : el('p', {}, link(campaignPath(c.parent_id), t('campaign.parentPlanLink'), { 'data-link-kind': 'parent' }))) : null,
    adoptions.length ? el('div', { class: 'cp-adoptions' },
      el('h3', { class: 'cp-sub' }, t('campaign.adoptionsTitle', { n: adoptions.length })),
      el('ul', { class: 'cp-adoption-list' }, adoptions.map((a) => el('li', { class: 'cp-adoption', 'data-adoption': a.id, 'data-org': a.org_name },
        el('p', { class: 'cp-adoption-head' }, el('strong', {}, a.org_name), ' ', stateBadge(a.state)),
        el('p', {}, link(campaignPath(a.id), a.name, { 'data-link-kind': 'adoption' })),
        el('p', { class: 'card-note' }, [a.doc_number, period(a.starts_on, a.ends_on)].filter(Boolean).join(' · '))))))
      : el('p', { class: 'card-note' }, t('campaign.noAdoptions')));
}

/**
 * The moves of the plan (issued, closed), oldest first, with who, when and why.
 * @param {any[]} moves
 */
function eventsSection(moves) {
  if (!moves.length) return null;
  return section('events', 'campaign.section.events',
    el('ol', { class: 'timeline' }, moves.map((e) => el('li', { class: 'timeline-item', 'data-event': e.action },
      el('p', { class: 'timeline-head' }, el('strong', {}, t(`campaignEvent.${e.action}`)), ' ',
        e.from_state !== e.to_state ? el('span', { class: 'card-note' }, `${t(`campaignState.${e.from_state}`)} → ${t(`campaignState.${e.to_state}`)}`) : null),
      el('p', { class: 'timeline-meta' }, el('time', { datetime: e.at }, formatCompact(e.at)),
        [e.actor_name, e.actor_role ? t(`role.${e.actor_role}`) : null].filter(Boolean).map((x) => ` · ${x}`).join('')),
      e.reason ? el('p', { class: 'timeline-reason' }, t('campaign.eventReason', { reason: e.reason })) : null))));
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/campaigns', t('campaigns.back'))), status);
  const path = campaignPath(params.id);
  /** @type {any} */
  const loaded = await loadPage(status, () => getVersioned(path));
  if (!loaded) return;
  const { record: c, etag } = loaded;
  const [parent, progress, checklist, events] = await Promise.all([
    c.parent_id ? get(campaignPath(c.parent_id)).catch(() => null) : null,
    // Progress that cannot be read (a server without it answers 404) leaves the targets alone.
    c.state !== 'draft' ? get(`${path}/progress`).catch((error) => {
      if (!(error instanceof ApiError && error.status === 404)) console.warn('campaign progress', error);
      return null;
    }) : null,
    c.checklist_template_id ? get(`/checklist-templates/${encodeURIComponent(c.checklist_template_id)}`).catch(() => null) : null,
    get(`${path}/events`).catch(() => ({ items: [] })),
  ]);
  const today = todayInBeijing();
  const done = new URLSearchParams(window.location.search).get('done');

  const area = el('div', { class: 'action-area campaign-action-area', 'data-area': 'campaign-action' });
  const { close, toggle, opened } = actionArea(area);
  /** @param {any} answer @param {string} action */
  const after = (answer, action) => {
    const target = answer?.id ?? c.id;
    navigate(`${campaignPath(target)}?done=${encodeURIComponent(action)}`, { replace: target === c.id });
  };
  /** @param {'issue' | 'close'} action */
  const move = (action) => confirmAction(area, t(`campaign.confirm.${action}`), async () => {
    const answer = await post(`${path}/actions/${action}`, {}, { headers: { 'If-Match': etag } });
    after(answer, action);
  }, { yesKey: `campaignAction.${action}`, name: action });
  /** @param {string} action */
  const button = (action) => {
    const b = /** @type {HTMLButtonElement} */ (el('button', {
      type: 'button', class: `button ${action === 'close' || action === 'update' ? 'button-secondary' : ''}`.trim(), 'data-action': action, 'aria-expanded': 'false',
    }, t(`campaignAction.${action}`)));
    on(b, 'click', () => {
      if (toggle(b)) return;
      const ctx = { campaign: c, etag, done: after, close };
      if (action === 'issue' || action === 'close') {
        move(action);
      } else {
        const form = action === 'update' ? updateForm(ctx) : action === 'adopt' ? adoptForm(ctx) : amendForm(ctx);
        area.replaceChildren(form);
        form.scrollIntoView({ block: 'start', behavior: 'smooth' });
        /** @type {HTMLElement | null} */ (form.querySelector('input, select, textarea'))?.focus({ preventScroll: true });
      }
      opened(b);
    });
    return b;
  };
  const actions = CAMPAIGN_ACTIONS.filter((a) => (c.allowed_actions ?? []).includes(a));

  const facts = /** @type {[string, any][]} */ ([
    ['campaign.docNumber', c.doc_number ?? t('campaign.noDocNumber')],
    ['campaign.org', c.org_name],
    ['campaign.issuedOn', c.issued_on],
    ['campaign.periodLabel', period(c.starts_on, c.ends_on)],
    ['campaign.issuedAt', c.issued_at ? formatCompact(c.issued_at) : null],
    ['campaign.closedAt', c.closed_at ? formatCompact(c.closed_at) : null],
  ]).filter(([, v]) => v !== null && v !== undefined && v !== '');

  root.append(...present(
    el('div', { class: 'page-head campaign-head' },
      el('div', { class: 'campaign-title-block' },
        el('h1', { class: 'page-title campaign-title' }, c.name),
        el('p', { class: 'badge-group', 'data-field': 'state' }, stateBadge(c.state),
          c.parent_id ? el('span', { class: 'badge badge-duty', 'data-kind': 'work-plan' }, t('campaign.workPlan')) : null)),
      el('div', { class: 'button-row' }, link(`${path}/print`, t('campaign.printLink'), { class: 'button button-secondary', 'data-action': 'print-view' }))),
    done ? el('p', { class: 'notice notice-ok', role: 'status', 'data-done': done }, t(`campaign.done.${done}`)) : null,
    actions.length
      ? el('section', { class: 'card campaign-actions', 'data-section': 'actions' },
        el('h2', { class: 'visually-hidden' }, t('campaign.section.actions')),
        el('div', { class: 'button-row' }, actions.map(button)),
        c.state === 'draft' && !c.doc_number && actions.includes('update')
          ? el('p', { class: 'card-note cp-need-doc', 'data-field': 'need-doc-number' }, t('campaign.needDocNumber')) : null,
        area)
      : null,
    el('section', { class: 'card campaign-section', 'data-section': 'header' },
      el('dl', { class: 'facts detail-facts' }, facts.map(([key, value]) => el('div', { class: 'fact', 'data-fact': key },
        el('dt', {}, t(key)), el('dd', { class: 'fact-text' }, value))))),
    (c.attachments ?? []).length ? section('attachments', 'campaign.section.attachments', attachmentGallery(c.attachments).element) : null,
    c.goal ? section('goal', 'campaign.section.goal', el('p', { class: 'cp-goal' }, c.goal)) : null,
    section('phases', 'campaign.section.phases', phaseTimeline(c, today)),
    (c.actions ?? []).length ? section('actions-list', 'campaign.section.special',
      el('ol', { class: 'cp-actions' }, c.actions.map((/** @type {any} */ a) => el('li', { class: 'cp-action' },
        el('p', { class: 'cp-action-name' }, el('strong', {}, a.name)),
        (a.tasks ?? []).length ? el('ul', { class: 'cp-tasks' }, a.tasks.map((/** @type {string} */ task) => el('li', {}, task))) : null)))) : null,
    (c.focus_items ?? []).length || c.checklist_template_id ? section('focus', 'campaign.section.focus',
      el('ol', { class: 'cp-focus' }, (c.focus_items ?? []).map((/** @type {any} */ f) => el('li', { class: 'cp-focus-item' },
        f.category ? el('span', { class: 'badge' }, f.category) : null, f.category ? ' ' : null, f.text))),
      c.checklist_template_id
        ? el('p', { class: 'cp-checklist', 'data-field': 'checklist' }, t('campaign.checklistMade'), ' ',
          link('/checklists', checklist?.name ?? t('campaign.checklistLink'), { 'data-link-kind': 'checklist', 'data-template': c.checklist_template_id }))
        : el('p', { class: 'card-note' }, t('campaign.checklistAtIssue'))) : null,
    targetsSection(c, progress),
    dutiesSection(c, today),
    amendmentsSection(c),
    cascadeSection(c, parent),
    eventsSection(events?.items ?? []),
  ));
  // A draft just made (from a template or blank) opens in its editor.
  if (done === 'create' && actions.includes('update')) qs('[data-action="update"]', root)?.click();
}

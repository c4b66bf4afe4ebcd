// @ts-check
/** What the campaign pages share (专项整治行动): the state badge, a period in words, the phases on a
 *  timeline with today marked, a target and a reporting duty in words. */
import { el } from '../dom.js';
import { t } from '../i18n.js';

/** The states of a campaign, in their order. */
export const CAMPAIGN_STATES = ['draft', 'issued', 'closed'];
/** The actions of the campaign workflow, in the order their buttons stand (the server's allowed_actions decide). */
export const CAMPAIGN_ACTIONS = ['issue', 'adopt', 'update', 'amend', 'close'];
export const TARGET_KINDS = ['grid_coverage', 'rectification_rate', 'spot_check_rate', 'listed_hazards_cleared'];
export const DUTY_CONTENTS = ['work_plan', 'progress', 'summary', 'free'];
export const RECURRENCES = ['monthly', 'weekly', 'once'];
export const REPORTERS = ['cities', 'counties', 'direct_units', 'all_units'];

const STATE_TONE = /** @type {Record<string, string>} */ ({ draft: 'badge-draft', issued: 'badge-ok', closed: 'badge-archived' });

/**
 * Options [code, label] for a select, the labels from `${prefix}.${code}` (codes.js has the same for
 * the supervision databases' codes, but brings the risk catalogue with it).
 * @param {string} prefix
 * @param {string[]} codes
 * @param {string} [emptyKey] first option with value '' (e.g. 全部)
 * @returns {[string, string][]}
 */
export function choices(prefix, codes, emptyKey) {
  /** @type {[string, string][]} */
  const list = codes.map((code) => [code, t(`${prefix}.${code}`)]);
  if (emptyKey) list.unshift(['', t(emptyKey)]);
  return list;
}

/** Today in Beijing time as YYYY-MM-DD (the phases' dates are Beijing dates). */
export function todayInBeijing() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** @param {string} state */
export const stateBadge = (state) => el('span', { class: `badge campaign-state ${STATE_TONE[state] ?? ''}`, 'data-state': state },
  t(`campaignState.${state}`));

/** @param {string} id */
export const campaignPath = (id) => `/campaigns/${encodeURIComponent(id)}`;

/** 2019-07-01 至 2019-11-10. @param {string | null | undefined} from @param {string | null | undefined} to */
export const period = (from, to) => (from && to ? t('campaign.period', { from, to }) : from ?? to ?? '');

/** Whole days from a to b (YYYY-MM-DD, b after a gives a positive number). @param {string} a @param {string} b */
export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/**
 * Where today stands against a phase: done, current or upcoming.
 * @param {{starts_on: string, ends_on: string}} phase
 * @param {string} today YYYY-MM-DD
 */
export function phaseState(phase, today) {
  if (today > phase.ends_on) return 'done';
  if (today < phase.starts_on) return 'upcoming';
  return 'current';
}

/**
 * The phases on a timeline: a bar over the campaign's period with a segment per phase (as long as
 * the phase) and today marked on it, then each phase with its dates, where today stands and its tasks.
 * @param {any} c the campaign
 * @param {string} today YYYY-MM-DD (Beijing time)
 * @returns {HTMLElement}
 */
export function phaseTimeline(c, today) {
  const phases = /** @type {any[]} */ (c.phases ?? []);
  const span = Math.max(1, daysBetween(c.starts_on, c.ends_on) + 1);
  const within = today >= c.starts_on && today <= c.ends_on;
  const current = phases.find((p) => phaseState(p, today) === 'current');
  const track = el('div', { class: 'cp-track', 'aria-hidden': 'true' },
    phases.map((p, i) => {
      const seg = el('span', { class: `cp-seg cp-seg-${i % 4}`, 'data-phase-state': phaseState(p, today), title: p.name }, el('span', { class: 'cp-seg-name' }, p.name));
      // The segment's share of the period and where it starts (CSSOM, which the CSP allows; no style attribute).
      seg.style.setProperty('--start', `${(Math.max(0, daysBetween(c.starts_on, p.starts_on)) / span) * 100}%`);
      seg.style.setProperty('--width', `${(Math.max(1, daysBetween(p.starts_on, p.ends_on) + 1) / span) * 100}%`);
      return seg;
    }),
    within ? (() => {
      const mark = el('span', { class: 'cp-today-mark', 'data-today': today }, el('span', { class: 'cp-today-label' }, t('campaign.today')));
      mark.style.setProperty('--at', `${((daysBetween(c.starts_on, today) + 0.5) / span) * 100}%`);
      return mark;
    })() : null);
  let note;
  if (today < c.starts_on) note = t('campaign.todayBefore', { today });
  else if (today > c.ends_on) note = t('campaign.todayAfter', { today });
  else if (current) note = t('campaign.todayIn', { today, phase: current.name });
  else note = t('campaign.todayBetween', { today });
  return el('div', { class: 'cp-timeline' },
    el('div', { class: 'cp-track-ends', 'aria-hidden': 'true' }, el('span', {}, c.starts_on), el('span', {}, c.ends_on)),
    track,
    el('p', { class: `cp-today-note ${within ? 'is-within' : ''}`.trim(), 'data-field': 'today' }, note),
    phases.length
      ? el('ol', { class: 'cp-phases' }, phases.map((p, i) => {
        const state = phaseState(p, today);
        return el('li', { class: `cp-phase cp-phase-${state}`, 'data-phase': String(i), 'data-phase-state': state },
          el('p', { class: 'cp-phase-head' },
            el('strong', { class: 'cp-phase-name' }, p.name), ' ',
            el('span', { class: 'cp-phase-dates' }, period(p.starts_on, p.ends_on)), ' ',
            el('span', { class: `badge cp-phase-badge ${state === 'current' ? 'badge-duty' : state === 'done' ? 'badge-archived' : ''}`.trim() },
              state === 'current' ? t('campaign.phaseNow', { today }) : t(`campaignPhaseState.${state}`))),
          (p.tasks ?? []).length ? el('ul', { class: 'cp-tasks' }, p.tasks.map((/** @type {string} */ task) => el('li', {}, task))) : null);
      }))
      : el('p', { class: 'card-note' }, t('campaign.noPhases')));
}

/**
 * A target in words: its text, else its kind with the rate or the date.
 * @param {any} target
 */
export function targetText(target) {
  const what = target.kind === 'listed_hazards_cleared'
    ? t('campaignTarget.listed_hazards_cleared', { date: target.by_date ?? '—' })
    : t(`campaignTarget.${target.kind}`, { percent: target.percent ?? '—' });
  return { what, text: target.text ?? null };
}

/**
 * When a duty falls due, in words: 每月21日 24:00前, 每周五 11:00前, 2019-07-31 24:00前.
 * @param {any} d
 */
export function dutyWhen(d) {
  if (d.recurrence === 'monthly') return t('campaignDuty.monthly', { day: d.day_of_month ?? '—', time: d.due_time });
  if (d.recurrence === 'weekly') return t('campaignDuty.weekly', { weekday: t(`weekday.${d.weekday ?? 1}`), time: d.due_time });
  return t('campaignDuty.once', { date: d.due_date ?? '—', time: d.due_time });
}

/** 各市、各县（区）、直属单位. @param {string[]} reporters */
export const reportersText = (reporters) => (reporters ?? []).map((r) => t(`campaignReporter.${r}`)).join(t('campaign.listSep'));

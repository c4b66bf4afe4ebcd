// @ts-check
/** What the report pages share (信息报送): the badges of a report's state and of an obligation's status
 *  (按时 / 迟报 / 未报 / 退回 / 已采纳 / 未到期), the words of a period, the figures (report_figures:
 *  what a report carries, frozen at its submission, or live), and starting a report from an obligation
 *  (POST /reports, then its page). */
import { ApiError, get, post } from '../api.js';
import { el } from '../dom.js';
import { formatCompact, t } from '../i18n.js';
import { navigate } from '../router.js';
import * as session from '../session.js';

/**
 * The nodes that are there (for DOM append, which would write a null as the text "null").
 * @param {(Node | null | undefined | false)[]} nodes
 * @returns {Node[]}
 */
export const present = (...nodes) => /** @type {Node[]} */ (nodes.filter((n) => n instanceof Node));

/** The report's own path. @param {string} id */
export const reportPath = (id) => `/reports/${encodeURIComponent(id)}`;

/** The reporting table of a campaign. @param {string} campaignId @param {Record<string, string | null | undefined>} [query] */
export function reportingPath(campaignId, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v).map(([k, v]) => [k, String(v)]));
  const search = params.toString();
  return `/campaigns/${encodeURIComponent(campaignId)}/reporting${search ? `?${search}` : ''}`;
}

/** A report's states: draft 草稿, submitted 已报送, accepted 已采纳, returned 已退回. */
export const REPORT_STATES = ['draft', 'submitted', 'accepted', 'returned'];
/** The moves on a report the pages offer, in the order of their buttons. */
export const REPORT_ACTIONS = ['submit', 'accept', 'return'];
/** An obligation's status in the reporting table (oversight). */
export const REPORT_STATUSES = ['not_due', 'missing', 'submitted', 'returned', 'accepted'];

/** @param {string} state */
export const stateBadge = (state) => el('span', { class: `badge report-state rs-${state}`, 'data-state': state }, t(`reportState.${state}`));

/**
 * 按时 / 迟报 of a submitted report (decided by its first submission); null before it.
 * @param {string | null | undefined} timeliness
 */
export const timelinessBadge = (timeliness) => (timeliness
  ? el('span', { class: `badge report-timeliness rs-${timeliness}`, 'data-timeliness': timeliness }, t(`reportTimeliness.${timeliness}`))
  : null);

/**
 * The status of an obligation in the reporting table: 未到期, 未报, 已报送 (awaiting a decision), 退回,
 * 已采纳; with 按时 / 迟报 once submitted.
 * @param {{status: string, timeliness?: string | null}} row
 * @returns {HTMLElement}
 */
export function statusBadges(row) {
  return el('span', { class: 'badge-group report-status' },
    el('span', { class: `badge rs-${row.status}`, 'data-status': row.status }, t(`reportStatus.${row.status}`)),
    timelinessBadge(row.timeliness));
}

/**
 * A period in words: 2019年10月, 2019年第41周, or for a one-off duty its date (2019-10-25).
 * @param {string | null | undefined} period
 */
export function periodText(period) {
  if (!period) return '—';
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return t('reportPeriod.month', { year: m[1], month: Number(m[2]) });
  m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (m) return t('reportPeriod.week', { year: m[1], week: Number(m[2]) });
  return t('reportPeriod.once', { date: period });
}

/** A due instant: 2019-10-18 17:00 (Beijing time). @param {string | null | undefined} iso */
export const dueText = (iso) => (iso ? formatCompact(iso).slice(0, 16) : '—');

/** The figures a report carries, in the order they are shown; the rates are percentages. */
export const FIGURES = ['inspections', 'hazards_found', 'hazards_rectified', 'rectification_rate', 'major_open', 'listed_open',
  'overdue', 'inspected_units', 'spot_checked_units', 'spot_check_rate', 'institutions', 'grid_covered', 'grid_coverage'];
/** The figures the reporting table shows in its columns. */
export const TABLE_FIGURES = ['inspections', 'hazards_found', 'hazards_rectified', 'rectification_rate', 'major_open'];
const RATES = new Set(['rectification_rate', 'spot_check_rate', 'grid_coverage']);

/**
 * One figure in words: a count, a percentage (85.7%) or — when there is none.
 * @param {Record<string, any> | null | undefined} figures
 * @param {string} key
 * @returns {string}
 */
export function figureText(figures, key) {
  const value = figures?.[key];
  if (value === null || value === undefined || value === '') return '—';
  return RATES.has(key) ? `${value}%` : String(value);
}

/** Each rate and the counts it is made of: a sum of reports adds the counts, and its rate is theirs. */
const RATE_OF = /** @type {[string, string, string][]} */ ([
  ['rectification_rate', 'hazards_rectified', 'hazards_found'],
  ['spot_check_rate', 'spot_checked_units', 'inspected_units'],
  ['grid_coverage', 'grid_covered', 'institutions'],
]);

/**
 * A sum of figures with each rate computed from the summed counts (percent, one decimal; none when
 * nothing was counted), whatever the rates summed to.
 * @param {Record<string, any> | null | undefined} figures
 * @returns {Record<string, any> | null}
 */
export function withRates(figures) {
  if (!figures) return null;
  const out = { ...figures };
  for (const [rate, part, whole] of RATE_OF) {
    if (typeof figures[part] !== 'number' || typeof figures[whole] !== 'number') continue;
    out[rate] = figures[whole] > 0 ? Math.round((figures[part] * 1000) / figures[whole]) / 10 : null;
  }
  return out;
}

/**
 * The figures as a table: one row per figure, a column for each set given (报送时 frozen, 当前 live,
 * 下级合计 the children's sum); a set that is null is left out.
 * @param {{key: string, figures: Record<string, any> | null | undefined}[]} sets key: the column's catalogue key
 * @param {string} name data-figures
 */
export function figuresTable(sets, name) {
  const shown = sets.filter((s) => s.figures);
  return el('table', { class: 'data-table report-figures', 'data-figures': name },
    el('caption', { class: 'visually-hidden' }, t('report.figuresCaption')),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('report.figure')),
      shown.map((s) => el('th', { scope: 'col', class: 'num' }, t(s.key))))),
    el('tbody', {}, FIGURES.map((key) => el('tr', { 'data-figure': key },
      el('th', { scope: 'row' }, t(`reportFig.${key}`)),
      shown.map((s, i) => {
        const text = figureText(s.figures, key);
        const differs = i > 0 && text !== figureText(shown[0].figures, key);
        return el('td', { class: `num ${differs ? 'figure-differs' : ''}`.trim() }, text);
      })))));
}

/**
 * A text of paragraphs as the API takes it: no spaces at either end, line breaks as LF, no
 * empty lines between paragraphs, no spaces at the end of a line.
 * @param {string} text
 * @returns {string}
 */
export function paragraphText(text) {
  return text.trim().replace(/[ \t]*(\r\n|\r|\n)[ \t\r\n]*/g, '\n');
}

/**
 * Starts the caller's report for one obligation (POST /reports) and opens it; when it exists already
 * (409), opens the one there is.
 * @param {{campaign_id: string, duty_id: string, period: string}} obligation
 * @returns {Promise<void>}
 */
export async function startReport(obligation) {
  const body = { campaign_id: obligation.campaign_id, duty_id: obligation.duty_id, period: obligation.period };
  let id;
  try {
    id = (await post('/reports', body)).id;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) throw error;
    const page = await get('/reports', { query: { ...body, org_id: session.current()?.org.id ?? null, limit: 1 } });
    id = page.items?.[0]?.id;
    if (!id) throw error;
  }
  navigate(reportPath(id));
}

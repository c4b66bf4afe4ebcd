// @ts-check
/** 报送情况: the reporting table of one campaign for the org above (GET /campaigns/{id}/reporting): a
 *  duty and a period picked, one row per org below with its status in colour (按时 / 迟报 / 未报 / 退回
 *  / 已采纳 / 未到期), its frozen figures with the live ones beneath when they differ and, for a city,
 *  the sum of its counties; the counts above; 提醒 for the rows picked whose allowed_actions has remind
 *  (POST /campaigns/{id}/reminders). On a phone each row is a card. */
import { ApiError, get, post } from '../api.js';
import { delegate, el, on, qsa } from '../dom.js';
import { field, loadPage, problemNodes, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { cardTable, link } from '../listing.js';
import { navigate } from '../router.js';
import { allows } from '../actions.js';
import * as session from '../session.js';
import {
  REPORT_STATUSES, TABLE_FIGURES, present, withRates, dueText, figureText, periodText, reportPath, reportingPath, statusBadges,
} from './report-common.js';

export const titleKey = 'reporting.title';

/** The statuses 提醒 picks at once: those with nothing (usable) from the org. */
const TO_REMIND = ['missing', 'returned'];

/**
 * The period to open when the URL names none: the next one due, else the last one (a campaign over).
 * @param {{duty_id: string, period: string, due_at: string}[]} periods
 */
function defaultPeriod(periods) {
  const now = Date.now();
  const sorted = [...periods].sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
  const past = sorted.filter((p) => Date.parse(p.due_at) <= now);
  return past.at(-1) ?? sorted[0] ?? null;
}

/**
 * The obligations of the campaign when the table's answer is not there yet (the URL names no period
 * and the server asks for one): the periods to pick from.
 * @param {string} campaignId
 * @returns {Promise<{duty_id: string, period: string, due_at: string}[]>}
 */
async function obligationPeriods(campaignId) {
  const page = await get(`/campaigns/${encodeURIComponent(campaignId)}/obligations`, { query: { limit: 500 } });
  /** @type {Map<string, {duty_id: string, period: string, due_at: string}>} */
  const seen = new Map();
  for (const o of page.items ?? []) seen.set(`${o.duty_id}|${o.period}`, { duty_id: o.duty_id, period: o.period, due_at: o.due_at });
  return [...seen.values()];
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const campaignId = params.id;
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link(`/campaigns/${encodeURIComponent(campaignId)}`, t('reporting.back'))), status);
  const search = new URLSearchParams(window.location.search);
  const query = { duty_id: search.get('duty_id'), period: search.get('period'), org_id: search.get('org_id') };
  const path = `/campaigns/${encodeURIComponent(campaignId)}/reporting`;

  /** The table's answer; without a period named, the server's default or else the last period due. */
  const loadTable = async () => {
    try {
      return await get(path, { query });
    } catch (error) {
      if (query.period || !(error instanceof ApiError) || error.status >= 500 || error.status === 404 || error.status === 403) throw error;
      const all = await obligationPeriods(campaignId);
      const pick = defaultPeriod(query.duty_id ? all.filter((p) => p.duty_id === query.duty_id) : all) ?? defaultPeriod(all);
      if (!pick) throw error;
      Object.assign(query, { duty_id: pick.duty_id, period: pick.period });
      return get(path, { query });
    }
  };
  /** @type {any} */
  const loaded = await loadPage(status, () => Promise.all([
    loadTable(),
    get(`/campaigns/${encodeURIComponent(campaignId)}`).catch(() => null),
  ]));
  if (!loaded) return;
  const [table, campaign] = loaded;

  // The pickers: the duty, then its periods (newest due last), and a status to narrow the rows to.
  /** @type {Record<string, string>} */
  const dutyTitles = Object.fromEntries((campaign?.duties ?? []).map((/** @type {any} */ d) => [d.id, d.title]));
  if (table.duty?.id) dutyTitles[table.duty.id] = table.duty.title;
  const periods = /** @type {{duty_id: string, period: string, due_at: string}[]} */ (table.periods ?? []);
  const dutyIds = [...new Set([...(campaign?.duties ?? []).map((/** @type {any} */ d) => d.id), ...periods.map((p) => p.duty_id)])]
    .filter((id) => periods.some((p) => p.duty_id === id) || id === table.duty?.id);
  const duty = select('duty_id', dutyIds.map((id) => [id, dutyTitles[id] ?? id]), table.duty?.id);
  const period = select('period', []);
  const fillPeriods = () => {
    const mine = periods.filter((p) => p.duty_id === duty.value).sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
    period.replaceChildren(...mine.map((p) => el('option', { value: p.period }, t('reporting.periodOption', { period: periodText(p.period), due: dueText(p.due_at) }))));
    if (duty.value === table.duty?.id) period.value = table.period;
  };
  fillPeriods();
  const shown = select('status', [['', t('reporting.allStatuses')], ...REPORT_STATUSES.map((s) => /** @type {[string, string]} */ ([s, t(`reportStatus.${s}`)])),
    ['late', t('reportTimeliness.late')]], search.get('status') ?? '');
  // The level to narrow a long table to (a province's cities, then their counties), when it holds more than one.
  const levels = ['city', 'county', 'unit'].filter((l) => (table.rows ?? []).some((/** @type {any} */ row) => row.level === l));
  const level = select('level', [['', t('reporting.allLevels')], ...levels.map((l) => /** @type {[string, string]} */ ([l, t(`level.${l}`)]))],
    search.get('level') ?? '');
  const pickers = /** @type {HTMLFormElement} */ (el('form', { class: 'reporting-pickers', role: 'search', 'aria-label': t('reporting.pickers') },
    el('div', { class: 'filter-bar' }, field('reporting.duty', duty), field('reporting.period', period), field('reporting.status', shown),
      levels.length > 1 ? field('reporting.level', level) : null)));
  const go = () => navigate(reportingPath(campaignId, {
    duty_id: duty.value, period: period.value, org_id: query.org_id, status: shown.value || null, level: level.value || null,
  }), { replace: true });
  on(duty, 'change', () => {
    fillPeriods();
    const mine = periods.filter((p) => p.duty_id === duty.value);
    const pick = defaultPeriod(mine);
    if (pick) period.value = pick.period;
    go();
  });
  on(period, 'change', go);
  on(shown, 'change', go);
  on(level, 'change', go);
  on(pickers, 'submit', (event) => { event.preventDefault(); go(); });

  const me = session.current();
  const rows = /** @type {any[]} */ (table.rows ?? []);
  const remindable = rows.some((row) => allows(row, 'remind'));
  const counts = table.counts ?? {};
  /** The depth of the rows nearest the table's org: they are not indented, the rows below them are. */
  const top = Math.min(...rows.map((row) => row.depth ?? 0));

  /** A frozen figure, and beneath it the live one when it differs and the children's sum for a city. @param {any} row @param {string} key */
  const figureCell = (row, key) => {
    const frozen = row.figures ? figureText(row.figures, key) : null;
    const live = figureText(row.live_figures, key);
    const sum = row.children_sum ? figureText(withRates(row.children_sum), key) : null;
    return el('span', { class: 'figure-cell' },
      el('span', { class: 'figure-frozen', 'data-kind': frozen === null ? 'live' : 'frozen' }, frozen ?? live),
      frozen !== null && live !== frozen ? el('small', { class: 'figure-live', title: t('reporting.liveTitle') }, t('reporting.live', { value: live })) : null,
      sum !== null ? el('small', { class: 'figure-sum', title: t('reporting.sumTitle') }, t('reporting.childrenSum', { value: sum })) : null);
  };

  /** @type {import('../listing.js').Column[]} */
  const columns = [
    { key: 'reporting.col.org', cell: (row) => el('span', { class: `reporting-org depth-${Math.min((row.depth ?? top) - top, 2)}` },
      remindable && allows(row, 'remind')
        ? el('input', { type: 'checkbox', class: 'checkbox', 'data-pick': true, value: row.org_id, 'data-status': row.status,
          'aria-label': t('reporting.pick', { org: row.org_name }) })
        : null,
      row.org_name, ' ', el('span', { class: 'card-note' }, t(`level.short.${row.level}`))) },
    { key: 'reporting.col.status', className: 'nowrap', cell: (row) => statusBadges(row) },
    { key: 'reporting.col.submitted', className: 'nowrap', cell: (row) => (row.submitted_at
      ? el('span', {}, formatCompact(row.submitted_at).slice(0, 16),
        row.revision > 1 ? el('small', { class: 'card-note' }, ` ${t('reporting.revision', { n: row.revision })}`) : null)
      : null) },
    ...TABLE_FIGURES.map((key) => ({ key: `reportFig.${key}`, className: 'num', cell: (/** @type {any} */ row) => figureCell(row, key) })),
    { key: 'reporting.col.open', className: 'nowrap', cell: (row) => (row.report_id
      ? link(reportPath(row.report_id), allows(row, 'accept') || allows(row, 'return') ? t('reporting.review') : t('reporting.view'),
        { class: `row-link ${allows(row, 'accept') || allows(row, 'return') ? 'button button-small' : ''}`.trim(), 'data-link-kind': 'report' })
      : null) },
  ];
  const visible = rows.filter((row) => (!shown.value || (shown.value === 'late' ? row.timeliness === 'late' : row.status === shown.value))
    && (!level.value || row.level === level.value));
  const { table: grid } = cardTable({
    name: 'reporting', captionKey: 'reporting.caption', columns, items: visible, rowHeader: false,
    rowAttrs: (row) => ({ 'data-org': row.org_id, 'data-level': row.level, 'data-status': row.status, 'data-timeliness': row.timeliness ?? '', class: `rs-row rs-row-${row.status}` }),
  });
  // The sum of the rows' frozen figures, under the figure columns.
  if (table.sum && visible.length) {
    grid.append(el('tfoot', {}, el('tr', { class: 'reporting-sum', 'data-row': 'sum' },
      el('th', { scope: 'row', colspan: 3 }, t('reporting.sum')),
      TABLE_FIGURES.map((key) => el('td', { class: 'num', 'data-label': t(`reportFig.${key}`) }, figureText(withRates(table.sum), key))),
      el('td', {}))));
  }

  // 提醒: the rows ticked (未报 and 退回 picked at once), then one POST.
  const remindNote = el('span', { class: 'card-note', 'aria-live': 'polite' });
  const remindBox = el('div', { class: 'reporting-remind', 'data-bar': 'remind' });
  if (remindable) {
    const pickLate = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'pick-missing' }, t('reporting.pickMissing'));
    const remind = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button', 'data-action': 'remind' }, t('reporting.remind', { n: 0 })));
    const ticked = () => /** @type {HTMLInputElement[]} */ (qsa('input[data-pick]:checked', grid));
    const update = () => {
      const n = ticked().length;
      remind.textContent = t('reporting.remind', { n });
      remind.disabled = n === 0;
    };
    update();
    delegate(grid, 'input[data-pick]', 'change', update);
    on(pickLate, 'click', () => {
      for (const box of /** @type {HTMLInputElement[]} */ (qsa('input[data-pick]', grid))) box.checked = TO_REMIND.includes(box.dataset.status ?? '');
      update();
    });
    on(remind, 'click', async () => {
      const orgIds = ticked().map((box) => box.value);
      if (!orgIds.length) return;
      remind.disabled = true;
      remindNote.classList.remove('form-error');
      try {
        const answer = await post(`/campaigns/${encodeURIComponent(campaignId)}/reminders`, { duty_id: table.duty?.id, period: table.period, org_ids: orgIds });
        remindNote.textContent = t('reporting.reminded', { n: answer?.reminded ?? orgIds.length });
        for (const box of ticked()) box.checked = false;
      } catch (error) {
        remindNote.replaceChildren(...problemNodes(error));
        remindNote.classList.add('form-error');
      }
      update();
    });
    remindBox.append(pickLate, remind, remindNote);
  }

  const countChips = el('p', { class: 'badge-group reporting-counts', 'data-field': 'counts' },
    [...REPORT_STATUSES, 'on_time', 'late'].map((key) => el('span', {
      class: `badge rs-${key}`, 'data-count': key,
    }, t(`reporting.count.${key}`, { n: counts[key] ?? 0 }))));

  root.append(...present(
    el('div', { class: 'page-head' },
      el('div', {},
        el('h1', { class: 'page-title' }, t('reporting.heading')),
        el('p', { class: 'page-sub' }, [campaign?.name, table.org?.name].filter(Boolean).join(' · '))),
      query.org_id && query.org_id !== me?.org.id
        ? el('div', { class: 'button-row' }, link(reportingPath(campaignId, { duty_id: table.duty?.id, period: table.period }), t('reporting.up'), { class: 'button button-secondary' }))
        : null),
    el('section', { class: 'card' }, pickers,
      el('p', { class: 'card-note', 'data-field': 'due' }, t('reporting.dueLine', {
        duty: table.duty?.title ?? '', period: periodText(table.period), due: dueText(table.due_at),
        start: table.period_start ?? '', end: table.period_end ?? '',
      })),
      countChips),
    el('section', { class: 'card', 'data-list': 'reporting', 'data-state': 'ok' },
      remindable ? remindBox : null,
      rows.length
        ? el('div', { class: 'table-wrap' }, grid)
        : el('p', { class: 'card-note' }, t('reporting.none')),
      rows.length && !visible.length ? el('p', { class: 'card-note' }, t('reporting.noneShown')) : null,
      el('p', { class: 'card-note' }, t('reporting.legend')))));
}

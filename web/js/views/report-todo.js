// @ts-check
/** 报送待办: the reports section of the to-do list (GET /todo, member reports): the caller's org's
 *  reporting obligations of issued campaigns not yet submitted, or returned, due within 14 days or
 *  overdue, soonest first, 已催报 when the org above reminded it. Each opens its report, or starts it
 *  (POST /reports) when there is none. */
import { el, on } from '../dom.js';
import { problemNodes } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { link } from '../listing.js';
import { dueText, periodText, reportPath, startReport } from './report-common.js';

/** Rows shown before 显示全部. */
const FIRST = 5;

/**
 * One obligation: its duty, campaign and period, the due instant (逾期 once past), and 填报 / 继续填报
 * for whoever files the org's reports (`write`); for the others, the report to read when there is one.
 * @param {any} item @param {boolean} write
 */
function row(item, write) {
  /** @type {HTMLElement | null} */
  let open;
  if (!write) {
    open = item.report_id ? link(reportPath(item.report_id), t('reportTodo.view'), { class: 'row-link', 'data-action': 'open-report' }) : null;
  } else if (item.report_id) {
    open = link(reportPath(item.report_id), t(item.state === 'returned' ? 'reportTodo.revise' : 'reportTodo.continue'),
      { class: 'button button-small', 'data-action': 'open-report' });
  } else {
    const start = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-small', 'data-action': 'start-report' }, t('reportTodo.start')));
    const problem = el('span', { class: 'form-error', 'aria-live': 'polite', hidden: true });
    on(start, 'click', async () => {
      start.disabled = true;
      problem.hidden = true;
      try {
        await startReport(item);
      } catch (error) {
        problem.replaceChildren(...problemNodes(error));
        problem.hidden = false;
        start.disabled = false;
      }
    });
    open = el('span', {}, start, ' ', problem);
  }
  return el('li', { class: 'item', 'data-obligation': `${item.duty_id}|${item.period}`, 'data-state': item.state ?? 'none', 'data-reminded': item.reminded_at ? 'true' : null },
    el('div', { class: 'item-main' },
      el('p', { class: 'item-title' }, item.title),
      el('p', { class: 'badge-group' },
        item.overdue ? el('span', { class: 'badge rs-missing', 'data-mark': 'overdue' }, t('reportTodo.overdue')) : null,
        item.reminded_at ? el('span', { class: 'badge rs-late', 'data-mark': 'reminded', title: formatCompact(item.reminded_at) },
          t('reportTodo.reminded', { at: formatCompact(item.reminded_at).slice(5, 16) })) : null,
        item.state ? el('span', { class: `badge rs-${item.state}` }, t(`reportState.${item.state}`))
          : el('span', { class: 'badge rs-not_due' }, t('reportTodo.notStarted'))),
      // a one-off duty's period is its due day: said once, in the due instant
      el('p', { class: 'item-note' }, [item.campaign_name, /^\d{4}-\d{2}-\d{2}$/.test(item.period) ? null : periodText(item.period),
        t('reportTodo.due', { due: dueText(item.due_at) })].filter(Boolean).join(' · '))),
    el('div', { class: 'item-actions' }, open));
}

/**
 * The card, from the to-do answer; null when nothing is due (or the to-do list has no reports section).
 * Every user of the org sees what it owes; `write` (report:write) adds the buttons that file it.
 * @param {any} todo the GET /todo answer
 * @param {boolean} [write]
 * @returns {HTMLElement | null}
 */
export function reportsCard(todo, write = true) {
  const section = todo?.reports;
  if (!section) return null;
  const items = /** @type {any[]} */ (Array.isArray(section) ? section : section.items ?? []);
  const count = Array.isArray(section) ? section.length : section.count ?? items.length;
  // An org that owes nothing soon (most units) is not shown an empty card.
  if (!items.length) return null;
  const list = el('ul', { class: 'item-list todo-list' }, items.slice(0, FIRST).map((item) => row(item, write)));
  const rest = items.slice(FIRST);
  const more = rest.length ? el('button', { type: 'button', class: 'button button-secondary button-small', 'data-action': 'todo-more' },
    t('reportTodo.showAll', { count: items.length })) : null;
  if (more) {
    on(more, 'click', () => {
      list.append(...rest.map((item) => row(item, write)));
      more.remove();
    });
  }
  const overdue = items.filter((i) => i.overdue).length;
  return el('section', { class: 'card todo-card report-todo', 'data-card': 'report-todo', 'data-todo': 'reports' },
    el('div', { class: 'card-head' },
      el('h2', { class: 'card-title' }, t('reportTodo.title'), ' ',
        el('span', { class: `badge ${overdue ? 'badge-bad' : ''}`.trim(), 'data-count': String(count) }, String(count)))),
    list,
    more);
}

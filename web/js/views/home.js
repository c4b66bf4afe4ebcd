// @ts-check
/** Home page: welcome panel, the supervision figures of the caller's subtree, and the server health card. */
import { get } from '../api.js';
import { cloneTemplate, el, qs, setField } from '../dom.js';
import { today } from '../codes.js';
import { link } from '../listing.js';
import { coverageCard } from './institutions.js';
import { todoCard } from './hazard-todo.js';
import { reportsCard } from './report-todo.js';
import { fourColours } from './risks.js';
import { t, translateTree } from '../i18n.js';
import * as session from '../session.js';
import { describeDatabase, describeService, describeTime, errorText, loadSystemStatus } from './system-status.js';

export const titleKey = 'home.title';

/** @param {HTMLElement} root */
export async function render(root) {
  const fragment = cloneTemplate('tpl-health-card');
  translateTree(fragment);
  const card = /** @type {HTMLElement} */ (qs('.health-card', fragment));

  const me = session.current();
  root.append(
    el('section', { class: 'panel welcome' },
      el('h1', { class: 'page-title' }, t('home.heading')),
      me ? el('p', { class: 'greeting', 'data-field': 'greeting' },
        t('home.greeting', { name: me.user.display_name, role: t(`role.${me.user.role}`), org: me.org.name })) : null,
      el('p', { class: 'lead' }, t('home.intro'))),
  );
  // A unit's safety officer opens on their hazard work (待办), above the figures; every user sees
  // what their org owes next (报送待办, report-todo.js), with the buttons that file it for those
  // who may (report:write).
  const todoSlot = el('div', { class: 'todo-slot' });
  const hazardTodo = me?.user.role === 'safety_officer' && me.org.level === 'unit' && session.can('hazard:read');
  const reportTodo = session.can('campaign:read');
  const answer = hazardTodo || reportTodo ? get('/todo').catch(() => null) : null;
  const todo = answer ? Promise.all([
    hazardTodo ? todoCard(answer) : null,
    reportTodo ? answer.then((a) => reportsCard(a, session.can('report:write'))) : null,
  ]).then((cards) => todoSlot.replaceChildren(...cards.filter((c) => c !== null))) : null;
  if (todo) root.append(todoSlot);
  const figures = me ? figureCards() : null;
  if (figures) root.append(figures.row);
  root.append(fragment);

  // The figures and the health card are drawn before the view counts as shown (app.js reveals
  // the page then), so the cards below them do not jump as they fill.
  const [s] = await Promise.all([loadSystemStatus(), figures?.done, todo]);
  const service = describeService(s);
  const database = describeDatabase(s);

  setField(card, 'status', service.text)?.classList.add(service.ok ? 'badge-ok' : 'badge-bad');
  setField(card, 'version', s.health?.version ?? '—');
  const time = setField(card, 'time', describeTime(s));
  if (time && s.health) time.setAttribute('datetime', s.health.time);
  setField(card, 'ready', database.text)?.classList.add(database.ok ? 'badge-ok' : 'badge-bad');
  setField(card, 'schema', database.schema);

  const failed = !s.health;
  setField(card, 'message', failed ? errorText(s.healthError) : t('health.loaded'));
  qs('[data-field="message"]', card)?.classList.toggle('card-error', failed);
  qs('[data-field="message"]', card)?.classList.toggle('visually-hidden', !failed);
  card.dataset.state = failed ? 'error' : 'ok';
}

/**
 * The figure cards the caller may see (grid coverage, four-colour risks, inspections this month), filled as they load.
 * @returns {{row: HTMLElement, done: Promise<unknown>}} done settles when every card is filled
 */
function figureCards() {
  const row = el('div', { class: 'home-figures' });
  /** @type {Promise<unknown>[]} */
  const loads = [];
  /** @param {string} key @param {string} href @param {string} name */
  const card = (key, href, name) => {
    const body = el('div', { class: 'home-figure-body' }, el('p', { class: 'card-note' }, t('common.loading')));
    row.append(el('section', { class: 'card home-figure', 'data-card': name },
      el('h2', { class: 'card-title' }, link(href, t(key))), body));
    return body;
  };
  if (session.can('institution:read')) {
    const body = card('home.fig.grid', '/institutions', 'grid');
    loads.push(get('/figures/grid-coverage').then((fig) => body.replaceChildren(coverageCard(fig)))
      .catch(() => body.replaceChildren(el('p', { class: 'card-error' }, t('home.fig.failed')))));
  }
  if (session.can('risk:read')) {
    const body = card('home.fig.risks', '/risks', 'risks');
    loads.push(get('/figures/risks').then((fig) => body.replaceChildren(fourColours(fig), el('p', { class: 'figure-note' }, t('home.fig.riskTotal', { total: fig.total }))))
      .catch(() => body.replaceChildren(el('p', { class: 'card-error' }, t('home.fig.failed')))));
  }
  if (session.can('inspection:read')) {
    const body = card('home.fig.inspections', '/inspections', 'inspections');
    const day = today();
    const from = `${day.slice(0, 8)}01`;
    loads.push(get('/figures/inspections', { query: { from, to: day } }).then((fig) => {
      const month = (fig.by_month ?? []).reduce((/** @type {number} */ sum, /** @type {any} */ m) => sum + m.count, 0);
      const rate = Math.round((fig.coverage?.rate ?? 0) * 1000) / 10;
      body.replaceChildren(el('div', { class: 'figure', 'data-figure': 'inspections-month' },
        el('p', { class: 'figure-label' }, t('home.fig.thisMonth')),
        el('p', { class: 'figure-value' }, String(month)),
        el('p', { class: 'figure-label' }, t('home.fig.coverage')),
        el('meter', { class: 'figure-meter', min: 0, max: 1, value: fig.coverage?.rate ?? 0 }),
        el('p', { class: 'figure-note' }, t('home.fig.coverageNote', { inspected: fig.coverage?.inspected ?? 0, units: fig.coverage?.units ?? 0, rate }))));
    }).catch(() => body.replaceChildren(el('p', { class: 'card-error' }, t('home.fig.failed')))));
  }
  return { row, done: Promise.all(loads) };
}

// @ts-check
/** The forms of a campaign's actions, opened from its page's buttons (exactly its allowed_actions):
 *  update (edit the draft: every member, PATCH with If-Match), adopt (a work plan of the caller's org,
 *  its dates within the plan's: POST .../adopt), amend (a recorded change of an issued plan: POST
 *  .../amendments with the members that changed). Each field is named as the server names it in
 *  errors[] ("phases[1].ends_on", "changes.starts_on"), so a 422 lands beside its field. */
import { patch, post } from '../api.js';
import { el, on, qs } from '../dom.js';
import { field, input, onSubmit, select, showFormError } from '../forms.js';
import { t } from '../i18n.js';
import * as session from '../session.js';
import { attachmentPicker } from '../upload.js';
import { DUTY_CONTENTS, RECURRENCES, REPORTERS, TARGET_KINDS, campaignPath, choices, period } from './campaign-common.js';

/**
 * @typedef {object} FormContext
 * @property {any} campaign the record as last read
 * @property {string} etag its version (If-Match)
 * @property {(answer: any, action: string) => void} done after the server accepted: the campaign it answered
 * @property {() => void} close closes the form
 */

/** @param {string} name @param {string | null | undefined} value @param {number} [rows] @param {number} [max] */
function textarea(name, value, rows = 3, max = 10000) {
  const node = /** @type {HTMLTextAreaElement} */ (el('textarea', { name, class: 'input', rows, maxlength: max }));
  node.value = value ?? '';
  return node;
}

/** One task a line. @param {string[] | undefined} tasks */
const tasksValue = (tasks) => (tasks ?? []).join('\n');
/** @param {string} text */
const tasksOf = (text) => text.split('\n').map((s) => s.trim()).filter(Boolean);
/** '' as null. @param {string} s */
const orNull = (s) => (s.trim() === '' ? null : s.trim());

/**
 * @typedef {object} Row
 * @property {HTMLElement} node
 * @property {() => any} value
 */

/**
 * A list of like items (phases, actions, ...): a row per item with 删除, and 添加 below. Removing a
 * row draws the rows again so their names keep following their positions.
 * @param {{name: string, legendKey: string, addKey: string, hintKey?: string, items: any[], blank: () => any,
 *          row: (item: any, prefix: string) => Row}} spec name: the member with its prefix ('phases', 'changes.phases')
 */
function repeater(spec) {
  const list = el('div', { class: 'cp-rows' });
  /** @type {Row[]} */
  let rows = [];
  /** @param {any[]} items */
  const draw = (items) => {
    rows = items.map((item, i) => spec.row(item, `${spec.name}[${i}]`));
    list.replaceChildren(...rows.map((r, i) => {
      const remove = el('button', { type: 'button', class: 'button button-secondary cp-remove', 'data-action': 'remove-row' }, t('campaignForm.remove'));
      on(remove, 'click', () => draw(values().filter((_, j) => j !== i)));
      return el('div', { class: 'cp-row', 'data-row': String(i) }, el('span', { class: 'cp-row-no' }, `${i + 1}.`), r.node, remove);
    }));
  };
  const values = () => rows.map((r) => r.value());
  const add = el('button', { type: 'button', class: 'button button-secondary', 'data-action': `add-${spec.name.replace(/^changes\./, '')}` }, t(spec.addKey));
  on(add, 'click', () => {
    draw([...values(), spec.blank()]);
    /** @type {HTMLElement | null} */ (qs('.cp-row:last-child input, .cp-row:last-child textarea', list))?.focus();
  });
  draw(spec.items);
  const node = el('fieldset', { class: 'form-section cp-repeater', 'data-rows': spec.name },
    el('legend', {}, t(spec.legendKey)),
    spec.hintKey ? el('p', { class: 'field-hint' }, t(spec.hintKey)) : null,
    // errors about the list as a whole ("At most 12 phases")
    el('div', { class: 'field', 'data-field-name': spec.name }, el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' })),
    list,
    el('p', { class: 'card-actions' }, add));
  return { node, values, draw };
}

/** @param {any} p @param {string} prefix */
function phaseRow(p, prefix) {
  const name = input(`${prefix}.name`, { maxlength: 100, value: p.name ?? '' });
  const starts = input(`${prefix}.starts_on`, { type: 'date', value: p.starts_on ?? '' });
  const ends = input(`${prefix}.ends_on`, { type: 'date', value: p.ends_on ?? '' });
  const tasks = textarea(`${prefix}.tasks`, tasksValue(p.tasks), 3, 30000);
  return {
    node: el('div', { class: 'cp-row-body' },
      el('div', { class: 'form-grid' }, field('campaignForm.phaseName', name, { required: true }),
        field('campaignForm.startsOn', starts, { required: true }), field('campaignForm.endsOn', ends, { required: true })),
      field('campaignForm.tasks', tasks, { hintKey: 'campaignForm.tasksHint' })),
    value: () => ({ name: name.value.trim(), starts_on: starts.value, ends_on: ends.value, tasks: tasksOf(tasks.value) }),
  };
}

/** @param {any} a @param {string} prefix */
function actionRow(a, prefix) {
  const name = input(`${prefix}.name`, { maxlength: 100, value: a.name ?? '' });
  const tasks = textarea(`${prefix}.tasks`, tasksValue(a.tasks), 3, 30000);
  return {
    node: el('div', { class: 'cp-row-body' }, field('campaignForm.actionName', name, { required: true }),
      field('campaignForm.tasks', tasks, { hintKey: 'campaignForm.tasksHint' })),
    value: () => ({ name: name.value.trim(), tasks: tasksOf(tasks.value) }),
  };
}

/** @param {any} f @param {string} prefix */
function focusRow(f, prefix) {
  const text = textarea(`${prefix}.text`, f.text, 2, 500);
  const category = input(`${prefix}.category`, { maxlength: 50, value: f.category ?? '' });
  return {
    node: el('div', { class: 'cp-row-body' }, field('campaignForm.focusText', text, { required: true }),
      el('div', { class: 'form-grid' }, field('campaignForm.focusCategory', category))),
    value: () => ({ text: text.value.trim(), category: orNull(category.value) }),
  };
}

/** @param {any} g @param {string} prefix */
function targetRow(g, prefix) {
  const kind = select(`${prefix}.kind`, choices('campaignTargetKind', TARGET_KINDS), g.kind ?? 'rectification_rate');
  const percent = input(`${prefix}.percent`, { type: 'number', min: 0, max: 100, step: 'any', inputmode: 'decimal', value: g.percent ?? '' });
  const byDate = input(`${prefix}.by_date`, { type: 'date', value: g.by_date ?? '' });
  const text = textarea(`${prefix}.text`, g.text, 2, 500);
  const percentField = field('campaignForm.percent', percent);
  const dateField = field('campaignForm.byDate', byDate);
  const sync = () => {
    const cleared = kind.value === 'listed_hazards_cleared';
    percentField.hidden = cleared;
    dateField.hidden = !cleared;
  };
  on(kind, 'change', sync);
  sync();
  return {
    node: el('div', { class: 'cp-row-body' },
      el('div', { class: 'form-grid' }, field('campaignForm.targetKind', kind, { required: true }), percentField, dateField),
      field('campaignForm.targetText', text)),
    value: () => {
      /** @type {Record<string, any>} */
      const out = { kind: kind.value, text: orNull(text.value) };
      if (kind.value === 'listed_hazards_cleared') {
        if (byDate.value) out.by_date = byDate.value;
      } else if (percent.value !== '') out.percent = Number(percent.value);
      return out;
    },
  };
}

/** @param {any} d @param {string} prefix */
function dutyRow(d, prefix) {
  const title = input(`${prefix}.title`, { maxlength: 200, value: d.title ?? '' });
  const content = select(`${prefix}.content`, choices('campaignDutyContent', DUTY_CONTENTS), d.content ?? 'progress');
  const recurrence = select(`${prefix}.recurrence`, choices('campaignRecurrence', RECURRENCES), d.recurrence ?? 'monthly');
  const day = input(`${prefix}.day_of_month`, { type: 'number', min: 1, max: 31, inputmode: 'numeric', value: d.day_of_month ?? '' });
  const weekday = select(`${prefix}.weekday`, [1, 2, 3, 4, 5, 6, 7].map((n) => [String(n), t(`weekday.${n}`)]), String(d.weekday ?? 5));
  const dueDate = input(`${prefix}.due_date`, { type: 'date', value: d.due_date ?? '' });
  const dueTime = input(`${prefix}.due_time`, { maxlength: 5, placeholder: '17:00', pattern: '([01][0-9]|2[0-3]):[0-5][0-9]|24:00', value: d.due_time ?? '17:00' });
  const boxes = REPORTERS.map((r) => /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', class: 'checkbox', value: r, checked: (d.reporters ?? []).includes(r) })));
  const dayField = field('campaignForm.dayOfMonth', day);
  const weekdayField = field('campaignForm.weekday', weekday);
  const dateField = field('campaignForm.dueDate', dueDate);
  const sync = () => {
    dayField.hidden = recurrence.value !== 'monthly';
    weekdayField.hidden = recurrence.value !== 'weekly';
    dateField.hidden = recurrence.value !== 'once';
  };
  on(recurrence, 'change', sync);
  sync();
  return {
    node: el('div', { class: 'cp-row-body' },
      field('campaignForm.dutyTitle', title, { required: true }),
      el('div', { class: 'form-grid' }, field('campaignForm.dutyContent', content), field('campaignForm.recurrence', recurrence),
        dayField, weekdayField, dateField, field('campaignForm.dueTime', dueTime, { hintKey: 'campaignForm.dueTimeHint' })),
      el('fieldset', { class: 'field choice-row', 'data-field-name': `${prefix}.reporters` }, el('legend', {}, t('campaignForm.reporters')),
        ...REPORTERS.map((r, i) => el('label', { class: 'choice' }, boxes[i], ' ', t(`campaignReporter.${r}`))),
        el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }))),
    value: () => {
      /** @type {Record<string, any>} */
      const out = { title: title.value.trim(), content: content.value, recurrence: recurrence.value, due_time: dueTime.value.trim(),
        reporters: boxes.filter((b) => b.checked).map((b) => b.value) };
      if (recurrence.value === 'monthly') out.day_of_month = day.value === '' ? null : Number(day.value);
      if (recurrence.value === 'weekly') out.weekday = Number(weekday.value);
      if (recurrence.value === 'once') out.due_date = dueDate.value || null;
      return out;
    },
  };
}

/**
 * The members of a plan as fields: the basics, then the lists. prefix is '' or 'changes.' (amend).
 * @param {any} c the values to start from
 * @param {{prefix?: string, docNumber?: boolean, docRequired?: boolean, issuedOn?: boolean, duties?: boolean, lists?: boolean, dateHint?: string}} opts
 */
function planFields(c, opts) {
  const p = opts.prefix ?? '';
  const name = input(`${p}name`, { maxlength: 200, value: c.name ?? '' });
  const doc = input(`${p}doc_number`, { maxlength: 100, value: c.doc_number ?? '', placeholder: t('campaignForm.docNumberPlaceholder') });
  const issued = input(`${p}issued_on`, { type: 'date', value: c.issued_on ?? '' });
  const starts = input(`${p}starts_on`, { type: 'date', value: c.starts_on ?? '' });
  const ends = input(`${p}ends_on`, { type: 'date', value: c.ends_on ?? '' });
  const goal = textarea(`${p}goal`, c.goal, 5);
  const hint = opts.dateHint ? { hint: opts.dateHint } : {};
  const phases = repeater({ name: `${p}phases`, legendKey: 'campaign.section.phases', addKey: 'campaignForm.addPhase', hintKey: 'campaignForm.phasesHint',
    items: c.phases ?? [], blank: () => ({ name: '', starts_on: '', ends_on: '', tasks: [] }), row: phaseRow });
  const lists = opts.lists === false ? null : {
    actions: repeater({ name: `${p}actions`, legendKey: 'campaign.section.special', addKey: 'campaignForm.addAction',
      items: c.actions ?? [], blank: () => ({ name: '', tasks: [] }), row: actionRow }),
    focus: repeater({ name: `${p}focus_items`, legendKey: 'campaign.section.focus', addKey: 'campaignForm.addFocus', hintKey: 'campaignForm.focusHint',
      items: c.focus_items ?? [], blank: () => ({ text: '', category: null }), row: focusRow }),
    targets: repeater({ name: `${p}targets`, legendKey: 'campaign.section.targets', addKey: 'campaignForm.addTarget',
      items: c.targets ?? [], blank: () => ({ kind: 'rectification_rate', percent: 100 }), row: targetRow }),
  };
  const duties = opts.duties ? repeater({ name: `${p}duties`, legendKey: 'campaign.section.duties', addKey: 'campaignForm.addDuty', hintKey: 'campaignForm.dutiesHint',
    items: c.duties ?? [], blank: () => ({ title: '', content: 'progress', recurrence: 'monthly', day_of_month: 21, due_time: '17:00', reporters: ['counties'] }),
    row: dutyRow }) : null;
  const nodes = [
    el('fieldset', { class: 'form-section', 'data-rows': 'basics' }, el('legend', {}, t('campaign.section.basics')),
      el('div', { class: 'cp-basics' },
        field('campaign.name', name, { required: true }),
        opts.docNumber ? el('div', { class: 'form-grid' }, field('campaign.docNumber', doc, { required: opts.docRequired }),
          opts.issuedOn !== false ? field('campaign.issuedOn', issued, { hintKey: 'campaignForm.issuedOnHint' }) : null) : null,
        el('div', { class: 'form-grid' }, field('campaignForm.startsOn', starts, { required: true, ...hint }), field('campaignForm.endsOn', ends, { required: true, ...hint })),
        field('campaign.section.goal', goal))),
    phases.node,
    lists?.actions.node, lists?.focus.node, lists?.targets.node,
    duties?.node,
  ];
  return { nodes, controls: { name, doc, issued, starts, ends, goal }, phases, lists, duties };
}

/**
 * A form with a heading, its fields and a submit button; work runs on submit (errors onto the fields).
 * @param {string} action
 * @param {FormContext} ctx
 * @param {(Node | null | undefined)[]} fields
 * @param {() => Promise<any>} work resolves with the server's answer
 * @param {{noteKey?: string, note?: string}} [opts]
 */
function actionForm(action, ctx, fields, work, opts = {}) {
  const cancel = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'close-form' }, t('common.cancel'));
  on(cancel, 'click', ctx.close);
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form action-form campaign-form', novalidate: true, 'data-form': `campaign-${action}` },
    el('h2', { class: 'card-title' }, t(`campaignAction.${action}`)),
    opts.note || opts.noteKey ? el('p', { class: 'card-note' }, opts.note ?? t(opts.noteKey ?? '')) : null,
    ...fields.filter((f) => f instanceof Node),
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: 'button', 'data-action': `confirm-${action}` }, t(`campaignForm.submit.${action}`)),
      cancel)));
  onSubmit(form, async () => {
    const answer = await work();
    if (answer) ctx.done(answer, action);
  });
  return form;
}

/** update 修改草稿: every member; duties replace the list. @param {FormContext} ctx */
export function updateForm(ctx) {
  const c = ctx.campaign;
  const plan = planFields(c, { docNumber: true, duties: true });
  // the plan document itself (方案原件) and its annexes: each upload is bound on save, beside those bound before
  const files = attachmentPicker({ label: t('campaignForm.attachments'), camera: false, orgId: c.org_id });
  const filesBox = el('fieldset', { class: 'form-section', 'data-rows': 'attachments' }, el('legend', {}, t('campaignForm.attachments')),
    el('p', { class: 'field-hint' }, t('campaignForm.attachmentsHint', { n: (c.attachments ?? []).length })),
    el('div', { class: 'field', 'data-field-name': 'attachments' }, files.element, el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' })));
  return actionForm('update', ctx, [...plan.nodes.slice(0, 1), filesBox, ...plan.nodes.slice(1)], async () => {
    const k = plan.controls;
    if (files.busy()) {
      showFormError(/** @type {HTMLElement} */ (filesBox.closest('form')), t('campaignForm.uploading'));
      return null;
    }
    const ids = files.ids();
    return patch(campaignPath(c.id), {
      ...(ids.length ? { attachments: ids } : {}),
      name: k.name.value.trim(), doc_number: orNull(k.doc.value), issued_on: k.issued.value || null,
      starts_on: k.starts.value, ends_on: k.ends.value, goal: orNull(k.goal.value),
      phases: plan.phases.values(), actions: plan.lists?.actions.values() ?? [], focus_items: plan.lists?.focus.values() ?? [],
      targets: plan.lists?.targets.values() ?? [], duties: plan.duties?.values() ?? [],
    }, { headers: { 'If-Match': ctx.etag } });
  }, { noteKey: 'campaignForm.updateNote' });
}

/**
 * Keeps the phases inside the work plan's period when its dates change: a phase starting before the
 * new start starts on it, one ending after the new end ends on it.
 * @param {ReturnType<typeof planFields>} plan
 */
function clampPhases(plan) {
  const { starts, ends } = plan.controls;
  const clamp = () => {
    const from = starts.value;
    const to = ends.value;
    if (!from || !to || from > to) return;
    const phases = plan.phases.values().map((p) => ({
      ...p,
      starts_on: p.starts_on && p.starts_on < from ? from : p.starts_on && p.starts_on > to ? to : p.starts_on,
      ends_on: p.ends_on && p.ends_on > to ? to : p.ends_on && p.ends_on < from ? from : p.ends_on,
    }));
    plan.phases.draw(phases);
  };
  on(starts, 'change', clamp);
  on(ends, 'change', clamp);
}

/**
 * The name a work plan is offered: the plan's, in the adopting org's words (全省… becomes 沈阳市…),
 * as a work plan (…工作方案); the caller edits it.
 * @param {string} name the adopted plan's
 * @param {string} org the adopting org's name
 */
export function workPlanName(name, org) {
  const own = /^(全省|全市|全县|全区)/.test(name) ? `${org}${name.slice(2)}` : name.startsWith(org) ? name : `${org}${name}`;
  return /方案$/.test(own) ? own : `${own}工作方案`;
}

/** adopt 采纳（制定本级工作方案）: the work plan, a draft of the caller's org under this plan. @param {FormContext} ctx */
export function adoptForm(ctx) {
  const c = ctx.campaign;
  const parentPeriod = t('campaignForm.parentPeriod', { period: period(c.starts_on, c.ends_on) });
  const org = session.current()?.org.name ?? '';
  const plan = planFields({ ...c, name: org ? workPlanName(c.name, org) : c.name, doc_number: '', issued_on: null }, { docNumber: true, docRequired: true, issuedOn: false, lists: false, dateHint: parentPeriod });
  clampPhases(plan);
  return actionForm('adopt', ctx, plan.nodes, () => {
    const k = plan.controls;
    /** @type {Record<string, any>} */
    const body = { doc_number: k.doc.value.trim(), name: k.name.value.trim(), starts_on: k.starts.value, ends_on: k.ends.value,
      goal: orNull(k.goal.value), phases: plan.phases.values() };
    if (!body.name) delete body.name;
    return post(`${campaignPath(c.id)}/adopt`, body);
  }, { note: t('campaignForm.adoptNote', { period: period(c.starts_on, c.ends_on) }) });
}

/** amend 变更: a statement and the members that changed (duties stay as issued). @param {FormContext} ctx */
export function amendForm(ctx) {
  const c = ctx.campaign;
  const text = textarea('text', '', 3, 2000);
  const plan = planFields(c, { prefix: 'changes.' });
  return actionForm('amend', ctx, [field('campaignForm.amendText', text, { required: true, hintKey: 'campaignForm.amendTextHint' }), ...plan.nodes], async () => {
    const k = plan.controls;
    /** @type {Record<string, any>} */
    const now = {
      name: k.name.value.trim(), starts_on: k.starts.value, ends_on: k.ends.value, goal: orNull(k.goal.value),
      phases: plan.phases.values(), actions: plan.lists?.actions.values() ?? [], focus_items: plan.lists?.focus.values() ?? [],
      targets: plan.lists?.targets.values() ?? [],
    };
    // The members as the page read them, in the same shape, to send only what changed.
    const before = planFields(c, { prefix: 'changes.' });
    /** @type {Record<string, any>} */
    const was = {
      name: before.controls.name.value.trim(), starts_on: c.starts_on, ends_on: c.ends_on, goal: orNull(before.controls.goal.value),
      phases: before.phases.values(), actions: before.lists?.actions.values() ?? [], focus_items: before.lists?.focus.values() ?? [],
      targets: before.lists?.targets.values() ?? [],
    };
    const changes = Object.fromEntries(Object.entries(now).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(was[key])));
    if (!Object.keys(changes).length) {
      showFormError(/** @type {HTMLElement} */ (text.closest('form')), t('campaignForm.nothingChanged'));
      return null;
    }
    return post(`${campaignPath(c.id)}/amendments`, { text: text.value.trim(), changes }, { headers: { 'If-Match': ctx.etag } });
  }, { noteKey: 'campaignForm.amendNote' });
}

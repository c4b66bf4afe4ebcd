// @ts-check
/** The form of each action on a hazard (its payload, contract-hazards.md), opened from the detail page's
 *  buttons, which are exactly the hazard's allowed_actions. A form posts to .../actions/{action}
 *  (update: PATCH with If-Match) and hands the answer to done(). */
import { ApiError, get, request, requestFull } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, onSubmit, select } from '../forms.js';
import { t } from '../i18n.js';
import { HAZARD_LEVELS, RISK_CATEGORIES, SIGN_CAPACITIES, codeOptions, today } from '../codes.js';
import { act } from './hazard-common.js';
import { photoField, photoIds, uploadSignature } from './hazard-photos.js';

/**
 * @typedef {object} ActionContext
 * @property {any} hazard the record as last read
 * @property {string} etag its version, for update
 * @property {(answer: any, action: string) => void} done after a move: the hazard the server answered
 * @property {() => void} close closes the form
 */

/** @param {string} name @param {string | null | undefined} value @param {number} [rows] @param {number} [max] */
function textarea(name, value, rows = 3, max = 2000) {
  const node = /** @type {HTMLTextAreaElement} */ (el('textarea', { name, class: 'input', rows, maxlength: max }));
  node.value = value ?? '';
  return node;
}

/** @param {Record<string, any>} body the members whose value is '' or null dropped */
function compact(body) {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== null && v !== undefined));
}

/**
 * The 五落实 fields (responsible person and phone, funds, measures, deadline, emergency plan), prefilled.
 * @param {any} h
 * @param {boolean} [withDeadline] false when the form has its own deadline field (register)
 */
function fiveFields(h, withDeadline = true) {
  /** @type {Record<string, HTMLInputElement | HTMLTextAreaElement>} */
  const controls = {
    responsible_person: input('responsible_person', { maxlength: 64, value: h.responsible_person ?? '', autocomplete: 'name' }),
    responsible_phone: input('responsible_phone', { type: 'tel', maxlength: 20, value: h.responsible_phone ?? '', inputmode: 'tel' }),
    funds: input('funds', { maxlength: 200, value: h.funds ?? '' }),
    measures: textarea('measures', h.measures),
    deadline: input('deadline', { type: 'date', value: h.deadline ?? '', min: today() }),
    emergency_plan: textarea('emergency_plan', h.emergency_plan),
  };
  const node = el('fieldset', { class: 'form-section five-section', 'data-section': 'five' }, el('legend', {}, t('hazard.section.five')),
    el('div', { class: 'form-grid' },
      field('hazard.responsiblePerson', controls.responsible_person), field('hazard.responsiblePhone', controls.responsible_phone),
      field('hazard.funds', controls.funds), withDeadline ? field('hazard.deadline', controls.deadline) : null),
    field('hazard.measures', controls.measures), field('hazard.emergencyPlan', controls.emergency_plan));
  if (!withDeadline) delete controls.deadline;
  const values = () => compact(Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value.trim()])));
  return { node, controls, values };
}

/**
 * A form with a heading, its fields and a submit button; work runs on submit (errors onto the fields).
 * @param {string} action
 * @param {ActionContext} ctx
 * @param {(HTMLElement | null)[]} fields
 * @param {() => Promise<any>} work resolves with the server's answer
 * @param {{submitKey?: string, noteKey?: string, note?: string, danger?: boolean}} [opts]
 */
function actionForm(action, ctx, fields, work, opts = {}) {
  const cancel = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'close-form' }, t('common.cancel'));
  on(cancel, 'click', ctx.close);
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form action-form', novalidate: true, 'data-form': `hazard-${action}` },
    el('h2', { class: 'card-title' }, t(`hazardAction.${action}`)),
    opts.note || opts.noteKey ? el('p', { class: 'card-note' }, opts.note ?? t(opts.noteKey ?? '')) : null,
    ...fields,
    el('div', { class: 'form-actions' },
      el('button', { type: 'submit', class: `button ${opts.danger ? 'button-danger' : ''}`.trim(), 'data-action': `confirm-${action}` },
        t(opts.submitKey ?? `hazardAction.${action}`)),
      cancel)));
  onSubmit(form, async () => {
    let answer;
    try {
      answer = await work();
    } catch (error) {
      // 五落实 incomplete (409) names each missing field: shown beside them like a validation error.
      if (error instanceof ApiError && error.code === 'five_implementations' && error.errors.length) {
        throw new ApiError({ status: error.status, code: 'validation_failed', title: error.title, detail: error.detail, errors: error.errors });
      }
      throw error;
    }
    ctx.done(answer, action);
  });
  return form;
}

/** register 登记定级: level, category, the criterion or basis of a major grading, deadline, requirement, 五落实. @param {ActionContext} ctx */
async function registerForm(ctx) {
  const h = ctx.hazard;
  const general = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'level', value: 'general', class: 'radio' }));
  const major = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'level', value: 'major', class: 'radio' }));
  (h.level === 'major' ? major : general).checked = true;
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES), h.category);
  const criterion = select('criterion_id', [['', t('hazard.noCriterion')]]);
  /** @type {any[]} */
  let criteria = [];
  try {
    const page = await get('/hazard-criteria', { query: { limit: 200 } });
    criteria = page.items ?? page;
  } catch {
    criteria = [];
  }
  const fillCriteria = () => {
    const before = criterion.value || h.criterion_id || '';
    const same = criteria.filter((c) => c.category === category.value);
    const other = criteria.filter((c) => c.category !== category.value);
    criterion.replaceChildren(el('option', { value: '' }, t('hazard.noCriterion')),
      ...[...same, ...other].map((c) => el('option', { value: c.id }, `${c.code ? `${c.code} ` : ''}${c.text}`)));
    criterion.value = criteria.some((c) => c.id === before) ? before : '';
  };
  fillCriteria();
  const basis = textarea('major_basis', h.major_basis, 2, 1000);
  const deadline = input('deadline', { type: 'date', min: today(), value: h.deadline ?? '' });
  const requirement = textarea('requirement', h.requirement);
  const five = fiveFields(h, false);
  const majorBox = el('div', { class: 'major-box', 'data-box': 'major' },
    field('hazard.criterion', criterion, { hintKey: 'hazard.criterionHint' }), field('hazard.majorBasis', basis));
  const sync = () => { majorBox.hidden = !major.checked; };
  for (const c of [general, major]) on(c, 'change', sync);
  on(category, 'change', fillCriteria);
  sync();
  return actionForm('register', ctx, [
    el('fieldset', { class: 'field choice-row', 'data-field-name': 'level' }, el('legend', {}, t('hazard.level')),
      ...HAZARD_LEVELS.map((l) => el('label', { class: 'choice' }, l === 'major' ? major : general, ' ', t(`hazardLevel.${l}`))),
      el('p', { class: 'field-error', hidden: true })),
    field('hazard.category', category, { required: true }),
    majorBox,
    el('div', { class: 'form-grid' }, field('hazard.deadline', deadline, { required: true, hintKey: 'hazard.deadlineHint' })),
    field('hazard.requirement', requirement),
    el('details', { class: 'five-details' }, el('summary', {}, t('hazard.fiveOptional')), five.node),
  ], () => {
    const level = major.checked ? 'major' : 'general';
    /** @type {Record<string, any>} */
    const body = { level, category: category.value, deadline: deadline.value, requirement: requirement.value.trim(), ...five.values() };
    if (level === 'major') Object.assign(body, { criterion_id: criterion.value, major_basis: basis.value.trim() });
    return act(h.id, 'register', compact(body));
  });
}

/** start 开始整改: the 五落实, which must be complete. @param {ActionContext} ctx */
function startForm(ctx) {
  // The deadline was set when the hazard was registered (or by its notice): shown, not sent.
  const five = fiveFields(ctx.hazard, false);
  five.node.querySelector('.form-grid')?.append(el('div', { class: 'field', 'data-field-name': 'deadline' },
    el('p', { class: 'field-label' }, t('hazard.deadline')), el('p', { class: 'fact-text' }, ctx.hazard.deadline ?? '—')));
  for (const name of ['responsible_person', 'funds', 'measures', 'emergency_plan']) {
    five.controls[name].setAttribute('required', '');
    five.node.querySelector(`[data-field-name="${name}"] label`)?.append(el('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *'));
  }
  return actionForm('start', ctx, [five.node], () => act(ctx.hazard.id, 'start', five.values()), { noteKey: 'hazard.startNote' });
}

/** submit 申请验收 and fix_on_spot 即知即改: what was done and the after photos. @param {'submit' | 'fix_on_spot'} action @param {ActionContext} ctx */
function rectifyForm(action, ctx) {
  const text = textarea('rectification', ctx.hazard.rectification, 4);
  const photos = photoField({ labelKey: 'hazard.afterPhotos', hintKey: 'hazard.afterPhotosHint', required: true });
  return actionForm(action, ctx, [field('hazard.rectification', text, { required: true }), photos.node],
    () => act(ctx.hazard.id, action, { rectification: text.value.trim(), attachments: photoIds(photos) }),
    { noteKey: action === 'fix_on_spot' ? 'hazard.fixNote' : 'hazard.submitNote' });
}

/**
 * A handwritten signature pad: a canvas drawn with a finger or the mouse, cleared with 重写.
 * @returns {{node: HTMLElement, blob: () => Promise<Blob | null>}} blob: the drawing as PNG, null when empty
 */
function signaturePad() {
  const canvas = /** @type {HTMLCanvasElement} */ (el('canvas', { class: 'signature-pad', width: 600, height: 240, 'aria-label': t('hazard.signatureArea') }));
  const ctx2d = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  ctx2d.lineWidth = 4;
  ctx2d.lineCap = 'round';
  ctx2d.lineJoin = 'round';
  ctx2d.strokeStyle = '#111';
  let drawing = false;
  let drawn = false;
  /** @param {PointerEvent} e */
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * (canvas.width / r.width), (e.clientY - r.top) * (canvas.height / r.height)];
  };
  on(canvas, 'pointerdown', (/** @type {PointerEvent} */ e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    const [x, y] = point(e);
    ctx2d.beginPath();
    ctx2d.moveTo(x, y);
    e.preventDefault();
  });
  on(canvas, 'pointermove', (/** @type {PointerEvent} */ e) => {
    if (!drawing) return;
    const [x, y] = point(e);
    ctx2d.lineTo(x, y);
    ctx2d.stroke();
    drawn = true;
  });
  for (const type of ['pointerup', 'pointercancel']) on(canvas, type, () => { drawing = false; });
  const clear = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-action': 'clear-signature' }, t('hazard.signatureClear'));
  on(clear, 'click', () => {
    ctx2d.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  });
  const node = el('div', { class: 'field signature-field', 'data-field-name': 'signature' },
    el('p', { class: 'field-label' }, t('hazard.signature')), canvas,
    el('p', { class: 'field-hint' }, t('hazard.signatureHint'), ' ', clear),
    el('p', { class: 'field-error', hidden: true }));
  return {
    node,
    blob: () => (drawn ? new Promise((resolve) => { canvas.toBlob((b) => resolve(b), 'image/png'); }) : Promise.resolve(null)),
  };
}

/** sign_off 签字: the capacity not yet signed and an optional drawn signature. @param {ActionContext} ctx */
function signForm(ctx) {
  const h = ctx.hazard;
  const open = SIGN_CAPACITIES.filter((c) => !(c === 'in_charge' ? h.signed_in_charge_by : h.signed_principal_by));
  const capacity = select('capacity', codeOptions('hazardCapacity', open.length ? open : SIGN_CAPACITIES), open[0] ?? 'in_charge');
  const pad = signaturePad();
  return actionForm('sign_off', ctx, [field('hazard.capacity', capacity, { required: true }), pad.node], async () => {
    const png = await pad.blob();
    /** @type {Record<string, any>} */
    const body = { capacity: capacity.value };
    if (png) body.signature = (await uploadSignature(new Blob([png], { type: 'image/png' }), 'signature.png')).id;
    // sign_off has an endpoint of its own (a leader's move, with the version read).
    return request('POST', `/hazards/${encodeURIComponent(h.id)}/sign-off`, { body, headers: { 'If-Match': ctx.etag } });
  }, { noteKey: 'hazard.signNote' });
}

/** An action whose payload is a reason (reject, cancel, refuse_extension). @param {string} action @param {ActionContext} ctx */
function reasonForm(action, ctx) {
  const reason = textarea('reason', '', 3);
  return actionForm(action, ctx, [field('hazard.reason', reason, { required: true })],
    () => act(ctx.hazard.id, action, compact({ reason: reason.value.trim() })), { danger: action === 'cancel' });
}

/** An action that needs only a yes (accept, delist, grant_extension). @param {string} action @param {ActionContext} ctx */
function confirmForm(action, ctx) {
  const h = ctx.hazard;
  const note = action === 'grant_extension'
    ? t('hazard.grantNote', { until: h.extension_until ?? '—', reason: h.extension_reason ?? '—' })
    : t(`hazard.confirm.${action}`);
  return actionForm(action, ctx, [], () => act(h.id, action, {}), { note });
}

/** list 挂牌督办: the listing document and the date by which it must be done. @param {ActionContext} ctx */
function listForm(ctx) {
  const doc = input('listing_document', { maxlength: 100 });
  const due = input('listing_due', { type: 'date', min: today() });
  return actionForm('list', ctx, [field('hazard.listingDocument', doc, { required: true, hintKey: 'hazard.listingDocumentHint' }),
    field('hazard.listingDue', due)], () => act(ctx.hazard.id, 'list', compact({ listing_document: doc.value.trim(), listing_due: due.value })));
}

/** request_extension 延期申请: the new date and why. @param {ActionContext} ctx */
function extensionForm(ctx) {
  const until = input('extension_until', { type: 'date', min: ctx.hazard.deadline ?? today() });
  const reason = textarea('reason', '', 3);
  return actionForm('request_extension', ctx, [field('hazard.extensionUntil', until, { required: true }), field('hazard.reason', reason, { required: true })],
    () => act(ctx.hazard.id, 'request_extension', compact({ extension_until: until.value, reason: reason.value.trim() })),
    { noteKey: 'hazard.extensionNote' });
}

/** rebound 反弹: the look-back inspection of the same institution that found it again. @param {ActionContext} ctx */
async function reboundForm(ctx) {
  const h = ctx.hazard;
  const choice = select('inspection_id', [['', t('hazard.chooseInspection')]]);
  try {
    const page = await get('/inspections', { query: { type: 'lookback', status: 'submitted', institution_id: h.institution_id, limit: 50 } });
    choice.append(...page.items.filter((/** @type {any} */ i) => !h.institution_id || i.institution_id === h.institution_id)
      .map((/** @type {any} */ i) => el('option', { value: i.id }, `${i.inspected_on} ${i.institution_name}`)));
  } catch {
    // the select stays empty: the server names the field when it is sent so
  }
  return actionForm('rebound', ctx, [field('hazard.lookback', choice, { required: true, hintKey: 'hazard.lookbackHint' })],
    () => act(h.id, 'rebound', { inspection_id: choice.value }), { noteKey: 'hazard.reboundNote' });
}

/** update 修改: the description, place and category before the hazard is being rectified. @param {ActionContext} ctx */
function updateForm(ctx) {
  const h = ctx.hazard;
  const description = textarea('description', h.description, 3);
  const location = input('location', { maxlength: 200, value: h.location ?? '' });
  const category = select('category', codeOptions('riskCat', RISK_CATEGORIES), h.category);
  return actionForm('update', ctx, [field('hazard.description', description, { required: true }), field('hazard.location', location),
    field('hazard.category', category)], async () => {
    const res = await requestFull('PATCH', `/hazards/${encodeURIComponent(h.id)}`, {
      body: { description: description.value.trim(), location: location.value.trim() || null, category: category.value },
      headers: { 'If-Match': ctx.etag },
    });
    return res.data;
  }, { submitKey: 'common.save' });
}

/**
 * The form for action (null for an action the detail page handles itself, issue_notice).
 * @param {string} action
 * @param {ActionContext} ctx
 * @returns {Promise<HTMLFormElement | null>}
 */
export async function formFor(action, ctx) {
  switch (action) {
    case 'register': return registerForm(ctx);
    case 'start': return startForm(ctx);
    case 'submit': case 'fix_on_spot': return rectifyForm(action, ctx);
    case 'sign_off': return signForm(ctx);
    case 'reject': case 'cancel': case 'refuse_extension': return reasonForm(action, ctx);
    case 'accept': case 'delist': case 'grant_extension': return confirmForm(action, ctx);
    case 'list': return listForm(ctx);
    case 'request_extension': return extensionForm(ctx);
    case 'rebound': return reboundForm(ctx);
    case 'update': return updateForm(ctx);
    default: return null;
  }
}

// @ts-check
/** The checklist runner: one item per screen, thumb-reach 合格 / 不合格 / 不适用 buttons, every answer saved at once. */
import { ApiError, get, post, put } from '../api.js';
import { el, fill, on } from '../dom.js';
import { loadPage, problemText } from '../forms.js';
import { t } from '../i18n.js';
import { allows } from '../actions.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';

export const titleKey = 'run.title';

const RESULTS = /** @type {const} */ (['pass', 'fail', 'na']);

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const id = params.id;
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(status);
  /** @type {any} */
  let insp = await loadPage(status, () => get(`/inspections/${encodeURIComponent(id)}`));
  if (!insp) return;
  // A submitted record, or a draft this caller may not answer (a county's draft seen by the unit).
  if (!allows(insp, 'answer')) {
    navigate(`/inspections/${encodeURIComponent(id)}`, { replace: true });
    return;
  }
  root.classList.add('runner-view');

  /** @type {any[]} */
  const results = insp.results ?? [];
  const count = results.length;
  const firstOpen = results.findIndex((r) => !r.result);
  let index = firstOpen === -1 ? count : firstOpen;

  const head = el('div', { class: 'runner-head' },
    el('p', { class: 'back-link' }, link(`/inspections/${encodeURIComponent(id)}`, t('run.overview'))),
    el('h1', { class: 'runner-title' }, insp.institution_name),
    el('p', { class: 'card-note' }, `${t(`inspType.${insp.type}`)} · ${insp.template_name} · ${insp.inspected_on}`));
  const progressText = el('p', { class: 'runner-progress', 'data-field': 'progress', 'aria-live': 'polite' });
  const progressBar = el('progress', { class: 'runner-bar-progress', max: count, value: 0 });
  const screen = el('section', { class: 'card runner-card' });
  const saveState = el('p', { class: 'save-state', 'aria-live': 'polite', 'data-field': 'save-state' });
  const answerBar = el('div', { class: 'answer-bar', role: 'group', 'aria-label': t('run.answer') });
  root.append(head, progressText, progressBar, screen, saveState, answerBar);

  /** @param {number} position */
  const findingOf = (position) => (insp.findings ?? []).find((/** @type {any} */ f) => f.position === position) ?? null;
  const answered = () => results.filter((r) => r.result).length;

  /**
   * PUTs the answer of one item and keeps the server's copy.
   * @param {any} item
   * @param {Record<string, any>} body
   */
  async function save(item, body) {
    saveState.textContent = t('run.saving');
    saveState.classList.remove('card-error');
    try {
      const updated = await put(`/inspections/${encodeURIComponent(id)}/results/${item.position}`, body);
      if (updated && Array.isArray(updated.results)) {
        insp = updated;
        const fresh = updated.results.find((/** @type {any} */ r) => r.position === item.position);
        if (fresh) Object.assign(item, fresh);
      } else {
        item.result = body.result;
        if ('note' in body) item.note = body.note;
      }
      saveState.textContent = t('run.saved', { n: item.position });
      return true;
    } catch (error) {
      saveState.textContent = problemText(error);
      saveState.classList.add('card-error');
      return false;
    }
  }

  /** @param {number} to */
  function go(to) {
    index = Math.max(0, Math.min(count, to));
    draw();
    window.scrollTo(0, 0);
  }

  function draw() {
    progressBar.setAttribute('value', String(answered()));
    if (index >= count) {
      drawSummary();
      return;
    }
    const item = results[index];
    progressText.textContent = t('run.progress', { n: index + 1, count });
    const note = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'note', class: 'input', rows: 2, maxlength: 1000, id: 'run-note' }));
    note.value = item.note ?? '';
    const finding = findingOf(item.position);
    const desc = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'description', class: 'input', rows: 3, id: 'run-desc' }));
    desc.value = finding?.description ?? '';
    const place = /** @type {HTMLInputElement} */ (el('input', { name: 'location', class: 'input', maxlength: 200, id: 'run-place' }));
    place.value = finding?.location ?? '';
    const sevGeneral = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'suggested_severity', value: 'general', class: 'radio' }));
    const sevMajor = /** @type {HTMLInputElement} */ (el('input', { type: 'radio', name: 'suggested_severity', value: 'major', class: 'radio' }));
    (finding?.suggested_severity === 'major' ? sevMajor : sevGeneral).checked = true;
    const saveFinding = el('button', { type: 'button', class: 'button', 'data-action': 'save-finding' }, t('run.saveFinding'));
    const findingBox = el('div', { class: 'finding-form', 'data-form': 'finding', hidden: item.result !== 'fail' },
      el('h3', { class: 'action-title' }, t('run.finding')),
      el('div', { class: 'field' }, el('label', { for: 'run-desc' }, t('run.findingDesc')), desc, el('p', { class: 'field-hint' }, t('run.findingDescHint'))),
      el('div', { class: 'field' }, el('label', { for: 'run-place' }, t('run.findingPlace')), place),
      el('fieldset', { class: 'field choice-row' }, el('legend', {}, t('run.severity')),
        el('label', { class: 'choice' }, sevGeneral, ' ', t('severity.general')),
        el('label', { class: 'choice' }, sevMajor, ' ', t('severity.major'))),
      saveFinding);

    const findingBody = () => {
      /** @type {Record<string, string>} */
      const f = { suggested_severity: sevMajor.checked ? 'major' : 'general' };
      if (desc.value.trim()) f.description = desc.value.trim();
      if (place.value.trim()) f.location = place.value.trim();
      return f;
    };
    const noteValue = () => note.value.trim() || null;

    const prev = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'prev', disabled: index === 0 }, t('run.prev')));
    const next = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'next' }, t(index === count - 1 ? 'run.toSummary' : 'run.next'));
    /** Saves a changed note of an answered item before leaving it. */
    async function leave(/** @type {number} */ to) {
      if (item.result && noteValue() !== (item.note ?? null)) {
        const body = { result: item.result, note: noteValue() };
        if (item.result === 'fail') Object.assign(body, { finding: findingBody() });
        if (!(await save(item, body))) return;
      }
      go(to);
    }
    on(prev, 'click', () => { void leave(index - 1); });
    on(next, 'click', () => { void leave(index + 1); });
    on(saveFinding, 'click', async () => {
      if (await save(item, { result: 'fail', note: noteValue(), finding: findingBody() })) go(index + 1);
    });

    fill(screen,
      el('div', { class: 'item-meta' },
        el('span', { class: 'badge' }, item.category ?? t('run.item')),
        item.result ? el('span', { class: `badge result-${item.result}`, 'data-field': 'current-result' }, t(`result.${item.result}`)) : null),
      el('p', { class: 'runner-item', 'data-position': String(item.position) }, item.item_text),
      item.legal_basis ? el('p', { class: 'legal-basis' }, t('run.basis', { basis: item.legal_basis })) : null,
      el('div', { class: 'field' }, el('label', { for: 'run-note' }, t('run.note')), note),
      findingBox,
      el('div', { class: 'runner-nav' }, prev, next));

    answerBar.hidden = false;
    answerBar.replaceChildren(...RESULTS.map((result) => {
      const button = /** @type {HTMLButtonElement} */ (el('button', {
        type: 'button', class: `answer-button answer-${result}`, 'data-result': result, 'aria-pressed': String(item.result === result),
      }, t(`result.${result}`)));
      on(button, 'click', async () => {
        for (const b of answerBar.querySelectorAll('button')) b.setAttribute('disabled', '');
        /** @type {Record<string, any>} */
        const body = { result, note: noteValue() };
        if (result === 'fail') body.finding = findingBody();
        const ok = await save(item, body);
        for (const b of answerBar.querySelectorAll('button')) b.removeAttribute('disabled');
        if (!ok) return;
        if (result === 'fail') {
          draw();
          const box = screen.querySelector('.finding-form');
          box?.scrollIntoView({ block: 'start' });
          /** @type {HTMLElement | null} */ (screen.querySelector('#run-desc'))?.focus();
        } else {
          go(index + 1);
        }
      });
      return button;
    }));
  }

  function drawSummary() {
    answerBar.hidden = true;
    answerBar.replaceChildren();
    progressText.textContent = t('run.summaryProgress', { answered: answered(), count });
    const open = results.filter((r) => !r.result);
    const fails = results.filter((r) => r.result === 'fail');
    const problem = el('div', { class: 'submit-problem', 'aria-live': 'polite' });
    const submit = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-block', 'data-action': 'submit' }, t('run.submit')));
    const confirmArea = el('div', { class: 'action-area' });
    /** @param {number[]} positions */
    const jumpList = (positions) => el('ul', { class: 'jump-list' }, positions.map((p) => {
      const b = el('button', { type: 'button', class: 'button button-secondary button-small', 'data-jump': String(p) }, t('run.itemN', { n: p }));
      on(b, 'click', () => go(results.findIndex((r) => r.position === p)));
      return el('li', {}, b);
    }));
    on(submit, 'click', () => {
      const yes = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button', 'data-action': 'confirm-submit' }, t('run.confirmSubmit')));
      const no = el('button', { type: 'button', class: 'button button-secondary' }, t('common.cancel'));
      on(no, 'click', () => confirmArea.replaceChildren());
      on(yes, 'click', async () => {
        yes.disabled = true;
        try {
          await post(`/inspections/${encodeURIComponent(id)}/actions/submit`, {});
          navigate(`/inspections/${encodeURIComponent(id)}?submitted=1`);
        } catch (error) {
          confirmArea.replaceChildren();
          const positions = error instanceof ApiError
            ? error.errors.map((e) => Number(/results\/(\d+)\//.exec(e.field ?? '')?.[1])).filter((n) => n > 0) : [];
          fill(problem, el('p', { class: 'form-error', role: 'alert' }, positions.length ? t('run.unansweredServer', { list: positions.join('、') }) : problemText(error)),
            positions.length ? jumpList(positions) : null);
        }
      });
      confirmArea.replaceChildren(el('div', { class: 'confirm-inline', role: 'alertdialog' },
        el('p', {}, t('run.submitQuestion', { count, fail: fails.length })), yes, ' ', no));
    });
    fill(screen,
      el('h2', { class: 'card-title' }, t('run.summary')),
      el('p', {}, t('run.summaryText', { answered: answered(), count, fail: fails.length })),
      open.length ? el('div', {}, el('p', { class: 'warning' }, t('run.openItems', { n: open.length })), jumpList(open.map((r) => r.position))) : null,
      fails.length ? el('ul', { class: 'plain-list finding-list' }, fails.map((r) => el('li', {}, el('strong', {}, t('run.itemN', { n: r.position })), ' ',
        findingOf(r.position)?.description ?? r.item_text))) : null,
      problem,
      el('div', { class: 'runner-nav' },
        (() => { const b = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'prev' }, t('run.prev')); on(b, 'click', () => go(count - 1)); return b; })()),
      submit, confirmArea);
  }

  draw();
}

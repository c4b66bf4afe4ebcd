// @ts-check
/** 新建专项整治行动: one of the shipped templates (安全隐患大检查大整改春季行动, “保平安 迎大庆”)
 *  instantiated for a year (POST /campaigns/from-template), or a blank plan (POST /campaigns); the
 *  draft then opens in its editor on its own page, to be completed and issued. */
import { get, post } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, loadPage, onSubmit } from '../forms.js';
import { t } from '../i18n.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';
import { campaignPath, period, todayInBeijing } from './campaign-common.js';

export const titleKey = 'campaignNew.title';

/**
 * The year a template is best made for: this year while its start (month and day) is still ahead,
 * else the next.
 * @param {any} tpl
 * @param {string} now YYYY-MM-DD
 */
function nextYear(tpl, now) {
  const year = Number(now.slice(0, 4));
  return tpl.starts_on.slice(5) >= now.slice(5) ? year : year + 1;
}

/** @param {HTMLElement} root */
export async function render(root) {
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/campaigns', t('campaigns.back'))),
    el('h1', { class: 'page-title' }, t('campaignNew.heading')), status);
  /** @type {any} */
  const templates = await loadPage(status, () => get('/campaign-templates'));
  if (!templates) return;
  const now = todayInBeijing();
  const items = /** @type {any[]} */ (templates.items ?? []);

  const radios = [...items.map((tpl) => tpl.code), ''].map((code, i) => /** @type {HTMLInputElement} */ (el('input', {
    type: 'radio', name: 'template', value: code, class: 'radio', checked: i === 0,
  })));
  const year = input('year', { type: 'number', min: 2000, max: 2100, inputmode: 'numeric', value: items[0] ? nextYear(items[0], now) : Number(now.slice(0, 4)) });
  const name = input('name', { maxlength: 200 });
  const starts = input('starts_on', { type: 'date' });
  const ends = input('ends_on', { type: 'date' });
  const yearBox = el('div', { class: 'form-grid', 'data-box': 'year' }, field('campaignNew.year', year, { required: true, hintKey: 'campaignNew.yearHint' }));
  const blankBox = el('div', { class: 'cp-blank', 'data-box': 'blank' },
    field('campaign.name', name, { required: true }),
    el('div', { class: 'form-grid' }, field('campaignForm.startsOn', starts, { required: true }), field('campaignForm.endsOn', ends, { required: true })));
  const chosen = () => radios.find((r) => r.checked)?.value ?? '';
  const sync = () => {
    const code = chosen();
    yearBox.hidden = code === '';
    blankBox.hidden = code !== '';
  };
  for (const [i, r] of radios.entries()) {
    on(r, 'change', () => {
      const tpl = items[i];
      if (tpl) year.value = String(nextYear(tpl, now));
      sync();
    });
  }
  sync();

  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form campaign-new-form', novalidate: true, 'data-form': 'campaign-new' },
    el('fieldset', { class: 'field cp-choices', 'data-field-name': 'template' }, el('legend', {}, t('campaignNew.choose')),
      items.map((tpl, i) => el('label', { class: 'cp-choice', 'data-template': tpl.code },
        radios[i],
        el('span', { class: 'cp-choice-body' },
          el('strong', { class: 'cp-choice-name' }, tpl.name.replaceAll('{year}', t('campaignNew.yearWord'))),
          el('span', { class: 'cp-choice-summary' }, tpl.summary),
          el('span', { class: 'cp-choice-meta' }, [period(tpl.starts_on.slice(5), tpl.ends_on.slice(5)),
            // what the template holds, the members it has none of left out
            ...[['phases', tpl.phases], ['actions', tpl.actions], ['focus', tpl.focus_items], ['targets', tpl.targets], ['duties', tpl.duties]]
              .filter(([, list]) => list.length).map(([what, list]) => t(`campaignNew.count.${what}`, { n: list.length }))].join(' · '))))),
      el('label', { class: 'cp-choice', 'data-template': 'blank' }, radios[items.length],
        el('span', { class: 'cp-choice-body' }, el('strong', { class: 'cp-choice-name' }, t('campaignNew.blank')),
          el('span', { class: 'cp-choice-summary' }, t('campaignNew.blankHint')))),
      el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' })),
    yearBox,
    blankBox,
    el('p', { class: 'card-note' }, t('campaignNew.afterNote')),
    el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button', 'data-action': 'create' }, t('campaignNew.create')))));

  onSubmit(form, async () => {
    const code = chosen();
    const created = code
      ? await post('/campaigns/from-template', { template: code, year: Number(year.value) })
      : await post('/campaigns', { name: name.value.trim(), starts_on: starts.value, ends_on: ends.value });
    navigate(`${campaignPath(created.id)}?done=create`);
  });
  root.append(el('section', { class: 'card campaign-new-card' }, form));
}

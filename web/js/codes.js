// @ts-check
/** The stable codes of the supervision databases (DATABASES.md) and their labels from the catalogue. */
import { download } from './api.js';
import { el, on } from './dom.js';
import { problemText } from './forms.js';
import { t } from './i18n.js';

export const INSTITUTION_TYPES = ['general_hospital', 'tcm_hospital', 'specialist_hospital', 'primary_care', 'cdc',
  'maternal_child', 'blood_station', 'health_supervision', 'other'];
export const GRADES = ['3A', '3B', '3C', '2A', '2B', '2C', '1A', '1B', '1C', 'none'];
export const OWNERSHIPS = ['public', 'private', 'other'];
export const LOCATION_KINDS = ['oxygen_station', 'power_room', 'boiler_room', 'gas_pipeline', 'hazchem_store', 'laboratory',
  'kitchen', 'ebike_charging', 'other'];
export const PROJECT_STATUSES = ['planned', 'under_way', 'suspended', 'completed'];
export const RISK_CATEGORIES = ['fire', 'electrical', 'gas', 'medical_gas', 'hazchem', 'special_equipment', 'lab_biosafety',
  'radiation', 'construction', 'flood_weather', 'ebike_charging', 'other'];
export const RISK_GRADES = ['major', 'significant', 'general', 'low'];
export const CONTROL_LEVELS = ['unit', 'department', 'team', 'post'];
export const INSPECTION_TYPES = ['self', 'routine', 'holiday', 'supervision', 'spot', 'unannounced', 'lookback', 'acceptance'];
export const INSPECTION_STATUSES = ['draft', 'submitted'];
/** The hazard loop (contract-hazards.md): states in their order, levels, where a hazard came from, and the
 *  actions of its workflow (each with a form in views/hazard-actions.js). */
export const HAZARD_STATES = ['reported', 'registered', 'notice_issued', 'rectifying', 'acceptance_requested', 'closed', 'cancelled'];
export const HAZARD_LEVELS = ['general', 'major'];
export const HAZARD_SOURCES = ['inspection', 'report', 'lookback', 'import'];
export const HAZARD_ACTIONS = ['register', 'fix_on_spot', 'issue_notice', 'start', 'submit', 'sign_off', 'accept', 'reject', 'cancel',
  'list', 'delist', 'request_extension', 'grant_extension', 'refuse_extension', 'rebound', 'update'];
export const SIGN_CAPACITIES = ['in_charge', 'principal'];
/** LEC table values (DATABASES.md), highest first as the assessment tables print them. */
export const LEC_L = ['10', '6', '3', '1', '0.5', '0.2', '0.1'];
export const LEC_E = ['10', '6', '3', '2', '1', '0.5'];
export const LEC_C = ['100', '40', '15', '7', '3', '1'];
export const MATRIX = ['1', '2', '3', '4', '5'];

/**
 * Options [code, label] for a select, the labels from `${prefix}.${code}`.
 * @param {string} prefix
 * @param {string[]} codes
 * @param {string} [emptyKey] first option with value '' (e.g. 全部)
 * @returns {[string, string][]}
 */
export function codeOptions(prefix, codes, emptyKey) {
  /** @type {[string, string][]} */
  const list = codes.map((code) => [code, t(`${prefix}.${code}`)]);
  if (emptyKey) list.unshift(['', t(emptyKey)]);
  return list;
}

/**
 * A risk grade badge in its four colours (重大 red, 较大 orange, 一般 yellow, 低 blue).
 * @param {string | null | undefined} grade
 * @param {string} [extraKey] e.g. 'risks.estimate' to label a browser preview
 */
export function gradeBadge(grade, extraKey) {
  if (!grade) return el('span', { class: 'badge' }, '—');
  return el('span', { class: `badge grade-badge grade-${grade}`, 'data-grade': grade },
    extraKey ? `${t(extraKey)} ` : '', t(`riskGrade.${grade}`));
}

/** Today in Beijing time as YYYY-MM-DD. */
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * 导出CSV / 导出Excel buttons: each downloads path?format=csv|xlsx with the current filters.
 * @param {string} path e.g. '/institutions/export'
 * @param {() => Record<string, string | number | boolean | null | undefined>} filters the list's query now
 * @param {string} baseName file name without extension when the server names none
 */
export function exportButtons(path, filters, baseName) {
  const status = el('span', { class: 'export-status', 'aria-live': 'polite' });
  /** @param {'csv' | 'xlsx'} format @param {string} key */
  const button = (format, key) => {
    const node = /** @type {HTMLButtonElement} */ (el('button', { type: 'button', class: 'button button-secondary', 'data-export': format }, t(key)));
    on(node, 'click', async () => {
      node.disabled = true;
      status.textContent = t('export.running');
      try {
        const name = await download(path, { ...filters(), format }, `${baseName}.${format}`);
        status.textContent = t('export.done', { name });
      } catch (error) {
        status.textContent = problemText(error);
      }
      node.disabled = false;
    });
    return node;
  };
  return el('div', { class: 'export-bar' }, button('csv', 'export.csv'), button('xlsx', 'export.xlsx'), status);
}

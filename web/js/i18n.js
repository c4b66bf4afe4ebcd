// @ts-check
/** Message catalogue lookup, the chosen language (kept in localStorage) and locale-aware formatting.
 *  The catalogue is one file per feature and language (messages/<lang>/<feature>.js); only the
 *  current language's files are loaded, the shell's at start-up and a route's with its view. */
import { qsa } from './dom.js';

/** @typedef {'zh-CN' | 'en'} Lang */

/** The features every page needs (the frame, shared words and code lists); routes.js names the rest. */
export const SHELL_FEATURES = ['app', 'common'];
/** @type {Record<Lang, Record<string, string>>} */
const CATALOGUES = { 'zh-CN': {}, en: {} };
/** @type {Record<Lang, Set<string>>} */
const LOADED = { 'zh-CN': new Set(), en: new Set() };
/** Every feature asked for so far: a language switch loads them all in the new language. */
const wanted = new Set();
/** @type {Lang[]} */
export const LANGS = ['zh-CN', 'en'];
/** @type {Lang} */
export const DEFAULT_LANG = 'zh-CN';
const STORAGE_KEY = 'anquan.lang';
/** Times are shown in Beijing time whatever the browser's zone: the platform serves Chinese administrations. */
export const TIME_ZONE = 'Asia/Shanghai';

/** @type {Lang} */
let current = DEFAULT_LANG;
/** @type {Set<(lang: Lang) => void>} */
const listeners = new Set();

/**
 * @param {unknown} value
 * @returns {value is Lang}
 */
function isLang(value) {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUES, value);
}

/**
 * Loads the message files of features in lang, each once.
 * @param {Lang} lang
 * @param {string[]} features
 */
async function load(lang, features) {
  const missing = features.filter((f) => !LOADED[lang].has(f));
  const files = await Promise.all(missing.map((f) => import(`./messages/${lang}/${f}.js`)));
  files.forEach((file, i) => {
    Object.assign(CATALOGUES[lang], file.default);
    LOADED[lang].add(missing[i]);
  });
}

/**
 * Loads the messages of these features (web/js/messages/<lang>/<feature>.js) in the current language.
 * @param {string[]} features
 */
export async function loadMessages(features) {
  for (const f of features) wanted.add(f);
  await load(current, features);
}

/** Reads the stored choice (default zh-CN), sets <html lang> and loads the shell's messages. Call once at start-up. */
export async function initI18n() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null; // storage disabled: fall back to the default
  }
  current = isLang(stored) ? stored : DEFAULT_LANG;
  document.documentElement.lang = current;
  await loadMessages(SHELL_FEATURES);
}

/** @returns {Lang} */
export function getLang() {
  return current;
}

/**
 * Switches language once every feature loaded so far is loaded in it, stores the choice, sets
 * <html lang> and notifies listeners.
 * @param {string} lang
 */
export async function setLang(lang) {
  if (!isLang(lang) || lang === current) return;
  await load(lang, [...wanted]);
  current = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/**
 * @param {(lang: Lang) => void} listener
 * @returns {() => void} unsubscribe
 */
export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The message for key in the current language (falling back to zh-CN, then to the key itself),
 * with {name} placeholders replaced from params.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params) {
  const text = CATALOGUES[current][key] ?? CATALOGUES[DEFAULT_LANG][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole);
}

/**
 * Fills static markup: data-i18n sets textContent, data-i18n-aria-label and data-i18n-title set
 * those attributes.
 * @param {ParentNode} root
 */
export function translateTree(root) {
  for (const node of qsa('[data-i18n]', root)) node.textContent = t(node.dataset.i18n ?? '');
  for (const node of qsa('[data-i18n-aria-label]', root)) {
    node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel ?? ''));
  }
  for (const node of qsa('[data-i18n-title]', root)) node.setAttribute('title', t(node.dataset.i18nTitle ?? ''));
}

/**
 * Formats an RFC 3339 timestamp as date and time in Beijing time for the current language;
 * returns the input unchanged when it is not a valid date.
 * @param {string} iso
 * @returns {string}
 */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(current, {
    dateStyle: 'long',
    timeStyle: 'medium',
    timeZone: TIME_ZONE,
  }).format(date);
}

/**
 * Whether the catalogue has a message for key.
 * @param {string} key
 * @returns {boolean}
 */
export function hasMessage(key) {
  return Object.prototype.hasOwnProperty.call(CATALOGUES[current], key);
}

/**
 * Formats an RFC 3339 timestamp compactly as "2026-05-01 14:03:22" in Beijing time; "—" for null.
 * @param {string | null | undefined} iso
 * @returns {string}
 */
export function formatCompact(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  /** @type {Record<string, string>} */
  const p = {};
  for (const part of new Intl.DateTimeFormat('en-GB', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZone: TIME_ZONE,
  }).formatToParts(date)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

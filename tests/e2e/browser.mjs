// Shared Chromium launch and page helpers for the e2e tests (playwright-core + Debian's /usr/bin/chromium).
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.ANQUAN_URL ?? 'http://127.0.0.1:18080').replace(/\/+$/, '');

/** Where screenshots go: <repo>/var/artifacts/screenshots/ */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../var/artifacts/screenshots/', import.meta.url));

/** The two sizes every page test runs at. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, isMobile: false, hasTouch: false },
  { name: 'phone', width: 390, height: 844, isMobile: true, hasTouch: true },
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** @returns {Promise<import('playwright-core').Browser>} a headless Chromium */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A page in a fresh context (own storage) at the given viewport.
 * @param {import('playwright-core').Browser} browser
 * @param {{width: number, height: number, isMobile?: boolean, hasTouch?: boolean}} viewport
 */
export async function newPage(browser, { width, height, isMobile = false, hasTouch = false }) {
  const context = await browser.newContext({
    viewport: { width, height },
    isMobile,
    hasTouch,
    deviceScaleFactor: isMobile ? 2 : 1,
    baseURL: BASE_URL,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  track(page);
  return page;
}

/** @typedef {{inflight: number, changed: number}} Traffic */
/** @type {WeakMap<import('playwright-core').Page, Traffic>} requests in flight, per page */
const traffic = new WeakMap();

/**
 * Counts the requests of a page in flight (newPage does it for every page), for settle().
 * @param {import('playwright-core').Page} page
 */
function track(page) {
  /** @type {Traffic} */
  const t = { inflight: 0, changed: Date.now() };
  const start = () => { t.inflight += 1; t.changed = Date.now(); };
  const end = () => { t.inflight = Math.max(0, t.inflight - 1); t.changed = Date.now(); };
  page.on('request', start);
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  traffic.set(page, t);
}

/**
 * Waits until the page has had no request in flight for quietMs, so that a following goto
 * does not cut its requests short. Playwright's 'networkidle' waits for 500 ms of quiet, which
 * the suite paid on every sign-in; the page's own count knows at once when the last request
 * ended. Fails after 10 s, naming how many requests are still open.
 * @param {import('playwright-core').Page} page
 * @param {number} [quietMs]
 */
export async function settle(page, quietMs = 100) {
  const t = traffic.get(page);
  if (t === undefined) {
    await page.waitForLoadState('networkidle');
    return;
  }
  const deadline = Date.now() + 10000;
  while (t.inflight > 0 || Date.now() - t.changed < quietMs) {
    if (Date.now() > deadline) throw new Error(`settle: ${t.inflight} request(s) still in flight after 10 s`);
    await new Promise((resolve) => { setTimeout(resolve, 20); });
  }
}

/**
 * Starts collecting console errors, uncaught page errors, failed requests and HTTP error
 * responses of a page. Call before the first goto.
 * @param {import('playwright-core').Page} page
 */
export function collectProblems(page) {
  /** @type {string[]} */
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A request the browser cancelled because the test navigated away (a favicon still loading) is not a fault.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ''}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  return {
    problems,
    /** Lists everything collected so far (empty when the page behaved). */
    list: () => [...problems],
  };
}

/**
 * Saves a full-page screenshot (or only the first screen: fullPage false) as
 * var/artifacts/screenshots/<name>-<width>x<height>.png.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {{fullPage?: boolean}} [options]
 * @returns {Promise<string>} the file path
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize() ?? { width: 0, height: 0 };
  const file = `${SCREENSHOT_DIR}${name}-${size.width}x${size.height}.png`;
  // A sticky header would otherwise be drawn wherever the page happened to be scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * The page's horizontal overflow in CSS pixels (0 when nothing sticks out sideways).
 * @param {import('playwright-core').Page} page
 */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Loads the zh-CN or en catalogue of the SPA from the repo, so tests compare against the same
 * strings the page uses instead of copies.
 * @param {'zh-CN' | 'en'} lang
 * @returns {Promise<Record<string, string>>}
 */
export async function catalogue(lang) {
  const mod = await import(new URL(`../../web/js/messages/${lang}.js`, import.meta.url).href);
  return mod.default;
}

/**
 * Opens the navigation (through the menu button on phones) and clicks the entry with that label.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 */
export async function clickNav(page, label) {
  const menu = page.locator('.menu-button');
  if (await menu.isVisible()) {
    if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  }
  await page.locator('#site-nav').getByRole('link', { name: label, exact: true }).click();
}

/** The password of every demo user (db/demo). */
export const DEMO_PASSWORD = process.env.ANQUAN_DEMO_PASSWORD ?? 'Anquan@2026!';

/**
 * Signs in through the login form (opening /login, or /login?next=<next>, first unless the page is
 * already on the login page) and waits until the app has left the login page.
 * @param {import('playwright-core').Page} page
 * @param {string} username
 * @param {{password?: string, next?: string}} [opts]
 */
export async function signIn(page, username, { password = DEMO_PASSWORD, next } = {}) {
  if (next) await page.goto(`/login?next=${encodeURIComponent(next)}`);
  else if (!new URL(page.url(), BASE_URL).pathname.startsWith('/login')) await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form.login-form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.locator('.user-box:not([hidden])').waitFor();
  // Let the landing page finish its requests, so a following goto does not abort them.
  await settle(page);
}

/**
 * Picks an institution in a form's search picker: types words into 搜索机构, waits for the option
 * whose text contains name among the server's answers, and chooses it.
 * @param {import('playwright-core').Locator} form
 * @param {string} words
 * @param {string} name
 */
export async function pickInstitution(form, words, name) {
  await form.locator('input[name="institution_q"]').fill(words);
  const option = form.locator('select[name="institution_id"] option', { hasText: name }).first();
  await option.waitFor({ state: 'attached' });
  await form.locator('select[name="institution_id"]').selectOption(await option.getAttribute('value'));
}

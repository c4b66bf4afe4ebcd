// The 中文 / English switch changes every visible text and the choice survives a reload.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');
const en = await catalogue('en');

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Asserts that the visible page (heading, brand, nav, health card) is in the given language.
 * @param {import('playwright-core').Page} page
 * @param {'zh-CN' | 'en'} lang
 */
async function assertLanguage(page, lang) {
  const m = lang === 'en' ? en : zh;
  // A switch loads the new language's message files first (the SPA loads one language at a time).
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached', timeout: 5000 });
  assert.equal(await page.locator('h1').textContent(), m['home.heading']);
  assert.equal(await page.locator('.brand-name').textContent(), m['app.name']);
  assert.deepEqual(await page.locator('.site-footer .footer-part').allTextContents(), [m['app.title'], m['footer.note']]);
  assert.deepEqual(
    await page.locator('#site-nav .nav-link').allTextContents(),
    [m['nav.home'], m['nav.institutions'], m['nav.risks'], m['nav.inspections'], m['nav.hazards'], m['nav.notices'], m['nav.campaigns'], m['nav.checklists'], m['nav.orgs'], m['nav.status'], m['nav.about']],
  );
  assert.equal(await page.locator('.user-box .user-role').textContent(), m['role.safety_officer']);
  assert.equal(await page.locator('.logout-button').textContent(), m['layout.logout']);
  const card = page.locator('.health-card[data-state="ok"]');
  await card.waitFor();
  assert.equal(await card.locator('[data-field="status"]').textContent(), m['health.ok']);
  assert.equal(await card.locator('[data-field="ready"]').textContent(), m['health.ready']);
  assert.equal(await page.locator(`.lang-button[data-lang="${lang}"]`).getAttribute('aria-pressed'), 'true');
}

for (const viewport of VIEWPORTS) {
  describe(`language switch at ${viewport.width}x${viewport.height}`, () => {
    test('the language switch turns the signed-in page to English and back; the choice and the session survive a reload', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hpcdc.safety');
        await assertLanguage(page, 'zh-CN');

        await page.locator('.lang-button[data-lang="en"]').click();
        await assertLanguage(page, 'en');
        assert.equal(await page.evaluate(() => localStorage.getItem('anquan.lang')), 'en');
        assert.equal(await horizontalOverflow(page), 0, 'the English page does not overflow sideways');
        await screenshot(page, 'home-en');

        await page.reload();
        await assertLanguage(page, 'en');

        await page.locator('.lang-button[data-lang="zh-CN"]').click();
        await assertLanguage(page, 'zh-CN');
        await page.reload();
        await assertLanguage(page, 'zh-CN');

        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

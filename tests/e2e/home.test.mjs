// The home page speaks Chinese by default and shows the live health of the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const viewport of VIEWPORTS) {
  describe(`home page at ${viewport.width}x${viewport.height}`, () => {
    test('after sign-in the home page renders in Chinese and shows the version and readiness the API reports', async () => {
      const health = await (await fetch(`${BASE_URL}/api/v1/health`)).json();
      const ready = await (await fetch(`${BASE_URL}/api/v1/ready`)).json();
      assert.equal(health.status, 'ok', 'the server under test must be healthy');

      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        const response = await page.goto('/');
        assert.equal(response?.status(), 200);
        assert.match(response?.headers()['content-type'] ?? '', /text\/html/);
        // The home page needs a signed-in user: a visitor lands on the login page first.
        await page.waitForURL(`${BASE_URL}/login`);
        await signIn(page, 'hpcdc.safety');
        await page.waitForURL(`${BASE_URL}/`);

        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
        assert.equal(await page.locator('h1').textContent(), zh['home.heading']);
        assert.equal(await page.locator('.brand-name').textContent(), zh['app.name']);
        assert.match(await page.title(), new RegExp(zh['app.name']));

        const card = page.locator('.health-card[data-state="ok"]');
        await card.waitFor();
        assert.equal(await card.locator('h2').textContent(), zh['health.title']);
        assert.equal(await card.locator('[data-field="status"]').textContent(), zh['health.ok']);
        assert.equal(await card.locator('[data-field="version"]').textContent(), health.version);
        assert.equal(await card.locator('[data-field="ready"]').textContent(), zh['health.ready']);
        assert.equal(
          await card.locator('[data-field="schema"]').textContent(),
          zh['health.schema'].replace('{version}', String(ready.schema_version)),
        );
        const time = card.locator('[data-field="time"]');
        assert.match(await time.getAttribute('datetime') ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, 'machine-readable time kept in datetime');
        assert.match(await time.textContent() ?? '', /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2}$/,
          'server time is formatted as a Chinese date and time');

        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'home');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

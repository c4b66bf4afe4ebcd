// The navigation reaches every page (through the menu button on phones), history routes survive a
// direct load or a reload, and unknown paths show the not-found page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, clickNav, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const viewport of VIEWPORTS) {
  const phone = viewport.isMobile;

  describe(`navigation at ${viewport.width}x${viewport.height}`, () => {
    test(phone
      ? 'on a phone the menu button opens the navigation and every entry reaches its page'
      : 'on a desktop the side bar is always visible and every entry reaches its page', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hpcdc.safety');
        await page.locator('.health-card[data-state="ok"]').waitFor();
        const menu = page.locator('.menu-button');
        const nav = page.locator('#site-nav');

        if (phone) {
          assert.ok(await menu.isVisible(), 'menu button shown on a phone');
          assert.ok(!(await nav.isVisible()), 'navigation collapsed on a phone');
          assert.equal(await menu.getAttribute('aria-expanded'), 'false');
          const box = await menu.boundingBox();
          assert.ok(box && box.width >= 44 && box.height >= 44, 'menu button is a 44px touch target');
          await menu.click();
          assert.equal(await menu.getAttribute('aria-expanded'), 'true');
          assert.ok(await nav.isVisible(), 'menu button opens the navigation');
          for (const link of await nav.locator('.nav-link').all()) {
            const linkBox = await link.boundingBox();
            assert.ok(linkBox && linkBox.height >= 44, 'navigation entries are 44px touch targets');
          }
          await screenshot(page, 'menu-open');
        } else {
          assert.ok(!(await menu.isVisible()), 'no menu button on a desktop');
          assert.ok(await nav.isVisible(), 'side bar shown on a desktop');
        }
        assert.equal(await nav.locator('[aria-current="page"]').textContent(), zh['nav.home']);

        await clickNav(page, zh['nav.status']);
        await page.waitForURL(`${BASE_URL}/status`);
        assert.equal(await page.locator('h1').textContent(), zh['status.heading']);
        const health = await (await fetch(`${BASE_URL}/api/v1/health`)).json();
        await page.locator('.status-card[data-state="ok"]').waitFor();
        assert.equal(
          await page.locator('tr[data-row="health.version"] td').textContent(),
          health.version,
        );
        assert.equal(await nav.locator('[aria-current="page"]').textContent(), zh['nav.status']);
        assert.match(await page.title(), new RegExp(`^${zh['status.title']}`));
        if (phone) {
          assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'menu closes after navigating');
          assert.ok(!(await nav.isVisible()));
        }
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'status');

        await clickNav(page, zh['nav.about']);
        await page.waitForURL(`${BASE_URL}/about`);
        assert.equal(await page.locator('h1').textContent(), zh['about.heading']);

        await page.goBack();
        await page.waitForURL(`${BASE_URL}/status`);
        assert.equal(await page.locator('h1').textContent(), zh['status.heading']);

        await clickNav(page, zh['nav.home']);
        await page.waitForURL(`${BASE_URL}/`);
        assert.equal(await page.locator('h1').textContent(), zh['home.heading']);
        await page.locator('.health-card[data-state="ok"]').waitFor();

        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('a direct load of /about renders the about page without signing in (the server falls back to the SPA)', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        const response = await page.goto('/about');
        assert.equal(response?.status(), 200);
        assert.equal(await page.locator('h1').textContent(), zh['about.heading']);
        assert.equal(await page.locator('h2').first().textContent(), zh['about.databases.heading']);
        assert.equal(await page.locator('#site-nav [aria-current="page"]').textContent(), zh['nav.about']);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'about');

        await page.reload();
        assert.equal(await page.locator('h1').textContent(), zh['about.heading']);
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('an unknown path shows the not-found page with a way back home', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hpcdc.safety');
        await page.goto('/no-such-page/anywhere');
        assert.equal(await page.locator('h1').textContent(), zh['notFound.heading']);
        assert.equal(await page.locator('#site-nav [aria-current="page"]').count(), 0);
        await screenshot(page, 'not-found');
        await page.getByRole('link', { name: zh['common.backHome'] }).click();
        await page.waitForURL(`${BASE_URL}/`);
        assert.equal(await page.locator('h1').textContent(), zh['home.heading']);
        await page.locator('.health-card[data-state="ok"]').waitFor();
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

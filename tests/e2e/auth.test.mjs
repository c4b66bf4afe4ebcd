// Sign-in, the session and sign-out: who the header says you are, what the org tree lets you see,
// and that signing out really ends the session.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, DEMO_PASSWORD, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');
const [desktop, phone] = VIEWPORTS;

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The user record the API reports for a demo user (signs in over HTTP, then signs that session out).
 * @param {string} username
 */
async function meOf(username) {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, refresh_in: 'body' }),
  });
  assert.equal(res.status, 200, `demo user ${username} can sign in`);
  const tokens = await res.json();
  await fetch(`${BASE_URL}/api/v1/auth/logout`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: tokens.refresh_token }),
  });
  return tokens.user;
}

describe('signing in at 1280x800', () => {
  test('a county inspector signs in, sees only 和平区 and its units, and signing out ends the session', async () => {
    const me = await meOf('hp.inspector');
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      // A signed-out visit to a page goes to the login page, which returns there afterwards.
      await page.goto('/orgs');
      await page.waitForURL(`${BASE_URL}/login?next=%2Forgs`);
      assert.equal(await page.locator('h1').textContent(), zh['login.heading']);
      assert.ok(!(await page.locator('.user-box').isVisible()), 'no user in the header before signing in');
      assert.deepEqual(await page.locator('#site-nav .nav-link').allTextContents(), [zh['nav.status'], zh['nav.about']],
        'signed out, only the public pages are offered');
      await screenshot(page, 'login');

      await signIn(page, 'hp.inspector');
      await page.waitForURL(`${BASE_URL}/orgs`);

      const box = page.locator('.user-box');
      assert.equal(await box.locator('.user-name').textContent(), me.user.display_name);
      assert.equal(await box.locator('.user-role').textContent(), zh['role.inspector']);
      assert.equal(await box.locator('.user-org').textContent(), '和平区');
      assert.deepEqual(await page.locator('#site-nav .nav-link').allTextContents(),
        [zh['nav.home'], zh['nav.institutions'], zh['nav.risks'], zh['nav.inspections'], zh['nav.hazards'], zh['nav.notices'], zh['nav.campaigns'], zh['nav.checklists'], zh['nav.orgs'], zh['nav.status'], zh['nav.about']],
        'an inspector has org:read but not user:read, client:read or audit:read');

      const tree = page.locator('.tree');
      await tree.waitFor();
      const names = await tree.locator('[data-org-name]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-org-name')));
      assert.equal(names[0], '和平区', 'the tree starts at the inspector’s own org');
      assert.ok(names.includes('和平区疾病预防控制中心'), 'its units are listed');
      for (const other of ['沈河区', '大连市', '沈阳市', '辽宁省']) assert.ok(!names.includes(other), `${other} is not shown`);
      assert.equal(await tree.locator('li[data-org-name="和平区"] > .tree-row .level-badge').textContent(), zh['level.short.county']);
      assert.equal(await tree.locator('li[data-org-name="和平区疾病预防控制中心"] .level-badge').textContent(), zh['level.short.unit']);
      await page.locator('.org-detail[data-state="ok"]').waitFor();
      assert.equal(await page.locator('.org-detail h2').textContent(), '和平区');
      assert.equal(await page.locator('.org-detail [data-action]').count(), 0, 'an inspector gets no org editing buttons');

      // Searching cannot reach outside the subtree either.
      await page.locator('.search-bar input').fill('沈河');
      await page.locator('.search-bar button').click();
      await page.locator('[data-results="0"]').waitFor();
      assert.equal(await page.locator('.result-list li').count(), 0, 'a search for 沈河 finds nothing');
      await page.locator('.search-bar input').fill('疾病预防');
      await page.locator('.search-bar button').click();
      await page.locator('.result-list li[data-org-name="和平区疾病预防控制中心"]').waitFor();
      await page.locator('.result-list li[data-org-name="和平区疾病预防控制中心"] button').click();
      await page.locator('.org-detail[data-state="ok"] h2', { hasText: '和平区疾病预防控制中心' }).waitFor();
      assert.equal(await horizontalOverflow(page), 0);

      // A reload keeps the session (the refresh cookie restores it).
      await page.reload();
      await page.locator('.user-box:not([hidden])').waitFor();
      assert.equal(new URL(page.url()).pathname, '/orgs');

      await box.locator('.logout-button').click();
      await page.waitForURL(`${BASE_URL}/login`);
      assert.ok(!(await box.isVisible()), 'the header no longer shows the user');
      await page.reload();
      assert.equal(await page.locator('h1').textContent(), zh['login.heading']);
      await page.goto('/orgs');
      await page.waitForURL(`${BASE_URL}/login?next=%2Forgs`);
      assert.ok(!(await box.isVisible()), 'still signed out after a reload');
      const refresh = await page.context().request.post('/api/v1/auth/refresh', { data: {} });
      assert.equal(refresh.status(), 401, 'the server no longer honours the refresh cookie');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

for (const viewport of VIEWPORTS) {
  describe(`login errors at ${viewport.width}x${viewport.height}`, () => {
    test('a wrong password shows 用户名或密码错误 and an empty field is marked next to it', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await page.goto('/login');
        await page.locator('form.login-form button[type="submit"]').click();
        const usernameError = page.locator('[data-field-name="username"] .field-error');
        assert.equal(await usernameError.textContent(), zh['fieldError.required']);
        assert.equal(await page.locator('input[name="username"]').getAttribute('aria-invalid'), 'true');

        await page.locator('input[name="username"]').fill('dl.viewer');
        await page.locator('input[name="password"]').fill('wrong-password-1');
        await page.locator('form.login-form button[type="submit"]').click();
        const error = page.locator('.form-error');
        await error.waitFor();
        assert.equal(await error.textContent(), zh['problem.invalid_credentials']);
        assert.ok(await usernameError.isHidden(), 'the earlier field error is cleared');
        assert.equal(new URL(page.url()).pathname, '/login');
        assert.equal(await page.locator('input[name="password"]').inputValue(), '', 'the wrong password is cleared');
        if (viewport.isMobile) {
          for (const control of await page.locator('form.login-form button, form.login-form input, .lang-button').all()) {
            const b = await control.boundingBox();
            assert.ok(b && b.height >= 44, 'login controls are 44px touch targets');
          }
        }
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'login-error');

        // The same user can still sign in (one failure does not lock the account).
        await signIn(page, 'dl.viewer');
        assert.equal(await page.locator('.user-box .user-org').textContent(), '大连市');
        const expected = problems.list().filter((p) => !/401: POST .*\/api\/v1\/auth\/login|status of 401/.test(p));
        assert.deepEqual(expected, []);
      } finally {
        await page.context().close();
      }
    });
  });
}

describe('signing in on a 390x844 phone', () => {
  test('a unit safety officer signs in on a phone: home renders, the menu works, nothing overflows', async () => {
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await page.goto('/');
      await page.waitForURL(`${BASE_URL}/login`);
      assert.equal(await horizontalOverflow(page), 0);
      await signIn(page, 'hpcdc.safety');
      await page.waitForURL(`${BASE_URL}/`);
      assert.equal(await page.locator('h1').textContent(), zh['home.heading']);
      await page.locator('.health-card[data-state="ok"]').waitFor();
      const box = page.locator('.user-box');
      assert.equal(await box.locator('.user-role').textContent(), zh['role.safety_officer']);
      assert.equal(await box.locator('.user-org').textContent(), '和平区疾病预防控制中心');
      const header = await page.locator('.site-header').boundingBox();
      assert.ok(header && header.height <= 140, `the header stays compact on a phone (${header?.height}px)`);
      for (const control of await page.locator('.site-header button, .site-header a.user-action').all()) {
        const b = await control.boundingBox();
        assert.ok(b && b.height >= 44 && b.width >= 44, 'header controls are 44px touch targets');
      }
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'home-signed-in');

      const menu = page.locator('.menu-button');
      const nav = page.locator('#site-nav');
      assert.ok(!(await nav.isVisible()));
      await menu.click();
      assert.ok(await nav.isVisible(), 'the menu button opens the navigation');
      assert.deepEqual(await nav.locator('.nav-link').allTextContents(),
        [zh['nav.home'], zh['nav.institutions'], zh['nav.risks'], zh['nav.inspections'], zh['nav.hazards'], zh['nav.notices'], zh['nav.campaigns'], zh['nav.checklists'], zh['nav.orgs'], zh['nav.status'], zh['nav.about']]);
      await screenshot(page, 'menu-signed-in');
      await nav.getByRole('link', { name: zh['nav.orgs'], exact: true }).click();
      await page.waitForURL(`${BASE_URL}/orgs`);
      assert.ok(!(await nav.isVisible()), 'the menu closes after navigating');
      await page.locator('.tree').waitFor();
      const names = await page.locator('.tree [data-org-name]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-org-name')));
      assert.deepEqual(names, ['和平区疾病预防控制中心'], 'a unit sees only itself');
      for (const control of await page.locator('.tree-label, .search-bar button, .search-bar input').all()) {
        const b = await control.boundingBox();
        assert.ok(b && b.height >= 44, 'tree and search controls are 44px touch targets');
      }
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'orgs-unit');

      // A page the role may not open says so instead of breaking.
      await page.goto('/users');
      await page.locator('[data-view="forbidden"]').waitFor();
      assert.equal(await page.locator('h1').textContent(), zh['forbidden.heading']);
      assert.equal(await horizontalOverflow(page), 0);
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

// The SPA's own machinery: filters in the URL, lists as cards on a phone, views loaded on their
// first visit, no layout shift while the session restores, risk colours that can be read, the
// checklist runner without stray text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');
const [desktop, phone] = VIEWPORTS;

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Waits for the list card `name` to finish loading and returns the text of each row's first cell.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function listRows(page, name) {
  await page.locator(`[data-list="${name}"][data-state="ok"]`).waitFor();
  return page.locator(`[data-list="${name}"] tbody tr > :first-child`).allTextContents();
}

/** Each list with one filter that narrows it, and whether its rows link to a detail page. */
const LISTS = [
  { path: '/institutions', list: 'institutions', name: 'type', value: 'cdc', detail: true },
  { path: '/risks', list: 'risks', name: 'grade', value: 'low', detail: true },
  { path: '/inspections', list: 'inspections', name: 'status', value: 'submitted', detail: true },
  { path: '/users', list: 'users', name: 'role', value: 'inspector', detail: true },
  { path: '/audit', list: 'audit', name: 'action', value: 'auth.login', detail: false, grows: true },
  { path: '/projects/unpermitted', list: 'unpermitted', name: 'org_id', value: null, detail: false },
];

describe('filters live in the URL', () => {
  for (const spec of LISTS.filter((l) => l.value)) {
    test(`${spec.path}: a filter is written to the URL, kept by Back from a detail page, and a fresh page opened at that URL shows the same list`, async () => {
      const page = await newPage(browser, desktop);
      const problems = collectProblems(page);
      const fresh = await newPage(browser, desktop);
      try {
        await signIn(page, 'hp.admin', { next: spec.path });
        const all = await listRows(page, spec.list);
        const control = page.locator(`.filter-bar [name="${spec.name}"]`);
        await control.selectOption(/** @type {string} */ (spec.value));
        await page.locator('.filter-bar button[type="submit"]').click();
        await page.waitForURL((url) => url.searchParams.get(spec.name) === spec.value);
        const filtered = await listRows(page, spec.list);
        assert.ok(filtered.length > 0, 'the filter keeps some rows');
        const narrowed = filtered.length < all.length || JSON.stringify(filtered) !== JSON.stringify(all);
        assert.ok(narrowed, `the filter narrows the list (${filtered.length} of ${all.length})`);
        const url = new URL(page.url());

        if (spec.detail) {
          await page.locator(`[data-list="${spec.list}"] tbody tr a[data-link]`).first().click();
          await page.waitForURL((u) => u.pathname !== spec.path);
          await page.goBack();
          await page.waitForURL(url.href);
          assert.deepEqual(await listRows(page, spec.list), filtered, 'Back shows the same rows');
          assert.equal(await control.inputValue(), spec.value, 'Back keeps the filter');
        }

        await signIn(fresh, 'hp.admin', { next: url.pathname + url.search });
        assert.equal(new URL(fresh.url()).search, url.search);
        const shared = await listRows(fresh, spec.list);
        assert.equal(await fresh.locator(`.filter-bar [name="${spec.name}"]`).inputValue(), spec.value, 'the shared URL sets the filter');
        // The audit log grows by the second sign-in itself (newest first, 50 a page): the shared
        // page is the filtered one after at most three new entries. The rows are told apart by
        // their time to the second, so a new entry may read the same as the first old one: the
        // offset is where the rest matches, not where that text first appears.
        // Every other list is unchanged.
        if (spec.grows) {
          const start = [0, 1, 2, 3].find((s) => JSON.stringify(shared.slice(s)) === JSON.stringify(filtered.slice(0, shared.length - s)));
          assert.ok(start !== undefined, `the shared URL shows the same rows after at most 3 new ones:\n${JSON.stringify(shared)}\n${JSON.stringify(filtered)}`);
        } else assert.deepEqual(shared, filtered, 'the shared URL shows the same rows');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
        await fresh.context().close();
      }
    });
  }

  test('a filter equal to its default stays out of the URL, and clearing one removes it', async () => {
    const page = await newPage(browser, desktop);
    try {
      await signIn(page, 'hp.admin', { next: '/risks?grade=low&sort=-score' });
      await listRows(page, 'risks');
      assert.equal(await page.locator('.filter-bar [name="grade"]').inputValue(), 'low');
      await page.locator('.filter-bar [name="grade"]').selectOption('');
      await page.locator('.filter-bar button[type="submit"]').click();
      await page.waitForURL(`${BASE_URL}/risks`);
    } finally {
      await page.context().close();
    }
  });
});

describe('one list component: a table on a desktop, cards on a phone', () => {
  test('at 390x844 every list lays each row out as a card of label/value pairs, and nothing sticks out sideways', async () => {
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.admin');
      for (const spec of [...LISTS, { path: '/api-clients', list: 'clients' }]) {
        await page.goto(spec.path);
        await listRows(page, spec.list);
        const table = page.locator(`[data-list="${spec.list}"] table`);
        assert.ok(await table.evaluate((n) => n.classList.contains('list-table')), `${spec.path} uses the list table`);
        const rows = page.locator(`[data-list="${spec.list}"] tbody tr`);
        await screenshot(page, `list${spec.path.replaceAll('/', '-')}`);
        if (await rows.count() === 0) continue;
        const cells = rows.first().locator('td, th');
        for (let i = 0; i < await cells.count(); i += 1) {
          const cell = cells.nth(i);
          const label = await cell.getAttribute('data-label');
          assert.ok(label, `${spec.path}: cell ${i} carries its label`);
          const shown = await cell.evaluate((n) => ({ display: getComputedStyle(n).display, before: getComputedStyle(n, '::before').content }));
          assert.equal(shown.display, 'grid', `${spec.path}: cell ${i} is a label/value pair`);
          assert.equal(shown.before, JSON.stringify(label), `${spec.path}: the label is shown beside the value`);
        }
        assert.equal(await horizontalOverflow(page), 0, `${spec.path}: nothing sticks out sideways`);
      }
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('at 390x844 the risk categories table shows each category as a card: the name on one line, the total inside the card', async () => {
    const page = await newPage(browser, phone);
    try {
      await signIn(page, 'ln.admin', { next: '/risks' });
      const table = page.locator('table[data-table="risk-categories"]');
      await table.waitFor();
      const rows = table.locator('tbody tr');
      assert.ok(await rows.count() > 0);
      const card = await page.locator('.risk-summary').boundingBox();
      for (let i = 0; i < await rows.count(); i += 1) {
        const name = rows.nth(i).locator('th');
        const box = await name.boundingBox();
        const lineHeight = await name.evaluate((n) => Number.parseFloat(getComputedStyle(n).lineHeight));
        assert.ok(box && box.width > 200, `the category name has room (${box?.width}px)`);
        assert.ok(box.height < 2.5 * lineHeight, `the category name is not one glyph per line (${box.height}px)`);
        const total = await rows.nth(i).locator('td').last().boundingBox();
        assert.ok(total && card && total.x + total.width <= card.x + card.width + 0.5, 'the total is inside the card');
      }
      assert.equal(await page.locator('.risk-summary .table-wrap').evaluate((n) => n.scrollWidth - n.clientWidth), 0, 'nothing is clipped');
      await screenshot(page, 'risks-categories');
    } finally {
      await page.context().close();
    }
  });
});

describe('views are loaded when first visited', () => {
  test('the sign-in page loads no view module but its own', async () => {
    const page = await newPage(browser, desktop);
    /** @type {string[]} */
    const scripts = [];
    page.on('request', (req) => { if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname); });
    try {
      await page.goto('/');
      await page.waitForURL(`${BASE_URL}/login`);
      await page.locator('form.login-form').waitFor();
      await page.waitForLoadState('networkidle');
      const views = scripts.filter((p) => p.startsWith('/js/views/'));
      assert.deepEqual(views, ['/js/views/login.js'], 'only the sign-in view');
      assert.ok(scripts.length <= 15, `${scripts.length} scripts before sign-in: ${scripts.join(' ')}`);
      // After sign-in, a page's module arrives when it is first opened.
      await signIn(page, 'hp.admin');
      assert.ok(!scripts.includes('/js/views/audit.js'));
      await page.goto('/audit');
      await listRows(page, 'audit');
      assert.ok(scripts.includes('/js/views/audit.js'));
    } finally {
      await page.context().close();
    }
  });
});

describe('no layout shift while the session restores', () => {
  for (const viewport of VIEWPORTS) {
    test(`the signed-in home at ${viewport.width}x${viewport.height} has a cumulative layout shift under 0.1`, async () => {
      const page = await newPage(browser, viewport);
      try {
        await signIn(page, 'hp.admin');
        await page.addInitScript(() => {
          /** @type {any} */ (window).cls = 0;
          new PerformanceObserver((list) => {
            for (const entry of /** @type {any[]} */ (list.getEntries())) {
              if (!entry.hadRecentInput) /** @type {any} */ (window).cls += entry.value;
            }
          }).observe({ type: 'layout-shift', buffered: true });
        });
        // A real network: the session restore and the figures take a moment, so the browser paints before they arrive.
        await page.route(/\/api\/v1\/(auth\/refresh|figures\/)/, async (route) => {
          await new Promise((resolve) => { setTimeout(resolve, 300); });
          await route.continue();
        });
        await page.goto('/');
        await page.locator('.health-card[data-state="ok"]').waitFor();
        await page.locator('[data-card="risks"] [data-figure="risk-grades"]').waitFor();
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(500);
        const cls = await page.evaluate(() => /** @type {any} */ (window).cls);
        assert.ok(cls < 0.1, `CLS ${cls}`);
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('the four risk colours can be read', () => {
  test('every text on a risk colour reaches WCAG AA 4.5:1 against it, as rendered', async () => {
    const page = await newPage(browser, desktop);
    try {
      await signIn(page, 'ln.admin', { next: '/risks' });
      await page.locator('[data-figure="risk-grades"]').waitFor();
      await listRows(page, 'risks');
      const pairs = await page.evaluate(() => {
        /** @param {string} css */
        const rgb = (css) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
        /** @param {number[]} c */
        const luminance = (c) => {
          const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const out = [];
        for (const node of document.querySelectorAll('[class*="grade-"]')) {
          const grade = [...node.classList].find((c) => /^grade-(major|significant|general|low)$/.test(c));
          if (!grade) continue;
          const bg = rgb(getComputedStyle(node).backgroundColor);
          const texts = [node, ...node.querySelectorAll('*')].filter((n) => [...n.childNodes].some((c) => c.nodeType === 3 && c.textContent?.trim()));
          for (const text of texts) {
            const fg = rgb(getComputedStyle(text).color);
            const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
            out.push({ grade, text: text.textContent?.trim(), ratio: (hi + 0.05) / (lo + 0.05) });
          }
        }
        return out;
      });
      const grades = new Set(pairs.map((p) => p.grade));
      assert.deepEqual([...grades].sort(), ['general', 'low', 'major', 'significant'].map((g) => `grade-${g}`).sort(), 'all four colours carry text');
      for (const p of pairs) assert.ok(p.ratio >= 4.5, `${p.grade} "${p.text}": ${p.ratio.toFixed(2)}:1`);
      await screenshot(page, 'risks');
    } finally {
      await page.context().close();
    }
  });
});

describe('the checklist runner', () => {
  test('an item without a legal basis shows nothing where the basis would be (no "null")', async () => {
    const page = await newPage(browser, phone);
    try {
      await signIn(page, 'hp.inspector');
      const token = await page.evaluate(async () => (await (await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()).access_token);
      const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const insts = await (await fetch(`${BASE_URL}/api/v1/institutions?q=${encodeURIComponent('疾病预防')}`, { headers: auth })).json();
      const tpls = await (await fetch(`${BASE_URL}/api/v1/checklist-templates?limit=100`, { headers: auth })).json();
      const template = tpls.items.find((/** @type {any} */ x) => x.name === '医疗卫生机构安全生产综合检查表');
      const created = await fetch(`${BASE_URL}/api/v1/inspections`, {
        method: 'POST', headers: auth,
        body: JSON.stringify({ institution_id: insts.items[0].id, type: 'routine', template_id: template.id, inspected_on: new Date().toISOString().slice(0, 10) }),
      });
      assert.equal(created.status, 201);
      const insp = await created.json();
      const withoutBasis = insp.results.filter((/** @type {any} */ r) => !r.legal_basis).map((/** @type {any} */ r) => r.position);
      assert.ok(withoutBasis.length > 0, 'the checklist has items without a legal basis');
      await page.goto(`/inspections/${insp.id}/run`);
      for (let n = 1; n <= insp.results.length; n += 1) {
        await page.locator('[data-field="progress"]', { hasText: zh['run.progress'].replace('{n}', String(n)).replace('{count}', String(insp.results.length)) }).waitFor();
        const text = await page.locator('.runner-card').innerText();
        assert.doesNotMatch(text, /null|undefined/, `item ${n}`);
        assert.equal(await page.locator('.runner-card .legal-basis').count(), withoutBasis.includes(n) ? 0 : 1, `item ${n}`);
        await page.locator('[data-action="next"]').click();
      }
      await page.locator('[data-action="submit"]').waitFor();
      assert.doesNotMatch(await page.locator('.runner-card').innerText(), /null|undefined/, 'the summary');
    } finally {
      await page.context().close();
    }
  });
});

/**
 * Signs in through the API and returns request headers with the access token.
 * @param {string} username
 */
async function apiAuth(username) {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'Anquan@2026!', refresh_in: 'body' }),
  });
  assert.equal(res.status, 200);
  return { Authorization: `Bearer ${(await res.json()).access_token}`, 'Content-Type': 'application/json' };
}

/**
 * Creates an inspection of 和平区疾病预防控制中心 through the API as username; answered and submitted when submit.
 * @param {string} username
 * @param {{type: string, submit: boolean}} opts
 */
async function hpcdcInspection(username, { type, submit }) {
  const auth = await apiAuth(username);
  const insts = await (await fetch(`${BASE_URL}/api/v1/institutions?q=${encodeURIComponent('和平区疾病预防控制中心')}`, { headers: auth })).json();
  const tpls = await (await fetch(`${BASE_URL}/api/v1/checklist-templates?limit=100`, { headers: auth })).json();
  const template = tpls.items.find((/** @type {any} */ x) => x.name === '医疗卫生机构安全生产综合检查表');
  const res = await fetch(`${BASE_URL}/api/v1/inspections`, {
    method: 'POST', headers: auth,
    body: JSON.stringify({ institution_id: insts.items[0].id, type, template_id: template.id, inspected_on: new Date().toISOString().slice(0, 10) }),
  });
  assert.equal(res.status, 201);
  const insp = await res.json();
  if (submit) {
    for (const r of insp.results) {
      const put = await fetch(`${BASE_URL}/api/v1/inspections/${insp.id}/results/${r.position}`, { method: 'PUT', headers: auth, body: '{"result":"pass"}' });
      assert.equal(put.status, 200);
    }
    assert.equal((await fetch(`${BASE_URL}/api/v1/inspections/${insp.id}/submit`, { method: 'POST', headers: auth, body: '{}' })).status, 200);
  }
  return insp.id;
}

describe('buttons only for the actions the server allows', () => {
  test('a unit safety officer is offered neither 继续检查 nor 更正 on the county\'s inspections of the unit, but both on its own self-inspections', async () => {
    const countyDraft = await hpcdcInspection('hp.inspector', { type: 'routine', submit: false });
    const countySubmitted = await hpcdcInspection('hp.inspector', { type: 'routine', submit: true });
    const selfDraft = await hpcdcInspection('hpcdc.safety', { type: 'self', submit: false });
    const selfSubmitted = await hpcdcInspection('hpcdc.safety', { type: 'self', submit: true });
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hpcdc.safety');
      /** @param {string} id @param {{continue: number, correct: number}} want */
      const offered = async (id, want) => {
        await page.goto(`/inspections/${id}`);
        await page.locator('[data-view="inspection"]').waitFor();
        assert.equal(await page.locator('[data-action="continue"]').count(), want.continue, `${id}: 继续检查`);
        assert.equal(await page.locator('[data-action="correct"]').count(), want.correct, `${id}: 更正`);
      };
      await offered(countyDraft, { continue: 0, correct: 0 });
      await screenshot(page, 'inspection-county-draft-safety-officer');
      await offered(countySubmitted, { continue: 0, correct: 0 });
      await offered(selfDraft, { continue: 1, correct: 0 });
      await offered(selfSubmitted, { continue: 0, correct: 1 });
      // The runner of the county's draft is not offered either: its address leads to the record.
      await page.goto(`/inspections/${countyDraft}/run`);
      await page.waitForURL(`${BASE_URL}/inspections/${countyDraft}`);
      // In the list, the county's draft links to the record and the own draft to the runner.
      await page.goto('/inspections?status=draft');
      await listRows(page, 'inspections');
      assert.equal(await page.locator(`[data-list="inspections"] tr[data-id="${countyDraft}"] a`).getAttribute('href'), `/inspections/${countyDraft}`);
      assert.equal(await page.locator(`[data-list="inspections"] tr[data-id="${selfDraft}"] a`).getAttribute('href'), `/inspections/${selfDraft}/run`);
      assert.deepEqual(problems.list(), [], 'no request was refused');
    } finally {
      await page.context().close();
    }
    const county = await newPage(browser, desktop);
    try {
      await signIn(county, 'hp.inspector', { next: `/inspections/${countySubmitted}` });
      await county.locator('[data-view="inspection"]').waitFor();
      assert.equal(await county.locator('[data-action="correct"]').count(), 1, 'the county inspector may correct it');
      await screenshot(county, 'inspection-county-submitted-inspector');
    } finally {
      await county.context().close();
    }
  });

  test('a viewer sees a risk read-only, without 归档', async () => {
    const page = await newPage(browser, desktop);
    try {
      await signIn(page, 'hp.viewer', { next: '/risks' });
      await listRows(page, 'risks');
      await page.locator('[data-list="risks"] tbody tr a[data-link]').first().click();
      await page.locator('form').first().waitFor();
      assert.equal(await page.locator('[data-action="archive"]').count(), 0);
      assert.ok(await page.locator('form input[name="name"]').isDisabled());
    } finally {
      await page.context().close();
    }
  });
});

describe('the password hint says the server\'s policy', () => {
  test('the change-password page states the configured minimum length and classes, in Chinese and in English', async () => {
    const auth = await apiAuth('sy.viewer');
    const policy = await (await fetch(`${BASE_URL}/api/v1/auth/password-policy`, { headers: auth })).json();
    const en = await catalogue('en');
    /** @param {Record<string, string>} cat */
    const expected = (cat) => (policy.classes > 0 ? cat['password.policyClasses'].replace('{classes}', String(policy.classes)) : cat['password.policyLength'])
      .replace('{min}', String(policy.min_length));
    for (const viewport of VIEWPORTS) {
      const page = await newPage(browser, viewport);
      try {
        await signIn(page, 'sy.viewer', { next: '/account/password' });
        const hint = page.locator('[data-field-name="new_password"] .field-hint');
        await hint.waitFor();
        assert.equal(await hint.textContent(), expected(zh));
        assert.match(await hint.textContent() ?? '', new RegExp(`${policy.min_length}`));
        await screenshot(page, 'password-policy');
        await page.locator('.lang-button[data-lang="en"]').click();
        await page.locator('html[lang="en"]').waitFor();
        assert.equal(await page.locator('[data-field-name="new_password"] .field-hint').textContent(), expected(en));
        await screenshot(page, 'password-policy-en');
      } finally {
        await page.context().close();
      }
    }
  });
});

// The hazard loop in the browser. On a 390x844 phone, the safety officer of 和平区疾病预防控制中心 reports
// a hazard with a photo, registers it, fills the five implementations (五落实), starts, rectifies with an
// after-photo and requests acceptance; a 和平区 inspector accepts it and it is closed. Then the hazard
// list's filters survive opening a hazard and coming Back. Every screen is photographed at 1280x800
// and 390x844 and checked for sideways overflow.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, settle, signIn } from './browser.mjs';
import { api } from '../api/lib/http.mjs';
import { closeDb, login, nationalTemplate } from '../api/lib/fixtures.mjs';

const zh = await catalogue('zh-CN');
const run = Date.now().toString(36);
const desktop = /** @type {typeof VIEWPORTS[number]} */ (VIEWPORTS.find((v) => v.name === 'desktop'));
const phone = /** @type {typeof VIEWPORTS[number]} */ (VIEWPORTS.find((v) => v.name === 'phone'));

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  await closeDb();
});

/** CRC-32 of a PNG chunk. @param {Buffer} buf */
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}

/**
 * A real PNG photo (a two-colour picture), so the server's type check from the bytes accepts it.
 * @param {[number, number, number]} rgb
 */
function png(rgb, width = 64, height = 48) {
  const chunk = (/** @type {string} */ type, /** @type {Buffer} */ data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) row.set(x < width / 2 ? rgb : [240, 240, 240], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A day in Beijing time, `days` from today, as YYYY-MM-DD. @param {number} days */
function beijingDay(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/**
 * Takes a photo with the photo field of scope (its 拍照 button opens the file chooser the camera
 * would fill) and waits until it is uploaded.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} scope
 * @param {string} name
 * @param {[number, number, number]} rgb
 */
async function addPhoto(page, scope, name, rgb) {
  const before = await scope.locator('.att-pick.att-done').count();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), scope.locator('.att-camera').click()]);
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: png(rgb) });
  await scope.locator('.att-pick.att-done').nth(before).waitFor();
}

/** @param {import('playwright-core').Page} page @param {string} state */
const waitState = (page, state) => page.locator(`[data-field="state"] [data-state="${state}"]`).waitFor();

/** Both sizes' screenshot of what path shows to user, checked for sideways overflow. */
async function photograph(/** @type {string} */ user, /** @type {string} */ path, /** @type {string} */ name, /** @type {string} */ ready) {
  for (const viewport of VIEWPORTS) {
    const page = await newPage(browser, viewport);
    try {
      await signIn(page, user, { next: path });
      await page.locator(ready).first().waitFor();
      await settle(page);
      assert.equal(await horizontalOverflow(page), 0, `${name} at ${viewport.width}px does not scroll sideways`);
      await screenshot(page, name);
    } finally {
      await page.context().close();
    }
  }
}

/** The hazard the loop below closes (the rebound test reopens it). */
let closedId = '';

describe('the hazard loop on a 390x844 phone', () => {
  /** @type {string} */
  let hazardId = '';
  const description = `消防通道堆放杂物${run}`;

  test('a unit safety officer reports a hazard with a photo, registers it, fills 五落实, starts, rectifies with an after-photo and requests acceptance', async () => {
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hpcdc.safety', { next: '/hazards/new' });
      const form = page.locator('form[data-form="hazard-new"]');
      await form.waitFor();
      // Camera first: the photo button is the first control, a full-width thumb target.
      const take = form.locator('.att-camera');
      const takeBox = await take.boundingBox();
      assert.ok(takeBox && takeBox.height >= 56 && takeBox.width >= 300, `拍照 is big (${JSON.stringify(takeBox)})`);
      await addPhoto(page, form, 'before.png', [200, 40, 40]);
      // The unit's own institution is the only one it sees: the picker chooses it.
      await page.waitForFunction(() => /** @type {HTMLSelectElement | null} */ (document.querySelector('select[name="institution_id"]'))?.value !== '');
      assert.match(await form.locator('select[name="institution_id"] option:checked').textContent() ?? '', /和平区疾病预防控制中心/);
      await form.locator('select[name="category"]').selectOption('fire');
      await form.locator('textarea[name="description"]').fill(description);
      await form.locator('input[name="location"]').fill('门诊楼一楼东侧楼梯间');
      await form.locator('label.level-general').tap();
      const submitBox = await form.locator('[data-action="report"]').boundingBox();
      assert.ok(submitBox && submitBox.height >= 56, '上报 is a big target');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-new-filled');
      await form.locator('[data-action="report"]').tap();

      await page.waitForURL(/\/hazards\/[0-9a-f-]{36}\?done=report$/);
      hazardId = new URL(page.url()).pathname.split('/')[2];
      await waitState(page, 'reported');
      assert.equal(await page.locator('h1.hazard-title').textContent(), description);
      assert.equal(await page.locator('[data-section="photos"] .att-item').count(), 1, 'the report photo is shown');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-reported');

      // 登记定级 by the unit: level, category, deadline, requirement.
      await page.locator('.hazard-actions [data-action="register"]').tap();
      const register = page.locator('form[data-form="hazard-register"]');
      await register.waitFor();
      await register.locator('input[name="deadline"]').fill(beijingDay(7));
      await register.locator('textarea[name="requirement"]').fill('立即清理楼梯间杂物，保持疏散通道畅通');
      await screenshot(page, 'hazard-register-form');
      await register.locator('[data-action="confirm-register"]').tap();
      await page.waitForURL(/\?done=register$/);
      await waitState(page, 'registered');

      // 五落实, then 开始整改.
      await page.locator('.hazard-actions [data-action="start"]').tap();
      const start = page.locator('form[data-form="hazard-start"]');
      await start.waitFor();
      // 五落实 not complete: the server refuses and each missing one is marked beside its field.
      await start.locator('[data-action="confirm-start"]').tap();
      await start.locator('[data-field-name="funds"] .field-error:not([hidden])').waitFor();
      assert.equal(await start.locator('[data-field-name="emergency_plan"] .field-error:not([hidden])').count(), 1);
      await start.locator('input[name="responsible_person"]').fill('王建国');
      await start.locator('input[name="responsible_phone"]').fill('13800001234');
      await start.locator('input[name="funds"]').fill('500元');
      await start.locator('textarea[name="measures"]').fill('清运杂物，张贴禁止堆放标识');
      await start.locator('textarea[name="emergency_plan"]').fill('整改期间安排专人值守，备好灭火器');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-start-form');
      await start.locator('[data-action="confirm-start"]').tap();
      await page.waitForURL(/\?done=start$/);
      await waitState(page, 'rectifying');
      assert.match(await page.locator('[data-section="five"]').textContent() ?? '', /王建国/);

      // 申请验收 with what was done and an after-photo.
      await page.locator('.hazard-actions [data-action="submit"]').tap();
      const submit = page.locator('form[data-form="hazard-submit"]');
      await submit.waitFor();
      await submit.locator('textarea[name="rectification"]').fill('杂物已清运，楼梯间已畅通');
      await addPhoto(page, submit, 'after.png', [40, 160, 60]);
      await screenshot(page, 'hazard-submit-form');
      await submit.locator('[data-action="confirm-submit"]').tap();
      await page.waitForURL(/\?done=submit$/);
      await waitState(page, 'acceptance_requested');
      // The one who rectified cannot accept: no such button.
      assert.equal(await page.locator('.hazard-actions [data-action="accept"]').count(), 0);
      assert.equal(await page.locator('[data-section="photos"] .att-item').count(), 2, 'before and after photos');
      // The one refusal the test provoked (五落实 not complete) is the only problem.
      assert.deepEqual(problems.list().filter((p) => !/(HTTP 409: POST|status of 409).*\/actions\/start/.test(p)), []);
    } finally {
      await page.context().close();
    }
  });

  test('a county inspector accepts the rectification and the hazard is closed, with its whole timeline', async () => {
    assert.ok(hazardId, 'the hazard of the first test');
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.inspector', { next: `/hazards/${hazardId}` });
      await waitState(page, 'acceptance_requested');
      await page.locator('.hazard-actions [data-action="accept"]').tap();
      await page.locator('form[data-form="hazard-accept"]').waitFor();
      await page.locator('[data-action="confirm-accept"]').tap();
      await page.waitForURL(/\?done=accept$/);
      await waitState(page, 'closed');
      closedId = hazardId;
      assert.match(await page.locator('[data-section="closing"]').textContent() ?? '', new RegExp(zh['hazard.closedAt']));
      const moves = await page.locator('[data-section="timeline"] .timeline-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-event')));
      for (const action of ['report', 'register', 'start', 'submit', 'accept']) assert.ok(moves.includes(action), `the timeline shows ${action} (${moves})`);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-closed');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

describe('a rebound', () => {
  test('a look-back inspection finds the closed hazard again: 反弹 opens a new hazard linked to its first life', async () => {
    assert.ok(closedId, 'the hazard closed above');
    const token = await login('hp.inspector');
    const closed = (await api('GET', `/api/v1/hazards/${closedId}`, { token })).body;
    const tpl = await nationalTemplate();
    const made = await api('POST', '/api/v1/inspections', { token, body: { institution_id: closed.institution_id, template_id: tpl.id, type: 'lookback', inspected_on: beijingDay(0) } });
    assert.equal(made.status, 201, made.text);
    for (let p = 1; p <= tpl.item_count; p += 1) {
      const res = await api('PUT', `/api/v1/inspections/${made.body.id}/results/${p}`, { token, body: { result: 'pass' } });
      assert.equal(res.status, 200, res.text);
    }
    assert.equal((await api('POST', `/api/v1/inspections/${made.body.id}/actions/submit`, { token, body: {} })).status, 200);

    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.inspector', { next: `/hazards/${closedId}` });
      await page.locator('.hazard-actions [data-action="rebound"]').tap();
      const form = page.locator('form[data-form="hazard-rebound"]');
      await form.locator(`select[name="inspection_id"] option[value="${made.body.id}"]`).waitFor({ state: 'attached' });
      await form.locator('select[name="inspection_id"]').selectOption(made.body.id);
      await form.locator('[data-action="confirm-rebound"]').tap();
      await page.waitForURL(/\/hazards\/[0-9a-f-]{36}\?done=rebound$/);
      assert.notEqual(new URL(page.url()).pathname.split('/')[2], closedId, 'a new hazard');
      await waitState(page, 'reported');
      // Before it is graded, the new life can be corrected (PATCH with the version read).
      await page.locator('.hazard-actions [data-action="update"]').tap();
      const edit = page.locator('form[data-form="hazard-update"]');
      await edit.locator('input[name="location"]').fill('门诊楼一楼东侧楼梯间（回头看）');
      await edit.locator('[data-action="confirm-update"]').tap();
      await page.waitForURL(/\?done=update$/);
      assert.match(await page.locator('[data-section="basic"]').textContent() ?? '', /（回头看）/);
      await page.locator('a[data-link-kind="previous"]').click();
      await page.waitForURL(`${BASE_URL}/hazards/${closedId}`);
      await waitState(page, 'closed');
      assert.equal(await page.locator('a[data-link-kind="rebound"]').count(), 1, 'the first life links to the rebound');
      assert.equal(await page.locator('.hazard-actions [data-action="rebound"]').count(), 0, 'a hazard rebounds once');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-rebounded');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

describe('即知即改', () => {
  test('a general hazard fixed on the spot closes in one step with its after-photo', async () => {
    const token = await login('hpcdc.safety');
    const insts = (await api('GET', `/api/v1/institutions?q=${encodeURIComponent('和平区疾病预防控制中心')}`, { token })).body;
    const made = await api('POST', '/api/v1/hazards', { token, body: {
      institution_id: insts.items[0].id, category: 'electrical', description: `插线板串接使用${run}`, location: '检验科办公室',
    } });
    assert.equal(made.status, 201, made.text);
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hpcdc.safety', { next: `/hazards/${made.body.id}` });
      await waitState(page, 'reported');
      await page.locator('.hazard-actions [data-action="fix_on_spot"]').tap();
      const form = page.locator('form[data-form="hazard-fix_on_spot"]');
      await form.waitFor();
      // Without a photo the server names the field, and the form shows it there.
      await form.locator('textarea[name="rectification"]').fill('已拆除串接插线板，改用墙面插座');
      await form.locator('[data-action="confirm-fix_on_spot"]').tap();
      const photoError = form.locator('[data-field-name="attachments"] .field-error:not([hidden])');
      await photoError.waitFor();
      assert.ok([zh['fieldError.attachments.too_short'], zh['fieldError.attachments.required']].includes(await photoError.textContent() ?? ''),
        'the photo field says a photo is needed');
      await addPhoto(page, form, 'fixed.png', [60, 60, 200]);
      await screenshot(page, 'hazard-fix-on-spot');
      await form.locator('[data-action="confirm-fix_on_spot"]').tap();
      await page.waitForURL(/\?done=fix_on_spot$/);
      await waitState(page, 'closed');
      assert.equal(await page.locator('[data-section="photos"] .att-item').count(), 1);
      // The one refusal the test provoked (no photo) is the only problem.
      assert.deepEqual(problems.list().filter((p) => !/(HTTP 400: POST|status of 400).*\/actions\/fix_on_spot/.test(p)), []);
    } finally {
      await page.context().close();
    }
  });
});

describe('the hazard list', () => {
  test('filters live in the URL and survive opening a hazard and coming Back', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.inspector', { next: '/hazards' });
      await page.locator('[data-list="hazards"][data-state="ok"]').waitFor();
      await page.locator('select[name="state"]').selectOption('closed');
      await page.locator('select[name="level"]').selectOption('general');
      const words = `消防通道堆放杂物${run}`;
      await page.locator('input[name="q"]').fill(words);
      await page.locator('[data-action="search"]').click();
      await page.waitForURL((url) => url.searchParams.get('state') === 'closed' && url.searchParams.get('q') === words);
      const row = page.locator('[data-list="hazards"][data-state="ok"] tr[data-id]');
      await row.first().waitFor();
      assert.equal(await row.count(), 1, 'the hazard closed above, alone');
      assert.equal(await row.first().getAttribute('data-state'), 'closed');
      const search = new URL(page.url()).search;
      await row.first().locator('a.row-link').click();
      await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
      await waitState(page, 'closed');
      await page.goBack();
      await page.waitForURL(`${BASE_URL}/hazards${search}`);
      await page.locator('[data-list="hazards"][data-state="ok"] tr[data-id]').first().waitFor();
      assert.equal(await page.locator('select[name="state"]').inputValue(), 'closed');
      assert.equal(await page.locator('select[name="level"]').inputValue(), 'general');
      assert.equal(await page.locator('input[name="q"]').inputValue(), words);
      assert.equal(await page.locator('tr[data-id]').count(), 1);
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('an administration imports last year\'s unfinished hazards: a dry run first, then the import, and they are listed overdue', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.admin', { next: '/hazards' });
      await page.locator('a[href="/hazards/import"]').click();
      await page.waitForURL(`${BASE_URL}/hazards/import`);
      const csv = `单位,隐患描述,隐患类别,等级,发现时间,时限,整改责任人\n和平区疾病预防控制中心,锅炉房未设可燃气体报警器${run},燃气,一般隐患,2025-11-03,2025-12-31,李强\n`;
      await page.locator('input[type="file"]').setInputFiles({ name: 'ledger.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('[data-action="dry-run"]').click();
      await page.locator('.import-result .notice-ok').waitFor();
      await screenshot(page, 'hazard-import-checked');
      await page.locator('[data-action="commit"]').click();
      await page.locator('.import-result .notice-ok', { hasText: zh['hazardImport.done'].replace('{imported}', '1') }).waitFor();
      await page.goto(`/hazards?q=${encodeURIComponent(`锅炉房未设可燃气体报警器${run}`)}`);
      const row = page.locator('[data-list="hazards"][data-state="ok"] tr[data-id]');
      await row.first().waitFor();
      assert.equal(await row.count(), 1);
      assert.equal(await row.first().getAttribute('data-state'), 'registered');
      assert.equal(await row.first().locator('[data-mark="overdue"]').count(), 1, 'past its deadline: overdue');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('every hazard screen at 1280x800 and 390x844', async () => {
    await photograph('hp.inspector', '/hazards', 'hazard-list', '[data-list="hazards"][data-state="ok"] tr[data-id]');
    // The home of a unit's safety officer opens on the to-do list.
    await photograph('hpcdc.safety', '/', 'home-todo', '[data-card="todo"] [data-todo="waiting"]');
    await photograph('hpcdc.safety', '/hazards/new', 'hazard-new', 'form[data-form="hazard-new"]');
    await photograph('hp.admin', '/hazards/import', 'hazard-import', 'form[data-form="import"]');
    const page = await newPage(browser, desktop);
    let id = '';
    try {
      // The demo's listed major hazard has the most to show (notice, sign-off, listing).
      await signIn(page, 'hp.inspector', { next: '/hazards?listed=true' });
      id = await page.locator('[data-list="hazards"][data-state="ok"] tr[data-id]').first().getAttribute('data-id') ?? '';
    } finally {
      await page.context().close();
    }
    assert.ok(id);
    await photograph('hp.inspector', `/hazards/${id}`, 'hazard-detail', '[data-section="timeline"]');
  });
});

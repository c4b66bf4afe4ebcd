// The administration's side of the hazard loop in the browser. A 和平区 inspector's submitted
// supervision inspection of 和平区疾病预防控制中心 offers its failed items as hazards, registered one by
// one and then all at once; the inspector grades the major one against a national criterion, lists it
// for supervision (挂牌督办) and can pick it for a rectification notice from the list; after the unit
// starts rectifying, a leader of the unit signs off with a signature drawn on the phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn } from './browser.mjs';
import { api } from '../api/lib/http.mjs';
import { closeDb, createHazard, createUser, login, nationalTemplate, q } from '../api/lib/fixtures.mjs';

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

/** A day in Beijing time, `days` from today, as YYYY-MM-DD. @param {number} days */
function beijingDay(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86400000));
}

/** The answer of a call that must succeed. @param {Promise<{status: number, body: any, text: string}>} call @param {number} [status] */
async function ok(call, status = 200) {
  const res = await call;
  assert.equal(res.status, status, res.text.slice(0, 400));
  return res.body;
}

/** A submitted supervision inspection of 和平区疾病预防控制中心 by hp.inspector: item 2 failed with a major finding, item 3 failed without one. */
async function submittedInspection() {
  const token = await login('hp.inspector');
  const insts = await ok(api('GET', `/api/v1/institutions?q=${encodeURIComponent('和平区疾病预防控制中心')}`, { token }));
  const inst = insts.items.find((/** @type {any} */ i) => i.name === '和平区疾病预防控制中心');
  assert.ok(inst, 'the demo institution');
  const tpl = await nationalTemplate();
  const insp = await ok(api('POST', '/api/v1/inspections', { token, body: { institution_id: inst.id, template_id: tpl.id, type: 'supervision', inspected_on: beijingDay(0) } }), 201);
  for (let p = 1; p <= tpl.item_count; p += 1) {
    /** @type {Record<string, any>} */
    let body = { result: 'pass' };
    if (p === 2) body = { result: 'fail', note: '配电室内堆放纸箱', finding: { description: `配电室堆放可燃纸箱${run}`, location: '门诊楼地下一层配电室', suggested_severity: 'major' } };
    if (p === 3) body = { result: 'fail', note: `应急照明灯不亮${run}` };
    await ok(api('PUT', `/api/v1/inspections/${insp.id}/results/${p}`, { token, body }));
  }
  await ok(api('POST', `/api/v1/inspections/${insp.id}/actions/submit`, { token, body: {} }));
  return insp.id;
}

describe('the administration\'s side of the hazard loop', () => {
  /** @type {string} */
  let hazardId = '';

  test('an inspection registers its failed items as hazards, each or all, and shows them with their states', async () => {
    const inspectionId = await submittedInspection();
    for (const viewport of VIEWPORTS) {
      const shot = await newPage(browser, viewport);
      try {
        await signIn(shot, 'hp.inspector', { next: `/inspections/${inspectionId}` });
        await shot.locator('[data-section="hazards"] [data-action="register-one"]').first().waitFor();
        assert.equal(await horizontalOverflow(shot), 0);
        await screenshot(shot, 'inspection-hazards-open');
      } finally {
        await shot.context().close();
      }
    }
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.inspector', { next: `/inspections/${inspectionId}` });
      const section = page.locator('[data-section="hazards"]');
      await section.locator('[data-action="register-one"]').first().waitFor();
      assert.equal(await section.locator('li[data-position]').count(), 2, 'the finding and the failed item without one');
      await section.locator('select[name="category"]').selectOption('electrical');
      await section.locator('li[data-position="2"] [data-action="register-one"]').click();
      await page.waitForURL(/\?registered=1$/);
      await page.locator('[data-section="hazards"] li[data-hazard]').first().waitFor();
      assert.equal(await page.locator('[data-section="hazards"] li[data-hazard]').count(), 1);
      assert.equal(await page.locator('[data-section="hazards"] li[data-position]').count(), 1, 'item 3 is still open');
      await page.locator('[data-section="hazards"] [data-action="register-one"]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-section="hazards"] li[data-hazard]').length === 2);
      assert.equal(await page.locator('[data-section="hazards"] [data-action^="register-"]').count(), 0, 'nothing left to register');
      const major = page.locator('[data-section="hazards"] li[data-hazard]', { hasText: `配电室堆放可燃纸箱${run}` });
      assert.equal(await major.locator('[data-state="reported"]').count(), 1);
      assert.equal(await major.locator('[data-level="major"]').count(), 1, 'a major finding is a major hazard');
      hazardId = await major.getAttribute('data-hazard') ?? '';
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'inspection-hazards');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('the inspector grades the major hazard against a national criterion, lists it for supervision and picks it for a notice', async () => {
    assert.ok(hazardId);
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.inspector', { next: `/hazards/${hazardId}` });
      await page.locator('.hazard-actions [data-action="register"]').click();
      const form = page.locator('form[data-form="hazard-register"]');
      await form.waitFor();
      assert.equal(await form.locator('input[name="level"][value="major"]').isChecked(), true);
      const criterion = form.locator('select[name="criterion_id"] option', { hasText: 'nhc-2023-04' });
      await form.locator('select[name="criterion_id"]').selectOption(await criterion.getAttribute('value'));
      await form.locator('input[name="deadline"]').fill(beijingDay(10));
      await form.locator('textarea[name="requirement"]').fill('立即清除配电室内可燃物，落实专人管理');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-register-major');
      await form.locator('[data-action="confirm-register"]').click();
      await page.waitForURL(/\?done=register$/);
      await page.locator('[data-field="state"] [data-state="registered"]').waitFor();
      assert.match(await page.locator('[data-section="grading"]').textContent() ?? '', /nhc-2023-04/);

      // 挂牌督办: an administration above lists a major hazard.
      await page.locator('.hazard-actions [data-action="list"]').click();
      const list = page.locator('form[data-form="hazard-list"]');
      await list.locator('input[name="listing_document"]').fill(`和卫督〔2026〕${run}号`);
      await list.locator('input[name="listing_due"]').fill(beijingDay(30));
      await list.locator('[data-action="confirm-list"]').click();
      await page.waitForURL(/\?done=list$/);
      await page.locator('[data-field="state"] [data-mark="listed"]').waitFor();
      assert.match(await page.locator('[data-section="listing"]').textContent() ?? '', new RegExp(`和卫督〔2026〕${run}号`));
      const notice = page.locator('.hazard-actions a[data-action="issue_notice"]');
      const href = new URL(await notice.getAttribute('href') ?? '', 'http://x');
      assert.equal(href.pathname, '/notices/new');
      assert.equal(href.searchParams.get('hazard_ids'), hazardId);
      assert.ok(href.searchParams.get('org_id'));
      await screenshot(page, 'hazard-listed');

      // The list: listed ones only; the hazard can be ticked for a notice.
      await page.goto(`/hazards?listed=true&q=${run}`);
      const row = page.locator(`[data-list="hazards"][data-state="ok"] tr[data-id="${hazardId}"]`);
      await row.waitFor();
      assert.equal(await row.locator('[data-mark="listed"]').count(), 1);
      const bar = page.locator('[data-action="issue-notice"]');
      assert.equal(await bar.getAttribute('aria-disabled'), 'true');
      await row.locator('input[data-pick]').check();
      assert.equal(await bar.getAttribute('aria-disabled'), 'false');
      const picked = new URL(await bar.getAttribute('href') ?? '', 'http://x');
      assert.equal(picked.searchParams.get('hazard_ids'), hazardId);
      await screenshot(page, 'hazard-list-notice');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('after the unit starts, a leader of the unit signs off with a signature drawn on the phone', async () => {
    assert.ok(hazardId);
    const unit = await login('hpcdc.safety');
    const h = await ok(api('GET', `/api/v1/hazards/${hazardId}`, { token: unit }));
    await ok(api('POST', `/api/v1/hazards/${hazardId}/actions/start`, { token: unit, body: {
      responsible_person: '刘志强', funds: '2000元', measures: '清除可燃物，设置警示标识', emergency_plan: '配电室应急处置预案',
    } }));
    const leader = await createUser({ org_id: h.org_id, role: 'leader' });
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, leader.username, { next: `/hazards/${hazardId}` });
      await page.locator('[data-field="state"] [data-state="rectifying"]').waitFor();
      await page.locator('.hazard-actions [data-action="sign_off"]').tap();
      const form = page.locator('form[data-form="hazard-sign_off"]');
      await form.waitFor();
      await form.locator('select[name="capacity"]').selectOption('in_charge');
      const pad = form.locator('canvas.signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = await pad.boundingBox();
      assert.ok(box && box.width > 300, 'the pad fills the phone\'s width');
      await page.mouse.move(box.x + 30, box.y + box.height * 0.7);
      await page.mouse.down();
      for (let i = 1; i <= 12; i += 1) await page.mouse.move(box.x + 30 + i * 20, box.y + box.height * (0.7 - (i % 2) * 0.4));
      await page.mouse.up();
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-sign-off');
      await form.locator('[data-action="confirm-sign_off"]').tap();
      await page.waitForURL(/\?done=sign_off$/);
      await page.locator('[data-section="closing"] [data-fact="hazard.signedInCharge"]').waitFor();
      assert.equal(await page.locator('[data-section="photos"] .att-item', { hasText: zh['att.kind.signature'] }).count(), 1, 'the drawn signature is kept');
      assert.equal(await page.locator('.hazard-actions [data-action="sign_off"]').count(), 0, 'one leader signs in one capacity only');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'hazard-signed');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('under a notice, the unit asks for an extension once and the issuing county grants it: the deadline moves', async () => {
    const [inst] = await q("SELECT i.id, i.org_id FROM institutions i JOIN orgs o ON o.id = i.org_id WHERE o.name = '和平区疾病预防控制中心'");
    const deadline = beijingDay(5);
    const h = await createHazard({ institution: inst, state: 'notice_issued', deadline, description: `氧气瓶未固定${run}`, category: 'medical_gas' });
    const [county] = await q("SELECT id, path FROM orgs WHERE name = '和平区'");
    const [seq] = await q(`INSERT INTO notice_counters (org_id, year, last) VALUES ($1, 2026, 1)
                           ON CONFLICT (org_id, year) DO UPDATE SET last = notice_counters.last + 1 RETURNING last`, [county.id]);
    const [notice] = await q(`INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, org_id, org_path, year, seq, number, deadline)
                              VALUES ($1, $2, $3, $4::ltree, 2026, $5, $6, $7::date) RETURNING id, number`,
    [county.id, county.path, h.org_id, h.org_path, seq.last, `和卫安改〔2026〕${seq.last}号`, deadline]);
    await q('UPDATE hazards SET notice_id = $2 WHERE id = $1', [h.id, notice.id]);

    const unit = await newPage(browser, phone);
    const problems = collectProblems(unit);
    try {
      await signIn(unit, 'hpcdc.safety', { next: `/hazards/${h.id}` });
      await unit.locator('[data-field="state"] [data-state="notice_issued"]').waitFor();
      assert.equal(await unit.locator('a[data-link-kind="notice"]').textContent(), notice.number);
      await unit.locator('.hazard-actions [data-action="request_extension"]').tap();
      const form = unit.locator('form[data-form="hazard-request_extension"]');
      await form.locator('input[name="extension_until"]').fill(beijingDay(20));
      await form.locator('textarea[name="reason"]').fill('固定支架需定制，到货需两周');
      await screenshot(unit, 'hazard-extension-request');
      await form.locator('[data-action="confirm-request_extension"]').tap();
      await unit.waitForURL(/\?done=request_extension$/);
      assert.match(await unit.locator('[data-fact="hazard.extension"]').textContent() ?? '', /已申请延期/);
      assert.equal(await unit.locator('.hazard-actions [data-action="request_extension"]').count(), 0, 'once per notice');
      assert.deepEqual(problems.list(), []);
    } finally {
      await unit.context().close();
    }

    const county2 = await newPage(browser, desktop);
    const problems2 = collectProblems(county2);
    try {
      await signIn(county2, 'hp.inspector', { next: `/hazards/${h.id}` });
      await county2.locator('.hazard-actions [data-action="grant_extension"]').click();
      const form = county2.locator('form[data-form="hazard-grant_extension"]');
      assert.match(await form.textContent() ?? '', /固定支架需定制/);
      await form.locator('[data-action="confirm-grant_extension"]').click();
      await county2.waitForURL(/\?done=grant_extension$/);
      assert.match(await county2.locator('[data-section="grading"] [data-fact="hazard.deadline"]').textContent() ?? '', new RegExp(beijingDay(20)));
      assert.equal(await horizontalOverflow(county2), 0);
      await screenshot(county2, 'hazard-extension-granted');
      assert.deepEqual(problems2.list(), []);
    } finally {
      await county2.context().close();
    }
  });
});

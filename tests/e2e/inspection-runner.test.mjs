// An inspector of 和平区 carries out a checklist inspection on a phone: one item per screen, answers
// tapped with the thumb at the bottom of the screen, one item failed with a finding, then submitted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, pickInstitution, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');
const phone = VIEWPORTS.find((v) => v.name === 'phone');
const run = Date.now().toString(36);

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** @param {string} key @param {Record<string, string | number>} params */
const fill = (key, params) => zh[key].replace(/\{(\w+)\}/g, (_, name) => String(params[name]));

describe('the checklist runner on a 390x844 phone', () => {
  test('an inspector completes a checklist inspection by tapping, with one failed item and its finding, and submits it', async () => {
    assert.ok(phone?.isMobile && phone.hasTouch);
    const page = await newPage(browser, phone);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.inspector', { next: '/inspections/new' });
      const form = page.locator('form[data-form="inspection-new"]');
      await form.waitFor();
      await pickInstitution(form, '疾病预防', '和平区疾病预防控制中心');
      const templateValue = await form.locator('select[name="template_id"] option', { hasText: '医疗卫生机构安全生产综合检查表' }).getAttribute('value');
      assert.ok(templateValue);
      await form.locator('select[name="template_id"]').selectOption(templateValue);
      assert.equal(await form.locator('select[name="type"]').inputValue(), 'routine');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'inspection-new');
      await form.getByRole('button', { name: zh['insp.start'] }).tap();
      await page.waitForURL(/\/inspections\/[0-9a-f-]+\/run$/);
      const id = new URL(page.url()).pathname.split('/')[2];

      const progress = page.locator('[data-field="progress"]');
      await progress.waitFor();
      const count = Number(/\/ (\d+)/.exec(await progress.textContent() ?? '')?.[1]);
      assert.equal(count, 17, 'the general checklist has 17 items');
      assert.equal(await progress.textContent(), fill('run.progress', { n: 1, count }));

      // The three answer buttons are thumb-sized and sit at the bottom of the screen.
      for (const result of ['pass', 'fail', 'na']) {
        const box = await page.locator(`.answer-bar [data-result="${result}"]`).boundingBox();
        assert.ok(box && box.height >= 44 && box.width >= 44, `${result} is a 44px target`);
        assert.ok(box.y + box.height > 844 - 120, `${result} is within thumb reach at the bottom (y=${box.y})`);
      }
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'inspection-run');

      const failAt = 3;
      for (let n = 1; n <= count; n += 1) {
        await page.locator('[data-field="progress"]', { hasText: fill('run.progress', { n, count }) }).waitFor();
        if (n === failAt) {
          await page.locator('#run-note').fill('灭火器压力不足');
          await page.locator('.answer-bar [data-result="fail"]').tap();
          const finding = page.locator('[data-form="finding"]:not([hidden])');
          await finding.waitFor();
          await page.locator('[data-field="save-state"]', { hasText: fill('run.saved', { n }) }).waitFor();
          await finding.locator('textarea[name="description"]').fill(`二楼走廊灭火器压力不足${run}`);
          await finding.locator('input[name="location"]').fill('门诊楼二楼');
          await finding.locator('input[value="major"]').check();
          assert.equal(await horizontalOverflow(page), 0);
          await screenshot(page, 'inspection-run-finding');
          await finding.locator('[data-action="save-finding"]').tap();
        } else {
          await page.locator('.answer-bar [data-result="pass"]').tap();
        }
      }
      await page.locator('[data-action="submit"]').waitFor();
      assert.equal(await progress.textContent(), fill('run.summaryProgress', { answered: count, count }));
      await screenshot(page, 'inspection-run-summary');
      await page.locator('[data-action="submit"]').tap();
      await page.locator('[data-action="confirm-submit"]').tap();

      await page.waitForURL(`${BASE_URL}/inspections/${id}?submitted=1`);
      const detail = page.locator('[data-view="inspection"]');
      await detail.waitFor();
      assert.equal(await detail.locator('[data-status]').textContent(), zh['inspStatus.submitted']);
      const finding = page.locator('[data-section="findings"] .finding');
      assert.equal(await finding.count(), 1);
      assert.match(await finding.textContent() ?? '', new RegExp(`二楼走廊灭火器压力不足${run}`));
      assert.match(await finding.textContent() ?? '', /门诊楼二楼/);
      assert.match(await finding.textContent() ?? '', new RegExp(zh['severity.major']));
      assert.equal(await page.locator('[data-action="correct"]').count(), 1, 'a submitted inspection offers 更正');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'inspection-detail');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

// The printable rectification notice (/notices/{id}): the A4 document with the issuer's letterhead,
// number, addressee, hazards, legal wording, signature block, QR code and receipt line; 打印 for
// everyone, 签收 exactly for the unit while it is not received; the print style sheet leaves the
// document alone on A4 paper.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';
import { closeDb, createUnitHazard, login, orgByName } from '../api/lib/fixtures.mjs';

const zh = await catalogue('zh-CN');

/** @type {import('playwright-core').Browser} */
let browser;
/** One fresh notice per viewport (a receipt is taken once). @type {any[]} */
const notices = [];

before(async () => {
  browser = await launch();
  const unit = await orgByName('和平区疾病预防控制中心');
  const token = await login('hp.inspector');
  for (let i = 0; i < VIEWPORTS.length; i += 1) {
    const hazards = [
      await createUnitHazard({ org_id: unit.id, description: '门诊楼二层东侧疏散通道堆放纸箱等杂物，安全出口指示灯损坏' }),
      await createUnitHazard({ org_id: unit.id, level: 'major', description: '食堂燃气灶具区域未安装可燃气体报警装置' }),
    ];
    const res = await fetch(`${BASE_URL}/api/v1/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ org_id: unit.id, hazard_ids: hazards.map((h) => h.id), deadline: '2099-06-30', requirement: '立即清理疏散通道，修复安全出口指示灯；燃气区域加装可燃气体报警装置并与切断阀联动。' }),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    notices.push(JSON.parse(text));
  }
});
after(async () => { await browser?.close(); await closeDb(); });

VIEWPORTS.forEach((viewport, vi) => {
  describe(`the printable notice at ${viewport.width}x${viewport.height}`, () => {
    test('the county sees the A4 notice with its letterhead, number, hazards and QR code, 打印 and no 签收', async () => {
      const notice = notices[vi];
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.inspector', { next: `/notices/${notice.id}` });
        const doc = page.locator('.notice-doc[data-view="notice"]');
        await doc.waitFor();
        assert.equal(await doc.locator('.notice-issuer').textContent(), '和平区');
        assert.equal(await doc.locator('.notice-title').textContent(), zh['notice.docTitle']);
        assert.equal(await doc.locator('[data-field="number"]').textContent(), notice.number);
        assert.match(notice.number, /^和卫安改〔\d{4}〕\d+号$/);
        assert.equal(await doc.locator('[data-field="addressee"]').textContent(), '和平区疾病预防控制中心：');
        assert.match(await doc.textContent() ?? '', /《中华人民共和国安全生产法》/);
        assert.match(await doc.textContent() ?? '', /2099年6月30日前整改完毕/);
        assert.equal(await doc.locator('table.notice-hazards tbody tr').count(), 2);
        assert.match(await doc.locator('.notice-sign-org').textContent() ?? '', /和平区（盖章）/);
        const qr = doc.locator('img.notice-qr-img');
        await page.waitForFunction(() => {
          const img = /** @type {HTMLImageElement | null} */ (document.querySelector('img.notice-qr-img'));
          return img !== null && img.complete && img.naturalWidth > 0;
        });
        assert.match(await qr.getAttribute('src') ?? '', /^blob:/);
        assert.equal(await page.locator('[data-action="print"]').textContent(), zh['notice.print']);
        assert.equal(await page.locator('[data-action="receive"]').count(), 0, 'no 签收 for the issuer');
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'notice');

        // on paper: the document alone (no header, menu or buttons), A4
        await page.emulateMedia({ media: 'print' });
        for (const sel of ['.site-header', '.site-nav', '.site-footer', '[data-action="print"]']) {
          assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is not printed`);
        }
        assert.equal(await doc.isVisible(), true);
        await screenshot(page, 'notice-print');
        await page.emulateMedia({ media: 'screen' });
        if (viewport.name === 'desktop') {
          const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
          const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
          assert.ok(box, 'the PDF has a page size');
          // A4 is 210 x 297 mm = 595.3 x 841.9 pt
          assert.ok(Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, `A4 pages (got ${box[1]} x ${box[2]})`);
        }
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('the unit\'s safety officer sees 签收, receives the notice once, and the receipt line shows who', async () => {
      const notice = notices[vi];
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hpcdc.safety', { next: `/notices/${notice.id}` });
        const receive = page.locator('[data-action="receive"]');
        await receive.waitFor();
        assert.equal(await receive.textContent(), zh['notice.receive']);
        assert.equal(await page.locator('[data-field="received-by"]').textContent(), '');
        await receive.click();
        await page.locator('.notice-doc[data-state="received"]').waitFor();
        assert.notEqual(await page.locator('[data-field="received-by"]').textContent(), '');
        assert.match(await page.locator('[data-field="received-at"]').textContent() ?? '', /^\d{4}年\d{1,2}月\d{1,2}日$/);
        assert.equal(await receive.count(), 0, '签收 is gone once received');
        assert.equal(await page.locator('.notice-ok').textContent(), zh['notice.receivedOk']);
        await page.reload();
        await page.locator('.notice-doc[data-state="received"]').waitFor();
        assert.equal(await page.locator('[data-action="receive"]').count(), 0, 'and stays gone');
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'notice-received');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('the issue form (from the hazard list) shows the chosen hazards and issues the notice, then its page', async () => {
      const unit = await orgByName('和平区疾病预防控制中心');
      const hazards = [
        await createUnitHazard({ org_id: unit.id, description: '配电室门口堆放易燃物品' }),
        await createUnitHazard({ org_id: unit.id, description: '氧气站未设置禁止烟火警示标识' }),
      ];
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.inspector', { next: `/notices/new?org_id=${unit.id}&hazard_ids=${hazards.map((h) => h.id).join(',')}` });
        const form = page.locator('form[data-form="notice-new"]');
        await form.waitFor();
        assert.equal(await form.locator('[data-field="unit"]').textContent(), '和平区疾病预防控制中心');
        assert.equal(await form.locator('li[data-id]').count(), 2);
        await form.locator('input[name="deadline"]').fill('2099-03-31');
        await form.locator('textarea[name="requirement"]').fill('立即清理，设置警示标识。');
        await screenshot(page, 'notice-new');
        await form.locator('button[type="submit"]').click();
        await page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
        const doc = page.locator('.notice-doc');
        await doc.waitFor();
        assert.equal(await doc.locator('table.notice-hazards tbody tr').count(), 2);
        assert.match(await doc.textContent() ?? '', /2099年3月31日前整改完毕/);
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('the notices list links each notice by its number', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.inspector', { next: '/notices' });
        const row = page.locator(`[data-list="notices"] tr[data-id="${notices[vi].id}"]`);
        await row.waitFor();
        assert.equal(await row.locator('a').textContent(), notices[vi].number);
        await screenshot(page, 'notices');
        await row.locator('a').click();
        await page.waitForURL(`${BASE_URL}/notices/${notices[vi].id}`);
        await page.locator('.notice-doc').waitFor();
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
});

// The demo reports (db/demo/0005_reports.sql) as the city and the province meet them, at both
// sizes: 沈阳市's reporting table for October 2019 with its counties and units on time, late,
// missing, returned and accepted; a returned report with its reason and versions; the province's
// table of its cities for the same month; the print of an accepted report.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';
import { closeDb, q } from '../api/lib/fixtures.mjs';

const zh = await catalogue('zh-CN');

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {{city: string, province: string, cityProgress: string, provinceProgress: string}} */
let ids;
/** The demo orgs' ids by name. @type {Record<string, string>} */
let orgId;
before(async () => {
  browser = await launch();
  const rows = await q(`SELECT c.doc_number, c.id, d.id AS duty FROM campaigns c JOIN campaign_duties d ON d.campaign_id = c.id
                        WHERE c.doc_number IN ('沈卫发〔2019〕45号', '辽卫办发〔2019〕86号') AND d.content = 'progress'`);
  orgId = Object.fromEntries((await q('SELECT name, id FROM orgs')).map((o) => [o.name, o.id]));
  const by = (/** @type {string} */ doc) => rows.find((r) => r.doc_number === doc);
  assert.ok(by('沈卫发〔2019〕45号') && by('辽卫办发〔2019〕86号'), 'the demo campaigns are loaded');
  ids = { city: by('沈卫发〔2019〕45号').id, cityProgress: by('沈卫发〔2019〕45号').duty,
    province: by('辽卫办发〔2019〕86号').id, provinceProgress: by('辽卫办发〔2019〕86号').duty };
});
after(async () => { await browser?.close(); await closeDb(); });

for (const viewport of VIEWPORTS) {
  describe(`the demo reports at ${viewport.width}x${viewport.height}`, () => {
    test('沈阳市 sees October 2019: accepted, on time, late, returned, missing, each in its colour, beside the figures', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'sy.admin', { next: `/campaigns/${ids.city}/reporting?duty_id=${ids.cityProgress}&period=2019-10` });
        const table = page.locator('[data-table="reporting"]');
        await table.waitFor();
        const row = (/** @type {string} */ name) => table.locator(`tbody tr[data-org="${orgId[name]}"]`);
        const expected = {
          和平区: ['accepted', 'on_time'], 沈河区: ['submitted', 'on_time'], 铁西区: ['submitted', 'late'], 浑南区: ['returned', 'on_time'],
          康平县: ['missing', ''], 新民市: ['missing', ''], 法库县: ['submitted', 'on_time'], 沈阳市妇幼保健院: ['accepted', 'late'],
          沈阳市中心血站: ['missing', ''],
        };
        for (const [name, [status, timeliness]] of Object.entries(expected)) {
          assert.deepEqual([await row(name).getAttribute('data-status'), await row(name).getAttribute('data-timeliness')], [status, timeliness], name);
        }
        assert.equal(await table.locator('tbody tr').count(), 11, 'seven counties and four units directly under the city');
        // a missing county's colour is the red of 未报
        const missing = row('康平县').locator('.report-status [data-status="missing"]');
        assert.equal(await missing.textContent(), zh['reportStatus.missing']);
        assert.equal(await missing.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgb(201, 42, 42)');
        assert.match(await row('法库县').textContent() ?? '', new RegExp(zh['reporting.revision'].replace('{n}', '2')));
        assert.equal(await page.locator('[data-row="sum"]').count(), 1);
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'reporting-demo-city');

        await row('浑南区').locator('[data-link-kind="report"]').click();
        await page.locator('[data-field="return-reason"]').waitFor();
        assert.equal(await page.locator('[data-section="versions"] [data-revision="1"] [data-decision]').getAttribute('data-decision'), 'returned');
        assert.equal(await page.locator('form[data-form="report"]').count(), 0, 'the city does not edit the county\'s report');
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'report-demo-returned');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('辽宁省 sees its cities, counties and units for October 2019 and 鞍山市 missing; an accepted report prints', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'ln.admin', { next: `/campaigns/${ids.province}/reporting?duty_id=${ids.provinceProgress}&period=2019-10` });
        const table = page.locator('[data-table="reporting"]');
        await table.waitFor();
        const row = (/** @type {string} */ name) => table.locator(`tbody tr[data-org="${orgId[name]}"]`);
        assert.equal(await row('鞍山市').getAttribute('data-status'), 'missing');
        assert.equal(await row('沈阳市').getAttribute('data-status'), 'accepted');
        assert.equal(await row('大连市').getAttribute('data-status'), 'submitted');
        assert.ok(await table.locator('tbody tr[data-level="county"]').count() > 0, 'the counties are in the table too');
        // a province's table is long: narrowed to its cities (the level is kept in the URL)
        await page.locator('select[name="level"]').selectOption('city');
        await page.waitForURL(/level=city/);
        await table.waitFor();
        const levels = await page.locator('[data-table="reporting"] tbody tr[data-org]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
        assert.ok(levels.length >= 3 && levels.every((l) => l === 'city'), `only cities: ${levels.join(', ')}`);
        assert.equal(await row('鞍山市').getAttribute('data-status'), 'missing');
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        // the first screen only: the tests' own cities (tests/api) make the province's table long
        await screenshot(page, 'reporting-demo-province', { fullPage: false });

        await row('沈阳市').locator('[data-link-kind="report"]').click();
        await page.locator('[data-action="print-view"]').click();
        const doc = page.locator('.report-doc[data-view="report-print"]');
        await doc.waitFor();
        assert.equal(await doc.locator('[data-field="org"]').textContent(), '沈阳市');
        assert.match(await doc.locator('[data-field="narrative"]').textContent() ?? '', /检查/);
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'report-demo-print');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

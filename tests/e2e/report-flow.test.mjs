// Reporting (信息报送) in Chromium, at both sizes: a county fills in and submits its report (with a
// document) from its to-do list; the city sees which counties are late or missing in the reporting table and reminds
// them, and the reminded county's to-do shows the report; the city returns a report with a reason
// and the county revises and submits it again (two versions kept), then the city accepts it; the
// report prints on A4. Each viewport works on a campaign of its own, issued by 沈阳市 to its counties
// (demo users sy.admin, hp.admin, kp.admin), with one duty due in five days and one due two days ago.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';
import { PNG_1PX, closeDb, login, q, uniq } from '../api/lib/fixtures.mjs';
import { api } from '../api/lib/http.mjs';

const zh = await catalogue('zh-CN');

/** @type {import('playwright-core').Browser} */
let browser;
/** The demo orgs' ids by name. @type {Record<string, string>} */
let orgId;
before(async () => {
  browser = await launch();
  orgId = Object.fromEntries((await q('SELECT name, id FROM orgs')).map((o) => [o.name, o.id]));
});
after(async () => { await browser?.close(); await closeDb(); });

/**
 * An issued campaign of 沈阳市 for its counties: duty `soon` (进展情况) due in five days at 17:00 and
 * duty `past` (阶段小结) due two days ago at 17:00, Beijing time.
 * @returns {Promise<{id: string, name: string, soon: {id: string, period: string}, past: {id: string, period: string}}>}
 */
async function cityCampaign() {
  const name = `沈阳市卫生健康系统消防安全专项检查-${uniq('e')}`;
  const [c] = await q(`INSERT INTO campaigns (org_id, org_path, org_name, name, doc_number, issued_on, starts_on, ends_on, goal, state, issued_at)
      SELECT o.id, o.path, o.name, $1, $2, d - 20, d - 20, d + 40, '全面排查整治医疗卫生机构消防安全隐患。', 'issued', now()
      FROM orgs o, (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d) t WHERE o.division_code = '210100'
      RETURNING id, org_path::text AS org_path`, [name, `沈卫发〔2026〕${uniq('')}号`]);
  const duties = await q(`INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, due_date, due_time, reporters)
      SELECT $1, $2::ltree, x.pos, x.content, x.title, 'once', d + x.off, '17:00', '{counties}'
      FROM (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d) t,
           (VALUES (1, 'progress', '消防安全检查进展情况', 5), (2, 'summary', '消防安全检查阶段小结', -2)) AS x(pos, content, title, off)
      RETURNING id, position, to_char(due_date, 'YYYY-MM-DD') AS period`, [c.id, c.org_path]);
  const by = (/** @type {number} */ pos) => { const d = duties.find((x) => x.position === pos); return { id: d.id, period: d.period }; };
  return { id: c.id, name, soon: by(1), past: by(2) };
}

/**
 * The report of a county that has no demo user, submitted `hoursLate` hours after the due instant
 * (negative: before it), as the API would leave it: frozen figures, version 1, its timeliness.
 * @param {string} campaignId @param {{id: string, period: string}} duty @param {string} orgName @param {number} hoursLate
 */
async function fileReport(campaignId, duty, orgName, hoursLate) {
  await q(`WITH ob AS (SELECT * FROM campaign_obligations($1) WHERE duty_id = $2 AND period = $3 AND org_name = $4),
           r AS (INSERT INTO campaign_reports (campaign_id, duty_id, org_id, org_path, org_name, receiver_org_id, period, period_start,
                   period_end, due_at, state, narrative, figures, revision, first_submitted_at, timeliness, submitted_at, submitted_by_name)
                 SELECT ob.campaign_id, ob.duty_id, ob.org_id, ob.org_path, ob.org_name, c.org_id, ob.period, ob.period_start, ob.period_end,
                        ob.due_at, 'submitted', '本期共检查医疗卫生机构12家，发现隐患5处，已整改4处。', report_figures(ob.org_path, ob.period_start, ob.period_end),
                        1, ob.due_at + make_interval(hours => $5), CASE WHEN $5 > 0 THEN 'late' ELSE 'on_time' END,
                        ob.due_at + make_interval(hours => $5), '李红'
                 FROM ob JOIN campaigns c ON c.id = ob.campaign_id RETURNING *)
           INSERT INTO campaign_report_versions (report_id, revision, org_path, narrative, figures, submitted_at, submitted_by_name, late)
           SELECT id, 1, org_path, narrative, figures, submitted_at, submitted_by_name, timeliness = 'late' FROM r`,
  [campaignId, duty.id, duty.period, orgName, hoursLate]);
}

/** The county's report of a duty, made and submitted through the API as its admin. @param {string} user @param {any} c @param {{id: string, period: string}} duty */
async function submitThroughApi(user, c, duty) {
  const token = await login(user);
  const made = await api('POST', '/api/v1/reports', { token, body: { campaign_id: c.id, duty_id: duty.id, period: duty.period, narrative: '本期共检查医疗卫生机构8家，发现隐患3处，已整改2处，整改率66.7%。' } });
  assert.equal(made.status, 201, made.text);
  const sent = await api('POST', `/api/v1/reports/${made.body.id}/actions/submit`, { token, body: {} });
  assert.equal(sent.status, 200, sent.text);
  return made.body.id;
}

/**
 * Opens the to-do's reports card and finds one obligation in it (after 显示全部 when it is further down).
 * @param {import('playwright-core').Page} page @param {{id: string, period: string}} duty
 */
async function todoItem(page, duty) {
  const card = page.locator('[data-card="report-todo"]');
  await card.waitFor();
  const more = card.locator('[data-action="todo-more"]');
  if (await more.count()) await more.click();
  const item = card.locator(`[data-obligation="${duty.id}|${duty.period}"]`);
  await item.waitFor();
  return item;
}

for (const viewport of VIEWPORTS) {
  describe(`reporting at ${viewport.width}x${viewport.height}`, () => {
    /** @type {Awaited<ReturnType<typeof cityCampaign>>} */
    let c;
    before(async () => { c = await cityCampaign(); });

    test('a county admin starts the report from the to-do list, writes it and submits it: on time, its figures frozen, version 1', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.admin');
        await page.locator('[data-card="report-todo"]').waitFor();
        await screenshot(page, 'report-todo');
        const item = await todoItem(page, c.soon);
        assert.match(await item.textContent() ?? '', new RegExp(zh['reportTodo.notStarted']));
        await item.locator('[data-action="start-report"]').click();
        await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
        const form = page.locator('form[data-form="report"]');
        await form.waitFor();
        assert.equal(await page.locator('[data-field="state"] .report-state').getAttribute('data-state'), 'draft');
        assert.equal(await page.locator('[data-figures="live"]').count(), 1, 'a draft shows the live figures');
        assert.equal(await page.locator('[data-section="versions"] [data-revision]').count(), 0);
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'report-draft');

        // 提交报送 waits for a text (the server offers submit once the draft has one)
        assert.equal(await form.locator('[data-action="submit"]').isDisabled(), true);
        await form.locator('textarea[name="narrative"]').fill('本期我局共检查医疗卫生机构14家，发现消防安全隐患6处，已整改5处，整改率83.3%。主要问题为疏散通道堆放杂物、灭火器过期未更换。\n未整改的1处已落实整改责任人和完成时限。');
        // documents go with it: uploaded at once, bound when the report is saved; one chosen by
        // mistake is taken off again (移除, after a confirmation) before the report is submitted
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form.locator('.att-choose').click()]);
        await chooser.setFiles([{ name: '和平区消防安全检查工作方案.png', mimeType: 'image/png', buffer: PNG_1PX },
          { name: '误传的照片.png', mimeType: 'image/png', buffer: PNG_1PX }]);
        await page.waitForFunction(() => document.querySelectorAll('form[data-form="report"] .att-pick.att-done').length === 2);
        await form.locator('[data-action="save"]').click();
        await page.locator('[data-done="save"]').waitFor();
        const gallery = page.locator('[data-section="attachments"] .att-item');
        assert.equal(await gallery.count(), 2, 'both documents are bound to the draft');
        assert.equal(await page.locator('[data-section="attachments"] [data-action="remove-attachment"]').count(), 2, 'a draft offers 移除 on each');
        await screenshot(page, 'report-draft-attachments');
        page.once('dialog', (dialog) => { assert.match(dialog.message(), /误传的照片/); dialog.accept(); });
        await page.locator('[data-section="attachments"] .att-item', { hasText: '误传的照片' }).locator('[data-action="remove-attachment"]').click();
        await page.locator('[data-done="removeAttachment"]').waitFor();
        assert.equal(await page.locator('[data-done="removeAttachment"]').textContent(), zh['report.done.removeAttachment']);
        assert.deepEqual(await page.locator('[data-section="attachments"] .att-caption').allTextContents(), ['文件 · 和平区消防安全检查工作方案.png']);
        await page.locator('form[data-form="report"] [data-action="submit"]').click();
        await page.locator('[data-done="submit"]').waitFor();
        assert.equal(await page.locator('[data-done="submit"]').textContent(), zh['report.done.submit']);
        assert.equal(await page.locator('[data-section="attachments"] .att-item').count(), 1, 'the document is bound to the report');
        assert.equal(await page.locator('[data-field="state"] .report-state').getAttribute('data-state'), 'submitted');
        assert.equal(await page.locator('[data-field="state"] [data-timeliness]').getAttribute('data-timeliness'), 'on_time');
        assert.equal(await page.locator('form[data-form="report"]').count(), 0, 'a submitted report is no longer edited');
        assert.equal(await page.locator('[data-action="remove-attachment"]').count(), 0, 'nor are its documents taken off');
        assert.equal(await page.locator('[data-figures="frozen"]').count(), 1, 'the frozen figures beside the live ones');
        assert.equal(await page.locator('[data-section="versions"] [data-revision="1"]').count(), 1);
        // the paragraphs as written (the line break kept by the server)
        assert.deepEqual(await page.locator('[data-field="narrative"] .report-para').allTextContents(), [
          '本期我局共检查医疗卫生机构14家，发现消防安全隐患6处，已整改5处，整改率83.3%。主要问题为疏散通道堆放杂物、灭火器过期未更换。',
          '未整改的1处已落实整改责任人和完成时限。']);
        const [stored] = await q('SELECT narrative FROM campaign_reports WHERE id = $1', [page.url().replace(/\?.*$/, '').split('/').pop()]);
        assert.match(stored.narrative, /未更换。\n未整改的1处/);
        assert.equal(await page.locator('[data-action="accept"], [data-action="return"]').count(), 0, 'the county does not decide its own report');
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'report-submitted');

        // the link that starts a report for an obligation opens the one there is (POST answers 409)
        const reportUrl = page.url().replace(/\?.*$/, '');
        await page.goto(`/reports/new?campaign_id=${c.id}&duty_id=${c.soon.id}&period=${c.soon.period}`);
        await page.waitForURL(reportUrl);
        await page.locator('[data-field="state"] .report-state[data-state="submitted"]').waitFor();
        assert.deepEqual(problems.list().filter((p) => !/409.*\/api\/v1\/reports\)?$/.test(p)), []);
      } finally {
        await page.context().close();
      }
    });

    test('the city sees which counties are late or missing, picks the missing ones and reminds them; the county\'s to-do shows the report', async () => {
      await fileReport(c.id, c.past, '沈河区', -20);
      await fileReport(c.id, c.past, '铁西区', 15);
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'sy.admin', { next: `/campaigns/${c.id}/reporting?duty_id=${c.past.id}&period=${c.past.period}` });
        const table = page.locator('[data-table="reporting"]');
        await table.waitFor();
        const row = (/** @type {string} */ name) => table.locator(`tbody tr[data-org="${orgId[name]}"]`);
        assert.equal(await table.locator('tbody tr').count(), 7, 'one row per county of 沈阳市');
        assert.equal(await row('沈河区').getAttribute('data-status'), 'submitted');
        assert.equal(await row('沈河区').getAttribute('data-timeliness'), 'on_time');
        assert.equal(await row('铁西区').getAttribute('data-timeliness'), 'late');
        assert.match(await row('铁西区').textContent() ?? '', new RegExp(zh['reportTimeliness.late']));
        for (const name of ['和平区', '康平县', '浑南区', '法库县', '新民市']) {
          assert.equal(await row(name).getAttribute('data-status'), 'missing', `${name} is missing`);
          assert.match(await row(name).textContent() ?? '', new RegExp(zh['reportStatus.missing']));
        }
        assert.equal(await page.locator('[data-count="missing"]').textContent(), zh['reporting.count.missing'].replace('{n}', '5'));
        assert.equal(await page.locator('[data-count="late"]').textContent(), zh['reporting.count.late'].replace('{n}', '1'));
        assert.equal(await row('沈河区').locator('input[data-pick]').count(), 0, 'a submitted report is not reminded');
        assert.equal(await horizontalOverflow(page), 0, 'nothing sticks out sideways');
        await screenshot(page, 'reporting');

        await page.locator('[data-action="pick-missing"]').click();
        assert.equal(await table.locator('input[data-pick]:checked').count(), 5);
        // 和平区 is told another way: unticked, it is not reminded
        await row('和平区').locator('input[data-pick]').uncheck();
        const remind = page.locator('[data-action="remind"]');
        assert.equal(await remind.textContent(), zh['reporting.remind'].replace('{n}', '4'));
        const [answer] = await Promise.all([
          page.waitForResponse((res) => res.url().endsWith(`/campaigns/${c.id}/reminders`)),
          remind.click(),
        ]);
        assert.equal(answer.status(), 200);
        const sent = JSON.parse(answer.request().postData() ?? '{}');
        assert.deepEqual({ duty_id: sent.duty_id, period: sent.period, n: sent.org_ids.length }, { duty_id: c.past.id, period: c.past.period, n: 4 });
        await page.locator('.reporting-remind', { hasText: zh['reporting.reminded'].replace('{n}', '4') }).waitFor();
        await screenshot(page, 'reporting-reminded');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }

      // 康平县 (reminded) is notified, finds the report in its to-do, overdue, and can start it there
      const notes = await api('GET', '/api/v1/notifications?limit=50', { token: await login('kp.admin') });
      assert.equal(notes.status, 200, notes.text);
      assert.ok(notes.body.items.some((/** @type {any} */ n) => n.kind === 'report.reminder'), 'a report.reminder notification for 康平县');
      const county = await newPage(browser, viewport);
      const countyProblems = collectProblems(county);
      try {
        await signIn(county, 'kp.admin');
        const item = await todoItem(county, c.past);
        assert.equal(await item.locator('[data-mark="overdue"]').textContent(), zh['reportTodo.overdue']);
        assert.equal(await item.getAttribute('data-reminded'), 'true', '已催报 on the reminded obligation');
        assert.equal(await item.locator('[data-action="start-report"]').count(), 1);
        await item.scrollIntoViewIfNeeded();
        await screenshot(county, 'report-todo-reminded');
        assert.deepEqual(countyProblems.list(), []);
      } finally {
        await county.context().close();
      }
    });

    test('the city returns a report with a reason, the county revises and resubmits it (versions 1 and 2), the city accepts it; it prints on A4', async () => {
      const id = await submitThroughApi('kp.admin', c, c.soon);
      const city = await newPage(browser, viewport);
      const cityProblems = collectProblems(city);
      try {
        await signIn(city, 'sy.admin', { next: `/campaigns/${c.id}/reporting?duty_id=${c.soon.id}&period=${c.soon.period}` });
        const row = city.locator(`[data-table="reporting"] tbody tr[data-org="${orgId['康平县']}"]`);
        await row.waitFor();
        assert.equal(await row.getAttribute('data-status'), 'submitted');
        await row.locator('[data-link-kind="report"]').click();
        await city.waitForURL(new RegExp(`/reports/${id}$`));
        await city.locator('[data-section="decision"]').waitFor();
        assert.equal(await city.locator('form[data-form="report"]').count(), 0, 'the city does not edit the county\'s text');
        await screenshot(city, 'report-review');
        await city.locator('[data-action="return"]').click();
        const form = city.locator('form[data-form="report-return"]');
        await form.locator('[data-action="confirm-return"]').click();
        await form.locator('[data-field-name="reason"] .field-error:not([hidden])').waitFor();
        await form.locator('textarea[name="reason"]').fill('未说明未整改隐患的整改措施、责任人和完成时限，请补充后重新报送。');
        await form.locator('[data-action="confirm-return"]').click();
        await city.locator('[data-done="return"]').waitFor();
        assert.equal(await city.locator('[data-field="state"] .report-state').getAttribute('data-state'), 'returned');
        assert.equal(await city.locator('[data-action="accept"], [data-action="return"]').count(), 0);
        // the return sent without a reason was refused, as it should be
        assert.deepEqual(cityProblems.list().filter((p) => !/ 4\d\d.*\/actions\/return\)?$/.test(p)), []);
      } finally {
        await city.context().close();
      }

      const county = await newPage(browser, viewport);
      const countyProblems = collectProblems(county);
      try {
        await signIn(county, 'kp.admin');
        const item = await todoItem(county, c.soon);
        assert.equal(await item.getAttribute('data-state'), 'returned');
        await item.locator('[data-action="open-report"]').click();
        await county.waitForURL(new RegExp(`/reports/${id}$`));
        const reason = county.locator('[data-field="return-reason"]');
        await reason.waitFor();
        assert.match(await reason.textContent() ?? '', /未说明未整改隐患的整改措施/);
        await screenshot(county, 'report-returned');
        const text = county.locator('textarea[name="narrative"]');
        await text.fill(`${await text.inputValue()}\n未整改的1处隐患：配电室电缆老化，责任人张伟，已落实资金，12月底前完成更换。`);
        await county.locator('[data-action="submit"]').click();
        await county.locator('[data-done="submit"]').waitFor();
        assert.equal(await county.locator('[data-field="revision"]').textContent(), zh['report.revision'].replace('{n}', '2'));
        const versions = county.locator('[data-section="versions"] [data-revision]');
        assert.deepEqual(await versions.evaluateAll((els) => els.map((e) => e.getAttribute('data-revision'))), ['2', '1'], 'newest first');
        assert.equal(await county.locator('[data-revision="1"] [data-decision]').getAttribute('data-decision'), 'returned');
        assert.match(await county.locator('[data-revision="1"] .timeline-reason').textContent() ?? '', /未说明未整改隐患/);
        await screenshot(county, 'report-resubmitted');
        assert.deepEqual(countyProblems.list(), []);
      } finally {
        await county.context().close();
      }

      const again = await newPage(browser, viewport);
      const againProblems = collectProblems(again);
      try {
        await signIn(again, 'sy.admin', { next: `/reports/${id}` });
        await again.locator('[data-action="accept"]').click();
        await again.locator('[data-confirm="accept"] [data-action="confirm-delete"]').click();
        await again.locator('[data-done="accept"]').waitFor();
        assert.equal(await again.locator('[data-field="state"] .report-state').getAttribute('data-state'), 'accepted');
        assert.equal(await again.locator('[data-revision="2"] [data-decision]').getAttribute('data-decision'), 'accepted');

        await again.locator('[data-action="print-view"]').click();
        const doc = again.locator('.report-doc[data-view="report-print"]');
        await doc.waitFor();
        assert.equal(await doc.locator('[data-field="org"]').textContent(), '康平县');
        assert.equal(await doc.locator('[data-field="title"]').textContent(), '消防安全检查进展情况');
        assert.match(await doc.locator('[data-field="decision"]').textContent() ?? '', new RegExp(zh['reportState.accepted']));
        assert.equal(await doc.locator('[data-table="report-figures"] [data-figure]').count(), 13);
        assert.equal(await horizontalOverflow(again), 0, 'nothing sticks out sideways');
        await screenshot(again, 'report-print');
        await again.emulateMedia({ media: 'print' });
        for (const sel of ['.site-header', '.site-nav', '[data-action="print"]']) {
          assert.equal(await again.locator(sel).first().isVisible(), false, `${sel} is not printed`);
        }
        if (viewport.name === 'desktop') {
          const pdf = await again.pdf({ preferCSSPageSize: true, printBackground: true });
          const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
          assert.ok(box && Math.abs(Number(box[1]) - 595.3) < 2 && Math.abs(Number(box[2]) - 841.9) < 2, 'A4 pages');
        }
        await again.emulateMedia({ media: 'screen' });
        assert.deepEqual(againProblems.list(), []);
      } finally {
        await again.context().close();
      }
    });

    test('a county viewer sees what the county owes next, with no button to file it', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.viewer');
        const item = await todoItem(page, c.past);
        assert.equal(await item.locator('[data-action="start-report"]').count(), 0, 'a viewer files nothing');
        assert.equal(await page.locator('[data-card="report-todo"] [data-action="start-report"]').count(), 0);
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

// Campaigns (专项整治行动) in the browser. The province admin (ln.admin) makes a plan from the spring
// template, sees every phase, focus item and target of it, numbers and issues it; the 沈阳市 admin
// adopts it with a work plan whose dates outside the province's are refused with the field shown,
// then with dates inside, and issues it; a 和平区 viewer sees the province plan and the city's
// adaptation and no action button. The demo plan's timeline marks today (the browser's clock set to
// 2019-08-15), and its A4 print view prints alone. Every campaign screen is photographed at
// 1280x800 and 390x844 and checked for sideways overflow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, VIEWPORTS, catalogue, clickNav, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn } from './browser.mjs';
import { RUN, closeDb, login, q } from '../api/lib/fixtures.mjs';

const zh = await catalogue('zh-CN');
const desktop = /** @type {typeof VIEWPORTS[number]} */ (VIEWPORTS.find((v) => v.name === 'desktop'));
/** The year of the plan made here: far ahead, so that its dates fall inside no other test's. */
const YEAR = 2090 + (Number.parseInt(RUN.slice(0, 2), 36) % 9);
const DOC = `辽卫办发〔${YEAR}〕${RUN}号`;
const CITY_DOC = `沈卫发〔${YEAR}〕${RUN}号`;

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  await closeDb();
});

/** The problems but the 422s a test provokes on purpose. @param {string[]} list */
const but422 = (list) => list.filter((p) => !/HTTP 422: |status of 422/.test(p));

/** @param {import('playwright-core').Page} page @param {string} state */
const waitState = (page, state) => page.locator(`.campaign-head [data-field="state"] [data-state="${state}"]`).waitFor();

/** The province plan made by the first test, and the city's work plan made by the second. */
let planId = '';
let workPlanId = '';

describe('a campaign from the spring template, issued by the province and adopted by a city', () => {
  test('the province admin makes the spring plan from its template, sees every phase, focus item and target, numbers it and issues it', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'ln.admin');
      await clickNav(page, zh['nav.campaigns']);
      await page.locator('[data-list="campaigns"][data-state="ok"]').waitFor();
      // the demo plan of 2019 and the two cities' work plans under it
      assert.ok(await page.locator('tr[data-org="辽宁省"]').count() >= 1);
      await page.locator('[data-action="new-campaign"]').click();
      const form = page.locator('form[data-form="campaign-new"]');
      await form.waitFor();
      await form.locator('[data-template="spring-inspection"]').click();
      await form.locator('input[name="year"]').fill(String(YEAR));
      await screenshot(page, 'campaign-new-spring');
      await form.locator('[data-action="create"]').click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\?done=create$/);
      planId = new URL(page.url()).pathname.split('/')[2];
      await waitState(page, 'draft');

      // the whole template: three phases, seven focus items, three targets, the weekly duty
      const phases = page.locator('[data-section="phases"] .cp-phase');
      assert.equal(await phases.count(), 3);
      assert.deepEqual(await phases.locator('.cp-phase-name').allTextContents(), ['安排部署阶段', '自查整改阶段', '检查验收阶段']);
      assert.match(await phases.nth(0).locator('.cp-phase-dates').textContent() ?? '', new RegExp(`${YEAR}-02-01 至 ${YEAR}-02-10`));
      assert.equal(await page.locator('[data-section="focus"] .cp-focus-item').count(), 7);
      const targets = page.locator('[data-section="targets"] .cp-target');
      assert.deepEqual(await targets.evaluateAll((n) => n.map((x) => x.getAttribute('data-target'))), ['grid_coverage', 'rectification_rate', 'spot_check_rate']);
      assert.match(await targets.nth(2).textContent() ?? '', /抽检率不低于 20%/);
      assert.match(await page.locator('[data-section="duties"]').textContent() ?? '', /每周五 11:00 前报送/);
      assert.equal(await page.locator('[data-section="header"]').getByText(zh['campaign.noDocNumber']).count(), 1);

      // the draft opens in its editor; without a document number it cannot be issued yet
      const editor = page.locator('form[data-form="campaign-update"]');
      await editor.waitFor();
      const buttons = () => page.locator('[data-section="actions"] .button-row > [data-action]').evaluateAll((n) => n.map((x) => x.getAttribute('data-action')));
      assert.deepEqual(await buttons(), ['update']);
      assert.equal(await page.locator('[data-field="need-doc-number"]').textContent(), zh['campaign.needDocNumber']);
      assert.equal(await editor.locator('input[name^="phases["][name$="].name"]').count(), 3);
      assert.equal(await editor.locator('textarea[name^="focus_items["][name$="].text"]').count(), 7);
      await screenshot(page, 'campaign-update-form');
      await editor.locator('input[name="doc_number"]').fill(DOC);
      await editor.locator('[data-action="confirm-update"]').click();
      await page.waitForURL(/done=update$/);
      await page.locator('[data-done="update"]').waitFor();
      assert.equal(await page.locator('[data-fact="campaign.docNumber"] dd').textContent(), DOC);
      assert.deepEqual(await buttons(), ['issue', 'update']);

      await page.locator('[data-section="actions"] [data-action="issue"]').click();
      await page.locator('[data-confirm="issue"] [data-action="confirm-delete"]').click();
      await page.waitForURL(/done=issue$/);
      await waitState(page, 'issued');
      assert.equal(await page.locator('[data-done="issue"]').textContent(), zh['campaign.done.issue']);
      // the move is in the plan's history, with who made it
      const issued = page.locator('[data-section="events"] [data-event="issue"]');
      assert.equal(await issued.count(), 1);
      assert.match(await issued.textContent() ?? '', /草稿 → 已印发/);
      // issued: the focus items became a checklist, and the buttons follow allowed_actions
      await page.locator('[data-field="checklist"] a[data-link-kind="checklist"]').waitFor();
      assert.deepEqual(await buttons(), ['amend', 'close']);
      // each target with the live value of the province's subtree (GET .../progress) and whether it is met
      const coverage = page.locator('[data-section="targets"] [data-target="grid_coverage"] [data-field="progress"]');
      assert.match(await coverage.textContent() ?? '', /当前：(\d+(\.\d+)?%|暂无数据)/);
      assert.equal(await coverage.locator('[data-met]').count(), 1);
      assert.equal(await page.locator('[data-section="targets"] [data-field="progress"]').count(), 3);
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('the 沈阳市 admin adopts it with a work plan: dates outside the province plan are refused with the field shown, dates inside are taken', async () => {
    assert.ok(planId, 'the province plan exists');
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'sy.admin', { next: `/campaigns/${planId}` });
      await waitState(page, 'issued');
      assert.deepEqual(await page.locator('[data-section="actions"] .button-row > [data-action]').evaluateAll((n) => n.map((x) => x.getAttribute('data-action'))),
        ['adopt']);
      await page.locator('[data-action="adopt"]').click();
      const form = page.locator('form[data-form="campaign-adopt"]');
      await form.waitFor();
      assert.match(await form.locator('[data-field-name="starts_on"] .field-hint').textContent() ?? '', new RegExp(`${YEAR}-02-01 至 ${YEAR}-03-31`));
      await form.locator('input[name="doc_number"]').fill(CITY_DOC);
      // the plan's name offered in the city's words
      assert.equal(await form.locator('input[name="name"]').inputValue(), `沈阳市卫生计生系统安全隐患大检查大整改${YEAR}年春季行动工作方案`);
      await form.locator('input[name="starts_on"]').fill(`${YEAR}-01-20`);
      await form.locator('[data-action="confirm-adopt"]').click();
      const error = form.locator('[data-field-name="starts_on"] .field-error');
      await error.waitFor({ state: 'visible' });
      assert.equal(await error.textContent(), zh['fieldError.range']);
      assert.equal(await form.locator('input[name="starts_on"]').getAttribute('aria-invalid'), 'true');
      assert.equal(await form.locator('.form-error').first().textContent(), zh['problem.validation_failed']);
      await screenshot(page, 'campaign-adopt-refused');

      // within the province's dates: the phases follow the new start, and the work plan is made
      await form.locator('input[name="starts_on"]').fill(`${YEAR}-02-05`);
      await form.locator('input[name="starts_on"]').dispatchEvent('change');
      assert.equal(await form.locator('input[name="phases[0].starts_on"]').inputValue(), `${YEAR}-02-05`);
      await form.locator('[data-action="confirm-adopt"]').click();
      await page.waitForURL(/done=adopt$/);
      workPlanId = new URL(page.url()).pathname.split('/')[2];
      assert.notEqual(workPlanId, planId);
      await waitState(page, 'draft');
      assert.equal(await page.locator('.campaign-head [data-kind="work-plan"]').count(), 1);
      assert.equal(await page.locator('[data-field="parent"] a[data-link-kind="parent"]').getAttribute('href'), `/campaigns/${planId}`);
      assert.equal(await page.locator('[data-fact="campaign.org"] dd').textContent(), '沈阳市');
      await page.locator('[data-section="actions"] [data-action="issue"]').click();
      await page.locator('[data-confirm="issue"] [data-action="confirm-delete"]').click();
      await page.waitForURL(/done=issue$/);
      await waitState(page, 'issued');
      const rows = await q('SELECT parent_id, starts_on::text AS starts_on, state FROM campaigns WHERE id = $1', [workPlanId]);
      assert.deepEqual(rows, [{ parent_id: planId, starts_on: `${YEAR}-02-05`, state: 'issued' }]);
      assert.deepEqual(but422(problems.list()), []);
    } finally {
      await page.context().close();
    }
  });

  test('a 和平区 viewer sees the province plan and 沈阳市\'s work plan below it, and no action button', async () => {
    assert.ok(planId && workPlanId, 'both plans exist');
    for (const viewport of VIEWPORTS) {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.viewer', { next: `/campaigns?q=${encodeURIComponent(RUN)}` });
        await page.locator('[data-list="campaigns"][data-state="ok"]').waitFor();
        assert.deepEqual((await page.locator('[data-list="campaigns"] tbody tr').evaluateAll((n) => n.map((x) => x.getAttribute('data-org')))).sort(),
          ['沈阳市', '辽宁省']);
        assert.equal(await page.locator('[data-action="new-campaign"]').count(), 0);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaigns-viewer');

        await page.goto(`/campaigns/${planId}`);
        await waitState(page, 'issued');
        assert.equal(await page.locator('[data-section="actions"]').count(), 0, 'no action for a viewer');
        const adoption = page.locator('[data-section="cascade"] [data-org="沈阳市"]');
        await adoption.waitFor();
        assert.match(await adoption.textContent() ?? '', new RegExp(CITY_DOC.replace(/[()〔〕]/g, '.')));
        await adoption.locator('a[data-link-kind="adoption"]').click();
        await page.waitForURL(new RegExp(`/campaigns/${workPlanId}$`));
        await waitState(page, 'issued');
        assert.equal(await page.locator('[data-section="actions"]').count(), 0);
        assert.equal(await page.locator('[data-field="parent"] a[data-link-kind="parent"]').getAttribute('href'), `/campaigns/${planId}`);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaign-work-plan-viewer');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    }
  });
});

describe('the campaign screens at both sizes', () => {
  /** The demo plan of 2019 (辽卫办发〔2019〕86号). */
  let demoId = '';
  before(async () => {
    demoId = (await q('SELECT id FROM campaigns WHERE doc_number = $1', ['辽卫办发〔2019〕86号']))[0]?.id ?? '';
  });

  for (const viewport of VIEWPORTS) {
    test(`at ${viewport.width}x${viewport.height}: the list, the new plan, the demo plan with today marked on its timeline, its amend form and its A4 print view`, async () => {
      assert.ok(demoId, 'the demo plan is loaded');
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'ln.admin', { next: '/campaigns?state=issued' });
        await page.locator('[data-list="campaigns"][data-state="ok"]').waitFor();
        assert.equal(await page.locator('select[name="state"]').inputValue(), 'issued', 'the filter comes from the URL');
        assert.equal(await page.locator('[data-list="campaigns"] tbody tr:not([data-state="issued"])').count(), 0);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaigns');

        await page.goto('/campaigns/new');
        await page.locator('form[data-form="campaign-new"]').waitFor();
        assert.equal(await page.locator('form[data-form="campaign-new"] .cp-choice').count(), 3, 'two templates and a blank plan');
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaign-new');
        // a blank plan: a name and a period, then its editor
        const newForm = page.locator('form[data-form="campaign-new"]');
        await newForm.locator('[data-template="blank"]').click();
        assert.equal(await newForm.locator('[data-box="year"]').isVisible(), false);
        await newForm.locator('input[name="name"]').fill(`节前安全生产专项检查${RUN}`);
        await newForm.locator('input[name="starts_on"]').fill('2091-01-10');
        await newForm.locator('input[name="ends_on"]').fill('2091-02-28');
        await newForm.locator('[data-action="create"]').click();
        const editor = page.locator('form[data-form="campaign-update"]');
        await editor.waitFor();
        await editor.locator('[data-action="add-phases"]').click();
        await editor.locator('input[name="phases[0].name"]').fill('自查自纠');
        await editor.locator('input[name="phases[0].starts_on"]').fill('2091-01-05');
        await editor.locator('input[name="phases[0].ends_on"]').fill('2091-01-31');
        await editor.locator('[data-action="add-duties"]').click();
        await editor.locator('input[name="duties[0].title"]').fill('工作进展情况');
        await editor.locator('select[name="duties[0].recurrence"]').selectOption('weekly');
        assert.equal(await editor.locator('select[name="duties[0].weekday"]').isVisible(), true);
        assert.equal(await editor.locator('input[name="duties[0].day_of_month"]').isVisible(), false);
        // the plan document, uploaded at once and bound when the draft is saved
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), editor.locator('.att-choose').click()]);
        await chooser.setFiles({ name: `方案${RUN}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
        await editor.locator('.att-pick.att-done').waitFor();
        await editor.locator('[data-action="confirm-update"]').click();
        // a phase starting before the plan: refused, the field named
        const phaseError = editor.locator('[data-field-name="phases[0].starts_on"] .field-error');
        await phaseError.waitFor({ state: 'visible' });
        assert.equal(await phaseError.textContent(), zh['fieldError.range']);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaign-update-form');
        await editor.locator('input[name="phases[0].starts_on"]').fill('2091-01-10');
        await editor.locator('[data-action="confirm-update"]').click();
        await page.waitForURL(/done=update$/);
        await page.locator('[data-done="update"]').waitFor();
        assert.deepEqual(await page.locator('[data-section="phases"] .cp-phase-name').allTextContents(), ['自查自纠']);
        assert.match(await page.locator('[data-section="duties"]').textContent() ?? '', /每周五 17:00 前报送/);
        assert.equal(await page.locator('[data-section="attachments"] a.att-doc').textContent(), `方案${RUN}.pdf`);
        // the print view names it below the text, as 附件说明 (the name without its extension)
        await page.locator('[data-action="print-view"]').click();
        const draftDoc = page.locator('.campaign-doc[data-view="campaign-print"]');
        await draftDoc.waitFor();
        assert.equal(await draftDoc.locator('[data-field="attachments"]').textContent(), `附件：方案${RUN}`);
        await screenshot(page, 'campaign-print-attachments');

        // the adopt form, as 大连市 sees it on the spring plan made above
        if (planId) {
          const city = await newPage(browser, viewport);
          try {
            await signIn(city, 'dl.admin', { next: `/campaigns/${planId}` });
            await city.locator('[data-section="actions"] [data-action="adopt"]').click();
            await city.locator('form[data-form="campaign-adopt"]').waitFor();
            assert.equal(await horizontalOverflow(city), 0);
            await screenshot(city, 'campaign-adopt-form');
          } finally {
            await city.context().close();
          }
        }

        // the browser's clock in the demo plan's 组织实施阶段 (2019-08-01..08-31)
        await page.clock.setFixedTime(new Date('2019-08-15T10:00:00+08:00'));
        // the live progress the server answers for the province (GET .../progress), as the page shows it
        const live = await (await fetch(`${BASE_URL}/api/v1/campaigns/${demoId}/progress`, { headers: { authorization: `Bearer ${await login('ln.admin')}` } })).json();
        const listed = live.targets.find((/** @type {any} */ x) => x.kind === 'listed_hazards_cleared');
        await page.goto(`/campaigns/${demoId}`);
        await waitState(page, 'issued');
        const mark = page.locator('[data-section="phases"] .cp-today-mark');
        assert.equal(await mark.getAttribute('data-today'), '2019-08-15');
        assert.equal(await page.locator('[data-section="phases"] [data-field="today"]').textContent(), '今天（2019-08-15）处于“组织实施阶段”。');
        assert.deepEqual(await page.locator('[data-section="phases"] .cp-phase').evaluateAll((n) => n.map((x) => x.getAttribute('data-phase-state'))),
          ['done', 'current', 'upcoming', 'upcoming']);
        // the mark stands inside the second phase's segment on the bar
        const seg = await page.locator('[data-section="phases"] .cp-seg').nth(1).boundingBox();
        const at = await mark.boundingBox();
        assert.ok(seg && at && at.x >= seg.x && at.x <= seg.x + seg.width, 'today lies on 组织实施阶段');
        assert.equal(await page.locator('[data-section="actions-list"] .cp-action').count(), 6, 'the six special actions');
        const progress = page.locator('[data-section="targets"] [data-target="listed_hazards_cleared"] [data-field="progress"]');
        assert.equal(await progress.locator('span').first().textContent(), `当前：尚有 ${listed.value} 项挂牌督办隐患未销号`);
        assert.equal(await progress.locator('[data-met]').textContent(), listed.met ? zh['campaign.met'] : zh['campaign.notMet']);
        assert.equal(await page.locator('[data-section="duties"] .cp-duty').count(), 3);
        const reporting = page.locator('[data-section="duties"] a[data-link-kind="reporting"]').nth(1);
        assert.equal(await reporting.getAttribute('href'),
          `/campaigns/${demoId}/reporting?${new URLSearchParams({ duty_id: await page.locator('[data-section="duties"] .cp-duty').nth(1).getAttribute('data-duty') ?? '', period: '2019-07' })}`);
        assert.deepEqual((await page.locator('[data-section="cascade"] .cp-adoption').evaluateAll((n) => n.map((x) => x.getAttribute('data-org')))).sort(), ['大连市', '沈阳市']);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaign-detail');

        await page.locator('[data-section="actions"] [data-action="amend"]').click();
        const amend = page.locator('form[data-form="campaign-amend"]');
        await amend.waitFor();
        assert.equal(await amend.locator('input[name="changes.phases[3].ends_on"]').inputValue(), '2019-11-10');
        await amend.locator('[data-action="confirm-amend"]').click();
        await amend.locator('.form-error').waitFor();
        assert.equal(await amend.locator('.form-error').textContent(), zh['campaignForm.nothingChanged']);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaign-amend-form');

        await page.locator('[data-action="print-view"]').click();
        const doc = page.locator('.campaign-doc[data-view="campaign-print"]');
        await doc.waitFor();
        assert.equal(await doc.locator('.notice-issuer').textContent(), '辽宁省');
        assert.equal(await doc.locator('[data-field="number"]').textContent(), '辽卫办发〔2019〕86号');
        assert.equal(await doc.locator('.cpd-part').count(), 5, 'goal, phases, actions, targets, duties');
        assert.match(await doc.locator('.notice-sign-date').textContent() ?? '', /2019年7月1日/);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'campaign-print');
        await page.emulateMedia({ media: 'print' });
        for (const sel of ['.site-header', '.site-nav', '[data-action="print"]']) {
          assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is not printed`);
        }
        await screenshot(page, 'campaign-print-paper');
        await page.emulateMedia({ media: 'screen' });
        assert.deepEqual(but422(problems.list()), []);
      } finally {
        await page.context().close();
      }
    });
  }
});

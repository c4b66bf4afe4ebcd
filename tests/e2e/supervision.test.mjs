// The three supervision databases in the browser: an admin of 和平区 works with institutions (filters,
// detail, key locations, projects, edit, Excel export), the import dry run, and risks in their four
// colours; every new screen is photographed at both sizes and checked for sideways overflow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, pickInstitution, screenshot, settle, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');
const run = Date.now().toString(36);
const desktop = /** @type {typeof VIEWPORTS[number]} */ (VIEWPORTS.find((v) => v.name === 'desktop'));

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Problems except the 4xx answers a test provoked on purpose. @param {string[]} list @param {RegExp} expected */
const unexpected = (list, expected) => list.filter((p) => !expected.test(p));

/** A fresh valid 统一社会信用代码 (GB 32100-2015 check character) for a test institution. */
function creditCode() {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let first = '12210102';
  for (let i = 0; i < 9; i += 1) first += String(Math.floor(Math.random() * 10));
  const sum = [...first].reduce((acc, ch, i) => acc + charset.indexOf(ch) * weights[i], 0);
  const c = 31 - (sum % 31);
  return first + charset[c === 31 ? 0 : c];
}

/** The four grade colours as getComputedStyle reports them (each readable at WCAG AA with its text colour). */
const GRADE_COLOURS = {
  major: 'rgb(201, 42, 42)',
  significant: 'rgb(240, 140, 0)',
  general: 'rgb(245, 197, 24)',
  low: 'rgb(25, 113, 194)',
};

describe('institutions at 1280x800', () => {
  test('an admin filters institutions, opens one, sees its key locations and projects, edits a field, and exports Excel', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.admin', { next: '/institutions' });
      const list = page.locator('[data-list="institutions"][data-state="ok"]');
      await list.waitFor();
      assert.ok(await page.locator('tr[data-name]').count() >= 3, 'the county’s institutions are listed');
      assert.match(await page.locator('[data-figure="grid-coverage"]').textContent() ?? '', /%/);

      await page.locator('select[name="type"]').selectOption('cdc');
      await page.getByRole('button', { name: zh['common.search'], exact: true }).click();
      await page.locator('[data-list="institutions"][data-state="ok"] tr[data-name]').first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll('tr[data-name]').length === 1);
      assert.deepEqual(await page.locator('tr[data-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name'))), ['和平区疾病预防控制中心']);

      const download = page.waitForEvent('download');
      await page.locator('[data-export="xlsx"]').click();
      const file = await download;
      assert.match(file.suggestedFilename(), /\.xlsx$/, `an Excel file (${file.suggestedFilename()})`);

      await page.getByRole('link', { name: '和平区疾病预防控制中心' }).click();
      const detail = page.locator('[data-view="institution"]');
      await detail.waitFor();
      assert.match(await detail.textContent() ?? '', /统一社会信用代码/);
      const locations = page.locator('[data-section="key-locations"] .item');
      await locations.first().waitFor();
      assert.ok(await locations.count() >= 1, 'key locations are listed');

      // A project under way without a permit is flagged red.
      const projects = page.locator('[data-section="projects"]');
      await projects.locator('[data-action="add-project"]').click();
      const pform = projects.locator('form[data-form="project"]');
      await pform.locator('input[name="name"]').fill(`实验楼改造${run}`);
      await pform.locator('select[name="status"]').selectOption('under_way');
      await pform.locator('button[type="submit"]').click();
      const project = projects.locator(`[data-project="实验楼改造${run}"]`);
      await project.waitFor();
      assert.equal(await project.locator('.badge-unpermitted').textContent(), zh['proj.unpermitted']);
      assert.equal(await project.locator('.badge-unpermitted').evaluate((n) => getComputedStyle(n).backgroundColor), GRADE_COLOURS.major);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'institution-detail-admin');

      await page.locator('[data-action="edit"]').click();
      const form = page.locator('form[data-form="institution-edit"]');
      await form.waitFor();
      await form.locator('input[name="principal.phone"]').fill('abc');
      await form.locator('button[type="submit"]').click();
      const phoneError = form.locator('[data-field-name="principal.phone"] .field-error');
      await phoneError.waitFor();
      assert.ok((await phoneError.textContent())?.length, 'a nested field error is shown next to principal.phone');
      await screenshot(page, 'institution-edit-error');
      await form.locator('input[name="principal.phone"]').fill('024-23250000');
      await form.locator('input[name="staff"]').fill('188');
      await form.locator('button[type="submit"]').click();
      await page.waitForURL((url) => /^\/institutions\/[0-9a-f-]+$/.test(url.pathname) && url.searchParams.get('saved') === '1');
      await page.locator('.notice-ok', { hasText: zh['common.saved'] }).waitFor();
      const staff = page.locator('.fact', { has: page.locator('dt', { hasText: zh['inst.field.staff'] }) }).locator('dd');
      assert.equal(await staff.textContent(), '188');

      assert.deepEqual(unexpected(problems.list(), /status of 400|HTTP 400/), []);
    } finally {
      await page.context().close();
    }
  });

  test('an import dry run of a bad CSV shows the error report (行, 列, 原因) and keeps 确认导入 disabled', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    try {
      await signIn(page, 'hp.admin', { next: '/institutions/import' });
      const csv = [
        '上级机构区划代码,机构名称,统一社会信用代码,机构类别,等级,举办性质,地址,床位数,职工数,主要负责人,负责人电话,网格名称,网格责任人,网格责任人电话',
        `210102,测试诊所${run},12345,综合医院,三级甲等,公立,和平区,很多,10,张三,13800138000,,,`,
        `999999,测试医院${run},,火星医院,,,,,,,,,,`,
      ].join('\n');
      await page.locator('input[type="file"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('[data-action="dry-run"]').click();
      const table = page.locator('[data-table="import-errors"]');
      await table.waitFor();
      assert.deepEqual(await table.locator('thead th').allTextContents(), [zh['import.col.row'], zh['import.col.column'], zh['import.col.reason']]);
      const rows = await table.locator('tbody tr').count();
      assert.ok(rows >= 3, `several errors reported (${rows})`);
      assert.equal(await table.locator('tbody tr').first().locator('td').first().textContent(), '2', 'the first data row is row 2');
      assert.ok(await page.locator('[data-action="commit"]').isDisabled(), '确认导入 stays disabled');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'institution-import-errors');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
  test('an admin archives an institution after confirming, sees it 已归档 and read-only, finds it under 已归档, and restores it', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    const name = `归档测试卫生室${run}`;
    try {
      await signIn(page, 'hp.admin', { next: '/institutions' });
      await page.locator('[data-list="institutions"][data-state="ok"]').waitFor();
      const id = await page.evaluate(async ({ name, code }) => {
        // A fresh institution under 和平区, made through the page's own session.
        const api = await import('/js/api.js');
        const cdc = await api.get('/institutions', { query: { limit: 1, q: '和平区疾病预防控制中心' } });
        // With a grid, so the county's 网格化覆盖率 stays as the other tests expect it.
        const made = await api.post('/institutions', { parent_id: cdc.items[0].parent_id, name, credit_code: code, type: 'primary_care',
          grid_name: '和平区测试网格', grid_head: '赵网格' });
        return made.id;
      }, { name, code: creditCode() });

      // Contacts are edited like safety officers; an error lands next to the nested field (contacts[1].phone).
      await page.goto(`/institutions/${id}/edit`);
      const form = page.locator('form[data-form="institution-edit"]');
      await form.waitFor();
      await form.locator('[data-action="add-contact"]').click();
      await form.locator('[data-action="add-contact"]').click();
      await form.locator('input[name="contacts[0].name"]').fill('王主任');
      await form.locator('input[name="contacts[0].role"]').fill('院长');
      await form.locator('input[name="contacts[1].name"]').fill('李护士长');
      await form.locator('input[name="contacts[1].phone"]').fill('abc');
      await form.locator('button[type="submit"]').click();
      const phoneError = form.locator('[data-field-name="contacts[1].phone"] .field-error');
      await phoneError.waitFor();
      assert.ok((await phoneError.textContent())?.length, 'the error is shown next to contacts[1].phone');
      assert.equal(await form.locator('[data-field-name="contacts[0].name"] .field-error').isVisible(), false);
      await screenshot(page, 'institution-contacts-error');
      await form.locator('input[name="contacts[1].phone"]').fill('13800138000');
      await form.locator('button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === `/institutions/${id}` && url.searchParams.get('saved') === '1');
      const detail = page.locator('[data-view="institution"]');
      await detail.waitFor();
      assert.match(await page.locator('main').textContent() ?? '', /王主任（院长）/);
      assert.match(await page.locator('main').textContent() ?? '', /李护士长　13800138000/);

      // 归档 asks first; 取消 leaves the record alone.
      await page.locator('[data-action="archive"]').click();
      const confirm = page.locator('[data-confirm="archive"]');
      assert.match(await confirm.textContent() ?? '', new RegExp(name));
      await confirm.locator('[data-action="cancel-confirm"]').click();
      assert.equal(await confirm.count(), 0);
      assert.equal(await page.locator('[data-field="archived"]').count(), 0, 'not archived after 取消');

      await page.locator('[data-action="archive"]').click();
      await page.locator('[data-confirm="archive"] [data-action="confirm-delete"]').click();
      await page.waitForURL((url) => url.pathname === `/institutions/${id}` && url.searchParams.get('saved') === 'archived');
      const badge = page.locator('h1 [data-field="archived"]');
      await badge.waitFor();
      assert.equal(await badge.textContent(), zh['common.archived']);
      await page.locator('[data-field="archived-notice"]').waitFor();
      assert.equal(await page.locator('[data-action="edit"]').count(), 0, 'no 编辑 while archived');
      assert.equal(await page.locator('[data-action="archive"]').count(), 0);
      await page.locator('[data-section="key-locations"] .card-note, [data-section="key-locations"] .item').first().waitFor();
      assert.equal(await page.locator('[data-action="add-location"]').count(), 0, 'key locations are read-only while archived');
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'institution-archived');
      await page.setViewportSize({ width: 390, height: 844 });
      assert.equal(await horizontalOverflow(page), 0, 'the archived page fits a phone');
      await screenshot(page, 'institution-archived');
      await page.setViewportSize({ width: desktop.width, height: desktop.height });

      // The list hides it by default and shows it under 归档状态 = 已归档.
      await page.goto('/institutions');
      await page.locator('[data-list="institutions"][data-state="ok"]').waitFor();
      await page.locator('input[name="q"]').fill(name);
      await page.getByRole('button', { name: zh['common.search'], exact: true }).click();
      await page.locator('[data-list="institutions"][data-state="ok"] .list-summary', { hasText: zh['inst.none'] }).waitFor();
      await page.locator('select[name="archived"]').selectOption('true');
      await page.getByRole('button', { name: zh['common.search'], exact: true }).click();
      const row = page.locator(`tr[data-name="${name}"]`);
      await row.waitFor();
      assert.equal(await row.getAttribute('data-archived'), 'true');
      assert.equal(await row.locator('.badge-archived').textContent(), zh['common.archived']);
      await screenshot(page, 'institutions-archived-filter');

      await row.getByRole('link', { name }).click();
      await page.locator('[data-action="restore"]').click();
      await page.waitForURL((url) => url.pathname === `/institutions/${id}` && url.searchParams.get('saved') === 'restored');
      await page.locator('.notice-ok', { hasText: zh['inst.restoredDone'] }).waitFor();
      assert.equal(await page.locator('[data-field="archived"]').count(), 0, 'the badge is gone');
      await page.locator('[data-action="edit"]').waitFor();
      await page.locator('[data-action="add-location"]').waitFor();

      assert.deepEqual(unexpected(problems.list(), /status of 400|HTTP 400/), []);
    } finally {
      await page.context().close();
    }
  });
});

describe('risks at 1280x800', () => {
  test('a LEC risk of 6 x 6 x 15 is graded 重大 by the server, and the list shows the four grades in their colours', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    const name = `氧气瓶泄漏${run}`;
    try {
      await signIn(page, 'hp.admin', { next: '/risks/new' });
      const form = page.locator('form[data-form="risk-new"]');
      await form.waitFor();
      await pickInstitution(form, '疾病预防', '和平区疾病预防控制中心');
      await form.locator('input[name="name"]').fill(name);
      await form.locator('select[name="category"]').selectOption('medical_gas');
      assert.match(await form.locator('select[name="lec_l"] option[value="6"]').textContent() ?? '', /相当可能/);
      assert.match(await form.locator('select[name="lec_c"] option[value="15"]').textContent() ?? '', /一人死亡/);
      await form.locator('select[name="lec_l"]').selectOption('6');
      await form.locator('select[name="lec_e"]').selectOption('6');
      await form.locator('select[name="lec_c"]').selectOption('15');
      assert.match(await form.locator('[data-field="preview"]').textContent() ?? '', new RegExp(`${zh['riskForm.estimate']}.*${zh['riskGrade.major']}`), 'the live preview is labelled 预估');
      await screenshot(page, 'risk-new');
      await form.locator('button[type="submit"]').click();
      await page.waitForURL((url) => /^\/risks\/[0-9a-f-]+$/.test(url.pathname));
      const grade = page.locator('[data-field="server-grade"] .grade-badge');
      await grade.waitFor();
      assert.equal(await grade.textContent(), zh['riskGrade.major']);
      assert.equal(await grade.getAttribute('data-grade'), 'major');
      assert.match(await page.locator('[data-field="server-grade"]').textContent() ?? '', /540/);
      await screenshot(page, 'risk-saved');

      await page.goto('/risks');
      await page.locator('[data-list="risks"][data-state="ok"]').waitFor();
      for (const [g, colour] of Object.entries(GRADE_COLOURS)) {
        const badge = page.locator(`[data-list="risks"] .grade-badge[data-grade="${g}"]`).first();
        assert.equal(await badge.count(), 1, `a ${g} risk is listed`);
        assert.equal(await badge.evaluate((n) => getComputedStyle(n).backgroundColor), colour, `${g} is drawn in ${colour}`);
        const tile = page.locator(`[data-figure="risk-grades"] [data-grade="${g}"]`);
        assert.equal(await tile.evaluate((n) => getComputedStyle(n).backgroundColor), colour);
      }
      assert.equal(await page.locator('[data-list="risks"] .grade-badge[data-grade="general"]').first().evaluate((n) => getComputedStyle(n).color),
        'rgb(29, 39, 51)', '一般 (yellow) has dark text');
      assert.equal(await page.locator('[data-list="risks"] .grade-badge[data-grade="significant"]').first().evaluate((n) => getComputedStyle(n).color),
        'rgb(29, 39, 51)', '较大 (orange) has dark text');
      assert.equal(await page.locator(`tr[data-name="${name}"] .grade-badge`).textContent(), zh['riskGrade.major']);
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
  test('risks import from the 导入 page: a dry run, then 确认导入, and the imported risk is listed with the server\'s grade', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    const name = `配电室过载${run}`;
    try {
      await signIn(page, 'hp.admin', { next: '/risks' });
      await page.locator('[data-list="risks"][data-state="ok"]').waitFor();
      await page.locator('a[href="/risks/import"]').click();
      await page.locator('form[data-form="import"]').waitFor();
      const csv = ['机构名称,风险名称,风险类别,评估方法,L（可能性）,E（暴露频率）,C（后果）', `和平区疾病预防控制中心,${name},电气,LEC法,6,6,15`].join('\r\n');
      await page.locator('input[type="file"]').setInputFiles({ name: 'risks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('[data-action="dry-run"]').click();
      await page.locator('.notice-ok').waitFor();
      assert.ok(!(await page.locator('[data-action="commit"]').isDisabled()), '确认导入 is offered after a clean dry run');
      await page.locator('[data-action="commit"]').click();
      await page.locator('.notice-ok', { hasText: zh['riskImport.done'].replace('{imported}', '1') }).waitFor();
      await screenshot(page, 'risk-import-done');
      await page.goto(`/risks?q=${encodeURIComponent(name)}`);
      await page.locator('[data-list="risks"][data-state="ok"]').waitFor();
      assert.equal(await page.locator(`tr[data-name="${name}"] .grade-badge`).textContent(), zh['riskGrade.major']);
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });

  test('archiving a risk asks first, then shows it 已归档 and read-only', async () => {
    const page = await newPage(browser, desktop);
    const problems = collectProblems(page);
    const name = `归档风险${run}`;
    try {
      await signIn(page, 'hp.admin', { next: '/risks' });
      await page.locator('[data-list="risks"][data-state="ok"]').waitFor();
      const id = await page.evaluate(async (name) => {
        const api = await import('/js/api.js');
        const cdc = await api.get('/institutions', { query: { limit: 1, q: '和平区疾病预防控制中心' } });
        const made = await api.post('/risks', { institution_id: cdc.items[0].id, name, category: 'fire', method: 'matrix', likelihood: 2, severity: 2 });
        return made.id;
      }, name);
      await page.goto(`/risks/${id}`);
      await page.locator('[data-action="archive"]').click();
      await page.locator('[data-confirm="archive"] [data-action="confirm-delete"]').click();
      await page.waitForURL((url) => url.pathname === `/risks/${id}` && url.searchParams.get('saved') === 'archived');
      await page.locator('h1 [data-field="archived"]').waitFor();
      assert.equal(await page.locator('form[data-form="risk-edit"] button[type="submit"]').count(), 0, 'no 保存 on an archived risk');
      assert.ok(await page.locator('form[data-form="risk-edit"] input[name="name"]').isDisabled());
      assert.equal(await page.locator('[data-action="archive"]').count(), 0);
      await screenshot(page, 'risk-archived');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

describe('the institution picker on a 390x844 phone', () => {
  test('a new inspection finds its institution by typing part of the name; the picker asks the server for 20 at a time', async () => {
    const page = await newPage(browser, VIEWPORTS.find((v) => v.name === 'phone') ?? desktop);
    const problems = collectProblems(page);
    /** @type {URL[]} */
    const asked = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/api/v1/institutions') asked.push(url);
    });
    try {
      await signIn(page, 'hp.inspector', { next: '/inspections/new' });
      const form = page.locator('form[data-form="inspection-new"]');
      await form.waitFor();
      const note = form.locator('[data-field="picker-note"]');
      await note.filter({ hasText: /\d/ }).waitFor();
      const choice = form.locator('select[name="institution_id"]');
      assert.equal(await choice.inputValue(), '', 'nothing is chosen before the user picks');

      await form.locator('input[name="institution_q"]').fill('没有这家医院');
      await note.filter({ hasText: '没有这家医院' }).waitFor();
      assert.equal(await choice.locator('option').count(), 1, 'only 请选择机构 is left');

      await form.locator('input[name="institution_q"]').fill('妇幼');
      await page.waitForFunction(() => /** @type {HTMLSelectElement} */ (document.querySelector('select[name="institution_id"]')).value !== '');
      assert.match(await choice.locator('option:checked').textContent() ?? '', /^和平区妇幼保健计划生育服务中心/, 'the single match is chosen');
      assert.ok(asked.length >= 3, `the server was asked on each search (${asked.length})`);
      for (const url of asked) assert.equal(url.searchParams.get('limit'), '20', `${url.search} asks for at most 20`);
      assert.ok(asked.some((url) => url.searchParams.get('q') === '妇幼'), 'the typed words went to the server as q');

      const templateValue = await form.locator('select[name="template_id"] option', { hasText: '医疗卫生机构安全生产综合检查表' }).getAttribute('value');
      await form.locator('select[name="template_id"]').selectOption(templateValue);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'inspection-new-picker');
      await form.getByRole('button', { name: zh['insp.start'] }).tap();
      await page.waitForURL(/\/inspections\/[0-9a-f-]+\/run$/);
      const id = new URL(page.url()).pathname.split('/')[2];
      const made = await page.evaluate(async (id) => {
        const api = await import('/js/api.js');
        const inspection = await api.get(`/inspections/${id}`);
        await api.del(`/inspections/${id}`);
        return inspection.institution_name;
      }, id);
      assert.equal(made, '和平区妇幼保健计划生育服务中心');
      assert.deepEqual(problems.list(), []);
    } finally {
      await page.context().close();
    }
  });
});

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  describe(`supervision screens at ${size}`, () => {
    test('every supervision screen renders in Chinese without sideways overflow', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'hp.admin');
        await page.locator('[data-card="risks"] [data-figure="risk-grades"]').waitFor();
        await page.locator('[data-card="inspections"] [data-figure="inspections-month"]').waitFor();
        await page.locator('[data-card="grid"] [data-figure="grid-coverage"]').waitFor();
        await screenshot(page, 'home-figures');
        assert.equal(await horizontalOverflow(page), 0, 'home');

        const ids = await page.evaluate(async () => {
          // The ids of a few records to open, read through the page's own session.
          const api = await import('/js/api.js');
          const inst = await api.get('/institutions', { query: { limit: 1, q: '疾病预防控制中心' } });
          const risk = await api.get('/risks', { query: { limit: 1 } });
          const sub = await api.get('/inspections', { query: { limit: 1, status: 'submitted' } });
          const draft = await api.get('/inspections', { query: { limit: 1, status: 'draft' } });
          return { inst: inst.items[0]?.id, risk: risk.items[0]?.id, sub: sub.items[0]?.id, draft: draft.items[0]?.id };
        });
        /** @type {[string, string, string][]} path, screenshot name, what to wait for */
        const screens = [
          ['/institutions', 'institutions', '[data-list="institutions"][data-state="ok"]'],
          [`/institutions/${ids.inst}`, 'institution-detail', '[data-section="key-locations"] .item'],
          [`/institutions/${ids.inst}/edit`, 'institution-edit', 'form[data-form="institution-edit"]'],
          ['/institutions/new', 'institution-new', 'form[data-form="institution-new"]'],
          ['/institutions/import', 'institution-import', 'form[data-form="import"]'],
          ['/projects/unpermitted', 'projects-unpermitted', '[data-list="unpermitted"][data-state="ok"]'],
          ['/risks', 'risks', '[data-list="risks"][data-state="ok"]'],
          ['/risks/new', 'risk-form', 'form[data-form="risk-new"]'],
          ['/risks/import', 'risk-import', 'form[data-form="import"]'],
          [`/risks/${ids.risk}`, 'risk-detail', '[data-field="server-grade"] .grade-badge'],
          ['/inspections', 'inspections', '[data-list="inspections"][data-state="ok"]'],
          ['/inspections/new', 'inspection-new-form', 'form[data-form="inspection-new"]'],
          [`/inspections/${ids.sub}`, 'inspection-submitted', '[data-view="inspection"]'],
          [`/inspections/${ids.draft}/run`, 'inspection-runner', '[data-field="progress"]'],
          ['/checklists', 'checklists', 'details.template'],
        ];
        for (const [path, name, ready] of screens) {
          await page.goto(path);
          await page.locator(ready).first().waitFor();
          await settle(page);
          if (name === 'checklists') {
            await page.locator('details.template summary').first().click();
            await page.locator('details.template .template-items li').first().waitFor();
          }
          assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
          assert.equal(await horizontalOverflow(page), 0, `${path} does not overflow sideways`);
          await screenshot(page, name);
        }
        assert.ok(page.url().startsWith(BASE_URL));
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

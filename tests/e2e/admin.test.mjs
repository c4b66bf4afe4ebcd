// What an administrator of 沈阳市 does with the identity screens: users, the org tree, API clients
// and the audit log, at both sizes, each screen checked for sideways overflow and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL, VIEWPORTS, catalogue, collectProblems, horizontalOverflow, launch, newPage, screenshot, signIn,
} from './browser.mjs';

const zh = await catalogue('zh-CN');
const run = Date.now().toString(36);

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Selects the option of a <select> whose text contains text.
 * @param {import('playwright-core').Locator} selectBox
 * @param {string} text
 */
async function chooseByText(selectBox, text) {
  const value = await selectBox.locator('option', { hasText: text }).first().getAttribute('value');
  assert.ok(value, `an option containing ${text}`);
  await selectBox.selectOption(value);
}

/** Problems except the 4xx answers a test provoked on purpose. @param {string[]} list @param {RegExp} expected */
const unexpected = (list, expected) => list.filter((p) => !expected.test(p));

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;

  describe(`administration at ${size}`, () => {
    test('an admin creates a user through the form (errors shown next to the field) and finds it in the list', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      const username = `e2e.${viewport.name}.${run}`;
      try {
        await signIn(page, 'sy.admin', { next: '/users' });
        await page.waitForURL(`${BASE_URL}/users`);
        assert.equal(await page.locator('.user-box .user-org').textContent(), '沈阳市');
        const list = page.locator('[data-list="users"][data-state="ok"]');
        await list.waitFor();
        assert.ok(await page.locator('tr[data-username="sy.inspector"]').count() === 1, 'the list shows the city’s users');
        assert.equal(await page.locator('tr[data-username="dl.admin"]').count(), 0, 'and no user of 大连市');
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'users');

        await page.getByRole('link', { name: zh['users.new'] }).click();
        await page.waitForURL(`${BASE_URL}/users/new`);
        const form = page.locator('form[data-form="create-user"]');
        await form.waitFor();
        assert.deepEqual(await form.locator('select[name="role"] option').allTextContents(),
          [zh['role.admin'], zh['role.leader'], zh['role.inspector'], zh['role.safety_officer'], zh['role.viewer']],
          'a city admin may grant every role up to admin');
        await form.locator('input[name="username"]').fill(username);
        await form.locator('input[name="display_name"]').fill(`测试用户${viewport.name}`);
        await form.locator('input[name="phone"]').fill('12345');
        await chooseByText(form.locator('select[name="org_id"]'), '和平区（');
        await form.locator('select[name="role"]').selectOption('inspector');
        await form.locator('input[name="password"]').fill('Xin-Mima2026');
        await form.locator('button[type="submit"]').click();
        const phoneError = form.locator('[data-field-name="phone"] .field-error');
        await phoneError.waitFor();
        assert.ok((await phoneError.textContent())?.length, 'the phone number error is shown next to the phone field');
        assert.equal(await form.locator('input[name="phone"]').getAttribute('aria-invalid'), 'true');
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'user-new-error');

        await form.locator('input[name="phone"]').fill('13800138000');
        await form.locator('button[type="submit"]').click();
        await page.waitForURL((url) => url.pathname === '/users' && url.searchParams.get('q') === username);
        const row = page.locator(`tr[data-username="${username}"]`);
        await row.waitFor();
        assert.equal(await row.locator('td').nth(1).textContent(), `测试用户${viewport.name}`);
        assert.match(await row.locator('td').nth(2).textContent() ?? '', new RegExp(zh['role.inspector']));
        assert.match(await row.locator('td').nth(3).textContent() ?? '', /和平区/);
        await screenshot(page, 'users-created');

        // Edit: the display name changes (PATCH with If-Match), then the account is deactivated.
        await row.getByRole('link').click();
        const edit = page.locator('form[data-form="edit-user"]');
        await edit.waitFor();
        await edit.locator('input[name="display_name"]').fill(`改名${viewport.name}`);
        await edit.locator('button[type="submit"]').click();
        await page.locator('.notice-ok', { hasText: zh['common.saved'] }).waitFor();
        assert.equal(await page.locator('h1').textContent(), zh['userForm.editHeading'].replace('{name}', `改名${viewport.name}`));
        await page.locator('[data-action="toggle-active"]').click();
        await page.locator('.notice-ok', { hasText: zh['userForm.deactivated'] }).waitFor();
        assert.equal(await page.locator('[data-action="toggle-active"]').textContent(), zh['userForm.reactivate']);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'user-edit');

        await page.locator('form[data-form="reset-password"] input[name="new_password"]').fill('short');
        await page.locator('form[data-form="reset-password"] button[type="submit"]').click();
        await page.locator('form[data-form="reset-password"] [data-field-name="new_password"] .field-error').waitFor();

        assert.deepEqual(unexpected(problems.list(), /status of 400|HTTP 400/), []);
      } finally {
        await page.context().close();
      }
    });

    test('an admin adds, renames and deletes a unit in the org tree; deleting a county with units shows why not', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      const name = `测试卫生院${viewport.name}${run}`;
      try {
        await signIn(page, 'sy.admin', { next: '/orgs' });
        const tree = page.locator('.tree');
        await tree.waitFor();
        await tree.locator('li[data-org-name="和平区"] > .tree-row .tree-toggle').click();
        await tree.locator('li[data-org-name="和平区疾病预防控制中心"]').waitFor();
        await tree.locator('li[data-org-name="和平区"] > .tree-row .tree-label').click();
        const detail = page.locator('.org-detail[data-state="ok"]');
        await detail.locator('h2', { hasText: '和平区' }).waitFor();
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'orgs-admin');

        // The county still has units: the server refuses and says why.
        await detail.locator('[data-action="delete"]').click();
        await detail.locator('form[data-form="delete-org"] button[type="submit"]').click();
        const refusal = detail.locator('.form-error');
        await refusal.waitFor();
        const words = zh['conflict.orgNotEmpty'].split('（')[0];
        assert.ok((await refusal.textContent())?.startsWith(words), `the 409 is said in Chinese (${await refusal.textContent()})`);
        assert.match(await refusal.locator('.problem-server').textContent() ?? '', /^The org still has \d+ child orgs/,
          'the server’s own words stay as a second line');
        await screenshot(page, 'orgs-delete-refused');

        await detail.locator('[data-action="add"]').click();
        const add = detail.locator('form[data-form="add-org"]');
        assert.deepEqual(await add.locator('select[name="level"] option').evaluateAll((o) => o.map((x) => x.getAttribute('value'))), ['unit'],
          'only a unit fits under a county');
        await add.locator('input[name="name"]').fill(name);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'orgs-add');
        await add.locator('button[type="submit"]').click();
        await page.locator('.org-detail[data-state="ok"] h2', { hasText: name }).waitFor();
        await tree.locator(`li[data-org-name="${name}"]`).waitFor();

        await page.locator('.org-detail [data-action="rename"]').click();
        const rename = page.locator('form[data-form="rename-org"]');
        await rename.locator('input[name="name"]').fill(`${name}新`);
        await rename.locator('button[type="submit"]').click();
        await tree.locator(`li[data-org-name="${name}新"]`).waitFor();

        await page.locator('.org-detail [data-action="move"]').click();
        const move = page.locator('form[data-form="move-org"]');
        await move.waitFor();
        await chooseByText(move.locator('select[name="parent_id"]'), '沈河区（');
        await screenshot(page, 'orgs-move');
        await move.locator('button[type="submit"]').click();
        await tree.locator(`li[data-org-name="沈河区"] li[data-org-name="${name}新"]`).waitFor();

        await page.locator('.org-detail [data-action="delete"]').click();
        await page.locator('form[data-form="delete-org"] button[type="submit"]').click();
        await page.locator('.org-detail .notice-ok', { hasText: zh['orgs.deleted'].replace('{name}', `${name}新`) }).waitFor();
        assert.equal(await tree.locator(`li[data-org-name="${name}新"]`).count(), 0, 'the deleted unit left the tree');
        assert.deepEqual(unexpected(problems.list(), /status of 409|HTTP 409/), []);
      } finally {
        await page.context().close();
      }
    });

    test('an admin creates an API client, sees the secret once with a copy button, and revokes it', async () => {
      const page = await newPage(browser, viewport);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
      const problems = collectProblems(page);
      const name = `测试客户端-${viewport.name}-${run}`;
      try {
        await signIn(page, 'sy.admin', { next: '/api-clients' });
        await page.locator('[data-list="clients"][data-state="ok"]').waitFor();
        const form = page.locator('form[data-form="create-client"]');
        await form.locator('input[name="name"]').fill(name);
        await form.locator('select[name="scope"]').selectOption('read-write');
        await form.locator('button[type="submit"]').click();
        const secretCard = page.locator('.secret-card');
        await secretCard.waitFor();
        const secret = await secretCard.locator('[data-field="client-secret"]').inputValue();
        assert.ok(secret.length >= 16, 'the secret is shown');
        assert.equal(await secretCard.locator('.warning').textContent(), zh['clients.secretWarning']);
        await secretCard.locator('[data-action="copy-secret"]').click();
        await secretCard.locator('.copy-state', { hasText: zh['clients.copied'] }).waitFor();
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the copy button copies the secret');
        const row = page.locator(`tr[data-client="${name}"]`);
        await row.waitFor();
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'api-clients-secret');

        await page.reload();
        await page.locator('[data-list="clients"][data-state="ok"]').waitFor();
        assert.equal(await page.locator('.secret-card').count(), 0, 'the secret is not shown again');
        await row.locator('[data-action="revoke"]').click();
        await row.getByRole('button', { name: zh['clients.revokeConfirm'] }).click();
        await row.locator('.badge', { hasText: zh['clients.revoked'] }).waitFor();
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'api-clients');
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('the audit log lists the admin’s actions in Chinese, in Beijing time, and filters by action', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'sy.admin', { next: '/audit' });
        const list = page.locator('[data-list="audit"][data-state="ok"]');
        await list.waitFor();
        const first = page.locator('.audit-table tbody tr').first();
        assert.match(await first.locator('time').textContent() ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        const iso = await first.locator('time').getAttribute('datetime') ?? '';
        const beijing = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' ');
        assert.equal(await first.locator('time').textContent(), beijing, 'times are shown in Beijing time');
        assert.equal(await page.locator('tr[data-action="auth.login"]').first().locator('td').nth(2).textContent(), zh['audit.action.auth.login']);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'audit');

        await page.locator('select[name="action"]').selectOption('auth.login');
        await page.locator('.filter-bar button[type="submit"]').click();
        await page.locator('[data-list="audit"][data-state="ok"]').waitFor();
        const actions = await page.locator('.audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
        assert.ok(actions.length > 0 && actions.every((a) => a === 'auth.login'), 'only sign-in entries remain');
        assert.equal(await page.locator('.audit-table tbody tr td').nth(2).textContent(), zh['audit.action.auth.login']);
        assert.deepEqual(problems.list(), []);
      } finally {
        await page.context().close();
      }
    });

    test('the change-password page shows the policy error next to the new password', async () => {
      const page = await newPage(browser, viewport);
      const problems = collectProblems(page);
      try {
        await signIn(page, 'sy.viewer', { next: '/account/password' });
        const form = page.locator('form.stack-form');
        await form.locator('input[name="current_password"]').fill('Anquan@2026!');
        await form.locator('input[name="new_password"]').fill('abc');
        await form.locator('input[name="new_password_again"]').fill('abc');
        await form.locator('button[type="submit"]').click();
        const error = form.locator('[data-field-name="new_password"] .field-error');
        await error.waitFor();
        assert.ok((await error.textContent())?.length);
        assert.equal(await horizontalOverflow(page), 0);
        await screenshot(page, 'password');
        assert.deepEqual(unexpected(problems.list(), /status of 400|HTTP 400/), []);
      } finally {
        await page.context().close();
      }
    });
  });
}

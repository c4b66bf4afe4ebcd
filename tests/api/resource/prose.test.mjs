// Texts of paragraphs (a report's narrative, a plan's goal, a hazard's description, a notice's
// requirement, a move's reason): line breaks and tabs are kept as written; any other control
// character is refused naming the field, as in every one-line text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createUser, createCampaign, createReport } from '../lib/fixtures.mjs';

const TEXT = '一、检查情况：本周检查医疗机构12家。\n二、隐患整改：\t发现隐患5处，已整改4处。\r\n三、下步工作：继续督促整改。';
let t, countyAdmin, cityAdmin;

before(async () => {
  t = await tree();
  countyAdmin = await login((await createUser({ org_id: t.county.id, role: 'admin' })).username);
  cityAdmin = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
});
after(closeDb);

async function patch(path, token, body) {
  const cur = await api('GET', path, { token });
  assert.equal(cur.status, 200, cur.text);
  return api('PATCH', path, { token, body, headers: { 'If-Match': cur.headers.get('etag') } });
}

test("a report's narrative keeps its paragraphs; another control character is refused naming it", async () => {
  const r = await createReport({ org_id: t.county.id });
  const path = `/api/v1/reports/${r.id}`;
  const ok = await patch(path, countyAdmin, { narrative: TEXT });
  assert.equal(ok.status, 200, ok.text);
  expectValid(ok, { method: 'PATCH', path: '/api/v1/reports/{id}' });
  assert.equal((await api('GET', path, { token: countyAdmin })).body.narrative, TEXT);
  const bad = await patch(path, countyAdmin, { narrative: '第一段\u0007第二段' });
  assert.equal(expectProblem(bad, 400, 'validation_failed').errors[0].field, 'narrative');
});

test("a plan's goal keeps its paragraphs; a one-line name still refuses a line break", async () => {
  const c = await createCampaign({ org_id: t.cityA.id });
  const path = `/api/v1/campaigns/${c.id}`;
  const ok = await patch(path, cityAdmin, { goal: TEXT });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await api('GET', path, { token: cityAdmin })).body.goal, TEXT);
  const bad = await patch(path, cityAdmin, { name: '春季\n行动' });
  assert.equal(expectProblem(bad, 400, 'validation_failed').errors[0].field, 'name');
});

test("a move's reason keeps its paragraphs (returning a report)", async () => {
  const r = await createReport({ org_id: t.county.id, state: 'submitted' });
  const res = await api('POST', `/api/v1/reports/${r.id}/actions/return`, { token: cityAdmin, body: { reason: '请补充：\n1. 检查项目数量；\n2. 隐患整改情况。' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.return_reason, '请补充：\n1. 检查项目数量；\n2. 隐患整改情况。');
  const bad = await api('POST', `/api/v1/reports/${r.id}/actions/accept`, { token: cityAdmin, body: { reason: 'x\u0000y' } });
  assert.equal(bad.status, 400, bad.text);
});

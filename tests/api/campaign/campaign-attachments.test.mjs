// A campaign's attachments (方案原件): bound on create or on a draft's PATCH, shown on the record,
// and readable (metadata and bytes) by whoever sees the campaign: the whole subtree once it is
// issued, the issuing org and above while a draft, never a branch the campaign does not reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createUser, createAttachment, PNG_1PX, uniq } from '../lib/fixtures.mjs';

const P = '/api/v1/campaigns';
let t, cityAdmin, countyViewer, otherViewer, unitViewer;

before(async () => {
  t = await tree();
  cityAdmin = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
  countyViewer = await login((await createUser({ org_id: t.county.id, role: 'viewer' })).username);
  unitViewer = await login((await createUser({ org_id: t.unit.id, role: 'viewer' })).username);
  otherViewer = await login((await createUser({ org_id: t.other.id, role: 'viewer' })).username);
});
after(closeDb);

const plan = (extra = {}) => ({ name: `方案-${uniq('p')}`, starts_on: '2027-02-01', ends_on: '2027-03-31', ...extra });

test('the plan document bound on create is on the record; the subtree reads it once issued, another branch never', async () => {
  const file = await createAttachment({ org_id: t.cityA.id, name: '沈卫发〔2027〕3号.png' });
  const made = await api('POST', P, { token: cityAdmin, body: plan({ doc_number: `沈卫发〔2027〕${uniq('n')}号`, attachments: [file.id] }) });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: P });
  const got = await api('GET', `${P}/${made.body.id}`, { token: cityAdmin });
  expectValid(got, { method: 'GET', path: `${P}/{id}` });
  assert.deepEqual(got.body.attachments.map((a) => [a.id, a.kind]), [[file.id, 'plan']]);

  // a draft: not below its org
  assert.equal((await api('GET', `/api/v1/attachments/${file.id}`, { token: countyViewer })).status, 404);

  const issued = await api('POST', `${P}/${made.body.id}/actions/issue`, { token: cityAdmin });
  assert.equal(issued.status, 200, issued.text);
  for (const token of [countyViewer, unitViewer]) {
    const seen = await api('GET', `${P}/${made.body.id}`, { token });
    assert.equal(seen.status, 200, seen.text);
    expectValid(seen, { method: 'GET', path: `${P}/{id}` });
    assert.deepEqual(seen.body.attachments.map((a) => a.id), [file.id]);
    const meta = await api('GET', `/api/v1/attachments/${file.id}`, { token });
    assert.equal(meta.status, 200, meta.text);
    expectValid(meta, { method: 'GET', path: '/api/v1/attachments/{id}' });
    assert.equal(meta.body.org_name, (await api('GET', `/api/v1/orgs/${t.cityA.id}`, { token: cityAdmin })).body.name);
    const bytes = await api('GET', `/api/v1/attachments/${file.id}/content`, { token });
    assert.equal(bytes.status, 200);
    assert.equal(Number(bytes.headers.get('content-length')), PNG_1PX.length);
  }
  // another city's county: the campaign is not in its view, nor its file
  assert.equal((await api('GET', `${P}/${made.body.id}`, { token: otherViewer })).status, 404);
  assert.equal((await api('GET', `/api/v1/attachments/${file.id}`, { token: otherViewer })).status, 404);
  assert.equal((await api('GET', `/api/v1/attachments/${file.id}/content`, { token: otherViewer })).status, 404);
});

test('a draft PATCH binds more attachments; a bad id is refused naming it, and nothing is written', async () => {
  const made = await api('POST', P, { token: cityAdmin, body: plan() });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.body.attachments ?? [], []);
  const file = await createAttachment({ org_id: t.cityA.id });
  const bad = await api('PATCH', `${P}/${made.body.id}`, { token: cityAdmin, headers: { 'If-Match': `"v${made.body.version}"` }, body: { goal: '目标', attachments: [file.id, 'not-a-uuid'] } });
  assert.equal(bad.status, 400, bad.text);
  assert.ok(bad.body.errors.some((e) => e.field === 'attachments[1]'), bad.text);
  const still = await api('GET', `${P}/${made.body.id}`, { token: cityAdmin });
  assert.deepEqual(still.body.attachments, []);
  assert.equal(still.body.goal ?? null, null, 'the goal of the refused PATCH was not written');
  const ok = await api('PATCH', `${P}/${made.body.id}`, { token: cityAdmin, headers: { 'If-Match': `"v${made.body.version}"` }, body: { attachments: [file.id] } });
  assert.equal(ok.status, 200, ok.text);
  expectValid(ok, { method: 'PATCH', path: `${P}/{id}` });
  assert.deepEqual((await api('GET', `${P}/${made.body.id}`, { token: cityAdmin })).body.attachments.map((a) => a.id), [file.id]);
  // a campaign does not take remove_attachments (a report does): one unknown member, said once
  for (const [method, path, headers, body] of [
    ['POST', P, {}, { ...plan(), remove_attachments: [file.id] }],
    ['PATCH', `${P}/${made.body.id}`, { 'If-Match': ok.headers.get('etag') }, { remove_attachments: [file.id] }]]) {
    const r = await api(method, path, { token: cityAdmin, headers, body });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body.errors.filter((e) => e.field === 'remove_attachments').map((e) => e.code), ['unknown_field'], r.text);
  }
  assert.deepEqual((await api('GET', `${P}/${made.body.id}`, { token: cityAdmin })).body.attachments.map((a) => a.id), [file.id]);
});

test("another branch's upload cannot be bound to a campaign", async () => {
  const foreign = await createAttachment({ org_id: t.other.id });
  const res = await api('POST', P, { token: cityAdmin, body: plan({ attachments: [foreign.id] }) });
  assert.equal(res.status, 422, res.text);
  assert.ok(res.body.errors.some((e) => e.field.startsWith('attachments')), res.text);
});

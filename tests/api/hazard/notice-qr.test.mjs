// The QR code of a notice (GET /notices/{id}/qr.svg): an SVG served as image/svg+xml whose
// symbol (size by its version, finder and timing patterns, format information) reads back as
// the notice's page in the SPA, <ANQUAN_PUBLIC_URL>/notices/{id}.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createOrg, createUser, createUnitHazard } from '../lib/fixtures.mjs';
import { svgModules, readQr } from '../lib/qr.mjs';

let notice; let unitToken; let siblingToken;

before(async () => {
  const t = await tree();
  const unit = await createOrg({ parent_id: t.county.id, level: 'unit' });
  const h = await createUnitHazard({ org_id: unit.id });
  const res = await api('POST', '/api/v1/notices', {
    token: await login(t.users.inspector.username),
    body: { org_id: unit.id, hazard_ids: [h.id], deadline: '2099-06-30', requirement: '限期整改' },
  });
  assert.equal(res.status, 201, res.text);
  notice = res.body;
  unitToken = await login((await createUser({ org_id: unit.id, role: 'viewer' })).username);
  siblingToken = await login((await createUser({ org_id: t.sibling.id, role: 'admin' })).username);
});
after(closeDb);

test('the QR code is an SVG of the notice page\'s address, its size matching its version', async () => {
  const res = await api('GET', `/api/v1/notices/${notice.id}/qr.svg`, { token: unitToken });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('content-type'), 'image/svg+xml');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  expectValid(res, { method: 'GET', path: '/api/v1/notices/{id}/qr.svg' });
  const svg = res.text;
  // well-formed: the prolog, one root, only the elements it draws, every tag closed
  assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>\n<rect [^>]*\/>\n<path [^>]*\/>\n<\/svg>\n$/);
  const modules = Number(/data-modules="(\d+)"/.exec(svg)[1]);
  const version = Number(/data-version="(\d+)"/.exec(svg)[1]);
  assert.equal(modules, 17 + 4 * version, 'modules = 17 + 4 x version');
  const sym = svgModules(svg);
  assert.equal(sym.size, modules, 'the viewBox holds the symbol and a 4-module quiet zone');
  const read = readQr(sym);
  assert.equal(read.version, version);
  assert.equal(read.ecl, 'M');
  assert.equal(read.text, notice.url);
  assert.match(read.text, new RegExp(`^https?://[^/]+(/.*)?/notices/${notice.id}$`));
});

test('the QR code of a notice outside the caller\'s subtree is 404, like a missing one', async () => {
  const res = await api('GET', `/api/v1/notices/${notice.id}/qr.svg`, { token: siblingToken });
  expectProblem(res, 404, 'not_found');
  expectValid(res, { method: 'GET', path: '/api/v1/notices/{id}/qr.svg' });
  expectProblem(await api('GET', '/api/v1/notices/not-a-uuid/qr.svg', { token: unitToken }), 404, 'not_found');
});

// Attachments (证据附件): uploads of every accepted type, downloaded byte for byte with the headers
// that keep a browser from running them; the type taken from the bytes (a PNG declared as a PDF,
// HTML, an executable, a plain zip are refused naming the field); empty and oversized bodies; a
// viewer cannot upload; a caller from another branch of the tree gets the same 404 as for a
// missing attachment, for the metadata and the bytes, and the bytes' own row-level security
// stops a direct read; hostile file names are cleaned and bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { api, expectProblem, rawRequest, BASE } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, q, closeDb, createOrg, createUser, createAttachment, connect, APP_URL, apiClientToken } from '../lib/fixtures.mjs';
import { zip } from '../lib/zip.mjs';

const UPLOAD = '/api/v1/attachments';
const META = '/api/v1/attachments/{id}';
const CONTENT = '/api/v1/attachments/{id}/content';
const LIMIT = Number(process.env.ANQUAN_ATTACHMENT_LIMIT || 10 * 1024 * 1024);

let t0;
let admin; // county admin
let inspector;
let viewer;
let siblingAdmin; // another county of the same city
let cityAdmin; // the county's city (an ancestor)
let unit; // a unit under the county, with its own safety officer
let unitOfficer;

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  inspector = await login(t0.users.inspector.username);
  viewer = await login(t0.users.viewer.username);
  siblingAdmin = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  cityAdmin = await login((await createUser({ org_id: t0.cityA.id, role: 'admin' })).username);
  unit = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  unitOfficer = await login((await createUser({ org_id: unit.id, role: 'safety_officer' })).username);
});
after(closeDb);

// --- tiny valid files, built here -------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A 2 x 2 RGB PNG. */
function png() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); ihdr.writeUInt32BE(2, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}
// A 1 x 1 baseline JPEG and a 1 x 1 lossless WebP (the smallest well-formed files of each).
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
  '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

const OOXML = {
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'word/document.xml', 'wordprocessingml.document.main+xml'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xl/workbook.xml', 'spreadsheetml.sheet.main+xml'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'ppt/presentation.xml', 'presentationml.presentation.main+xml'],
};
/** An Office Open XML package: [Content_Types].xml naming the main part (deflated), the part. */
function ooxml(ext) {
  const [, part, main] = OOXML[ext];
  const types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.${main}"/></Types>`;
  return zip([{ name: '[Content_Types].xml', data: Buffer.from(types), method: 8 },
    { name: part, data: Buffer.from('<?xml version="1.0"?><root/>'), method: 8 }]);
}
/** A legacy OLE compound file whose directory names `stream` (UTF-16LE), as .doc/.xls/.ppt do. */
function ole(stream) {
  const buf = Buffer.alloc(1536);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(buf, 0);
  Buffer.from(`Root Entry\0`, 'utf16le').copy(buf, 1024);
  if (stream) Buffer.from(`${stream}\0`, 'utf16le').copy(buf, 1152);
  return buf;
}

const sha = (b) => createHash('sha256').update(b).digest('hex');

async function upload(bytes, { type, name, header, token = admin, org_id, headers = {} } = {}) {
  const qs = new URLSearchParams();
  if (name !== undefined) qs.set('name', name);
  if (org_id !== undefined) qs.set('org_id', org_id);
  const h = { ...headers };
  if (type) h['content-type'] = type;
  if (header !== undefined) h['x-file-name'] = header;
  const url = qs.size ? `${UPLOAD}?${qs}` : UPLOAD;
  const res = await api('POST', url, { token, raw: bytes, headers: h });
  expectValid(res, { method: 'POST', path: UPLOAD });
  return res;
}

/** GET the bytes: {status, headers, bytes, text}. */
async function download(id, token, headers = {}) {
  const res = await fetch(`${BASE}/api/v1/attachments/${id}/content`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const out = { status: res.status, headers: res.headers, bytes, text: bytes.toString('latin1') };
  out.body = /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(bytes.toString('utf8')) : undefined;
  expectValid(out, { method: 'GET', path: CONTENT });
  return out;
}

async function meta(id, token) {
  const res = await api('GET', `/api/v1/attachments/${id}`, { token });
  expectValid(res, { method: 'GET', path: META });
  return res;
}

// --- every accepted type ------------------------------------------------------------------------

const CASES = [
  ['a JPEG photo', JPEG, 'image/jpeg', '现场照片.jpg', 'inline'],
  ['a PNG image', png(), 'image/png', 'after.png', 'inline'],
  ['a WebP image', WEBP, 'image/webp', 'photo.webp', 'inline'],
  ['a PDF', PDF, 'application/pdf', '整改通知书.pdf', 'attachment'],
  ['a .docx', ooxml('docx'), OOXML.docx[0], '整改方案.docx', 'attachment'],
  ['an .xlsx', ooxml('xlsx'), OOXML.xlsx[0], '台账.xlsx', 'attachment'],
  ['a .pptx', ooxml('pptx'), OOXML.pptx[0], 'slides.pptx', 'attachment'],
  ['a legacy .doc', ole('WordDocument'), 'application/msword', 'old.doc', 'attachment'],
  ['a legacy .xls', ole('Workbook'), 'application/vnd.ms-excel', 'old.xls', 'attachment'],
  ['a legacy .ppt', ole('PowerPoint Document'), 'application/vnd.ms-powerpoint', 'old.ppt', 'attachment'],
];

for (const [what, bytes, type, name, disposition] of CASES) {
  test(`${what} uploads with its type from the bytes and downloads byte for byte with safe headers`, async () => {
    // declared as octet-stream: the server tells the type itself
    const res = await upload(bytes, { type: 'application/octet-stream', header: encodeURIComponent(name) });
    assert.equal(res.status, 201, res.text);
    const a = res.body;
    assert.equal(a.content_type, type);
    assert.equal(a.name, name);
    assert.equal(a.size, bytes.length);
    assert.equal(a.sha256, sha(bytes));
    assert.equal(a.bound, false);
    assert.equal(a.org_id, t0.county.id);
    assert.equal(res.headers.get('location'), `/api/v1/attachments/${a.id}`);

    const m = await meta(a.id, viewer);
    assert.equal(m.status, 200);
    assert.deepEqual({ ...m.body }, { ...a });

    const d = await download(a.id, viewer);
    assert.equal(d.status, 200);
    assert.ok(d.bytes.equals(bytes), 'the bytes come back unchanged');
    assert.equal(d.headers.get('content-type'), type);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.match(d.headers.get('content-security-policy'), /default-src 'none'[^,]*sandbox/);
    assert.equal(d.headers.get('etag'), `"${sha(bytes)}"`);
    const cd = d.headers.get('content-disposition');
    assert.ok(cd.startsWith(`${disposition}; filename="`), cd);
    assert.ok(cd.endsWith(`filename*=UTF-8''${encodeURIComponent(name)}`), cd);
    assert.ok(/^[\x20-\x7e]*$/.test(cd), 'the header is ASCII');

    const again = await download(a.id, viewer, { 'if-none-match': d.headers.get('etag') });
    assert.equal(again.status, 304);
    assert.equal(again.bytes.length, 0);
  });
}

test('the declared type must be what the bytes are: a PNG declared as a PDF is 422 naming Content-Type, nothing stored', async () => {
  const before0 = (await q('SELECT count(*)::int AS n FROM attachments'))[0].n;
  const res = await upload(png(), { type: 'application/pdf', name: 'fake.pdf' });
  expectProblem(res, 422, 'type_mismatch');
  assert.equal(res.body.errors[0].field, 'Content-Type');
  assert.match(res.body.detail, /image\/png/);
  // a PDF declared as a JPEG, a docx declared as an xlsx
  expectProblem(await upload(PDF, { type: 'image/jpeg' }), 422, 'type_mismatch');
  expectProblem(await upload(ooxml('docx'), { type: OOXML.xlsx[0] }), 422, 'type_mismatch');
  // image/jpg is the same as image/jpeg, and parameters are ignored
  assert.equal((await upload(JPEG, { type: 'image/jpg; foo=bar' })).status, 201);
  assert.equal((await q('SELECT count(*)::int AS n FROM attachments'))[0].n, before0 + 1);
});

test('HTML, an executable, an .msi, a plain zip, text and a truncated header are refused 415 naming body', async () => {
  const files = {
    html: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
    'html as image/png': Buffer.from('<html><body>not a picture</body></html>'),
    exe: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]),
    elf: Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), Buffer.alloc(200)]),
    'an OLE file with no Office stream (an .msi)': ole(null),
    'a plain zip': zip([{ name: 'evil.exe', data: Buffer.from('MZ'), method: 0 }]),
    'a zip whose content types name no Office main part': zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 8 }]),
    text: Buffer.from('just some words, nothing more'),
    svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    'a PNG signature only': Buffer.from('89504e47', 'hex'),
  };
  for (const [what, bytes] of Object.entries(files)) {
    const res = await upload(bytes, { type: what.includes('image/png') ? 'image/png' : undefined, name: 'x.png' });
    expectProblem(res, 415, 'unsupported_media_type');
    assert.equal(res.body.errors[0].field, 'body', what);
  }
});

test('an empty body is 400 naming body', async () => {
  const res = await upload(Buffer.alloc(0), { type: 'image/png' });
  expectProblem(res, 400, 'validation_failed');
  assert.equal(res.body.errors[0].field, 'body');
});

test('a body over the attachment limit is 413 (by Content-Length, and chunked), one at the limit is stored', async () => {
  const big = Buffer.concat([PDF, Buffer.alloc(LIMIT + 1 - PDF.length, 0x20)]);
  const chunks = [];
  for (let i = 0; i < big.length; i += 256 * 1024) chunks.push(big.subarray(i, i + 256 * 1024));
  const byLength = await rawRequest('POST', UPLOAD, {
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/pdf', 'content-length': String(big.length) },
    chunks: chunks.slice(0, 1), holdOpenMs: 5000,
  });
  expectProblem(byLength, 413, 'payload_too_large');
  expectValid(byLength, { method: 'POST', path: UPLOAD });
  const chunked = await rawRequest('POST', UPLOAD, {
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/pdf' }, chunks,
  });
  expectProblem(chunked, 413, 'payload_too_large');
  const atLimit = await upload(big.subarray(0, LIMIT), { type: 'application/pdf', name: 'big.pdf' });
  assert.equal(atLimit.status, 201, atLimit.text);
  assert.equal(atLimit.body.size, LIMIT);
  const d = await download(atLimit.body.id, admin);
  assert.ok(d.bytes.equals(big.subarray(0, LIMIT)));
});

test('a viewer cannot upload (403); an inspector, a unit safety officer and a read-write API client can', async () => {
  expectProblem(await upload(png(), { token: viewer }), 403, 'forbidden');
  assert.equal((await upload(png(), { token: inspector })).status, 201);
  const u = await upload(png(), { token: unitOfficer });
  assert.equal(u.status, 201);
  assert.equal(u.body.org_id, unit.id);
  const rw = (await apiClientToken(admin, { org_id: t0.county.id, scope: 'read-write' })).token;
  const c = await upload(png(), { token: rw, name: 'client.png' });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.created_by, null);
  const ro = (await apiClientToken(admin, { org_id: t0.county.id, scope: 'read' })).token;
  expectProblem(await upload(png(), { token: ro }), 403, 'forbidden');
});

test('a caller from another branch gets the same 404 for the metadata and the bytes as for a missing attachment; the city above sees it', async () => {
  const a = (await upload(png(), { name: 'county.png' })).body;
  const missing = '00000000-0000-4000-8000-000000000000';
  for (const path of [`/api/v1/attachments/${a.id}`, `/api/v1/attachments/${a.id}/content`]) {
    const foreign = await api('GET', path, { token: siblingAdmin });
    const none = await api('GET', path.replace(a.id, missing), { token: siblingAdmin });
    expectProblem(foreign, 404, 'not_found');
    expectProblem(none, 404, 'not_found');
    assert.deepEqual({ ...foreign.body, request_id: 0, instance: 0 }, { ...none.body, request_id: 0, instance: 0 });
  }
  // a unit below sees nothing of its county's unbound attachment
  expectProblem(await api('GET', `/api/v1/attachments/${a.id}`, { token: unitOfficer }), 404, 'not_found');
  // the city above sees it
  assert.equal((await meta(a.id, cityAdmin)).status, 200);
  assert.ok((await download(a.id, cityAdmin)).bytes.equals(png()));
  // a malformed id is the same 404
  expectProblem(await api('GET', '/api/v1/attachments/not-a-uuid/content', { token: admin }), 404, 'not_found');
});

test('?org_id= puts the upload in an org of the caller subtree (a unit below sees it, its sibling does not); a foreign org is 404', async () => {
  const res = await upload(png(), { org_id: unit.id, name: 'for-unit.png' });
  assert.equal(res.status, 201);
  assert.equal(res.body.org_id, unit.id);
  assert.equal((await meta(res.body.id, unitOfficer)).status, 200);
  const otherUnit = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  const otherOfficer = await login((await createUser({ org_id: otherUnit.id, role: 'safety_officer' })).username);
  expectProblem(await api('GET', `/api/v1/attachments/${res.body.id}`, { token: otherOfficer }), 404, 'not_found');
  // the unit cannot upload into its county, nor the county into its sibling
  expectProblem(await upload(png(), { token: unitOfficer, org_id: t0.county.id }), 404, 'not_found');
  expectProblem(await upload(png(), { org_id: t0.sibling.id }), 404, 'not_found');
  const bad = await upload(png(), { org_id: 'nope' });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'org_id');
});

test('the bytes have row-level security of their own: the runtime role scoped to another branch reads no blob', async () => {
  const a = await createAttachment({ org_id: t0.county.id });
  const c = await connect(APP_URL);
  try {
    await c.query('BEGIN');
    await c.query("SELECT set_config('app.org_path', $1, true)", [t0.sibling.path]);
    assert.equal((await c.query('SELECT count(*)::int AS n FROM attachment_blobs WHERE key = $1', [a.id])).rows[0].n, 0);
    assert.equal((await c.query('SELECT count(*)::int AS n FROM attachments WHERE id = $1', [a.id])).rows[0].n, 0);
    await c.query("SELECT set_config('app.org_path', $1, true)", [t0.county.path]);
    assert.equal((await c.query('SELECT count(*)::int AS n FROM attachment_blobs WHERE key = $1', [a.id])).rows[0].n, 1);
    await c.query('ROLLBACK');
    // with no scope at all, nothing
    assert.equal((await c.query('SELECT count(*)::int AS n FROM attachment_blobs')).rows[0].n, 0);
  } finally { await c.end(); }
});

test('a bound attachment follows its record: moved to a unit, that unit sees it and the uploading county still does', async () => {
  // binding happens through the records' endpoints (attachment_bind, hazards); here its effect on
  // visibility is set up directly: the row carries the record's org
  const a = (await upload(png(), { name: 'bound.png' })).body;
  expectProblem(await api('GET', `/api/v1/attachments/${a.id}`, { token: unitOfficer }), 404, 'not_found');
  await q(`UPDATE attachments SET org_id = $2, org_path = $3::ltree, record_type = 'hazard', record_id = gen_random_uuid(),
           kind = 'after', bound_at = now() WHERE id = $1`, [a.id, unit.id, unit.path]);
  const m = await meta(a.id, unitOfficer);
  assert.equal(m.status, 200);
  assert.equal(m.body.bound, true);
  assert.equal(m.body.kind, 'after');
  assert.ok((await download(a.id, unitOfficer)).bytes.equals(png()));
  assert.equal((await meta(a.id, admin)).status, 200);
  expectProblem(await api('GET', `/api/v1/attachments/${a.id}/content`, { token: siblingAdmin }), 404, 'not_found');
});

test('hostile file names are cleaned and bounded; names that are not UTF-8 are 400 naming where they came from', async () => {
  const cases = [
    ['../../etc/passwd.png', 'passwd.png'],
    ['C:\\Windows\\system32\\evil.png', 'evil.png'],
    ['a\u0001b\r\nc\u007f.png', 'a_b__c_.png'],
    ['invoice\u202egnp.exe', 'invoice_gnp.exe.png'],
    ['page.html', 'page.html.png'],
    ['say "hi" <b>|?*:.png', 'say _hi_ _b_____.png'],
    ['  ...hidden.png ..', 'hidden.png'],
    ['', 'attachment.png'],
    ['/', 'attachment.png'],
    ['...', 'attachment.png'],
    ['PHOTO.PNG', 'PHOTO.PNG'],
  ];
  for (const [sent, kept] of cases) {
    const res = await upload(png(), { header: encodeURIComponent(sent) });
    assert.equal(res.status, 201, `${JSON.stringify(sent)}: ${res.text}`);
    assert.equal(res.body.name, kept, JSON.stringify(sent));
  }
  // ?name= works the same way
  assert.equal((await upload(png(), { name: '../x/照片.png' })).body.name, '照片.png');
  // a 10 KB name: cut to 100 characters, keeping the extension; a long Chinese one to 255 bytes
  const long = await upload(png(), { header: encodeURIComponent(`${'a'.repeat(10 * 1024)}.png`) });
  assert.equal(long.status, 201);
  assert.equal(long.body.name, `${'a'.repeat(96)}.png`);
  const longZh = await upload(png(), { name: `${'整'.repeat(1000)}.png` });
  assert.equal(longZh.status, 201);
  assert.ok(Buffer.byteLength(longZh.body.name) <= 255 && longZh.body.name.endsWith('.png'), longZh.body.name);
  assert.equal(longZh.body.name, `${'整'.repeat(83)}.png`);
  const d = await download(longZh.body.id, admin);
  assert.ok(d.headers.get('content-disposition').includes(`filename*=UTF-8''${encodeURIComponent(longZh.body.name)}`));
  // not UTF-8, or a NUL byte
  for (const [header, name, field] of [['%FF%FE.png', undefined, 'X-File-Name'], ['a%00b.png', undefined, 'X-File-Name'], [undefined, '\u0000.png', 'name']]) {
    const res = await upload(png(), { header, name });
    expectProblem(res, 400, 'validation_failed');
    assert.equal(res.body.errors[0].field, field);
  }
});

test('a retried upload with the same Idempotency-Key answers the first answer; another file under the key is 422', async () => {
  const key = `att-${Date.now()}`;
  const name = `retry-${key}.png`;
  const first = await upload(png(), { name, headers: { 'idempotency-key': key } });
  assert.equal(first.status, 201);
  const again = await upload(png(), { name, headers: { 'idempotency-key': key } });
  assert.equal(again.status, 201);
  assert.equal(again.body.id, first.body.id);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal((await q('SELECT count(*)::int AS n FROM attachments WHERE sha256 = $1 AND name = $2', [first.body.sha256, name]))[0].n, 1);
  const other = await upload(JPEG, { name: 'retry.jpg', headers: { 'idempotency-key': key } });
  expectProblem(other, 422, 'idempotency_key_reused');
});

test('uploads and downloads are audited; no token is 401', async () => {
  const a = (await upload(png(), { name: 'audited.png' })).body;
  const rows = await q("SELECT action, detail FROM audit_log WHERE object_type = 'attachment' AND object_id = $1", [a.id]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].action, 'attachment.create');
  assert.equal(rows[0].detail.sha256, a.sha256);
  const anon = await api('POST', UPLOAD, { raw: png(), headers: { 'content-type': 'image/png' } });
  expectProblem(anon, 401, 'unauthorized');
  expectProblem(await api('GET', `/api/v1/attachments/${a.id}/content`), 401, 'unauthorized');
});

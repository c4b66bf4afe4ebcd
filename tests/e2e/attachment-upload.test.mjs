// The SPA's evidence helper (web/js/upload.js) in a real Chromium: a large photo is shrunk on the
// device to 1600 px on its longest side as JPEG and turned upright by its EXIF orientation before
// it is uploaded with progress; the camera button asks for the back camera; the gallery shows a
// photo fetched with the bearer token and a document as a download link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_URL, VIEWPORTS, collectProblems, launch, newPage, signIn } from './browser.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The width and height in a JPEG's SOF0/SOF2 header. */
function jpegSize(buf) {
  assert.equal(buf[0], 0xff); assert.equal(buf[1], 0xd8);
  let p = 2;
  while (p + 9 < buf.length) {
    if (buf[p] !== 0xff) { p += 1; continue; }
    const marker = buf[p + 1];
    const len = buf.readUInt16BE(p + 2);
    if (marker >= 0xc0 && marker <= 0xc2) return { height: buf.readUInt16BE(p + 5), width: buf.readUInt16BE(p + 7) };
    p += 2 + len;
  }
  throw new Error('no SOF segment');
}

async function login(username) {
  const res = await fetch(`${BASE_URL}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Anquan@2026!' }) });
  return (await res.json()).access_token;
}

async function bytesOf(id, token) {
  const res = await fetch(`${BASE_URL}/api/v1/attachments/${id}/content`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

test('a large photo is shrunk to 1600 px as JPEG, turned upright by its EXIF orientation, and uploaded with progress', async () => {
  const page = await newPage(browser, VIEWPORTS[1]);
  const problems = collectProblems(page);
  await page.goto('/');
  await signIn(page, 'hpcdc.safety');
  const result = await page.evaluate(async () => {
    const upload = await import('/js/upload.js');
    /** A JPEG of w x h drawn on a canvas, with an EXIF orientation tag when given. */
    const jpeg = async (w, h, orientation) => {
      const c = document.createElement('canvas');
      c.width = w; c.height = h;
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#c00'; ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#00c'; ctx.fillRect(0, 0, w / 2, h / 2);
      const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
      let bytes = new Uint8Array(await blob.arrayBuffer());
      if (orientation) {
        // APP1 Exif: big-endian TIFF, one IFD entry 0x0112 (Orientation), SHORT, 1, value
        const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
        const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
        const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
        bytes = new Uint8Array([0xff, 0xd8, ...app1, ...bytes.slice(2)]);
      }
      return new File([bytes], 'IMG_0001.JPG', { type: 'image/jpeg' });
    };
    const png = async (w, h) => {
      const c = document.createElement('canvas');
      c.width = w; c.height = h;
      const ctx = c.getContext('2d');
      for (let i = 0; i < 50; i += 1) { ctx.fillStyle = `hsl(${i * 7}, 80%, 50%)`; ctx.fillRect(i * 60, i * 40, 300, 200); }
      return new File([await new Promise((r) => c.toBlob(r, 'image/png'))], '现场.png', { type: 'image/png' });
    };
    const progress = [];
    const big = await png(3000, 2000);
    const a = await upload.uploadFile(big, { onProgress: (f) => progress.push(f) });
    const rotated = await upload.uploadFile(await jpeg(2400, 1200, 6));
    const small = await jpeg(200, 100);
    const kept = await upload.shrinkPhoto(small);
    const ids = await upload.uploadFiles([await jpeg(300, 200), new File(['%PDF-1.4\n%%EOF\n'], '方案.pdf', { type: 'application/pdf' })]);
    return { a, bigSize: big.size, progress, rotated, keptSame: kept === small, ids };
  });
  assert.equal(result.a.content_type, 'image/jpeg');
  assert.equal(result.a.name, '现场.jpg');
  assert.ok(result.a.size < result.bigSize, `shrunk: ${result.a.size} < ${result.bigSize}`);
  assert.ok(result.progress.length >= 1 && result.progress.at(-1) === 1, `progress reported: ${result.progress}`);
  const token = await login('hpcdc.safety');
  assert.deepEqual(jpegSize(await bytesOf(result.a.id, token)), { width: 1600, height: 1067 });
  // orientation 6 (rotate 90° clockwise): 2400 x 1200 stored as 800 x 1600, upright
  assert.deepEqual(jpegSize(await bytesOf(result.rotated.id, token)), { width: 800, height: 1600 });
  assert.equal(result.keptSame, true, 'a small JPEG is sent as it is');
  assert.equal(result.ids.length, 2);
  assert.deepEqual(problems.list(), []);
  await page.context().close();
});

test('the camera button asks for the back camera; the gallery shows a photo fetched with the token and a document link', async () => {
  const page = await newPage(browser, VIEWPORTS[1]);
  await page.goto('/');
  await signIn(page, 'hpcdc.safety');
  await page.evaluate(async () => {
    const { loadMessages } = await import('/js/i18n.js');
    await loadMessages(['attachments']);
    const upload = await import('/js/upload.js');
    const picker = upload.attachmentPicker({ label: '整改后照片' });
    picker.element.id = 'picker';
    document.body.append(picker.element);
    // @ts-ignore
    window.picker = picker;
  });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#picker .att-camera').click()]);
  const input = chooser.element();
  assert.equal(await input.getAttribute('accept'), 'image/*');
  assert.equal(await input.getAttribute('capture'), 'environment');
  await chooser.setFiles({ name: 'after.png', mimeType: 'image/png',
    buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201e1b7aef50000000049454e44ae426082', 'hex') });
  await page.locator('#picker .att-done').waitFor();
  const ids = await page.evaluate(() => /** @type {any} */ (window).picker.ids());
  assert.equal(ids.length, 1);

  const token = await login('hpcdc.safety');
  const pdf = await (await fetch(`${BASE_URL}/api/v1/attachments?name=${encodeURIComponent('方案.pdf')}`, { method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: '%PDF-1.4\n%%EOF\n' })).json();
  const photo = await (await fetch(`${BASE_URL}/api/v1/attachments/${ids[0]}`, { headers: { authorization: `Bearer ${token}` } })).json();
  await page.evaluate(async (list) => {
    const upload = await import('/js/upload.js');
    const g = upload.attachmentGallery(list);
    g.element.id = 'gallery';
    document.body.append(g.element);
  }, [{ ...photo, kind: 'after' }, { ...pdf, kind: 'document' }]);
  const img = page.locator('#gallery img.att-thumb');
  await page.waitForFunction(() => {
    const i = /** @type {HTMLImageElement | null} */ (document.querySelector('#gallery img.att-thumb'));
    return i !== null && i.src.startsWith('blob:') && i.complete && i.naturalWidth > 0;
  });
  assert.equal(await img.getAttribute('alt'), photo.name);
  assert.equal(await page.locator('#gallery a.att-doc').textContent(), '方案.pdf');
  assert.match(await page.locator('#gallery .att-caption').first().textContent(), /整改后/);
  await page.context().close();
});

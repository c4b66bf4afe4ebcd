// The message catalogues: both languages hold exactly the same keys, none empty, with the same
// {placeholders}; every key the code names literally (t('...'), *Key: '...', data-i18n) exists.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';

const web = new URL('../../web/', import.meta.url);
const zh = (await import(new URL('js/messages/zh-CN.js', web).href)).default;
const en = (await import(new URL('js/messages/en.js', web).href)).default;

/** Every .js file under web/js, as [path, text]. */
async function sources() {
  const files = /** @type {string[]} */ (await readdir(new URL('js/', web), { recursive: true })).filter((f) => f.endsWith('.js') && !f.startsWith('messages'));
  return Promise.all(files.map(async (f) => /** @type {[string, string]} */ ([f, await readFile(new URL(`js/${f}`, web), 'utf8')])));
}

/** @param {string} text */
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('zh-CN and en have exactly the same keys', () => {
  const onlyZh = Object.keys(zh).filter((k) => !(k in en));
  const onlyEn = Object.keys(en).filter((k) => !(k in zh));
  assert.deepEqual({ onlyZh, onlyEn }, { onlyZh: [], onlyEn: [] });
});

test('no message is empty, and both languages use the same placeholders', () => {
  for (const [lang, cat] of [['zh-CN', zh], ['en', en]]) {
    for (const [key, value] of Object.entries(cat)) {
      assert.equal(typeof value, 'string', `${lang} ${key}`);
      assert.ok(value.trim().length > 0, `${lang} ${key} is empty`);
    }
  }
  for (const key of Object.keys(zh)) {
    if (key in en) assert.deepEqual(placeholders(en[key]), placeholders(zh[key]), `placeholders of ${key}`);
  }
});

test('every catalogue key the code names literally exists, and every key prefix built at run time has messages', async () => {
  const missing = [];
  const prefixes = [];
  let named = 0;
  for (const [file, text] of await sources()) {
    const literal = [
      ...text.matchAll(/\bt\(\s*'([^']+)'/g),
      ...text.matchAll(/\b(?:hintKey|labelKey|captionKey|totalKey|noneKey|titleKey|yesKey|key)\s*:\s*'([^']+)'/g),
      ...text.matchAll(/\bt\(\s*\w+\s*\?\s*'([^']+)'\s*:\s*'([^']+)'/g),
      ...text.matchAll(/\bfield\(\s*'([^']+)'/g),
    ];
    for (const m of literal) {
      for (const key of m.slice(1).filter(Boolean)) {
        named += 1;
        if (!(key in zh)) missing.push(`${file}: ${key}`);
      }
    }
    for (const m of text.matchAll(/\bt\(\s*`([\w.-]+\.)\$\{/g)) prefixes.push([file, m[1]]);
  }
  const html = await readFile(new URL('index.html', web), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-[\w-]+)?="([^"]+)"/g)) {
    named += 1;
    if (!(m[1] in zh)) missing.push(`index.html: ${m[1]}`);
  }
  assert.ok(named > 300, `found ${named} keys named in the code`);
  assert.deepEqual(missing, []);
  const noPrefix = prefixes.filter(([, p]) => !Object.keys(zh).some((k) => k.startsWith(p))).map(([f, p]) => `${f}: ${p}`);
  assert.deepEqual(noPrefix, []);
});

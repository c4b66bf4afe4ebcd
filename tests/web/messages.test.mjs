// The message catalogues: one file per feature and language (web/js/messages/<lang>/<feature>.js),
// merged by web/js/messages/<lang>.js. Each feature file holds the same keys in both languages, no
// key is defined twice, a key prefix lives in one feature file, and the merged catalogue is exactly
// the feature files; both languages hold exactly the same keys, none empty, with the same
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
      ...text.matchAll(/\b(?:\w*Key|key)\s*:\s*'([^']+)'/g),
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

const LANGS = /** @type {const} */ (['zh-CN', 'en']);
const CATALOGUE = { 'zh-CN': zh, en };

/**
 * The feature files of one language: name, the keys as written in the text (in order, repeats
 * kept) and the module's own keys.
 * @param {string} lang
 */
async function featureFiles(lang) {
  const dir = new URL(`js/messages/${lang}/`, web);
  const names = (await readdir(dir)).filter((f) => f.endsWith('.js')).sort();
  return Promise.all(names.map(async (name) => {
    const text = await readFile(new URL(name, dir), 'utf8');
    const body = text.slice(text.indexOf('export default {') + 'export default {'.length, text.lastIndexOf('};'));
    const written = [];
    const other = [];
    for (const line of body.split('\n')) {
      const m = line.match(/^ {2}'([^']+)': /);
      if (m) written.push(m[1]);
      else if (line.trim() !== '' && !line.trim().startsWith('//')) other.push(line);
    }
    const module = (await import(new URL(name, dir).href)).default;
    return { name, written, other, keys: Object.keys(module) };
  }));
}

test('each feature file has the same keys in zh-CN and en', async () => {
  const [zhFiles, enFiles] = await Promise.all(LANGS.map(featureFiles));
  assert.deepEqual(zhFiles.map((f) => f.name), enFiles.map((f) => f.name), 'the same feature files in both languages');
  assert.ok(zhFiles.length >= 10, `found ${zhFiles.length} feature files`);
  for (const [i, z] of zhFiles.entries()) {
    const e = enFiles[i];
    const onlyZh = z.keys.filter((k) => !e.keys.includes(k));
    const onlyEn = e.keys.filter((k) => !z.keys.includes(k));
    assert.deepEqual({ file: z.name, onlyZh, onlyEn }, { file: z.name, onlyZh: [], onlyEn: [] });
  }
});

test('no key is defined twice, and each key prefix lives in one feature file', async () => {
  for (const lang of LANGS) {
    const files = await featureFiles(lang);
    /** @type {Map<string, string>} */
    const where = new Map();
    /** @type {Map<string, string>} */
    const prefixFile = new Map();
    const twice = [];
    const split = [];
    for (const f of files) {
      assert.deepEqual(f.other, [], `${lang}/${f.name}: one 'key': 'value', per line (so that this test sees every key)`);
      assert.equal(f.written.length, f.keys.length, `${lang}/${f.name}: the keys written are the module's keys`);
      for (const key of f.written) {
        if (where.has(key)) twice.push(`${key}: ${lang}/${where.get(key)} and ${lang}/${f.name}`);
        where.set(key, f.name);
        const prefix = key.split('.')[0];
        if (prefixFile.has(prefix) && prefixFile.get(prefix) !== f.name) split.push(`${prefix}.*: ${lang}/${prefixFile.get(prefix)} and ${lang}/${f.name}`);
        prefixFile.set(prefix, f.name);
      }
    }
    assert.deepEqual(twice, [], `${lang}: keys defined twice`);
    assert.deepEqual([...new Set(split)], [], `${lang}: key prefixes split across feature files`);
  }
});

test('each language\'s catalogue is exactly its feature files, and features.js lists every one', async () => {
  const { FEATURES } = await import(new URL('js/messages/features.js', web).href);
  for (const lang of LANGS) {
    const files = await featureFiles(lang);
    assert.deepEqual([...FEATURES].sort(), files.map((f) => f.name.replace(/\.js$/, '')), `features.js lists the files of ${lang}/`);
    const all = files.flatMap((f) => f.keys);
    assert.deepEqual(Object.keys(CATALOGUE[lang]).sort(), [...all].sort(), `${lang}.js is the union of its feature files`);
  }
});

// The SPA loads the shell's features (i18n.js SHELL_FEATURES) at start and a route's features
// (routes.js) with its view: every key a module names must be in a feature loaded by then.
test('the shell and each route load every message feature their modules use', async () => {
  const root = new URL('js/', web);
  /** @type {Map<string, string>} */
  const featureOf = new Map();
  for (const f of await featureFiles('zh-CN')) for (const key of f.keys) featureOf.set(key.split('.')[0], f.name.replace(/\.js$/, ''));
  const files = /** @type {string[]} */ (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.js') && !f.startsWith('messages'));
  /** @type {Map<string, string>} */
  const text = new Map(await Promise.all(files.map(async (f) => /** @type {[string, string]} */ ([f, await readFile(new URL(f, root), 'utf8')]))));
  const html = await readFile(new URL('index.html', web), 'utf8');
  /** @type {Map<string, string>} the markup of each <template id> */
  const templates = new Map([...html.matchAll(/<template id="([^"]+)">([\s\S]*?)<\/template>/g)].map((m) => [m[1], m[2]]));
  const markupKeys = (/** @type {string} */ markup) => [...markup.matchAll(/data-i18n(?:-[\w-]+)?="([^"]+)"/g)].map((m) => m[1]);
  /** The key prefixes one module names: literal keys, keys built from a literal prefix, templates it clones. @param {string} f */
  const prefixes = (f) => {
    const src = text.get(f) ?? '';
    const keys = [
      ...[...src.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]),
      ...[...src.matchAll(/\b(?:\w*Key|key)\s*:\s*'([^']+)'/g)].map((m) => m[1]),
      ...[...src.matchAll(/\bt\(\s*\w+\s*\?\s*'([^']+)'\s*:\s*'([^']+)'/g)].flatMap((m) => [m[1], m[2]]),
      ...[...src.matchAll(/\bfield\(\s*'([^']+)'/g)].map((m) => m[1]),
      ...[...src.matchAll(/\bt\(\s*`([\w-]+)\./g)].map((m) => m[1]),
      ...[...src.matchAll(/\bcodeOptions\(\s*'([\w-]+)'/g)].map((m) => m[1]),
      ...[...src.matchAll(/\bcloneTemplate\(\s*'([^']+)'/g)].flatMap((m) => markupKeys(templates.get(m[1]) ?? '')),
    ];
    return keys.map((k) => k.split('.')[0]);
  };
  /** @param {string} f */
  const imports = (f) => [...(text.get(f) ?? '').matchAll(/^import [^'"]*['"](\.[^'"]+)['"]/gm)]
    .map((m) => new URL(m[1], new URL(f, root)).href.slice(root.href.length)).filter((x) => text.has(x));
  /** @param {string} f @param {Set<string>} [seen] */
  const closure = (f, seen = new Set()) => {
    if (!seen.has(f)) {
      seen.add(f);
      for (const i of imports(f)) closure(i, seen);
    }
    return seen;
  };
  /** The features a set of modules needs. @param {Iterable<string>} modules */
  const needs = (modules) => new Set([...modules].flatMap(prefixes).map((p) => featureOf.get(p) ?? `(no feature for ${p}.*)`));

  const shellText = text.get('i18n.js') ?? '';
  const shellFeatures = JSON.parse((shellText.match(/export const SHELL_FEATURES = (\[[^\]]*\]);/)?.[1] ?? '[]').replaceAll("'", '"'));
  assert.ok(shellFeatures.length > 0, 'i18n.js names SHELL_FEATURES');
  const shell = closure('app.js');
  const outside = html.replace(/<template[\s\S]*?<\/template>/g, '');
  const shellNeeds = new Set([...needs(shell), ...markupKeys(outside).map((k) => featureOf.get(k.split('.')[0]))]);
  assert.deepEqual([...shellNeeds].filter((f) => !shellFeatures.includes(f)), [], 'the shell (app.js and its imports, index.html) uses only SHELL_FEATURES');

  const routes = [...(text.get('routes.js') ?? '').matchAll(/route\('[^']*', \(\) => import\('\.\/([\w/.-]+)'\)(?:, \[([^\]]*)\])?\)/g)];
  assert.ok(routes.length >= 20, `found ${routes.length} routes`);
  const missing = [];
  for (const [, view, list] of routes) {
    const declared = new Set([...shellFeatures, ...[...(list ?? '').matchAll(/'([\w-]+)'/g)].map((m) => m[1])]);
    const modules = [...closure(view)].filter((m) => !shell.has(m));
    for (const f of needs(modules)) if (!declared.has(f)) missing.push(`${view}: ${f}`);
  }
  assert.deepEqual(missing, [], 'features a route uses but does not load');
});

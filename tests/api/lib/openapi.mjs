// Response validation against the bundled OpenAPI document (build/openapi.json).
// Build it first: npx redocly bundle openapi/openapi.yaml --ext json -o build/openapi.json
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BUNDLE_PATH = fileURLToPath(new URL('../../../build/openapi.json', import.meta.url));

if (!existsSync(BUNDLE_PATH)) {
  throw new Error(`${BUNDLE_PATH} is missing: run ` +
    '`npx redocly bundle openapi/openapi.yaml --ext json -o build/openapi.json` (or make) first');
}

export const doc = JSON.parse(readFileSync(BUNDLE_PATH, 'utf8'));

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
// All component schemas live inside one registered schema resource, so that the document's own
// "#/components/schemas/X" references resolve unchanged.
const DOC_ID = 'https://anquan.invalid/openapi.json';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: DOC_ID, components: { schemas: doc.components?.schemas ?? {} } });
for (const name of Object.keys(doc.components?.schemas ?? {})) {
  // compile each one now, so a broken component fails at load time, not in the middle of a test
  ajv.getSchema(`${DOC_ID}#/components/schemas/${name}`);
}

const compiled = new Map();
function compile(schema) {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    // local "#/components/..." refs inside inline schemas are rebased onto the registered document
    v = ajv.compile(rebase(schema));
    compiled.set(key, v);
  }
  return v;
}

// Point local refs ("#/...") at the registered document resource.
function rebase(node) {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = (k === '$ref' && typeof v === 'string' && v.startsWith('#')) ? DOC_ID + v : rebase(v);
    }
    return out;
  }
  return node;
}

/** Follow a local "#/a/b" $ref chain inside the document. */
export function deref(obj) {
  let seen = 0;
  while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
    assert.ok(obj.$ref.startsWith('#/'), `only local refs are supported, got ${obj.$ref}`);
    assert.ok(++seen < 20, `$ref loop at ${obj.$ref}`);
    let cur = doc;
    for (const part of obj.$ref.slice(2).split('/')) {
      cur = cur?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    assert.ok(cur !== undefined, `unresolvable $ref ${obj.$ref}`);
    obj = cur;
  }
  return obj;
}

/** Every operation in the document: [{method: 'GET', path: '/api/v1/health', operation}] */
export function operations() {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      if (item[m]) out.push({ method: m.toUpperCase(), path, operation: item[m], pathItem: item });
    }
  }
  return out;
}

export function findOperation(method, templatePath) {
  const item = doc.paths?.[templatePath];
  assert.ok(item, `path ${templatePath} is not in the OpenAPI document`);
  const op = item[method.toLowerCase()];
  assert.ok(op, `${method.toUpperCase()} ${templatePath} is not in the OpenAPI document`);
  return op;
}

function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function formatErrors(errors) {
  return (errors ?? []).map((e) => `  ${e.instancePath || '(root)'} ${e.message}` +
    (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '')).join('\n');
}

/** Validate a value against a schema object (may contain local refs). Throws AssertionError. */
export function validateAgainst(schema, value, label = 'value') {
  const v = compile(schema);
  if (!v(value)) {
    assert.fail(`${label} does not match its schema:\n${formatErrors(v.errors)}\n` +
      `body: ${JSON.stringify(value)?.slice(0, 2000)}`);
  }
}

/** Validate a value against components.schemas[name]. */
export function validateSchema(name, value) {
  assert.ok(doc.components?.schemas?.[name], `no components.schemas.${name}`);
  validateAgainst({ $ref: `#/components/schemas/${name}` }, value, `body (as ${name})`);
}

/** Check status/content-type/body against a response object (already chosen). */
function checkResponseObject(responseObj, label, contentType, body) {
  const response = deref(responseObj);
  const content = response.content;
  if (!content || Object.keys(content).length === 0) {
    assert.ok(body === undefined || body === null || body === '',
      `${label}: the document declares no content, but the response has a body`);
    return;
  }
  const mt = mediaType(contentType);
  const media = content[mt];
  assert.ok(media, `${label}: content type "${contentType}" is not declared ` +
    `(declared: ${Object.keys(content).join(', ')})`);
  if (media.schema !== undefined) validateAgainst(media.schema, body, label);
}

/**
 * Validate a response against the operation's declared response for `status`
 * (exact code, then the range "4XX", then "default").
 */
export function findResponse(method, templatePath, status) {
  const op = findOperation(method, templatePath);
  const responses = op.responses ?? {};
  const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default']
    .find((k) => responses[k] !== undefined);
  assert.ok(key, `${method.toUpperCase()} ${templatePath} -> ${status}: status ${status} is not declared ` +
    `(declared: ${Object.keys(responses).join(', ')})`);
  return deref(responses[key]);
}

export function validateResponse(method, templatePath, status, contentType, body) {
  const label = `${method.toUpperCase()} ${templatePath} -> ${status}`;
  checkResponseObject(findResponse(method, templatePath, status), label, contentType, body);
}

/** Check the declared response headers: required ones present, all present ones match their schema. */
export function validateHeaders(responseObj, headers, label) {
  for (const [name, h0] of Object.entries(deref(responseObj).headers ?? {})) {
    const h = deref(h0);
    const value = headers.get(name);
    if (value === null || value === undefined) {
      assert.ok(!h.required, `${label}: required header ${name} is missing`);
      continue;
    }
    if (h.schema) validateAgainst(h.schema, value, `${label}: header ${name}`);
  }
}

/** Validate a response against components.responses[name] (for answers no operation declares). */
export function validateComponentResponse(name, contentType, body, headers) {
  assert.ok(doc.components?.responses?.[name], `no components.responses.${name}`);
  checkResponseObject({ $ref: `#/components/responses/${name}` }, `response ${name}`, contentType, body);
  if (headers) validateHeaders(doc.components.responses[name], headers, `response ${name}`);
}

/**
 * expectValid(res, {method, path})  or  expectValid(res, body, {method, path})
 * res is the result of http.mjs api(): {status, headers, body}.
 */
export function expectValid(res, bodyOrOpts, maybeOpts) {
  let [body, opts] = arguments.length >= 3 ? [bodyOrOpts, maybeOpts] : [res.body, bodyOrOpts];
  // a non-JSON answer (text/csv, a spreadsheet) is checked as its text
  if (body === undefined && res.text !== undefined && res.text !== '' && !/json/i.test(res.headers.get('content-type') ?? '')) body = res.text;
  validateResponse(opts.method, opts.path, res.status, res.headers.get('content-type'), body);
  validateHeaders(findResponse(opts.method, opts.path, res.status), res.headers,
    `${opts.method.toUpperCase()} ${opts.path} -> ${res.status}`);
}

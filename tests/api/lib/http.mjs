// Small HTTP helpers for the API tests.  Base URL: env ANQUAN_URL (default http://127.0.0.1:18080).
import assert from 'node:assert/strict';
import http from 'node:http';
import { validateSchema } from './openapi.mjs';

export const BASE = (process.env.ANQUAN_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
export const BODY_LIMIT = Number(process.env.ANQUAN_BODY_LIMIT || 1048576);
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isJson(contentType) {
  const mt = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return mt === 'application/json' || mt.endsWith('+json');
}

function parseBody(contentType, text) {
  if (!isJson(contentType) || text === '') return undefined;
  try { return JSON.parse(text); } catch (e) {
    assert.fail(`response declared ${contentType} but is not JSON (${e.message}): ${text.slice(0, 500)}`);
  }
}

/**
 * api(method, path, {body, headers, raw}) with fetch.
 *  body: a JS value, sent as JSON with Content-Type application/json (unless headers set one)
 *  raw:  a string/Buffer sent byte for byte, with no Content-Type unless headers set one
 *  token: an access token, sent as Authorization: Bearer <token> (unless headers set one)
 * Returns {status, headers (a Headers), body (parsed when JSON or problem+json), text}.
 */
export async function api(method, path, { body, headers = {}, raw, token } = {}) {
  const h = new Headers(headers);
  if (token !== undefined && !h.has('authorization')) h.set('authorization', `Bearer ${token}`);
  let payload;
  if (raw !== undefined) {
    payload = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw; // Buffer: fetch adds no Content-Type
  } else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body), 'utf8');
    if (!h.has('content-type')) h.set('content-type', 'application/json');
  }
  const res = await fetch(BASE + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: parseBody(res.headers.get('content-type'), text) };
}

/**
 * rawRequest(method, rawPath, {headers, body, chunks, chunkDelayMs}) with node:http, for what fetch
 * cannot do: a request target sent byte for byte (no URL normalization of "..", "%2e%2e"), a body
 * without Content-Length (chunked), and a body the server may refuse before reading it all.
 * chunks are written one by one (chunkDelayMs apart), stopping early once the server has answered;
 * holdOpenMs: after the chunks, keep the body unfinished and wait that long for an answer (rejects if none).
 * headers is a plain object; the result's headers offers get(name) like fetch's Headers.
 * localAddress: the source address to connect from (e.g. '127.0.0.7'; Linux routes all of 127/8 to lo),
 * for rules that count per client address.
 */
export function rawRequest(method, rawPath, { headers = {}, body, chunks, chunkDelayMs = 0, holdOpenMs = 0, localAddress } = {}) {
  const url = new URL(BASE);
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = http.request({
      host: url.hostname, port: url.port || 80, method, path: rawPath, headers, agent: false,
      ...(localAddress ? { localAddress } : {}),
    }, (res) => {
      responded = true;
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        const ct = res.headers['content-type'];
        const hdrs = { get: (n) => { const v = res.headers[n.toLowerCase()]; return v === undefined ? null : [].concat(v).join(', '); }, raw: res.headers };
        try {
          resolve({ status: res.statusCode, headers: hdrs, text, body: parseBody(ct, text) });
        } catch (e) { reject(e); }
      });
    });
    // The server may answer (e.g. 413) and close before it has read everything we send:
    // an EPIPE/ECONNRESET after the response has started is expected, not a failure.
    req.on('error', (e) => {
      if (responded) return;
      e.message += ' (the connection failed before any response: a server refusing a body must still let the ' +
        'client read its answer, e.g. by discarding the rest of the body or closing with a lingering close)';
      reject(e);
    });
    (async () => {
      try {
        if (chunks) {
          for (const c of chunks) {
            if (responded || req.destroyed) break;
            if (!req.write(c)) {
              await new Promise((r) => {
                const done = () => { req.off('drain', done); req.off('close', done); r(); };
                req.on('drain', done); req.on('close', done);
              });
            }
            if (chunkDelayMs) await new Promise((r) => setTimeout(r, chunkDelayMs));
          }
          if (holdOpenMs && !responded) {
            // do not finish the body: wait for the server to answer on its own
            await new Promise((r) => { const tm = setTimeout(r, holdOpenMs); req.once('response', () => { clearTimeout(tm); r(); }); });
            if (!responded) {
              req.destroy();
              reject(new Error(`no answer within ${holdOpenMs} ms while the body was still incomplete`));
              return;
            }
          }
          req.end();
        } else {
          req.end(body);
        }
      } catch { /* reported through 'error' or the response */ }
    })();
  });
}

/**
 * Assert an RFC 9457 answer: status, application/problem+json, valid against components Problem,
 * body.status == status, the expected code, and request_id == the X-Request-Id header.
 */
export function expectProblem(res, status, code) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  const ct = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  assert.equal(ct, 'application/problem+json', 'problem content type');
  assert.ok(res.body && typeof res.body === 'object', 'problem body is a JSON object');
  validateSchema('Problem', res.body);
  assert.equal(res.body.status, status, 'problem.status equals the HTTP status');
  if (code !== undefined) assert.equal(res.body.code, code, 'problem.code');
  const rid = res.headers.get('x-request-id');
  assert.ok(rid, 'X-Request-Id header present');
  assert.equal(res.body.request_id, rid, 'problem.request_id equals the X-Request-Id header');
  return res.body;
}

/** Poll fn() every intervalMs until pred(result) is true or timeoutMs passes; returns the last result. */
export async function pollUntil(fn, pred, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { last = await fn(); } catch (e) { last = { error: e }; }
    if (pred(last)) return last;
    if (Date.now() >= deadline) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * apiFrom(localAddress, method, path, {body, headers, token}): like api(), but over node:http from
 * the given source address (per-address rules such as the sign-in rate limit).
 */
export function apiFrom(localAddress, method, path, { body, headers = {}, token } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body), 'utf8');
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
    h['content-length'] = String(payload.length);
  }
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  return rawRequest(method, path, { headers: h, body: payload, localAddress });
}

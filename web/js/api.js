// @ts-check
/** The only module that talks to the server: base URL, bearer token, JSON, timeouts, problem+json errors. */

export const API_BASE = '/api/v1';
export const TIMEOUT_MS = 15000;

/** A failed API call. status 0 means the request never got an HTTP answer (network, timeout). */
export class ApiError extends Error {
  /**
   * @param {{status: number, code: string, title: string, detail?: string,
   *          errors?: {field?: string, code?: string, message?: string}[],
   *          requestId?: string | null, body?: any, retryAfter?: number | null}} init
   */
  constructor(init) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail ?? '';
    this.errors = init.errors ?? [];
    this.requestId = init.requestId ?? null;
    /** The whole problem document, for extension members. */
    this.body = init.body ?? null;
    /** Seconds from a Retry-After header (account_locked, rate_limited), or null. */
    this.retryAfter = init.retryAfter ?? null;
  }
}

/** @type {string | null} */
let token = null;
/** @type {(error: ApiError) => void} */
let unauthorizedHandler = () => {};
/** @type {(error: ApiError) => void} */
let passwordChangeHandler = () => {};

/**
 * Sets (or with null clears) the bearer token sent with every request.
 * @param {string | null} value
 */
export function setToken(value) {
  token = value;
}

/**
 * Registers what happens when the server answers 401 (the app sends the user to the login screen).
 * @param {(error: ApiError) => void} handler
 */
export function setUnauthorizedHandler(handler) {
  unauthorizedHandler = handler;
}

/**
 * Registers what happens when the server answers 403 password_change_required.
 * @param {(error: ApiError) => void} handler
 */
export function setPasswordChangeHandler(handler) {
  passwordChangeHandler = handler;
}

/**
 * @typedef {object} RequestOptions
 * @property {any} [body] sent as JSON
 * @property {Record<string, string | number | boolean | null | undefined>} [query]
 * @property {AbortSignal} [signal] cancels the request (the timeout still applies)
 * @property {number} [timeout] milliseconds, default TIMEOUT_MS
 * @property {Record<string, string>} [headers] extra request headers (If-Match)
 * @property {boolean} [quiet401] a 401 is an answer for the caller (sign-in, refresh), not a lost session
 * @property {Blob | string} [raw] sent as-is instead of JSON (a CSV file), with rawType as its Content-Type
 * @property {string} [rawType] Content-Type of raw
 * @property {boolean} [blob] resolve with the body as a Blob (downloads)
 */

/**
 * Calls the API and resolves with the parsed JSON body (null for 204); rejects with ApiError.
 * @param {string} method
 * @param {string} path starting with '/', relative to API_BASE
 * @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function request(method, path, options = {}) {
  return (await requestFull(method, path, options)).data;
}

/**
 * Like request, but also resolves with the response headers (for ETag).
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<{data: any, headers: Headers}>}
 */
export async function requestFull(method, path, options = {}) {
  const url = new URL(API_BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== null && value !== undefined) url.searchParams.set(key, String(value));
  }

  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json, application/problem+json', ...(options.headers ?? {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  /** @type {string | Blob | undefined} */
  let body;
  if (options.raw !== undefined) {
    headers['Content-Type'] = options.rawType ?? 'application/octet-stream';
    body = options.raw;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout ?? TIMEOUT_MS);
  const outer = options.signal;
  const forwardAbort = () => controller.abort();
  outer?.addEventListener('abort', forwardAbort, { once: true });

  /** @type {Response} */
  let res;
  try {
    res = await fetch(url, { method, headers, body, signal: controller.signal, credentials: 'same-origin' });
  } catch (cause) {
    if (timedOut) throw new ApiError({ status: 0, code: 'timeout', title: 'Request timed out' });
    if (outer?.aborted) throw new ApiError({ status: 0, code: 'aborted', title: 'Request cancelled' });
    throw new ApiError({ status: 0, code: 'network', title: 'Network error', detail: String(cause) });
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', forwardAbort);
  }

  if (res.ok) {
    if (res.status === 204) return { data: null, headers: res.headers };
    if (options.blob) return { data: await res.blob(), headers: res.headers };
    const type = res.headers.get('Content-Type') ?? '';
    return { data: await (type.includes('json') ? res.json() : res.text()), headers: res.headers };
  }

  const error = await toApiError(res);
  if (res.status === 401 && !options.quiet401) unauthorizedHandler(error);
  if (res.status === 403 && error.code === 'password_change_required') passwordChangeHandler(error);
  throw error;
}

/**
 * Builds an ApiError from a non-2xx response, reading problem+json when the server sent it.
 * @param {Response} res
 * @returns {Promise<ApiError>}
 */
async function toApiError(res) {
  const requestId = res.headers.get('X-Request-Id');
  const retry = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
  const retryAfter = Number.isFinite(retry) ? retry : null;
  const type = res.headers.get('Content-Type') ?? '';
  /** @type {any} */
  let problem = null;
  if (type.includes('json')) {
    try {
      problem = await res.json();
    } catch {
      problem = null;
    }
  }
  if (problem && typeof problem === 'object') {
    return new ApiError({
      status: res.status,
      code: typeof problem.code === 'string' ? problem.code : `http_${res.status}`,
      title: typeof problem.title === 'string' ? problem.title : res.statusText,
      detail: typeof problem.detail === 'string' ? problem.detail : '',
      errors: Array.isArray(problem.errors) ? problem.errors : [],
      requestId: problem.request_id ?? requestId,
      body: problem,
      retryAfter,
    });
  }
  return new ApiError({ status: res.status, code: `http_${res.status}`, title: res.statusText || `HTTP ${res.status}`, requestId, retryAfter });
}

/**
 * GET of one record with the version to send back in If-Match: its ETag, or `"v<version>"` when a
 * proxy dropped the header.
 * @param {string} path
 * @returns {Promise<{record: any, etag: string}>}
 */
export async function getVersioned(path) {
  const res = await requestFull('GET', path);
  return { record: res.data, etag: res.headers.get('ETag') ?? `"v${res.data.version}"` };
}

/** @param {string} path @param {RequestOptions} [options] */
export const get = (path, options) => request('GET', path, options);
/** @param {string} path @param {any} body @param {RequestOptions} [options] */
export const post = (path, body, options) => request('POST', path, { ...options, body });
/** @param {string} path @param {any} body @param {RequestOptions} [options] */
export const put = (path, body, options) => request('PUT', path, { ...options, body });
/** @param {string} path @param {any} body @param {RequestOptions} [options] */
export const patch = (path, body, options) => request('PATCH', path, { ...options, body });
/** @param {string} path @param {RequestOptions} [options] */
export const del = (path, options) => request('DELETE', path, options);

/**
 * The file name of a Content-Disposition header (filename="..."), or fallback.
 * @param {string | null} header
 * @param {string} fallback
 */
function attachmentName(header, fallback) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header ?? '');
  return plain ? plain[1] : fallback;
}

/**
 * Downloads an attachment (an export) with the bearer token: fetches it as a Blob, then lets the
 * browser save it through an object URL and a temporary a[download].
 * @param {string} path
 * @param {Record<string, string | number | boolean | null | undefined>} query
 * @param {string} fallbackName file name when the server names none
 * @returns {Promise<string>} the file name used
 */
export async function download(path, query, fallbackName) {
  const { data, headers } = await requestFull('GET', path, { query, blob: true, timeout: 60000 });
  const name = attachmentName(headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

/**
 * Sends raw bytes (a CSV file) and resolves with the parsed JSON answer.
 * @param {string} method
 * @param {string} path
 * @param {Blob | string} raw
 * @param {string} rawType Content-Type
 * @param {RequestOptions} [options]
 */
export const sendRaw = (method, path, raw, rawType, options = {}) => request(method, path, { ...options, raw, rawType, timeout: 60000 });

/**
 * Sends a file (raw bytes) with upload progress, which fetch cannot report: the same token, 401
 * handling and problem+json errors as request(), through XMLHttpRequest. Resolves with the parsed
 * JSON answer; rejects with ApiError.
 * @param {string} path starting with '/', relative to API_BASE
 * @param {Blob} blob the bytes (its type, or application/octet-stream, is sent as Content-Type)
 * @param {{query?: Record<string, string | null | undefined>, headers?: Record<string, string>,
 *          onProgress?: (sent: number, total: number) => void, signal?: AbortSignal, timeout?: number}} [options]
 * @returns {Promise<any>}
 */
export function uploadRaw(path, blob, options = {}) {
  const url = new URL(API_BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.timeout = options.timeout ?? 120000;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Content-Type', blob.type || 'application/octet-stream');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    const onProgress = options.onProgress;
    if (onProgress) xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : blob.size));
    const abort = () => xhr.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', abort);
    xhr.addEventListener('timeout', () => { done(); reject(new ApiError({ status: 0, code: 'timeout', title: 'Request timed out' })); });
    xhr.addEventListener('abort', () => { done(); reject(new ApiError({ status: 0, code: 'aborted', title: 'Request cancelled' })); });
    xhr.addEventListener('error', () => { done(); reject(new ApiError({ status: 0, code: 'network', title: 'Network error' })); });
    xhr.addEventListener('load', () => {
      done();
      const type = xhr.getResponseHeader('Content-Type') ?? '';
      const text = xhr.responseText;
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(type.includes('json') && text ? JSON.parse(text) : text);
        } catch {
          reject(new ApiError({ status: xhr.status, code: 'invalid_answer', title: 'Invalid answer' }));
        }
        return;
      }
      const headers = new Headers();
      for (const name of ['Content-Type', 'X-Request-Id', 'Retry-After']) {
        const v = xhr.getResponseHeader(name);
        if (v !== null) headers.set(name, v);
      }
      toApiError(new Response(text || null, { status: xhr.status, statusText: xhr.statusText, headers })).then((error) => {
        if (xhr.status === 401) unauthorizedHandler(error);
        if (xhr.status === 403 && error.code === 'password_change_required') passwordChangeHandler(error);
        reject(error);
      });
    });
    xhr.send(blob);
  });
}

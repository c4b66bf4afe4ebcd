// @ts-check
/**
 * The signed-in user: sign-in, silent restore and refresh, sign-out. The access token lives only in
 * memory (api.setToken); the refresh token is the server's HttpOnly cookie, which this code never sees.
 */
import { post, get, setToken } from './api.js';

/**
 * @typedef {object} Me
 * @property {{id: string, username: string, display_name: string, role: string, org_id: string, org_name: string}} user
 * @property {{id: string, name: string, level: string, division_code: string | null}} org
 * @property {string[]} permissions
 * @property {boolean} password_change_required
 */

/** Lets the app skip the refresh call on a first visit (no console noise, no wasted request). Not a secret. */
const HINT_KEY = 'anquan.session';
/** Refresh this many seconds before the access token expires. */
const REFRESH_MARGIN_S = 60;

/** @type {Me | null} */
let me = null;
/** @type {ReturnType<typeof setTimeout> | null} */
let timer = null;
/** @type {Set<(me: Me | null) => void>} */
const listeners = new Set();
/** @type {() => void} */
let expiredHandler = () => {};

/** @returns {Me | null} the signed-in user, or null */
export function current() {
  return me;
}

/**
 * @param {string} permission e.g. "user:read"
 * @returns {boolean}
 */
export function can(permission) {
  return Boolean(me && me.permissions.includes(permission));
}

/** @param {(me: Me | null) => void} listener */
export function onChange(listener) {
  listeners.add(listener);
}

/** Called when a silent refresh fails (the session ended on the server). @param {() => void} handler */
export function setExpiredHandler(handler) {
  expiredHandler = handler;
}

/** @param {boolean} on */
function setHint(on) {
  try {
    if (on) window.localStorage.setItem(HINT_KEY, '1');
    else window.localStorage.removeItem(HINT_KEY);
  } catch {
    // storage disabled: every start tries the refresh
  }
}

function hinted() {
  try {
    return window.localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

/** @param {Me | null} value */
function set(value) {
  me = value;
  for (const listener of listeners) listener(me);
}

/**
 * Takes a TokenResponse: keeps the access token, schedules the next refresh, records the user.
 * @param {{access_token: string, expires_in: number, user: Me, password_change_required: boolean}} tokens
 */
function accept(tokens) {
  setToken(tokens.access_token);
  setHint(true);
  schedule(tokens.expires_in);
  set({ ...tokens.user, password_change_required: tokens.password_change_required ?? tokens.user.password_change_required });
}

/** @param {number} expiresIn seconds */
function schedule(expiresIn) {
  if (timer) clearTimeout(timer);
  const delay = Math.max(5, expiresIn - REFRESH_MARGIN_S) * 1000;
  timer = setTimeout(() => {
    void refresh().then((ok) => {
      if (!ok) expiredHandler();
    });
  }, delay);
}

/** Forgets the session locally (token, timer, user). */
function clear() {
  if (timer) clearTimeout(timer);
  timer = null;
  setToken(null);
  setHint(false);
  set(null);
}

/**
 * Signs in; the server sets the refresh cookie. Rejects with ApiError (invalid_credentials,
 * account_locked, rate_limited, validation_failed).
 * @param {string} username
 * @param {string} password
 * @returns {Promise<Me>}
 */
export async function login(username, password) {
  const tokens = await post('/auth/login', { username, password, refresh_in: 'cookie' }, { quiet401: true });
  accept(tokens);
  return /** @type {Me} */ (me);
}

/**
 * Exchanges the refresh cookie for a new access token. Resolves false (and forgets the session)
 * when the server has no session for us.
 * @returns {Promise<boolean>}
 */
export async function refresh() {
  try {
    accept(await post('/auth/refresh', {}, { quiet401: true }));
    return true;
  } catch {
    clear();
    return false;
  }
}

/** On start-up: restores the session from the cookie when an earlier sign-in left one. */
export async function restore() {
  if (!hinted()) return false;
  return refresh();
}

/** Reloads /auth/me (after a password change). */
export async function reloadMe() {
  set(await get('/auth/me'));
}

/** Signs out on the server (revokes the refresh family, clears the cookie) and locally. */
export async function logout() {
  try {
    await post('/auth/logout', {}, { quiet401: true });
  } finally {
    clear();
  }
}

/** Forgets the local session after the server answered 401. */
export function drop() {
  clear();
}

/**
 * Changes the signed-in user's password, then reloads /auth/me (password_change_required clears).
 * @param {string} currentPassword
 * @param {string} newPassword
 */
export async function changePassword(currentPassword, newPassword) {
  await post('/auth/password', { current_password: currentPassword, new_password: newPassword });
  await reloadMe();
}

// @ts-check
/** Fetches /health and /ready and turns the answers into display texts (shared by home and status). */
import { ApiError, get } from '../api.js';
import { formatDateTime, t } from '../i18n.js';

/**
 * @typedef {object} Health
 * @property {string} status
 * @property {string} service
 * @property {string} version
 * @property {string} time
 */

/**
 * @typedef {object} SystemStatus
 * @property {Health | null} health   null when /health failed
 * @property {unknown} healthError
 * @property {{status: string, schema_version: number, expected_schema_version: number} | null} ready
 * @property {unknown} readyError     an ApiError 503 not_ready when the database is not ready
 */

/** @returns {Promise<SystemStatus>} never rejects */
export async function loadSystemStatus() {
  const [health, ready] = await Promise.allSettled([get('/health'), get('/ready')]);
  return {
    health: health.status === 'fulfilled' ? health.value : null,
    healthError: health.status === 'rejected' ? health.reason : null,
    ready: ready.status === 'fulfilled' ? ready.value : null,
    readyError: ready.status === 'rejected' ? ready.reason : null,
  };
}

/**
 * A readable message for a failed call, from the catalogue.
 * @param {unknown} error
 * @returns {string}
 */
export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.code === 'timeout') return t('error.timeout');
    if (error.status === 0) return t('error.network');
    return t('error.unknown', { status: error.status });
  }
  return t('error.network');
}

/**
 * @param {SystemStatus} s
 * @returns {{ok: boolean, text: string}}
 */
export function describeService(s) {
  if (!s.health) return { ok: false, text: t('health.unavailable') };
  if (s.health.status === 'ok') return { ok: true, text: t('health.ok') };
  return { ok: false, text: t('health.notOk', { status: s.health.status }) };
}

/**
 * @param {SystemStatus} s
 * @returns {{ok: boolean, text: string, schema: string}}
 */
export function describeDatabase(s) {
  if (s.ready) {
    const { schema_version: version, expected_schema_version: expected } = s.ready;
    const schema = version === expected
      ? t('health.schema', { version })
      : t('health.schemaExpected', { version, expected });
    return { ok: s.ready.status === 'ready', text: t('health.ready'), schema };
  }
  const error = s.readyError;
  if (error instanceof ApiError && error.status === 503) {
    const body = error.body ?? {};
    const schema = typeof body.schema_version === 'number'
      ? t('health.schemaExpected', { version: body.schema_version, expected: body.expected_schema_version ?? '?' })
      : '';
    return { ok: false, text: t('health.notReady'), schema };
  }
  return { ok: false, text: t('health.readyUnknown'), schema: '' };
}

/**
 * @param {SystemStatus} s
 * @returns {string} the server time in the current language, or '—'
 */
export function describeTime(s) {
  return s.health ? formatDateTime(s.health.time) : '—';
}

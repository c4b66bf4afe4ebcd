// @ts-check
/** The server's password policy (GET /auth/password-policy), read once, and the hint that says it. */
import { get } from './api.js';
import { t } from './i18n.js';

/** @typedef {{min_length: number, max_length: number, classes: number}} PasswordPolicy */

/** @type {Promise<PasswordPolicy | null> | null} */
let cached = null;

/**
 * The policy, or null when it could not be read (the hint then stays general). Asked once per page load.
 * @returns {Promise<PasswordPolicy | null>}
 */
export function passwordPolicy() {
  cached ??= get('/auth/password-policy').catch(() => {
    cached = null;
    return null;
  });
  return cached;
}

/**
 * The hint under a new-password field, in the current language: the length, and the character
 * classes when the policy asks for any.
 * @param {PasswordPolicy | null} policy
 * @returns {string}
 */
export function policyHint(policy) {
  if (!policy) return t('password.policy');
  if (policy.classes > 0) return t('password.policyClasses', { min: policy.min_length, classes: policy.classes });
  return t('password.policyLength', { min: policy.min_length });
}

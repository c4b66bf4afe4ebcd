// @ts-check
/** Sign-in and password change. Same keys as zh-CN/auth.js. */

/** @type {Record<string, string>} */
export default {
  'login.title': 'Sign in',
  'login.heading': 'Sign in',
  'login.intro': 'Sign in with the account your organisation gave you.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',

  'password.title': 'Change password',
  'password.heading': 'Change password',
  'password.required': 'For the safety of your account, set a new password before you continue.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.again': 'New password again',
  'password.policy': 'The password must meet this platform’s password policy.',
  'password.policyLength': 'At least {min} characters; a long phrase is fine, no particular kinds of characters are required.',
  'password.policyClasses': 'At least {min} characters, with at least {classes} of: upper-case letters, lower-case letters, digits, other symbols.',
  'password.mismatch': 'The two new passwords differ',
  'password.submit': 'Change password',
};

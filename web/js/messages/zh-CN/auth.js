// @ts-check
/** 登录与修改密码。键名与 en/auth.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'login.title': '登录',
  'login.heading': '登录',
  'login.intro': '请使用单位分配的账号登录。',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',

  'password.title': '修改密码',
  'password.heading': '修改密码',
  'password.required': '为了账号安全，请先设置新密码后再继续使用。',
  'password.current': '当前密码',
  'password.new': '新密码',
  'password.again': '再次输入新密码',
  'password.policy': '密码须符合本平台的密码策略。',
  'password.policyLength': '至少 {min} 个字符；可使用长短语，不要求特定字符类别。',
  'password.policyClasses': '至少 {min} 个字符，且包含大写字母、小写字母、数字、其他符号中的至少 {classes} 类。',
  'password.mismatch': '两次输入的新密码不一致',
  'password.submit': '确认修改',
};

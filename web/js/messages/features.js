// @ts-check
/** The message features, one file each in every language (zh-CN/<feature>.js, en/<feature>.js). The
 *  SPA loads them one by one (i18n.js, routes.js); zh-CN.js and en.js merge them all for the tests. */
export const FEATURES = [
  'app', 'common', 'home', 'system', 'auth', 'orgs', 'users', 'api-clients', 'audit',
  'institutions', 'key-locations', 'projects', 'risks', 'checklists', 'inspections', 'hazards', 'attachments', 'notices',
  // issue 10: campaigns (views/campaign*.js)
  'campaigns',
  // issue 10: reporting (views/report*.js, reporting.js)
  'reports',
];

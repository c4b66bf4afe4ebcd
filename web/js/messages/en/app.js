// @ts-check
/** The shell: title, language, layout, navigation, not found and forbidden. Same keys as zh-CN/app.js. */

/** @type {Record<string, string>} */
export default {
  'app.short': 'Anquan',
  'app.name': 'Health-sector work-safety governance',
  'app.title': 'Anquan · Health-sector work-safety governance',
  'app.loadFailed': 'The page could not be loaded. Check the network and reload.',

  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'layout.skip': 'Skip to main content',
  'layout.menu': 'Menu',
  'layout.nav': 'Main navigation',
  'layout.language': 'Interface language',
  'footer.note': 'For authorised users only.',

  'nav.home': 'Home',
  'nav.status': 'System status',
  'nav.about': 'About',

  'notFound.title': 'Page not found',
  'notFound.heading': 'Page not found',
  'notFound.text': 'The page you asked for does not exist or has been removed.',

  'layout.logout': 'Sign out',
  'layout.changePassword': 'Change password',
  'layout.userMenu': 'Signed-in user',

  'nav.orgs': 'Organisations',
  'nav.users': 'Users',
  'nav.apiClients': 'API clients',
  'nav.audit': 'Audit log',

  'forbidden.title': 'No access',
  'forbidden.heading': 'No access',
  'forbidden.text': 'Your role may not open this page. Ask your organisation’s administrator if you need it.',

  'nav.institutions': 'Institutions',
  'nav.risks': 'Risks',
  'nav.inspections': 'Inspections',
  'nav.hazards': 'Hazards',
  'nav.notices': 'Notices',
  'nav.checklists': 'Checklists',
  'nav.campaigns': 'Campaigns',
  'nav.unpermitted': 'Unpermitted works',
};

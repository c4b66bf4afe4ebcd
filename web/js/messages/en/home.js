// @ts-check
/** The home page. Same keys as zh-CN/home.js. */

/** @type {Record<string, string>} */
export default {
  'home.title': 'Home',
  'home.heading': 'Welcome to the health-sector work-safety governance platform',
  'home.intro': 'The platform serves the health administrations of the province, its cities and counties and every health institution below them: it runs work-safety campaigns, the closed loop of hazard reporting and rectification, and periodic reporting.',
  'home.moreStatus': 'System status details',

  'home.greeting': 'Hello, {name} ({role}, {org}).',

  'home.fig.grid': 'Health institutions',
  'home.fig.risks': 'Four-colour risks',
  'home.fig.inspections': 'Inspections this month',
  'home.fig.failed': 'Figures unavailable.',
  'home.fig.riskTotal': '{total} risk points in all',
  'home.fig.thisMonth': 'Inspections submitted this month',
  'home.fig.coverage': 'Coverage this month',
  'home.fig.coverageNote': '{inspected} of {units} institutions inspected ({rate}%)',
};

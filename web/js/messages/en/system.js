// @ts-check
/** System status and about. Same keys as zh-CN/system.js. */

/** @type {Record<string, string>} */
export default {
  'health.title': 'System health',
  'health.status': 'Service',
  'health.version': 'Version',
  'health.time': 'Server time (Beijing)',
  'health.database': 'Database',
  'health.ok': 'OK',
  'health.notOk': 'Degraded ({status})',
  'health.ready': 'Database ready',
  'health.notReady': 'Database not ready',
  'health.unavailable': 'Unavailable',
  'health.readyUnknown': 'Database status unavailable',
  'health.schema': 'schema version {version}',
  'health.schemaExpected': 'schema version {version}, expected {expected}',
  'health.loaded': 'Status updated.',
  'health.failed': 'Cannot reach the server. Check the network and try again.',

  'status.title': 'System status',
  'status.heading': 'System status',
  'status.intro': 'Live status of the server and its database.',
  'status.caption': 'Status details',
  'status.item': 'Item',
  'status.value': 'Status',
  'status.service': 'Service name',
  'status.schemaVersion': 'Database schema version',
  'status.expectedSchemaVersion': 'Schema version the server expects',
  'status.requestId': 'Request ID: {id}',

  'about.title': 'About',
  'about.heading': 'About the platform',
  'about.intro': 'Anquan is a work-safety campaign and hazard-governance platform for the health system: the provincial health commission, the city and county health administrations, and the hospitals, CDCs and primary-care institutions under them. Every user sees only the data of their own organisation and the organisations below it.',
  'about.databases.heading': 'Three supervision databases',
  'about.databases.institutions': 'Institutions: each unit’s registry record, its principal responsible person, safety department and safety officers, its grid, key locations and construction projects.',
  'about.databases.risks': 'Risks: risk points per unit and location, their assessment, the four-colour grade (red, orange, yellow, blue) and control measures.',
  'about.databases.inspections': 'Inspections: self-inspections, patrols, supervision visits, spot checks, unannounced visits, look-backs and acceptance checks, with their results.',
  'about.loop.heading': 'Closed-loop hazard management',
  'about.loop.text': 'Every hazard moves through report, registration, rectification and close-out, and each step records who acted, when and why. Major hazards can be listed for supervision; overdue hazards are flagged to the organisation above.',
  'about.campaigns.heading': 'Campaigns',
  'about.campaigns.text': 'A higher administration issues a campaign that cascades down its organisations: dated phases, check focus items and targets, monthly or weekly progress reports, and roll-up figures such as rectification and spot-check rates.',
};

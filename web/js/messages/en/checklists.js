// @ts-check
/** Checklist templates. Same keys as zh-CN/checklists.js. */

/** @type {Record<string, string>} */
export default {
  'checklists.title': 'Checklists',
  'checklists.heading': 'Checklist templates',
  'checklists.intro': 'National templates and those of your org and the orgs above it. Open one to see its items.',
  'checklists.none': 'No checklists.',
  'checklists.own': 'Local',
  'checklists.national': 'National',
  'checklists.count': '{n} items',
  'checklists.new': 'New checklist',
  'checklists.name': 'Name',
  'checklists.description': 'Description',
  'checklists.items': 'Items',
  'checklists.itemsHint': 'One item a line; optionally "text|category|legal basis".',
  'checklists.create': 'Create checklist',
  'checklists.created': 'Checklist created.',
};

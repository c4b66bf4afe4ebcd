// @ts-check
/** Construction projects and the unpermitted-project list. Same keys as zh-CN/projects.js. */

/** @type {Record<string, string>} */
export default {
  'proj.title': 'Construction projects',
  'proj.add': 'Add a project',
  'proj.edit': 'Edit project',
  'proj.none': 'No construction projects.',
  'proj.name': 'Project',
  'proj.contractor': 'Contractor',
  'proj.permit': 'Construction permit',
  'proj.permitHint': 'Leave empty when there is no permit.',
  'proj.noPermit': 'none',
  'proj.otherPermits': 'Other permits',
  'proj.start': 'Start',
  'proj.end': 'End',
  'proj.period': 'Period',
  'proj.status': 'Status',
  'proj.unpermitted': 'No construction permit',
  'proj.deleteConfirm': 'Delete the project "{name}"?',
  'projStatus.planned': 'Planned',
  'projStatus.under_way': 'Under way',
  'projStatus.suspended': 'Suspended',
  'projStatus.completed': 'Completed',
  'unpermitted.title': 'Unpermitted works',
  'unpermitted.heading': 'Construction under way without a permit',
  'unpermitted.intro': 'Projects under way with no construction permit on record.',
  'unpermitted.caption': 'Unpermitted construction under way',
  'unpermitted.total': '{total} projects, {shown} shown',
  'unpermitted.none': 'No unpermitted construction under way.',
};

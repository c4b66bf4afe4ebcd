// @ts-check
/** 建设项目与打非治违清单。键名与 en/projects.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'proj.title': '在建工程',
  'proj.add': '添加工程',
  'proj.edit': '编辑工程',
  'proj.none': '没有在建工程。',
  'proj.name': '工程名称',
  'proj.contractor': '施工单位',
  'proj.permit': '施工许可证',
  'proj.permitHint': '未取得施工许可的留空。',
  'proj.noPermit': '未取得',
  'proj.otherPermits': '其他许可',
  'proj.start': '开工日期',
  'proj.end': '竣工日期',
  'proj.period': '工期',
  'proj.status': '状态',
  'proj.unpermitted': '未取得施工许可',
  'proj.deleteConfirm': '确定删除工程“{name}”吗？',
  'projStatus.planned': '未开工',
  'projStatus.under_way': '在建',
  'projStatus.suspended': '停工',
  'projStatus.completed': '已完工',
  'unpermitted.title': '打非治违',
  'unpermitted.heading': '打非治违：未取得施工许可的在建工程',
  'unpermitted.intro': '状态为“在建”且未登记施工许可证的工程，应依法督促停工补办手续。',
  'unpermitted.caption': '未取得施工许可的在建工程',
  'unpermitted.total': '共 {total} 项，已显示 {shown} 项',
  'unpermitted.none': '没有未取得施工许可的在建工程。',
};

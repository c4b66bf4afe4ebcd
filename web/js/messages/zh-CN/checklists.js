// @ts-check
/** 检查表模板。键名与 en/checklists.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'checklists.title': '检查表',
  'checklists.heading': '检查表模板',
  'checklists.intro': '全国通用模板和本级及上级机构制定的检查表。点击展开查看检查项。',
  'checklists.none': '没有检查表。',
  'checklists.own': '本地',
  'checklists.national': '通用',
  'checklists.count': '{n} 项',
  'checklists.new': '新建检查表',
  'checklists.name': '名称',
  'checklists.description': '说明',
  'checklists.items': '检查项',
  'checklists.itemsHint': '每行一项；可用“|”分隔写上类别和依据，如：消防通道畅通|消防|《消防法》第二十八条',
  'checklists.create': '创建检查表',
  'checklists.created': '检查表已创建。',
};

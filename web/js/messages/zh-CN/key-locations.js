// @ts-check
/** 重点部位。键名与 en/key-locations.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'loc.title': '重点部位',
  'loc.add': '添加重点部位',
  'loc.edit': '编辑重点部位',
  'loc.none': '尚未登记重点部位。',
  'loc.kind': '类型',
  'loc.name': '名称',
  'loc.note': '备注',
  'loc.duty24h': '24小时值班',
  'loc.deleteConfirm': '确定删除重点部位“{name}”吗？',
  'locKind.oxygen_station': '氧气站/医用气体',
  'locKind.power_room': '配电室',
  'locKind.boiler_room': '锅炉房',
  'locKind.gas_pipeline': '燃气管道',
  'locKind.hazchem_store': '危化品库',
  'locKind.laboratory': '实验室',
  'locKind.kitchen': '厨房',
  'locKind.ebike_charging': '电动自行车充电区',
  'locKind.other': '其他',
};

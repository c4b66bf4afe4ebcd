// @ts-check
/** 首页。键名与 en/home.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'home.title': '首页',
  'home.heading': '欢迎使用卫生健康安全生产治理平台',
  'home.intro': '本平台服务于省、市、县三级卫生健康行政部门和各级医疗卫生机构，支撑安全生产专项整治行动的部署、隐患排查整改闭环管理和信息报送。',
  'home.moreStatus': '查看系统状态详情',

  'home.greeting': '您好，{name}（{role}，{org}）。',

  'home.fig.grid': '医疗卫生机构',
  'home.fig.risks': '风险四色分布',
  'home.fig.inspections': '本月监督检查',
  'home.fig.failed': '无法获取统计数据。',
  'home.fig.riskTotal': '共 {total} 个风险点',
  'home.fig.thisMonth': '本月已提交检查（次）',
  'home.fig.coverage': '本月检查覆盖率',
  'home.fig.coverageNote': '已检查 {inspected} / {units} 家机构（{rate}%）',
};

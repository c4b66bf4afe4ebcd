// @ts-check
/** 系统状态与关于。键名与 en/system.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'health.title': '系统运行状态',
  'health.status': '服务状态',
  'health.version': '版本',
  'health.time': '服务器时间（北京时间）',
  'health.database': '数据库',
  'health.ok': '正常',
  'health.notOk': '异常（{status}）',
  'health.ready': '数据库就绪',
  'health.notReady': '数据库未就绪',
  'health.unavailable': '无法获取',
  'health.readyUnknown': '无法获取数据库状态',
  'health.schema': '架构版本 {version}',
  'health.schemaExpected': '架构版本 {version}，应为 {expected}',
  'health.loaded': '状态已更新。',
  'health.failed': '无法连接服务器，请检查网络后重试。',

  'status.title': '系统状态',
  'status.heading': '系统状态',
  'status.intro': '服务器与数据库的实时运行状态。',
  'status.caption': '运行状态明细',
  'status.item': '项目',
  'status.value': '状态',
  'status.service': '服务名称',
  'status.schemaVersion': '当前数据库架构版本',
  'status.expectedSchemaVersion': '应用要求的架构版本',
  'status.requestId': '请求编号：{id}',

  'about.title': '关于',
  'about.heading': '关于本平台',
  'about.intro': '“安全”是面向卫生健康系统的安全生产专项整治与隐患治理平台，覆盖省卫生健康委、市（州）、县（市、区）卫生健康行政部门及其管辖的医院、疾控中心、基层医疗卫生机构等单位。每位用户只能看到本级及下级机构的数据。',
  'about.databases.heading': '三个监管数据库',
  'about.databases.institutions': '医疗卫生机构数据库：机构基本信息、主要负责人、安全管理部门和安全员、所属网格、重点部位和在建工程。',
  'about.databases.risks': '风险数据库：各单位、各部位的风险点，风险评估，红橙黄蓝四色分级和管控措施。',
  'about.databases.inspections': '监督检查数据库：自查、巡查、督查、抽查、暗访暗查、回头看和验收等各类检查及其结果。',
  'about.loop.heading': '隐患闭环管理',
  'about.loop.text': '隐患按“报告、登记、整改、销号”闭环流转，每一步都记录办理人、时间和理由。重大隐患可挂牌督办，逾期隐患自动提示上级部门。',
  'about.campaigns.heading': '专项整治行动',
  'about.campaigns.text': '上级部门发布专项整治行动，逐级部署到下级机构：分阶段推进、明确检查重点和目标，按月或按周报送进展，汇总统计整改率和抽查比例。',
};

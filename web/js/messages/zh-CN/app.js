// @ts-check
/** 应用外壳：标题、语言、布局、导航、页面不存在与无权访问。键名与 en/app.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'app.short': '安全',
  'app.name': '卫生健康安全生产治理平台',
  'app.title': '安全 · 卫生健康安全生产治理平台',
  'app.loadFailed': '页面加载失败，请检查网络后刷新重试。',

  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'layout.skip': '跳到主要内容',
  'layout.menu': '菜单',
  'layout.nav': '主导航',
  'layout.language': '界面语言',
  'footer.note': '仅供授权人员使用',

  'nav.home': '首页',
  'nav.status': '系统状态',
  'nav.about': '关于',

  'notFound.title': '页面不存在',
  'notFound.heading': '页面不存在',
  'notFound.text': '您访问的页面不存在或已被移除。',

  'layout.logout': '退出',
  'layout.changePassword': '修改密码',
  'layout.userMenu': '当前用户',

  'nav.orgs': '组织机构',
  'nav.users': '用户管理',
  'nav.apiClients': '接口客户端',
  'nav.audit': '审计日志',

  'forbidden.title': '无权访问',
  'forbidden.heading': '无权访问',
  'forbidden.text': '您的角色没有访问此页面的权限。如需开通，请联系本单位管理员。',

  'nav.institutions': '机构',
  'nav.risks': '风险',
  'nav.inspections': '检查',
  'nav.hazards': '隐患',
  'nav.notices': '整改通知书',
  'nav.checklists': '检查表',
  'nav.campaigns': '专项整治',
  'nav.unpermitted': '打非治违',
};

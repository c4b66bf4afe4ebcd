// @ts-check
/** 中文（简体）消息目录的全集（供测试与工具使用）：features.js 列出的每个功能文件（zh-CN/<功能>.js）合在一起；
 *  每个文件的键名与 en/ 下的同名文件一一对应，键的前缀（第一个点之前）只属于一个文件。
 *  The SPA does not import this file: i18n.js loads the feature files it needs (the shell's, then each route's). */
import { FEATURES } from './features.js';

/** @type {Record<string, string>} */
export default Object.assign({}, ...(await Promise.all(FEATURES.map((f) => import(`./zh-CN/${f}.js`)))).map((m) => m.default));

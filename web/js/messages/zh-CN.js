// @ts-check
/** 中文（简体）消息目录的全集（供测试与工具使用）。界面文字按功能分文件（zh-CN/<功能>.js），每个文件的键名与 en/ 下的同名文件一一对应；键的前缀（第一个点之前）只属于一个文件。
 *  The SPA does not import this file: i18n.js loads the feature files it needs (the shell's, then each route's). */
import app from './zh-CN/app.js';
import common from './zh-CN/common.js';
import home from './zh-CN/home.js';
import system from './zh-CN/system.js';
import auth from './zh-CN/auth.js';
import orgs from './zh-CN/orgs.js';
import users from './zh-CN/users.js';
import apiClients from './zh-CN/api-clients.js';
import audit from './zh-CN/audit.js';
import institutions from './zh-CN/institutions.js';
import keyLocations from './zh-CN/key-locations.js';
import projects from './zh-CN/projects.js';
import risks from './zh-CN/risks.js';
import checklists from './zh-CN/checklists.js';
import inspections from './zh-CN/inspections.js';

/** @type {Record<string, string>} */
export default {
  ...app,
  ...common,
  ...home,
  ...system,
  ...auth,
  ...orgs,
  ...users,
  ...apiClients,
  ...audit,
  ...institutions,
  ...keyLocations,
  ...projects,
  ...risks,
  ...checklists,
  ...inspections,
};

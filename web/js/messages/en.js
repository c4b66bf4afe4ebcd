// @ts-check
/** The whole English catalogue (for the tests and tools), one file per feature (en/<feature>.js), each with the same keys as its namesake under zh-CN/; a key's prefix (before the first dot) belongs to one file.
 *  The SPA does not import this file: i18n.js loads the feature files it needs (the shell's, then each route's). */
import app from './en/app.js';
import common from './en/common.js';
import home from './en/home.js';
import system from './en/system.js';
import auth from './en/auth.js';
import orgs from './en/orgs.js';
import users from './en/users.js';
import apiClients from './en/api-clients.js';
import audit from './en/audit.js';
import institutions from './en/institutions.js';
import keyLocations from './en/key-locations.js';
import projects from './en/projects.js';
import risks from './en/risks.js';
import checklists from './en/checklists.js';
import inspections from './en/inspections.js';

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

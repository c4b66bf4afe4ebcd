// @ts-check
/** The whole English catalogue (for the tests and tools): every feature file features.js lists
 *  (en/<feature>.js), each with the same keys as its namesake under zh-CN/; a key's prefix (before
 *  the first dot) belongs to one file.
 *  The SPA does not import this file: i18n.js loads the feature files it needs (the shell's, then each route's). */
import { FEATURES } from './features.js';

/** @type {Record<string, string>} */
export default Object.assign({}, ...(await Promise.all(FEATURES.map((f) => import(`./en/${f}.js`)))).map((m) => m.default));

// @ts-check
/** Route table: path pattern -> view module. Keep in step with nav.js. */
import * as about from './views/about.js';
import * as home from './views/home.js';
import * as notFound from './views/not-found.js';
import * as status from './views/status.js';

/** @type {Record<string, import('./router.js').View>} */
export const routes = {
  '/': home,
  '/status': status,
  '/about': about,
};

export { notFound };

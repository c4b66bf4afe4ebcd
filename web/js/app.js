// @ts-check
/** Composition root: wires language, layout, router and API together. */
import { setUnauthorizedHandler } from './api.js';
import { initI18n, onLangChange } from './i18n.js';
import { mountLayout } from './layout.js';
import { createRouter } from './router.js';
import { notFound, routes } from './routes.js';

initI18n();
const layout = mountLayout();
const router = createRouter({ routes, notFound, outlet: layout.outlet, onRender: layout.onRender });
onLangChange(() => {
  layout.refresh();
  router.rerender();
});
setUnauthorizedHandler(() => router.navigate('/login')); // the login view arrives with authentication
router.start();

// @ts-check
/** History-API router: path patterns (with :params) to view modules; intercepts clicks on a[data-link]. */
import { delegate, el, on } from './dom.js';

/**
 * A view module: render fills root (a fresh, empty element per navigation).
 * @typedef {object} View
 * @property {(root: HTMLElement, params: Record<string, string>) => void | Promise<void>} render
 * @property {string} [titleKey] catalogue key of the page title
 * @property {string} [access] who may open it (see routes.js); the guard decides
 */

/**
 * @typedef {object} RouterOptions
 * @property {Record<string, View>} routes path pattern ('/hazards/:id') -> view
 * @property {View} notFound view for paths no pattern matches
 * @property {HTMLElement} outlet where views are rendered
 * @property {(info: {path: string, view: View}) => void} [onRender] called before each render
 * @property {(info: {path: string, view: View}) => string | View | null} [guard] before each render:
 *           null to go ahead, a path to redirect to (replacing the history entry), or a view to show instead
 */

/**
 * @param {string} pattern
 * @returns {{regex: RegExp, names: string[]}}
 */
function compile(pattern) {
  /** @type {string[]} */
  const names = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

/** '/about/' and '/about' are the same page. @param {string} path */
function normalise(path) {
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/** @type {((path: string, opts?: {replace?: boolean}) => void) | null} */
let activeNavigate = null;

/**
 * Goes to path through the router the app created (for views: after a save, after sign-in).
 * @param {string} path
 * @param {{replace?: boolean}} [opts]
 */
export function navigate(path, opts) {
  activeNavigate?.(path, opts);
}

/** @param {RouterOptions} options */
export function createRouter(options) {
  const table = Object.entries(options.routes).map(([pattern, view]) => ({ ...compile(pattern), view }));

  /** @param {string} path */
  function resolve(path) {
    for (const route of table) {
      const match = route.regex.exec(path);
      if (match) {
        /** @type {Record<string, string>} */
        const params = {};
        route.names.forEach((name, i) => {
          params[name] = decodeURIComponent(match[i + 1]);
        });
        return { view: route.view, params };
      }
    }
    return { view: options.notFound, params: {} };
  }

  /** Renders the view for the current location into a fresh container. */
  function render() {
    let path = normalise(window.location.pathname);
    let { view, params } = resolve(path);
    for (let hops = 0; options.guard && hops < 3; hops += 1) {
      const verdict = options.guard({ path, view });
      if (verdict === null) break;
      if (typeof verdict !== 'string') {
        view = verdict;
        break;
      }
      window.history.replaceState(null, '', new URL(verdict, window.location.origin));
      path = normalise(window.location.pathname);
      ({ view, params } = resolve(path));
    }
    // A fresh container per render: a view whose fetch finishes after the user moved on
    // writes into a detached element and the page is unaffected.
    const root = el('div', { class: 'view' });
    options.outlet.replaceChildren(root);
    options.onRender?.({ path, view });
    Promise.resolve(view.render(root, params)).catch((error) => {
      console.error('view render failed', error);
    });
  }

  /**
   * Goes to path (pushes a history entry unless replace) and renders it; focus moves to the
   * main area so keyboard and screen-reader users land on the new content.
   * @param {string} path
   * @param {{replace?: boolean}} [opts]
   */
  function navigate(path, opts = {}) {
    const target = new URL(path, window.location.origin);
    const same = target.pathname === window.location.pathname && target.search === window.location.search;
    if (opts.replace || same) {
      window.history.replaceState(null, '', target);
    } else {
      window.history.pushState(null, '', target);
    }
    render();
    options.outlet.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  /** Starts listening (links, back/forward) and renders the current location. */
  function start() {
    delegate(document, 'a[data-link]', 'click', (event, link) => {
      const a = /** @type {HTMLAnchorElement} */ (link);
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (a.target && a.target !== '_self') return;
      if (a.origin !== window.location.origin || a.hasAttribute('download')) return;
      event.preventDefault();
      navigate(a.pathname + a.search + a.hash);
    });
    on(window, 'popstate', render);
    render();
  }

  activeNavigate = navigate;
  return { start, navigate, rerender: render };
}

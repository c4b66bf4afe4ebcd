// @ts-check
/** History-API router: path patterns (with :params) to lazily imported view modules; intercepts clicks on a[data-link]. */
import { delegate, el, on } from './dom.js';

/**
 * A view module: render fills root (a fresh, empty element per navigation).
 * @typedef {object} View
 * @property {(root: HTMLElement, params: Record<string, string>) => void | Promise<void>} render
 * @property {string} [titleKey] catalogue key of the page title
 */

/**
 * A route: who may open it (the guard decides) and how to import its view the first time.
 * @typedef {object} Route
 * @property {string} [access] see routes.js
 * @property {() => Promise<View>} load
 */

/**
 * @typedef {object} RouterOptions
 * @property {Record<string, Route>} routes path pattern ('/hazards/:id') -> route
 * @property {Route} notFound route for paths no pattern matches
 * @property {HTMLElement} outlet where views are rendered
 * @property {(info: {path: string}) => void} [onNavigate] called as soon as a location is resolved, before its
 *           view module may need loading (the frame closes its menu then)
 * @property {(info: {path: string, view: View}) => void} [onRender] called before each render
 * @property {(info: {path: string, route: Route}) => string | Route | null} [guard] before each render:
 *           null to go ahead, a path to redirect to (replacing the history entry), or a route to show instead
 * @property {(error: unknown) => void} [onLoadError] a view module could not be imported (network)
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
  const table = Object.entries(options.routes).map(([pattern, route]) => ({ ...compile(pattern), route }));
  /** Counts renders, so a view whose module arrives after the user moved on is not shown. */
  let generation = 0;

  /** @param {string} path */
  function resolve(path) {
    for (const entry of table) {
      const match = entry.regex.exec(path);
      if (match) {
        /** @type {Record<string, string>} */
        const params = {};
        entry.names.forEach((name, i) => {
          params[name] = decodeURIComponent(match[i + 1]);
        });
        return { route: entry.route, params };
      }
    }
    return { route: options.notFound, params: {} };
  }

  /**
   * Renders the view for the current location into a fresh container, importing its module
   * first when this is its first visit. Resolves when the view has finished rendering.
   * @param {{focus?: boolean}} [opts] focus: move focus to the main area (after a navigation)
   * @returns {Promise<void>}
   */
  async function render(opts = {}) {
    const mine = ++generation;
    let path = normalise(window.location.pathname);
    let { route, params } = resolve(path);
    for (let hops = 0; options.guard && hops < 3; hops += 1) {
      const verdict = options.guard({ path, route });
      if (verdict === null) break;
      if (typeof verdict !== 'string') {
        route = verdict;
        break;
      }
      window.history.replaceState(null, '', new URL(verdict, window.location.origin));
      path = normalise(window.location.pathname);
      ({ route, params } = resolve(path));
    }
    options.onNavigate?.({ path });
    // The page left behind is not shown while the next one's module loads (nor read as the new page).
    options.outlet.replaceChildren();
    /** @type {View} */
    let view;
    try {
      view = await route.load();
    } catch (error) {
      if (mine === generation) options.onLoadError?.(error);
      return;
    }
    if (mine !== generation) return;
    // A fresh container per render: a view whose fetch finishes after the user moved on
    // writes into a detached element and the page is unaffected.
    const root = el('div', { class: 'view' });
    options.outlet.replaceChildren(root);
    options.onRender?.({ path, view });
    if (opts.focus) options.outlet.focus({ preventScroll: true });
    try {
      await view.render(root, params);
    } catch (error) {
      console.error('view render failed', error);
    }
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
    void render({ focus: true });
    window.scrollTo(0, 0);
  }

  /** Starts listening (links, back/forward) and renders the current location; resolves when it is shown. */
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
    on(window, 'popstate', () => { void render(); });
    return render();
  }

  activeNavigate = navigate;
  return { start, navigate, rerender: () => render() };
}

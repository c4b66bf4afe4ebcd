// @ts-check
/** Tiny DOM helpers. Data only ever enters the page through textContent and setAttribute, never innerHTML. */

/**
 * First element matching selector inside scope, or null.
 * @param {string} selector
 * @param {ParentNode} [scope]
 * @returns {HTMLElement | null}
 */
export function qs(selector, scope = document) {
  return scope.querySelector(selector);
}

/**
 * All elements matching selector inside scope, as an array.
 * @param {string} selector
 * @param {ParentNode} [scope]
 * @returns {HTMLElement[]}
 */
export function qsa(selector, scope = document) {
  return Array.from(scope.querySelectorAll(selector));
}

/**
 * addEventListener that returns its own remover.
 * @param {EventTarget} target
 * @param {string} type
 * @param {(event: any) => void} handler
 * @param {AddEventListenerOptions} [options]
 * @returns {() => void}
 */
export function on(target, type, handler, options) {
  target.addEventListener(type, handler, options);
  return () => target.removeEventListener(type, handler, options);
}

/**
 * Listens on target for events whose origin lies inside an element matching selector
 * (one listener for many, also for elements added later). The handler gets the matched element.
 * @param {EventTarget & ParentNode} target
 * @param {string} selector
 * @param {string} type
 * @param {(event: any, match: HTMLElement) => void} handler
 * @returns {() => void}
 */
export function delegate(target, selector, type, handler) {
  return on(target, type, (event) => {
    const origin = event.target;
    if (!(origin instanceof Element)) return;
    const match = origin.closest(selector);
    if (match instanceof HTMLElement && (target === document || /** @type {Node} */ (target).contains(match))) {
      handler(event, match);
    }
  });
}

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * Creates an element. Attribute values go through setAttribute (true sets an empty attribute,
 * false/null/undefined skip it); string children become text nodes. Inline styles and inline
 * event handlers are refused: the CSP blocks them and they invite injection.
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'style' || name.toLowerCase().startsWith('on')) {
      throw new Error(`el(): attribute "${name}" is not allowed`);
    }
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/**
 * Appends children (nested arrays flattened, empty values skipped, strings as text).
 * @param {Node} parent
 * @param {(Child | Child[])[]} children
 */
function append(parent, children) {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/**
 * Replaces the children of parent, with el()'s rules: empty values (null, undefined, false) are
 * skipped, where the DOM's own replaceChildren would write them as the text "null".
 * @param {Node & ParentNode} parent
 * @param {...(Child | Child[])} children
 */
export function fill(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A deep clone of the content of <template id="...">; throws when the template is missing.
 * @param {string} id
 * @returns {DocumentFragment}
 */
export function cloneTemplate(id) {
  const tpl = document.getElementById(id);
  if (!(tpl instanceof HTMLTemplateElement)) throw new Error(`template #${id} not found`);
  return /** @type {DocumentFragment} */ (tpl.content.cloneNode(true));
}

/**
 * Sets the text of the element marked data-field="name" inside scope (no-op when absent).
 * @param {ParentNode} scope
 * @param {string} name
 * @param {string} text
 * @returns {HTMLElement | null}
 */
export function setField(scope, name, text) {
  const node = qs(`[data-field="${name}"]`, scope);
  if (node) node.textContent = text;
  return node;
}

// @ts-check
/** Org tree browser: the caller's subtree, loaded lazily per node; details of the selected node;
 *  for org:write, add a child, rename, move and delete. */
import { ApiError, del, get, patch, post, requestFull } from '../api.js';
import { el, on } from '../dom.js';
import { field, input, onSubmit, problemText, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { LEVELS, PARENT_LEVELS, levelLabel, loadAllOrgs, orgOptions } from '../labels.js';
import * as session from '../session.js';

export const titleKey = 'orgs.title';

/** @typedef {import('../labels.js').Org} Org */

/** @param {string} level */
function levelBadge(level) {
  return el('span', { class: `level-badge level-${level}`, title: levelLabel(level) }, t(`level.short.${level}`));
}

/** @param {HTMLElement} root */
export async function render(root) {
  const me = /** @type {import('../session.js').Me} */ (session.current());
  const canWrite = session.can('org:write');
  /** @type {Map<string, Org>} */
  const byId = new Map();
  /** @type {Map<string, string[]>} */
  const kids = new Map();
  const expanded = new Set([me.org.id]);
  /** @type {string | null} */
  let selected = null;
  /** @type {Org[] | null} search results, null when not searching */
  let results = null;

  const treeBox = el('div', { class: 'tree-box', 'aria-live': 'polite' }, t('common.loading'));
  const detail = el('section', { class: 'card org-detail', 'aria-live': 'polite', 'data-state': 'empty' },
    el('p', { class: 'card-note' }, t('orgs.pick')));
  const q = input('q', { type: 'search', placeholder: t('orgs.searchPlaceholder'), 'aria-label': t('orgs.search') });
  const searchForm = el('form', { class: 'search-bar', role: 'search' },
    q,
    el('button', { type: 'submit', class: 'button' }, t('common.search')));

  root.append(
    el('h1', { class: 'page-title' }, t('orgs.heading')),
    el('p', { class: 'lead' }, t('orgs.intro', { org: me.org.name })),
    searchForm,
    el('div', { class: 'split' },
      el('section', { class: 'card tree-card' }, el('h2', { class: 'card-title' }, t('orgs.treeTitle')), treeBox),
      detail),
  );

  /**
   * Loads (or reloads) a node and its direct children.
   * @param {string} id
   */
  async function loadChildren(id) {
    const page = await get('/orgs', { query: { root: id, depth: 1, limit: 500 } });
    /** @type {string[]} */
    const ids = [];
    for (const org of /** @type {Org[]} */ (page.items)) {
      byId.set(org.id, org);
      if (org.id !== id) ids.push(org.id);
    }
    kids.set(id, ids);
  }

  /** Reloads every expanded node (after a change), then redraws. */
  async function reloadExpanded() {
    kids.clear();
    for (const id of [...expanded]) {
      try {
        await loadChildren(id);
      } catch {
        expanded.delete(id); // moved or deleted
      }
    }
    drawTree();
  }

  /**
   * @param {string} id
   * @returns {HTMLElement}
   */
  function treeItem(id) {
    const org = /** @type {Org} */ (byId.get(id));
    const open = expanded.has(id);
    const children = open ? kids.get(id) ?? [] : [];
    const toggle = org.has_children
      ? el('button', {
        type: 'button', class: 'tree-toggle', 'data-toggle': id, 'aria-expanded': String(open),
        'aria-label': t(open ? 'orgs.collapse' : 'orgs.expand', { name: org.name }),
      }, open ? '−' : '+')
      : el('span', { class: 'tree-spacer', 'aria-hidden': 'true' });
    return el('li', {
      role: 'treeitem', 'data-org-id': id, 'data-org-name': org.name,
      'aria-expanded': org.has_children ? String(open) : null, 'aria-selected': String(selected === id),
    },
    el('div', { class: 'tree-row' },
      toggle,
      el('button', { type: 'button', class: 'tree-label', 'data-select': id },
        levelBadge(org.level),
        el('span', { class: 'tree-name' }, org.name),
        org.division_code ? el('span', { class: 'tree-code' }, org.division_code) : null)),
    children.length ? el('ul', { role: 'group', class: 'tree-group' }, children.map(treeItem)) : null);
  }

  function drawTree() {
    if (results) {
      treeBox.replaceChildren(
        el('p', { class: 'card-note', 'data-results': String(results.length) }, t('orgs.results', { count: results.length, q: q.value.trim() })),
        el('ul', { class: 'result-list' }, results.map((org) => el('li', { 'data-org-id': org.id, 'data-org-name': org.name },
          el('button', { type: 'button', class: 'tree-label', 'data-select': org.id, 'aria-pressed': String(selected === org.id) },
            levelBadge(org.level), el('span', { class: 'tree-name' }, org.name),
            org.division_code ? el('span', { class: 'tree-code' }, org.division_code) : null)))),
        el('p', {}, el('button', { type: 'button', class: 'button button-secondary', 'data-clear': '1' }, t('orgs.backToTree'))),
      );
      return;
    }
    treeBox.replaceChildren(el('ul', { role: 'tree', class: 'tree', 'aria-label': t('orgs.treeTitle') }, treeItem(me.org.id)));
  }

  on(treeBox, 'click', async (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    const toggleId = target.getAttribute('data-toggle');
    const selectId = target.getAttribute('data-select');
    if (target.hasAttribute('data-clear')) {
      results = null;
      q.value = '';
      drawTree();
    } else if (toggleId) {
      if (expanded.has(toggleId)) {
        expanded.delete(toggleId);
      } else {
        target.setAttribute('aria-busy', 'true');
        try {
          await loadChildren(toggleId);
          expanded.add(toggleId);
        } catch (error) {
          treeBox.prepend(el('p', { class: 'card-error' }, problemText(error)));
        }
      }
      drawTree();
      /** @type {HTMLElement | null} */ (treeBox.querySelector(`[data-toggle="${CSS.escape(toggleId)}"]`))?.focus();
    } else if (selectId) {
      selected = selectId;
      drawTree();
      /** @type {HTMLElement | null} */ (treeBox.querySelector(`[data-select="${CSS.escape(selectId)}"]`))?.focus();
      await showDetail(selectId);
      if (window.matchMedia('(max-width: 768px)').matches) detail.scrollIntoView({ block: 'start' });
    }
  });

  on(searchForm, 'submit', async (event) => {
    event.preventDefault();
    const text = q.value.trim();
    if (!text) {
      results = null;
      drawTree();
      return;
    }
    treeBox.replaceChildren(t('common.loading'));
    try {
      const page = await get('/orgs', { query: { q: text, limit: 200 } });
      results = page.items;
      for (const org of /** @type {Org[]} */ (page.items)) byId.set(org.id, org);
    } catch (error) {
      results = [];
      treeBox.prepend(el('p', { class: 'card-error' }, problemText(error)));
    }
    drawTree();
  });

  /**
   * Shows one org's details (fresh from the server, with its ETag) and the admin actions.
   * @param {string} id
   */
  async function showDetail(id) {
    detail.dataset.state = 'loading';
    detail.replaceChildren(el('p', { class: 'card-note' }, t('common.loading')));
    /** @type {Org} */
    let org;
    /** @type {string} */
    let etag;
    try {
      const res = await requestFull('GET', `/orgs/${encodeURIComponent(id)}`);
      org = res.data;
      etag = res.headers.get('ETag') ?? '';
      byId.set(org.id, org);
    } catch (error) {
      detail.dataset.state = 'error';
      detail.replaceChildren(el('p', { class: 'card-error' }, problemText(error)));
      return;
    }
    const parent = org.parent_id ? byId.get(org.parent_id) : null;
    /** @type {[string, string | HTMLElement][]} */
    const facts = [
      ['orgs.field.level', el('span', { class: `level-badge level-${org.level}` }, levelLabel(org.level))],
      ['orgs.field.divisionCode', org.division_code ?? '—'],
      ['orgs.field.parent', parent ? parent.name : '—'],
      ['orgs.field.hasChildren', t(org.has_children ? 'common.yes' : 'common.no')],
      ['orgs.field.createdAt', formatCompact(org.created_at)],
      ['orgs.field.updatedAt', formatCompact(org.updated_at)],
    ];
    const actionArea = el('div', { class: 'action-area' });
    const own = org.id === me.org.id;
    /** @type {[string, string, boolean][]} */
    const actions = [
      ['add', 'orgs.action.add', org.level !== 'unit'],
      ['rename', 'orgs.action.rename', true],
      ['move', 'orgs.action.move', !own],
      ['delete', 'orgs.action.delete', !own],
    ];
    const buttons = canWrite
      ? el('div', { class: 'button-row' }, actions.filter(([, , ok]) => ok).map(([name, key]) =>
        el('button', { type: 'button', class: `button ${name === 'delete' ? 'button-danger' : 'button-secondary'}`, 'data-action': name }, t(key))))
      : null;
    detail.dataset.state = 'ok';
    detail.dataset.orgId = org.id;
    detail.replaceChildren(
      el('h2', { class: 'card-title' }, org.name),
      el('dl', { class: 'facts' }, facts.map(([key, value]) =>
        el('div', { class: 'fact' }, el('dt', {}, t(key)), el('dd', {}, value)))),
      ...(buttons ? [buttons] : []),
      actionArea,
    );
    if (buttons) {
      on(buttons, 'click', (event) => {
        const button = event.target instanceof Element ? event.target.closest('[data-action]') : null;
        if (!button) return;
        const name = button.getAttribute('data-action');
        if (name === 'add') addForm(org, actionArea);
        if (name === 'rename') renameForm(org, etag, actionArea);
        if (name === 'move') void moveForm(org, actionArea);
        if (name === 'delete') deleteConfirm(org, actionArea);
      });
    }
  }

  /**
   * @param {HTMLElement} area
   * @param {string} titleKeyOf
   * @param {HTMLFormElement} form
   */
  function openAction(area, titleKeyOf, form) {
    const cancel = el('button', { type: 'button', class: 'button button-secondary' }, t('common.cancel'));
    on(cancel, 'click', () => area.replaceChildren());
    form.querySelector('.form-actions')?.append(cancel);
    area.replaceChildren(el('h3', { class: 'action-title' }, t(titleKeyOf)), form);
    const first = form.querySelector('input, select');
    if (first instanceof HTMLElement) first.focus();
  }

  /**
   * @param {Org} parent
   * @param {HTMLElement} area
   */
  function addForm(parent, area) {
    const allowed = LEVELS.filter((level) => PARENT_LEVELS[level].includes(parent.level));
    const name = input('name', { maxlength: 128 });
    const level = select('level', allowed.map((l) => [l, levelLabel(l)]), allowed[0]);
    const code = input('division_code', { inputmode: 'numeric', maxlength: 6, pattern: '[0-9]{6}' });
    const codeField = field('orgs.field.divisionCode', code, { hintKey: 'orgs.codeHint' });
    const syncCode = () => { codeField.hidden = level.value === 'unit'; };
    on(level, 'change', syncCode);
    syncCode();
    const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'add-org' },
      el('p', { class: 'card-note' }, t('orgs.addUnder', { name: parent.name })),
      field('orgs.field.name', name, { required: true }),
      field('orgs.field.level', level, { required: true }),
      codeField,
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.save')))));
    onSubmit(form, async () => {
      const body = { parent_id: parent.id, name: name.value.trim(), level: level.value,
        ...(level.value === 'unit' ? {} : { division_code: code.value.trim() }) };
      const created = await post('/orgs', body);
      expanded.add(parent.id);
      selected = created.id;
      await reloadExpanded();
      await showDetail(created.id);
      flash(t('orgs.created', { name: created.name }));
    });
    openAction(area, 'orgs.action.add', form);
  }

  /**
   * @param {Org} org
   * @param {string} etag
   * @param {HTMLElement} area
   */
  function renameForm(org, etag, area) {
    const name = input('name', { maxlength: 128, value: org.name });
    const code = input('division_code', { inputmode: 'numeric', maxlength: 6, value: org.division_code ?? '' });
    const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'rename-org' },
      field('orgs.field.name', name, { required: true }),
      org.level === 'unit' ? null : field('orgs.field.divisionCode', code, { required: true }),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('common.save')))));
    onSubmit(form, async () => {
      /** @type {Record<string, string>} */
      const body = {};
      if (name.value.trim() !== org.name) body.name = name.value.trim();
      if (org.level !== 'unit' && code.value.trim() !== (org.division_code ?? '')) body.division_code = code.value.trim();
      if (Object.keys(body).length) await patch(`/orgs/${encodeURIComponent(org.id)}`, body, { headers: etag ? { 'If-Match': etag } : {} });
      await reloadExpanded();
      await showDetail(org.id);
      flash(t('common.saved'));
    });
    openAction(area, 'orgs.action.rename', form);
  }

  /**
   * @param {Org} org
   * @param {HTMLElement} area
   */
  async function moveForm(org, area) {
    area.replaceChildren(el('p', { class: 'card-note' }, t('common.loading')));
    /** @type {Org[]} */
    let all;
    try {
      all = await loadAllOrgs();
    } catch (error) {
      area.replaceChildren(el('p', { class: 'card-error' }, problemText(error)));
      return;
    }
    // The node's own subtree cannot become its parent.
    const inside = new Set([org.id]);
    for (const o of all) if (o.parent_id && inside.has(o.parent_id)) inside.add(o.id);
    const candidates = all.filter((o) => !inside.has(o.id) && o.id !== org.parent_id
      && PARENT_LEVELS[org.level].includes(o.level));
    if (!candidates.length) {
      area.replaceChildren(el('p', { class: 'card-note' }, t('orgs.noMoveTarget')));
      return;
    }
    const parent = select('parent_id', orgOptions(candidates));
    const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form', novalidate: true, 'data-form': 'move-org' },
      el('p', { class: 'card-note' }, t('orgs.moveHint', { name: org.name })),
      field('orgs.field.newParent', parent, { required: true }),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button' }, t('orgs.action.move')))));
    onSubmit(form, async () => {
      await post(`/orgs/${encodeURIComponent(org.id)}/move`, { parent_id: parent.value });
      // Open the path down to the new parent so the moved node is visible.
      for (let at = all.find((o) => o.id === parent.value); at; at = all.find((o) => o.id === at?.parent_id)) expanded.add(at.id);
      await reloadExpanded();
      await showDetail(org.id);
      flash(t('orgs.moved', { name: org.name }));
    });
    openAction(area, 'orgs.action.move', form);
  }

  /**
   * @param {Org} org
   * @param {HTMLElement} area
   */
  function deleteConfirm(org, area) {
    const form = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form confirm-box', 'data-form': 'delete-org' },
      el('p', {}, t('orgs.deleteConfirm', { name: org.name })),
      el('div', { class: 'form-actions' }, el('button', { type: 'submit', class: 'button button-danger' }, t('orgs.action.confirmDelete')))));
    onSubmit(form, async () => {
      await del(`/orgs/${encodeURIComponent(org.id)}`);
      byId.delete(org.id);
      selected = org.parent_id;
      await reloadExpanded();
      if (org.parent_id) await showDetail(org.parent_id);
      flash(t('orgs.deleted', { name: org.name }));
    }, {
      context: { conflictKey: 'conflict.orgDelete' },
      failed: (error) => {
        if (error instanceof ApiError && error.code === 'conflict') form.querySelector('button[type="submit"]')?.setAttribute('disabled', '');
      },
    });
    openAction(area, 'orgs.action.delete', form);
  }

  /** A short confirmation at the top of the detail card. @param {string} message */
  function flash(message) {
    detail.prepend(el('p', { class: 'notice notice-ok', role: 'status' }, message));
  }

  try {
    await loadChildren(me.org.id);
    selected = me.org.id;
    drawTree();
    await showDetail(me.org.id);
  } catch (error) {
    treeBox.replaceChildren(el('p', { class: 'card-error' }, problemText(error)));
  }
}

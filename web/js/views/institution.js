// @ts-check
/** One institution: every registry field, its key locations (重点部位) and construction projects (在建工程). */
import { ApiError, del, get, getVersioned, patch, post, requestFull } from '../api.js';
import { el, on } from '../dom.js';
import { confirmAction, field, input, loadPage, onSubmit, problemNodes, problemText, select } from '../forms.js';
import { formatCompact, t } from '../i18n.js';
import { LOCATION_KINDS, PROJECT_STATUSES, codeOptions } from '../codes.js';
import { link } from '../listing.js';
import { navigate } from '../router.js';
import { allows } from '../actions.js';

export const titleKey = 'inst.detailTitle';

/**
 * A <dl> of label/value pairs; empty values show "—".
 * @param {[string, string | number | null | undefined | Node][]} pairs
 */
function facts(pairs) {
  return el('dl', { class: 'facts detail-facts' }, pairs.map(([key, value]) => el('div', { class: 'fact' },
    el('dt', {}, t(key)), el('dd', {}, value === null || value === undefined || value === '' ? '—' : value))));
}

/** @param {{name?: string|null, phone?: string|null}} [p] */
const person = (p) => [p?.name, p?.phone].filter(Boolean).join('　') || null;

/**
 * @param {HTMLElement} root
 * @param {Record<string, string>} params
 */
export async function render(root, params) {
  const id = params.id;
  const status = el('p', { class: 'card-note', 'aria-live': 'polite' }, t('common.loading'));
  root.append(el('p', { class: 'back-link' }, link('/institutions', t('inst.back'))), status);
  const loaded = await loadPage(status, () => getVersioned(`/institutions/${encodeURIComponent(id)}`));
  if (!loaded) return;
  const { record: inst, etag } = loaded;
  const done = new URLSearchParams(window.location.search).get('saved');
  const doneKey = { 1: 'common.saved', archived: 'inst.archivedDone', restored: 'inst.restoredDone' }[done ?? ''];
  if (doneKey) root.append(el('p', { class: 'notice notice-ok', role: 'status' }, t(doneKey)));
  const archived = Boolean(inst.archived);
  const here = `/institutions/${encodeURIComponent(id)}`;
  const area = el('div', { class: 'action-area', 'data-area': 'archive' });
  const archiveButton = el('button', { type: 'button', class: 'button button-secondary button-danger-text', 'data-action': 'archive' }, t('common.archive'));
  const restoreButton = el('button', { type: 'button', class: 'button', 'data-action': 'restore' }, t('common.restore'));
  on(archiveButton, 'click', () => confirmAction(area, t('inst.archiveConfirm', { name: inst.name }), async () => {
    await del(here, { headers: { 'If-Match': etag } });
    navigate(`${here}?saved=archived`, { replace: true });
  }, { yesKey: 'common.confirmArchive', name: 'archive' }));
  on(restoreButton, 'click', async () => {
    restoreButton.setAttribute('disabled', '');
    area.replaceChildren();
    try {
      await requestFull('PATCH', here, { body: { archived: false }, headers: { 'If-Match': etag } });
      navigate(`${here}?saved=restored`, { replace: true });
    } catch (error) {
      restoreButton.removeAttribute('disabled');
      const box = el('p', { class: 'form-error', role: 'alert' }, ...problemNodes(error));
      if (error instanceof ApiError && error.code === 'precondition_failed') {
        const reload = el('button', { type: 'button', class: 'button button-secondary' }, t('common.reload'));
        on(reload, 'click', () => navigate(here, { replace: true }));
        box.append(' ', reload);
      }
      area.replaceChildren(box);
    }
  });
  const gridOk = Boolean(inst.grid_name && inst.grid_head);
  root.append(
    el('div', { class: 'page-head' },
      el('h1', { class: 'page-title' }, inst.name, archived ? ' ' : null,
        archived ? el('span', { class: 'badge badge-archived', 'data-field': 'archived' }, t('common.archived')) : null),
      allows(inst, 'update') ? el('div', { class: 'head-actions' },
        archived ? restoreButton : link(`${here}/edit`, t('common.edit'), { class: 'button', 'data-action': 'edit' }),
        allows(inst, 'archive') ? archiveButton : null) : null),
    area,
    // (append is the DOM's: a null would become the text "null")
    ...(archived ? [el('p', { class: 'notice notice-muted', role: 'note', 'data-field': 'archived-notice' }, t('inst.archivedNotice'))] : []),
    el('section', { class: 'card', 'data-view': 'institution' },
      el('h2', { class: 'card-title' }, t('inst.registry')),
      facts([
        ['inst.col.parent', inst.parent_name],
        ['inst.field.credit_code', el('span', { class: 'mono', 'data-field': 'credit_code' }, inst.credit_code)],
        ['inst.col.type', t(`instType.${inst.type}`)],
        ['inst.col.grade', t(`instGrade.${inst.grade}`)],
        ['inst.field.ownership', t(`ownership.${inst.ownership}`)],
        ['inst.field.address', inst.address],
        ['inst.col.beds', inst.beds],
        ['inst.field.staff', inst.staff],
        ['inst.field.principal', person(inst.principal)],
        ['inst.field.safety_department', [inst.safety_department?.name, inst.safety_department?.head, inst.safety_department?.phone].filter(Boolean).join('　') || null],
        ['inst.col.grid', gridOk ? inst.grid_name : el('span', { class: 'badge badge-bad' }, t('inst.grid.none'))],
        ['inst.field.grid_head', [inst.grid_head, inst.grid_head_phone].filter(Boolean).join('　') || null],
        ['inst.field.updated', formatCompact(inst.updated_at)],
      ])),
    el('section', { class: 'card' },
      el('h2', { class: 'card-title' }, t('inst.field.safety_officers')),
      inst.safety_officers?.length
        ? el('ul', { class: 'plain-list officer-list' }, inst.safety_officers.map((/** @type {any} */ o) =>
          el('li', {}, el('strong', {}, o.department || '—'), '　', o.name, o.phone ? `　${o.phone}` : '')))
        : el('p', { class: 'card-note' }, t('common.none')),
      inst.contacts?.length ? el('h3', { class: 'sub-title' }, t('inst.field.contacts')) : null,
      inst.contacts?.length ? el('ul', { class: 'plain-list' }, inst.contacts.map((/** @type {any} */ c) =>
        el('li', {}, c.name, c.role ? `（${c.role}）` : '', c.phone ? `　${c.phone}` : ''))) : null),
  );

  const locations = el('section', { class: 'card', 'data-section': 'key-locations' });
  const projects = el('section', { class: 'card', 'data-section': 'projects' });
  root.append(locations, projects);
  await Promise.all([renderLocations(locations, id, allows(inst, 'update') && !archived), renderProjects(projects, id, allows(inst, 'update') && !archived)]);
}

/**
 * A card of one kind of an institution's own records (key locations, projects), each added, edited
 * and deleted in place: the list, the inline form (a create POSTs to the collection, a change PATCHes
 * the record with If-Match) and the delete confirmation. The kind gives its keys, its paths, how a
 * record shows and its form's fields and body.
 * @param {HTMLElement} card
 * @param {{name: string, canWrite: boolean, collection: string, path: (record: any) => string,
 *          titleKey: string, addKey: string, editKey: string, noneKey: string, confirmKey: string,
 *          show: (record: any) => Node,
 *          form: (record: any) => {fields: (Node | null)[], body: () => Record<string, any>, focus: HTMLElement}}} kind
 *          name: data-action add-<name>, data-form <name>, data-<name> on each item
 */
async function recordCard(card, kind) {
  const list = el('ul', { class: 'item-list' });
  const area = el('div', { class: 'action-area' });
  const addButton = el('button', { type: 'button', class: 'button button-secondary', 'data-action': `add-${kind.name}` }, t(kind.addKey));
  card.replaceChildren(el('div', { class: 'card-head' }, el('h2', { class: 'card-title' }, t(kind.titleKey)), kind.canWrite ? addButton : null), area, list);

  async function reload() {
    try {
      const page = await get(kind.collection, { query: { limit: 500 } });
      list.replaceChildren(...page.items.map(item));
      if (!page.items.length) list.append(el('li', { class: 'card-note' }, t(kind.noneKey)));
    } catch (error) {
      list.replaceChildren(el('li', { class: 'card-error' }, problemText(error)));
    }
  }

  /** @param {any} record */
  function item(record) {
    const edit = el('button', { type: 'button', class: 'button button-secondary button-small' }, t('common.edit'));
    const remove = el('button', { type: 'button', class: 'button button-danger button-small' }, t('common.delete'));
    on(edit, 'click', () => form(record));
    on(remove, 'click', () => confirmAction(area, t(kind.confirmKey, { name: record.name }), async () => {
      await del(kind.path(record));
      await reload();
    }));
    return el('li', { class: 'item', [`data-${kind.name}`]: record.name },
      kind.show(record),
      kind.canWrite ? el('div', { class: 'item-actions' }, edit, remove) : null);
  }

  /** @param {any} [record] */
  function form(record) {
    const { fields, body, focus } = kind.form(record);
    const cancel = el('button', { type: 'button', class: 'button button-secondary', 'data-action': 'cancel' }, t('common.cancel'));
    const f = /** @type {HTMLFormElement} */ (el('form', { class: 'stack-form inline-form', novalidate: true, 'data-form': kind.name },
      el('h3', { class: 'action-title' }, t(record ? kind.editKey : kind.addKey)),
      ...fields,
      el('div', { class: 'button-row' }, el('button', { type: 'submit', class: 'button' }, t('common.save')), cancel)));
    on(cancel, 'click', () => area.replaceChildren());
    onSubmit(f, async () => {
      if (record) await patch(kind.path(record), body(), { headers: { 'If-Match': `"v${record.version}"` } });
      else await post(kind.collection, body());
      area.replaceChildren();
      await reload();
    });
    area.replaceChildren(f);
    focus.focus();
  }
  on(addButton, 'click', () => form());
  await reload();
}

/**
 * Key locations.
 * @param {HTMLElement} card
 * @param {string} id institution id
 * @param {boolean} canWrite
 */
function renderLocations(card, id, canWrite) {
  return recordCard(card, {
    name: 'location', canWrite,
    collection: `/institutions/${encodeURIComponent(id)}/key-locations`,
    path: (loc) => `/key-locations/${encodeURIComponent(loc.id)}`,
    titleKey: 'loc.title', addKey: 'loc.add', editKey: 'loc.edit', noneKey: 'loc.none', confirmKey: 'loc.deleteConfirm',
    show: (loc) => el('div', { class: 'item-main' },
      el('p', { class: 'item-title' }, loc.name, ' ',
        el('span', { class: 'badge' }, t(`locKind.${loc.kind}`)), ' ',
        loc.duty_24h ? el('span', { class: 'badge badge-duty' }, t('loc.duty24h')) : null),
      loc.note ? el('p', { class: 'item-note' }, loc.note) : null),
    form(loc) {
      const kind = select('kind', codeOptions('locKind', LOCATION_KINDS), loc?.kind ?? 'oxygen_station');
      const name = input('name', { maxlength: 100, value: loc?.name ?? '' });
      const duty = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', name: 'duty_24h', class: 'checkbox' }));
      duty.checked = Boolean(loc?.duty_24h);
      const note = input('note', { maxlength: 500, value: loc?.note ?? '' });
      return {
        fields: [
          field('loc.kind', kind, { required: true }), field('loc.name', name, { required: true }),
          el('div', { class: 'field field-check', 'data-field-name': 'duty_24h' }, el('label', { class: 'check-label' }, duty, ' ', t('loc.duty24h')),
            el('p', { class: 'field-error', hidden: true })),
          field('loc.note', note),
        ],
        body: () => ({ kind: kind.value, name: name.value.trim(), duty_24h: duty.checked, note: note.value.trim() || null }),
        focus: name,
      };
    },
  });
}

/**
 * Construction projects; under_way without a permit is flagged red.
 * @param {HTMLElement} card
 * @param {string} id institution id
 * @param {boolean} canWrite
 */
function renderProjects(card, id, canWrite) {
  return recordCard(card, {
    name: 'project', canWrite,
    collection: `/institutions/${encodeURIComponent(id)}/projects`,
    path: (p) => `/projects/${encodeURIComponent(p.id)}`,
    titleKey: 'proj.title', addKey: 'proj.add', editKey: 'proj.edit', noneKey: 'proj.none', confirmKey: 'proj.deleteConfirm',
    show: (p) => el('div', { class: 'item-main' },
      el('p', { class: 'item-title' }, p.name, ' ', el('span', { class: 'badge' }, t(`projStatus.${p.status}`)), ' ',
        p.unpermitted ? el('span', { class: 'badge badge-bad badge-unpermitted' }, t('proj.unpermitted')) : null),
      el('p', { class: 'item-note' }, [
        p.contractor ? `${t('proj.contractor')}：${p.contractor}` : '',
        `${t('proj.permit')}：${p.construction_permit ?? t('proj.noPermit')}`,
        p.start_date || p.end_date ? `${t('proj.period')}：${p.start_date ?? '?'} – ${p.end_date ?? '?'}` : '',
      ].filter(Boolean).join('；'))),
    form(p) {
      const name = input('name', { maxlength: 200, value: p?.name ?? '' });
      const contractor = input('contractor', { maxlength: 200, value: p?.contractor ?? '' });
      const permit = input('construction_permit', { maxlength: 64, value: p?.construction_permit ?? '' });
      const other = input('other_permits', { maxlength: 500, value: p?.other_permits ?? '' });
      const start = input('start_date', { type: 'date', value: p?.start_date ?? '' });
      const end = input('end_date', { type: 'date', value: p?.end_date ?? '' });
      const status = select('status', codeOptions('projStatus', PROJECT_STATUSES), p?.status ?? 'planned');
      return {
        fields: [
          field('proj.name', name, { required: true }), field('proj.contractor', contractor),
          field('proj.permit', permit, { hintKey: 'proj.permitHint' }), field('proj.otherPermits', other),
          field('proj.start', start), field('proj.end', end), field('proj.status', status),
        ],
        body: () => ({
          name: name.value.trim(), contractor: contractor.value.trim() || null, construction_permit: permit.value.trim() || null,
          other_permits: other.value.trim() || null, start_date: start.value || null, end_date: end.value || null, status: status.value,
        }),
        focus: name,
      };
    },
  });
}

// @ts-check
/** The hazard pages' photos: a camera-first photo field whose pictures are uploaded at once (POST
 *  /attachments) and sent as ids, and the gallery of a hazard's photos by kind (before, after, signature). */
import { ApiError, request, sendRaw } from '../api.js';
import { el, on } from '../dom.js';
import { problemText } from '../forms.js';
import { t } from '../i18n.js';

/** The longest side of a photo after shrinking on the phone (pixels). */
const MAX_SIDE = 1600;

/**
 * A photo shrunk to MAX_SIDE as JPEG (a PNG, a small or an unreadable picture goes as it is).
 * @param {File} file
 * @returns {Promise<Blob>}
 */
async function shrink(file) {
  if (!/^image\/(jpeg|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.size < 1_000_000) return file;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => { canvas.toBlob(resolve, 'image/jpeg', 0.85); });
    return /** @type {Blob | null} */ (blob) ?? file;
  } catch {
    return file;
  }
}

/**
 * Uploads a file (or a drawn signature) as an attachment; resolves with its record ({id, name, ...}).
 * @param {Blob} blob
 * @param {string} name
 */
export function uploadFile(blob, name) {
  return sendRaw('POST', `/attachments?name=${encodeURIComponent(name)}`, blob, blob.type || 'application/octet-stream');
}

/**
 * A picture of an attachment, fetched with the bearer token (an <img src> could not send it).
 * @param {string} id
 * @param {string} alt
 */
function thumb(id, alt) {
  const img = /** @type {HTMLImageElement} */ (el('img', { class: 'photo-img', alt, loading: 'lazy' }));
  void request('GET', `/attachments/${encodeURIComponent(id)}/content`, { blob: true })
    .then((blob) => { img.src = URL.createObjectURL(blob); })
    .catch(() => { img.alt = t('hazardPhoto.failed'); });
  return img;
}

/**
 * The photo field of a form: 拍照 opens the camera (the phone's file chooser elsewhere); each picture is
 * shrunk, uploaded at once and shown; ids() are the attachments to send.
 * @param {{name?: string, labelKey: string, hintKey?: string, required?: boolean}} opts name: the JSON member
 *        the server names in its errors (attachments)
 * @returns {{node: HTMLElement, ids: () => string[], busy: () => boolean}}
 */
export function photoField(opts) {
  const name = opts.name ?? 'attachments';
  const chooser = /** @type {HTMLInputElement} */ (el('input', { type: 'file', accept: 'image/*', capture: 'environment', multiple: true,
    class: 'visually-hidden', 'data-photo-input': name, tabindex: -1, 'aria-hidden': 'true' }));
  const take = el('button', { type: 'button', class: 'button button-secondary photo-take', 'data-action': 'take-photo' },
    el('span', { class: 'photo-icon', 'aria-hidden': 'true' }), t('hazardPhoto.take'));
  const strip = el('ul', { class: 'photo-strip', 'aria-live': 'polite' });
  const state = el('p', { class: 'field-hint', 'aria-live': 'polite' });
  /** @type {{id: string | null, li: HTMLElement}[]} */
  const items = [];
  let uploading = 0;

  on(take, 'click', () => chooser.click());
  on(chooser, 'change', () => {
    for (const file of Array.from(chooser.files ?? [])) void add(file);
    chooser.value = '';
  });

  /** @param {File} file */
  async function add(file) {
    const li = el('li', { class: 'photo-item is-busy' }, el('span', { class: 'photo-placeholder' }, t('hazardPhoto.uploading')));
    const item = { id: /** @type {string | null} */ (null), li };
    items.push(item);
    strip.append(li);
    uploading += 1;
    state.textContent = '';
    try {
      const blob = await shrink(file);
      const saved = await uploadFile(blob, file.name || 'photo.jpg');
      item.id = saved.id;
      const remove = el('button', { type: 'button', class: 'photo-remove', 'aria-label': t('hazardPhoto.remove', { name: saved.name }) }, '×');
      on(remove, 'click', () => {
        items.splice(items.indexOf(item), 1);
        li.remove();
      });
      li.classList.remove('is-busy');
      li.dataset.attachment = saved.id;
      li.replaceChildren(el('img', { class: 'photo-img', alt: saved.name, src: URL.createObjectURL(blob) }), remove);
    } catch (error) {
      items.splice(items.indexOf(item), 1);
      li.remove();
      state.textContent = problemText(error);
    }
    uploading -= 1;
  }

  const node = el('div', { class: 'field photo-field', 'data-field-name': name },
    el('p', { class: 'field-label' }, t(opts.labelKey), opts.required ? el('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
    chooser, take, strip,
    opts.hintKey ? el('p', { class: 'field-hint' }, t(opts.hintKey)) : null, state,
    el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }));
  return {
    node,
    ids: () => items.map((i) => i.id).filter((id) => id !== null),
    busy: () => uploading > 0,
  };
}

/**
 * The gallery of a hazard's attachments, grouped by kind (现场照片, 整改后照片, 签名, 其他).
 * @param {{id: string, name: string, content_type: string, kind?: string | null}[]} attachments
 * @returns {HTMLElement | null} null when there are none
 */
export function gallery(attachments) {
  if (!attachments?.length) return null;
  const kinds = [...new Set(attachments.map((a) => a.kind ?? 'other'))];
  return el('div', { class: 'gallery', 'data-gallery': 'hazard' }, kinds.map((kind) => el('div', { class: 'gallery-group', 'data-kind': kind },
    el('h3', { class: 'sub-title' }, t(`hazardPhotoKind.${['before', 'after', 'signature', 'document'].includes(kind) ? kind : 'other'}`)),
    el('ul', { class: 'photo-strip' }, attachments.filter((a) => (a.kind ?? 'other') === kind).map((a) => el('li', { class: 'photo-item', 'data-attachment': a.id },
      a.content_type.startsWith('image/') ? thumb(a.id, a.name) : el('span', { class: 'photo-placeholder' }, a.name)))))));
}

/**
 * The ids of a photo field's pictures; while one is still uploading, a validation error on the field
 * (thrown, for the form's submit to show) instead.
 * @param {{ids: () => string[], busy: () => boolean}} photos
 * @param {string} [name] the field's name
 */
export function photoIds(photos, name = 'attachments') {
  if (photos.busy()) {
    throw new ApiError({ status: 422, code: 'validation_failed', title: 'uploading',
      errors: [{ field: name, code: 'uploading', message: t('hazardPhoto.wait') }] });
  }
  return photos.ids();
}

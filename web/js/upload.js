// @ts-check
/** Evidence from the field: photos taken straight from the phone's camera or picked from its files,
 *  shrunk on the device before they travel (longest side 1600 px, JPEG quality 0.8, turned upright
 *  by their EXIF orientation), uploaded with progress to POST /attachments, and the ids given back
 *  for a record's payload (a hazard's `attachments`). And the gallery that shows a record's
 *  attachments: photos inline (fetched with the bearer token as blobs), documents as links. */
import { ApiError, request, uploadRaw, download } from './api.js';
import { el, fill, on } from './dom.js';
import { t } from './i18n.js';
import { problemText } from './forms.js';

/** The longest side of a shrunk photo, in pixels. */
export const PHOTO_MAX_SIDE = 1600;
/** The JPEG quality of a shrunk photo. */
export const PHOTO_QUALITY = 0.8;
/** What the server takes (it checks the bytes): photos, PDF and Office files. */
export const ACCEPT_FILES = 'image/jpeg,image/png,image/webp,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';
/** The server's default limit (ANQUAN_ATTACHMENT_LIMIT): a larger file is refused before it is sent. */
export const MAX_BYTES = 10 * 1024 * 1024;

/**
 * @typedef {object} Attachment
 * @property {string} id
 * @property {string} name
 * @property {string} content_type
 * @property {number} size
 * @property {string | null} [kind]
 */

/**
 * Opens the file chooser (or, with camera, the back camera) and resolves with the chosen files
 * ([] when the user cancels).
 * @param {{camera?: boolean, multiple?: boolean, accept?: string}} [opts]
 * @returns {Promise<File[]>}
 */
export function pickFiles(opts = {}) {
  return new Promise((resolve) => {
    const input = /** @type {HTMLInputElement} */ (el('input', {
      type: 'file', hidden: true,
      accept: opts.camera ? 'image/*' : (opts.accept ?? ACCEPT_FILES),
      capture: opts.camera ? 'environment' : null,
      multiple: opts.multiple ?? !opts.camera,
    }));
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(Array.from(input.files ?? []));
      input.remove();
    };
    on(input, 'change', finish);
    on(input, 'cancel', finish);
    document.body.append(input);
    input.click();
  });
}

/** Whether a file is a photo the device can redraw smaller. */
function isPhoto(/** @type {Blob} */ file) {
  return file.type === 'image/jpeg' || file.type === 'image/png' || file.type === 'image/webp' ||
    file.type === 'image/heic' || file.type === 'image/heif';
}

/** The name with its extension replaced by .jpg. */
function asJpegName(/** @type {string} */ name) {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name || 'photo'}.jpg`;
}

/**
 * A photo redrawn on the device: upright (createImageBitmap honours the EXIF orientation), at most
 * PHOTO_MAX_SIDE on its longest side, as JPEG at PHOTO_QUALITY (transparent parts on white). The
 * file itself when it is no photo, when the browser cannot decode it, or when it is already small
 * and a JPEG.
 * @param {File} file
 * @returns {Promise<File>}
 */
export async function shrinkPhoto(file) {
  if (!isPhoto(file) || typeof createImageBitmap !== 'function') return file;
  /** @type {ImageBitmap} */
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file; // a format this browser cannot decode (HEIC on most): sent as it is
  }
  try {
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === 'image/jpeg' && file.size <= 1024 * 1024) return file;
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    /** @type {Blob | null} */
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY));
    if (!blob || (blob.size >= file.size && scale === 1)) return file;
    return new File([blob], asJpegName(file.name), { type: 'image/jpeg', lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}

/**
 * Uploads one file (a photo shrunk first) and resolves with the stored attachment.
 * @param {File} file
 * @param {{orgId?: string, onProgress?: (fraction: number) => void, signal?: AbortSignal}} [opts]
 * @returns {Promise<Attachment>}
 */
export async function uploadFile(file, opts = {}) {
  const body = await shrinkPhoto(file);
  if (body.size > MAX_BYTES) {
    throw new ApiError({ status: 413, code: 'payload_too_large', title: 'Payload Too Large' });
  }
  const onProgress = opts.onProgress;
  return uploadRaw('/attachments', body, {
    query: { org_id: opts.orgId },
    headers: { 'X-File-Name': encodeURIComponent(body.name || 'file') },
    onProgress: onProgress ? (sent, total) => onProgress(total > 0 ? sent / total : 0) : undefined,
    signal: opts.signal,
  });
}

/**
 * Uploads files one after the other and resolves with their ids, in order.
 * @param {File[]} files
 * @param {{orgId?: string, onProgress?: (fraction: number) => void, signal?: AbortSignal}} [opts]
 * @returns {Promise<string[]>}
 */
export async function uploadFiles(files, opts = {}) {
  const ids = [];
  for (let i = 0; i < files.length; i += 1) {
    const onProgress = opts.onProgress;
    const a = await uploadFile(files[i], {
      orgId: opts.orgId, signal: opts.signal,
      onProgress: onProgress ? (f) => onProgress((i + f) / files.length) : undefined,
    });
    ids.push(a.id);
  }
  opts.onProgress?.(1);
  return ids;
}

/** A readable size: 1.2 MB, 340 KB. */
export function formatSize(/** @type {number} */ bytes) {
  if (bytes >= 1024 * 1024) return t('att.sizeMb', { n: (bytes / 1024 / 1024).toFixed(1) });
  return t('att.sizeKb', { n: Math.max(1, Math.round(bytes / 1024)) });
}

/**
 * An evidence picker for a form: "take a photo" (the back camera) and "choose files" buttons, each
 * file uploaded at once with its progress bar, a remove button per file, and the ids of the files
 * uploaded so far (ids()). busy() is true while an upload runs (a form waits for it).
 * @param {{orgId?: string, label?: string, required?: boolean, camera?: boolean}} [opts]
 * @returns {{element: HTMLElement, ids: () => string[], busy: () => boolean, clear: () => void}}
 */
export function attachmentPicker(opts = {}) {
  /** @type {{id: string | null, row: HTMLElement}[]} */
  let items = [];
  let running = 0;
  const list = el('ul', { class: 'att-picks' });
  const takePhoto = el('button', { type: 'button', class: 'secondary att-camera' }, t('att.takePhoto'));
  const choose = el('button', { type: 'button', class: 'secondary att-choose' }, t('att.chooseFiles'));
  const element = el('div', { class: 'att-picker', role: 'group', 'aria-label': opts.label ?? t('att.evidence') },
    opts.label ? el('span', { class: 'att-label' }, opts.label) : null,
    el('div', { class: 'att-buttons' }, opts.camera === false ? null : takePhoto, choose),
    list);

  /** @param {File} file */
  async function add(file) {
    const bar = /** @type {HTMLProgressElement} */ (el('progress', { max: 1, value: 0, 'aria-label': t('att.uploading', { name: file.name }) }));
    const status = el('span', { class: 'att-status' }, t('att.uploadingShort'));
    const remove = el('button', { type: 'button', class: 'link att-remove', 'aria-label': t('att.removeNamed', { name: file.name }) }, t('att.remove'));
    const row = el('li', { class: 'att-pick' }, el('span', { class: 'att-name' }, file.name), bar, status, remove);
    const item = { id: /** @type {string | null} */ (null), row };
    items.push(item);
    list.append(row);
    const controller = new AbortController();
    on(remove, 'click', () => {
      controller.abort();
      items = items.filter((x) => x !== item);
      row.remove();
    });
    running += 1;
    try {
      const a = await uploadFile(file, { orgId: opts.orgId, signal: controller.signal, onProgress: (f) => { bar.value = f; } });
      item.id = a.id;
      bar.value = 1;
      fill(status, t('att.uploaded', { size: formatSize(a.size) }));
      row.classList.add('att-done');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'aborted') return;
      row.classList.add('att-failed');
      fill(status, attachmentProblem(error));
      status.setAttribute('role', 'alert');
    } finally {
      running -= 1;
    }
  }

  on(takePhoto, 'click', async () => { for (const f of await pickFiles({ camera: true })) add(f); });
  on(choose, 'click', async () => { for (const f of await pickFiles({ multiple: true })) add(f); });
  return {
    element,
    ids: () => items.map((x) => x.id).filter((id) => id !== null),
    busy: () => running > 0,
    clear: () => { items = []; fill(list); },
  };
}

/** The sentence for a failed upload. */
export function attachmentProblem(/** @type {unknown} */ error) {
  if (error instanceof ApiError) {
    if (error.status === 413) return t('att.tooLarge', { max: formatSize(MAX_BYTES) });
    if (error.status === 415) return t('att.unsupported');
    if (error.code === 'type_mismatch') return t('att.mismatch');
  }
  return problemText(error);
}

/**
 * The attachments of a record: photos as thumbnails (fetched with the bearer token as blobs; a
 * click opens the full photo), documents as links that download them. dispose() frees the photos'
 * object URLs (call it when the view goes). With onRemove (a record the caller may change),
 * each item has a 移除 button that asks first and then calls it.
 * @param {Attachment[]} attachments
 * @param {{onRemove?: (a: Attachment) => void}} [options]
 * @returns {{element: HTMLElement, dispose: () => void}}
 */
export function attachmentGallery(attachments, { onRemove } = {}) {
  /** @type {string[]} */
  const urls = [];
  let disposed = false;
  const element = el('ul', { class: 'att-gallery', 'aria-label': t('att.gallery') });
  if (!attachments.length) element.append(el('li', { class: 'att-none' }, t('att.none')));
  /** @param {Attachment} a */
  const removeButton = (a) => {
    if (!onRemove) return null;
    const b = el('button', { type: 'button', class: 'button button-small button-secondary att-remove',
      'data-action': 'remove-attachment', 'aria-label': t('att.removeNamed', { name: a.name }) }, t('att.remove'));
    on(b, 'click', () => { if (window.confirm(t('att.removeConfirm', { name: a.name }))) onRemove(a); });
    return b;
  };
  for (const a of attachments) {
    const kind = a.kind ? t(`att.kind.${a.kind}`) : '';
    const caption = el('span', { class: 'att-caption' }, kind && kind !== `att.kind.${a.kind}` ? `${kind} · ${a.name}` : a.name);
    if (a.content_type.startsWith('image/')) {
      const img = /** @type {HTMLImageElement} */ (el('img', { alt: a.name, class: 'att-thumb', loading: 'lazy', width: 120, height: 120 }));
      const link = /** @type {HTMLAnchorElement} */ (el('a', { class: 'att-photo', target: '_blank', rel: 'noopener', title: a.name }, img));
      element.append(el('li', { class: 'att-item' }, link, caption, removeButton(a)));
      request('GET', `/attachments/${encodeURIComponent(a.id)}/content`, { blob: true, timeout: 60000 })
        .then((/** @type {Blob} */ blob) => {
          if (disposed) return;
          const url = URL.createObjectURL(blob);
          urls.push(url);
          img.src = url;
          link.href = url;
        })
        .catch(() => { img.alt = t('att.photoUnavailable', { name: a.name }); });
    } else {
      const link = el('a', { href: '#', class: 'att-doc' }, a.name);
      on(link, 'click', (event) => {
        event.preventDefault();
        download(`/attachments/${encodeURIComponent(a.id)}/content`, {}, a.name).catch(() => {});
      });
      element.append(el('li', { class: 'att-item att-document' }, link, el('small', {}, formatSize(a.size)), kind ? el('small', {}, kind) : null, removeButton(a)));
    }
  }
  return {
    element,
    dispose: () => {
      disposed = true;
      for (const u of urls) URL.revokeObjectURL(u);
      urls.length = 0;
    },
  };
}

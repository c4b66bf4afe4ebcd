// @ts-check
/** The hazard pages' photos, on part A's upload.js: a camera-first photo field whose pictures are
 *  uploaded at once and sent as ids, the gallery of a hazard's attachments, and the upload of a drawn
 *  signature as PNG. */
import { ApiError, sendRaw } from '../api.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { attachmentGallery, attachmentPicker } from '../upload.js';

/**
 * Uploads a drawn signature as it is (a PNG: upload.js would redraw a photo as JPEG); resolves with
 * the attachment ({id, name, ...}).
 * @param {Blob} blob
 * @param {string} name
 */
export function uploadSignature(blob, name) {
  return sendRaw('POST', `/attachments?name=${encodeURIComponent(name)}`, blob, blob.type || 'application/octet-stream');
}

/**
 * The photo field of a form, on part A's evidence picker (upload.js): 拍照 opens the back camera,
 * 选择文件 the files; each picture is shrunk on the device and uploaded at once; ids() are the
 * attachments to send. The field carries the name the server's errors use (attachments).
 * @param {{name?: string, labelKey: string, hintKey?: string, required?: boolean, primary?: boolean}} opts primary: the
 *        camera button is the screen's main action (the report screen)
 * @returns {{node: HTMLElement, ids: () => string[], busy: () => boolean}}
 */
export function photoField(opts) {
  const name = opts.name ?? 'attachments';
  const picker = attachmentPicker({ required: opts.required });
  for (const button of picker.element.querySelectorAll('.att-buttons button')) {
    button.classList.add('button', button.classList.contains('att-camera') && opts.primary ? 'button-camera' : 'button-secondary');
  }
  const node = el('div', { class: 'field photo-field', 'data-field-name': name },
    el('p', { class: 'field-label' }, t(opts.labelKey), opts.required ? el('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
    picker.element,
    opts.hintKey ? el('p', { class: 'field-hint' }, t(opts.hintKey)) : null,
    el('p', { class: 'field-error', hidden: true, 'aria-live': 'polite' }));
  return { node, ids: picker.ids, busy: picker.busy };
}

/**
 * The gallery of a hazard's attachments (part A's: photos inline, documents as links, each with its
 * kind: before, after, signature).
 * @param {{id: string, name: string, content_type: string, size: number, kind?: string | null}[]} attachments
 * @returns {HTMLElement | null} null when there are none
 */
export function gallery(attachments) {
  if (!attachments?.length) return null;
  return attachmentGallery(attachments).element;
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

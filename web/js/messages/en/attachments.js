// @ts-check
/** Evidence attachments: taking photos, choosing files, upload progress and showing attachments. Same keys as zh-CN/attachments.js. */

/** @type {Record<string, string>} */
export default {
  'att.evidence': 'Evidence',
  'att.takePhoto': 'Take a photo',
  'att.chooseFiles': 'Choose files',
  'att.uploading': 'Uploading {name}',
  'att.uploadingShort': 'Uploading…',
  'att.uploaded': 'Uploaded ({size})',
  'att.remove': 'Remove',
  'att.removeNamed': 'Remove {name}',
  'att.removeConfirm': 'Remove the attachment “{name}”? The file is then deleted.',
  'att.tooLarge': 'The file is too large: at most {max}.',
  'att.unsupported': 'Only photos (JPEG, PNG, WebP), PDF or Office files can be uploaded.',
  'att.mismatch': 'The file\'s content does not match its type.',
  'att.gallery': 'Attachments',
  'att.none': 'No attachments.',
  'att.photoUnavailable': 'Photo {name} cannot be shown',
  'att.sizeKb': '{n} KB',
  'att.sizeMb': '{n} MB',
  'att.kind.before': 'Before',
  'att.kind.after': 'After',
  'att.kind.signature': 'Signature',
  'att.kind.plan': 'Plan document',
  'att.kind.document': 'Document',
};

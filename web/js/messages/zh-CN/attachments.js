// @ts-check
/** 证据附件：拍照、选择文件、上传进度与附件展示。键名与 en/attachments.js 一一对应。 */

/** @type {Record<string, string>} */
export default {
  'att.evidence': '证据附件',
  'att.takePhoto': '拍照',
  'att.chooseFiles': '选择文件',
  'att.uploading': '正在上传 {name}',
  'att.uploadingShort': '上传中…',
  'att.uploaded': '已上传（{size}）',
  'att.remove': '移除',
  'att.removeNamed': '移除 {name}',
  'att.removeConfirm': '移除附件「{name}」？移除后该文件将被删除。',
  'att.tooLarge': '文件过大，不能超过 {max}。',
  'att.unsupported': '只能上传照片（JPEG、PNG、WebP）、PDF 或 Office 文件。',
  'att.mismatch': '文件内容与其类型不符。',
  'att.gallery': '附件',
  'att.none': '没有附件。',
  'att.photoUnavailable': '照片 {name} 无法显示',
  'att.sizeKb': '{n} KB',
  'att.sizeMb': '{n} MB',
  'att.kind.before': '整改前',
  'att.kind.after': '整改后',
  'att.kind.signature': '签字',
  'att.kind.plan': '方案原件',
  'att.kind.document': '文件',
};

// @ts-check
/** Risk import from a CSV or XLSX file (views/import.js): graded by the server as a single create. */
import { renderImport } from './import.js';

export const titleKey = 'riskImport.title';

/** @param {HTMLElement} root */
export async function render(root) {
  return renderImport(root, { path: '/risks/import', back: '/risks', backKey: 'riskImport.back', headingKey: 'riskImport.heading',
    columnsKey: 'riskImport.columns', doneKey: 'riskImport.done' });
}

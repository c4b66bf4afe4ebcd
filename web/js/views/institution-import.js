// @ts-check
/** Institution import from a CSV or XLSX file (views/import.js). */
import { renderImport } from './import.js';

export const titleKey = 'import.title';

/** @param {HTMLElement} root */
export async function render(root) {
  return renderImport(root, { path: '/institutions/import', back: '/institutions', backKey: 'inst.back', headingKey: 'import.heading',
    columnsKey: 'import.columns', doneKey: 'import.done' });
}

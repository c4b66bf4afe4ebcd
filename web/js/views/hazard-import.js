// @ts-check
/** Import of a legacy hazard list (台账) from a CSV or XLSX file (views/import.js): a dry run that reports
 *  every bad row first, then the import (POST /hazards/import). */
import { renderImport } from './import.js';

export const titleKey = 'hazardImport.title';

/** @param {HTMLElement} root */
export async function render(root) {
  return renderImport(root, { path: '/hazards/import', back: '/hazards', backKey: 'hazards.back', headingKey: 'hazardImport.heading',
    columnsKey: 'hazardImport.columns', doneKey: 'hazardImport.done' });
}

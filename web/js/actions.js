// @ts-check
/** What the server says the caller may do with a record (its allowed_actions): the SPA offers a button only then. */

/**
 * Whether record lists action among its allowed_actions (false when it carries none).
 * @param {{allowed_actions?: string[]} | null | undefined} record
 * @param {string} action a verb of the record's endpoints: update, archive, delete, answer, submit, correct
 * @returns {boolean}
 */
export function allows(record, action) {
  return Array.isArray(record?.allowed_actions) && record.allowed_actions.includes(action);
}

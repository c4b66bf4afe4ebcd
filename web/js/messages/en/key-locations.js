// @ts-check
/** Key locations. Same keys as zh-CN/key-locations.js. */

/** @type {Record<string, string>} */
export default {
  'loc.title': 'Key locations',
  'loc.add': 'Add a key location',
  'loc.edit': 'Edit key location',
  'loc.none': 'No key locations recorded.',
  'loc.kind': 'Kind',
  'loc.name': 'Name',
  'loc.note': 'Note',
  'loc.duty24h': '24-hour duty',
  'loc.deleteConfirm': 'Delete the key location "{name}"?',
  'locKind.oxygen_station': 'Oxygen station / medical gas',
  'locKind.power_room': 'Power distribution room',
  'locKind.boiler_room': 'Boiler room',
  'locKind.gas_pipeline': 'Gas pipeline',
  'locKind.hazchem_store': 'Hazardous chemicals store',
  'locKind.laboratory': 'Laboratory',
  'locKind.kitchen': 'Kitchen',
  'locKind.ebike_charging': 'E-bike charging area',
  'locKind.other': 'Other',
};

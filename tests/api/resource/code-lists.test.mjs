// One source for every code list: api/resource/labels.c (printed by `anquan-api --print-labels`). The
// database's CHECK constraints, the OpenAPI enums, the SPA's code arrays (web/js/codes.js) and
// both message catalogues must say exactly what it says, so none of the five can drift.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { doc, REPO_ROOT } from '../lib/openapi.mjs';
import { q, closeDb } from '../lib/fixtures.mjs';

after(closeDb);

const labels = JSON.parse(execFileSync(join(REPO_ROOT, 'build/anquan-api'), ['--print-labels'], { encoding: 'utf8' }));

// Where each list lives elsewhere: the column of its CHECK, its OpenAPI schema, its SPA array (null:
// the SPA has no picker for it) and its catalogue prefix.
const PLACES = {
  institution_type: { sql: ['institutions', 'type'], openapi: 'InstitutionType', spa: 'INSTITUTION_TYPES', prefix: 'instType' },
  institution_grade: { sql: ['institutions', 'grade'], openapi: 'InstitutionGrade', spa: 'GRADES', prefix: 'instGrade' },
  ownership: { sql: ['institutions', 'ownership'], openapi: 'Ownership', spa: 'OWNERSHIPS', prefix: 'ownership' },
  location_kind: { sql: ['key_locations', 'kind'], openapi: 'KeyLocationKind', spa: 'LOCATION_KINDS', prefix: 'locKind' },
  project_status: { sql: ['construction_projects', 'status'], openapi: 'ProjectStatus', spa: 'PROJECT_STATUSES', prefix: 'projStatus' },
  risk_category: { sql: ['risks', 'category'], openapi: 'RiskCategory', spa: 'RISK_CATEGORIES', prefix: 'riskCat' },
  risk_grade: { sql: ['risks', 'grade'], openapi: 'RiskGrade', spa: 'RISK_GRADES', prefix: 'riskGrade' },
  risk_method: { sql: ['risks', 'method'], openapi: 'RiskMethod', spa: null, prefix: 'riskMethod' },
  control_level: { sql: ['risks', 'control_level'], openapi: 'ControlLevel', spa: 'CONTROL_LEVELS', prefix: 'controlLevel' },
  inspection_type: { sql: ['inspections', 'type'], openapi: 'InspectionType', spa: 'INSPECTION_TYPES', prefix: 'inspType' },
  inspection_status: { sql: ['inspections', 'status'], openapi: 'InspectionStatus', spa: 'INSPECTION_STATUSES', prefix: 'inspStatus' },
  result: { sql: ['inspection_results', 'result'], openapi: 'ResultValue', spa: null, prefix: 'result' },
};

const codesOf = (name) => labels[name].map(([code]) => code);
const sorted = (a) => [...a].sort();

test('every code list of labels.c is described here, and every one described is in labels.c', () => {
  assert.deepEqual(sorted(Object.keys(labels)), sorted(Object.keys(PLACES)));
});

test('the database CHECK constraints allow exactly the codes of labels.c', async () => {
  for (const [name, { sql: [table, column] }] of Object.entries(PLACES)) {
    const defs = await q(`SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
                          WHERE c.conrelid = $1::regclass AND c.contype = 'c'`, [table]);
    const def = defs.map((d) => d.def).find((d) => new RegExp(`\\(${column} = ANY|\\(\\(${column} = ANY|${column}\\)::text = ANY|\\(${column}\\s*=\\s*ANY`).test(d) ||
      d.includes(`(${column})::text = ANY`) || d.includes(`${column} = ANY`));
    assert.ok(def, `${table}.${column}: a CHECK lists its codes (${defs.map((d) => d.def).join(' | ')})`);
    const inSql = [...def.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);
    assert.deepEqual(sorted(inSql), sorted(codesOf(name)), `${table}.${column}`);
  }
});

test('the OpenAPI enums list exactly the codes of labels.c, in the same order', () => {
  for (const [name, { openapi }] of Object.entries(PLACES)) {
    const schema = doc.components.schemas[openapi];
    assert.ok(schema?.enum, `components.schemas.${openapi} is an enum`);
    assert.deepEqual(schema.enum.filter((v) => v !== null), codesOf(name), openapi);
  }
});

test('the SPA code arrays and both catalogues follow labels.c; the Chinese words are the same', async () => {
  const codes = await import(pathToFileURL(join(REPO_ROOT, 'web/js/codes.js')).href).catch(() => null);
  const src = (await import('node:fs')).readFileSync(join(REPO_ROOT, 'web/js/codes.js'), 'utf8');
  const zh = (await import(pathToFileURL(join(REPO_ROOT, 'web/js/messages/zh-CN.js')).href)).default;
  const en = (await import(pathToFileURL(join(REPO_ROOT, 'web/js/messages/en.js')).href)).default;
  for (const [name, { spa, prefix }] of Object.entries(PLACES)) {
    if (spa) {
      // codes.js imports the browser's modules; read its arrays from the source when it cannot load here
      const arr = codes?.[spa] ?? JSON.parse(new RegExp(`export const ${spa} = (\\[[^\\]]*\\])`).exec(src)[1].replace(/'/g, '"').replace(/\s+/g, ' '));
      assert.deepEqual(arr, codesOf(name), `web/js/codes.js ${spa}`);
    }
    if (prefix) {
      for (const [code, label] of labels[name]) {
        const key = `${prefix}.${code}`;
        assert.ok(en[key], `en.js has ${key}`);
        // the screens may say less than an export (重大 on a tile, 重大风险（红） in a spreadsheet)
        assert.ok(zh[key] === label || (zh[key] && label.startsWith(zh[key])),
          `zh-CN.js ${key} (${zh[key]}) says what labels.c says (${label})`);
      }
    }
  }
});

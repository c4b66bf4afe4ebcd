// XLSX import of institution records (the first sheet of a workbook, the same Chinese headers and
// row checks as the CSV import): a dry run and an import, every bad row named by its sheet row and
// column, a caller from another branch of the tree, and hostile files (not a zip, a zip bomb, a
// workbook without a sheet, a value past column 64) answered 400 naming `body`, never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, uniq, q, closeDb, createUser, creditCode } from '../lib/fixtures.mjs';
import { zip } from '../lib/zip.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['上级机构区划代码', '机构名称', '统一社会信用代码', '机构类别', '等级', '举办性质', '地址', '床位数', '职工数',
  '主要负责人', '负责人电话', '网格名称', '网格责任人', '网格责任人电话'];
const PATH = '/api/v1/institutions/import';

let t0;
let admin; // county admin
before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
});
after(closeDb);

/** A workbook (exceljs: shared strings, numbers as numbers) with HEADER in row 1 and `rows` keyed by sheet row number. */
async function workbook(rows) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('机构');
  ws.getRow(1).values = HEADER;
  for (const [n, cells] of Object.entries(rows)) ws.getRow(Number(n)).values = cells;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importXlsx(bytes, { dryRun, token = admin } = {}) {
  const qs = dryRun === undefined ? '' : `?dry_run=${dryRun}`;
  const res = await api('POST', `${PATH}${qs}`, { token, raw: bytes, headers: { 'content-type': XLSX } });
  expectValid(res, { method: 'POST', path: PATH });
  return res;
}

const named = async (names) => q('SELECT o.name, o.parent_id, i.type, i.beds FROM institutions i JOIN orgs o ON o.id = i.org_id WHERE o.name = ANY($1) ORDER BY o.name', [names]);

test('an XLSX workbook: the dry run checks and imports nothing, then the import creates the institutions', async () => {
  const tag = uniq('表');
  const names = [`${tag}甲卫生院`, `${tag}乙医院`];
  const book = await workbook({
    2: [t0.county.division_code, names[0], creditCode(), '基层医疗卫生机构', '一级甲等', '公立', '测试镇1号', 60, 80, '张三', '024-88886666', '', '', ''],
    4: [t0.county.division_code, names[1], creditCode(), '综合医院', '未定级', '民营', '', '', '', '', '', '', '', ''],
  });
  const dry = await importXlsx(book, { dryRun: true });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.body, { dry_run: true, rows: 2, imported: 0, errors: [] });
  assert.equal((await named(names)).length, 0, 'a dry run writes nothing');
  const real = await importXlsx(book, { dryRun: false });
  assert.equal(real.status, 200, real.text);
  assert.equal(real.body.imported, 2);
  const rows = await named(names);
  assert.deepEqual(rows.map((r) => [r.name, r.parent_id, r.type, r.beds]),
    [[names[0], t0.county.id, 'primary_care', 60], [names[1], t0.county.id, 'general_hospital', null]].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
});

test('every bad row of a workbook is named by its sheet row and column, and nothing is imported', async () => {
  const tag = uniq('坏');
  const good = `${tag}好医院`;
  const book = await workbook({
    2: [t0.county.division_code, good, creditCode(), '综合医院', '未定级', '公立'],
    3: [t0.county.division_code, `${tag}甲`, '91210102MA0111110X', '综合医院', '未定级', '公立'],
    // row 4 left empty: the rows keep the sheet's numbers
    5: [t0.county.division_code, `${tag}乙`, creditCode(), '太空医院', '未定级', '公立'],
    6: [t0.county.division_code, `${tag}丙`, creditCode(), '综合医院', '未定级', '公立', '', -5],
    7: ['999999', `${tag}丁`, creditCode(), '综合医院', '未定级', '公立'],
  });
  const res = await importXlsx(book, { dryRun: false });
  assert.equal(res.status, 200, res.text);
  const got = res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`);
  for (const e of ['3|统一社会信用代码|checksum', '5|机构类别|enum', '6|床位数|range', '7|上级机构区划代码|not_found']) {
    assert.ok(got.includes(e), `${e} in ${JSON.stringify(got)}`);
  }
  assert.ok(!got.some((e) => e.startsWith('2|') || e.startsWith('4|')), JSON.stringify(got));
  assert.equal(res.body.imported, 0);
  assert.equal((await named([good])).length, 0, 'any bad row: nothing is imported');
});

test('a caller of another branch of the tree cannot import under the county', async () => {
  const tag = uniq('邻');
  const siblingAdmin = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  const book = await workbook({ 2: [t0.county.division_code, `${tag}越界医院`, creditCode(), '综合医院', '未定级', '公立'] });
  const res = await importXlsx(book, { dryRun: false, token: siblingAdmin });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`), ['2|上级机构区划代码|not_found']);
  assert.equal((await named([`${tag}越界医院`])).length, 0);
  const viewer = await login(t0.users.viewer.username);
  expectProblem(await importXlsx(book, { dryRun: true, token: viewer }), 403, 'forbidden');
});

test('hostile workbooks are refused naming body: not a zip, a zip bomb, no sheet, a damaged part, a value past column 64', async () => {
  const sheet = (xml) => ({ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${xml}</sheetData></worksheet>`), method: 8 });
  const bomb = Buffer.alloc(40 << 20, 0x20); // 40 MiB of spaces, claimed to be 100 bytes
  Buffer.from('<worksheet><sheetData>').copy(bomb);
  const cases = {
    'not a zip': Buffer.from('上级机构区划代码,机构名称\r\n'),
    'a zip bomb': zip([{ name: 'xl/worksheets/sheet1.xml', data: bomb, method: 8, claimed: 100 }]),
    'no sheet': zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), method: 0 }]),
    'a part past the end': zip([sheet('<row r="1"><c><v>1</v></c></row>')]).subarray(0, 40),
    'a missing shared string': zip([sheet('<row r="1"><c r="A1" t="s"><v>3</v></c></row>')]),
    'a value past column 64': zip([sheet('<row r="1"><c r="BM1" t="inlineStr"><is><t>x</t></is></c></row>')]),
    'rows out of order': zip([sheet('<row r="5"><c><v>1</v></c></row><row r="2"><c><v>1</v></c></row>')]),
    'an unknown compression (bzip2)': zip([{ ...sheet('<row r="1"/>'), method: 12 }]),
  };
  assert.ok(cases['a zip bomb'].length < 200000, 'the bomb is small on the wire');
  for (const [what, body] of Object.entries(cases)) {
    const res = await importXlsx(body, { dryRun: true });
    assert.equal(res.status, 400, `${what}: ${res.text}`);
    expectProblem(res, 400, 'validation_failed');
    assert.equal(res.body.errors?.[0]?.field, 'body', `${what}: ${res.text}`);
  }
});

test('a workbook whose sheet holds control characters and entities reports the row like the CSV import', async () => {
  const tag = uniq('控');
  const xml = `<row r="1">${HEADER.slice(0, 6).map((h, i) => `<c r="${'ABCDEF'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`
    + `<row r="2"><c r="A2"><v>${t0.county.division_code}</v></c><c r="B2" t="inlineStr"><is><t>${tag}&amp;甲&#x1;医院</t></is></c>`
    + `<c r="C2" t="inlineStr"><is><t>${creditCode()}</t></is></c><c r="D2" t="inlineStr"><is><t>综合医院</t></is></c>`
    + '<c r="E2" t="inlineStr"><is><t>未定级</t></is></c><c r="F2" t="inlineStr"><is><t>公立</t></is></c></row>';
  const book = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<?xml version="1.0"?><worksheet><sheetData>${xml}</sheetData></worksheet>`), method: 8 }]);
  const res = await importXlsx(book, { dryRun: true });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`), ['2|机构名称|format']);
});

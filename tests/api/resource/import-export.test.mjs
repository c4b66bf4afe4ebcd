// CSV import of institution records (UTF-8 or GB18030, Chinese headers; any bad row imports
// nothing) and the CSV/XLSX exports (Chinese headers, the caller's subtree, the list's filters).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { api, expectProblem, BASE } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, uniq, q, closeDb, createOrg, createUser, createInstitution, createRisk, createInspection, createProject, creditCode } from '../lib/fixtures.mjs';

let t0;
let admin; // county admin
let cityViewer; // a viewer of city A (sees the county and its sibling)

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  cityViewer = await login((await createUser({ org_id: t0.cityA.id, role: 'viewer' })).username);
});
after(closeDb);

const HEADER = ['上级机构区划代码', '机构名称', '统一社会信用代码', '机构类别', '等级', '举办性质', '地址', '床位数', '职工数',
  '主要负责人', '负责人电话', '网格名称', '网格责任人', '网格责任人电话'];
const csvLine = (cells) => cells.map((c) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
const csvDoc = (rows) => [HEADER, ...rows].map(csvLine).join('\r\n') + '\r\n';

/** A minimal RFC 4180 parser (quoted fields, "" escapes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function importCsv(bytes, { dryRun, contentType = 'text/csv', token = admin } = {}) {
  const qs = dryRun === undefined ? '' : `?dry_run=${dryRun}`;
  return api('POST', `/api/v1/institutions/import${qs}`, { token, raw: bytes, headers: { 'content-type': contentType } });
}
const countNamed = async (names) => Number((await q('SELECT count(*) AS n FROM institutions i JOIN orgs o ON o.id = i.org_id WHERE o.name = ANY($1)', [names]))[0].n);
const countAll = async () => Number((await q('SELECT count(*) AS n FROM institutions'))[0].n);

test('a GB18030 CSV: the dry run checks and imports nothing, then the import creates the institutions', async () => {
  const tag = uniq('导');
  const names = [`${tag}第一卫生院`, `${tag}第二社区卫生服务中心`];
  const doc = csvDoc([
    [t0.county.division_code, names[0], creditCode(), '基层医疗卫生机构', '一级甲等', '公立', '测试镇中心街1号', '60', '80', '张三', '024-88886666', '第一网格', '李四', '13800001111'],
    [t0.county.division_code, names[1], creditCode(), '基层医疗卫生机构', '未定级', '民营', '测试路2号', '', '', '', '', '', '', ''],
  ]);
  const gb = iconv.encode(doc, 'gb18030');
  assert.notDeepEqual(gb, Buffer.from(doc, 'utf8'), 'the bytes are GB18030, not UTF-8');
  const dry = await importCsv(gb, { dryRun: true, contentType: 'text/csv; charset=gb18030' });
  assert.equal(dry.status, 200, dry.text);
  expectValid(dry, { method: 'POST', path: '/api/v1/institutions/import' });
  assert.deepEqual({ dry_run: dry.body.dry_run, rows: dry.body.rows, imported: dry.body.imported, errors: dry.body.errors },
    { dry_run: true, rows: 2, imported: 0, errors: [] });
  assert.equal(await countNamed(names), 0, 'the dry run wrote nothing');
  const real = await importCsv(gb, { dryRun: false, contentType: 'text/csv; charset=gb18030' });
  assert.equal(real.status, 200, real.text);
  expectValid(real, { method: 'POST', path: '/api/v1/institutions/import' });
  assert.deepEqual({ dry_run: real.body.dry_run, rows: real.body.rows, imported: real.body.imported, errors: real.body.errors },
    { dry_run: false, rows: 2, imported: 2, errors: [] });
  const rows = await q(`SELECT o.name, o.parent_id, i.type, i.grade, i.ownership, i.beds, i.principal, i.grid_head
                        FROM institutions i JOIN orgs o ON o.id = i.org_id WHERE o.name = ANY($1) ORDER BY o.name`, [names]);
  assert.equal(rows.length, 2);
  const first = rows.find((r) => r.name === names[0]);
  assert.deepEqual({ ...first, principal: undefined }, { name: names[0], parent_id: t0.county.id, type: 'primary_care', grade: '1A', ownership: 'public', beds: 60, principal: undefined, grid_head: '李四' });
  assert.equal(first.principal.name, '张三');
  assert.equal(rows.find((r) => r.name === names[1]).ownership, 'private');
});

test('a GB18030 CSV without a charset is detected (not valid UTF-8) and a UTF-8 one with a BOM is read as UTF-8', async () => {
  const a = `${uniq('检')}甲卫生院`;
  const gb = iconv.encode(csvDoc([[t0.county.division_code, a, creditCode(), '疾病预防控制中心', '未定级', '公立', '', '', '', '', '', '', '', '']]), 'gb18030');
  const res = await importCsv(gb, { dryRun: false, contentType: 'text/csv' });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.imported, 1, JSON.stringify(res.body.errors));
  assert.equal(await countNamed([a]), 1);
  const b = `${uniq('检')}乙卫生院`;
  const utf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvDoc([[t0.county.division_code, b, creditCode(), '血站', '未定级', '公立', '', '', '', '', '', '', '', '']]), 'utf8')]);
  const res2 = await importCsv(utf, { dryRun: false, contentType: 'text/csv; charset=utf-8' });
  assert.equal(res2.status, 200, res2.text);
  assert.equal(res2.body.imported, 1, JSON.stringify(res2.body.errors));
  assert.equal(await countNamed([b]), 1);
});

test('a CSV with bad rows lists each (row, column, reason) and imports nothing', async () => {
  const tag = uniq('错');
  const good = `${tag}好医院`;
  const existing = await createInstitution();
  const wrong = creditCode();
  const wrongCheck = wrong.slice(0, 17) + (wrong[17] === '0' ? '1' : '0');
  const doc = csvDoc([
    [t0.county.division_code, good, creditCode(), '综合医院', '二级甲等', '公立', '', '100', '50', '', '', '', '', ''], // row 2: fine
    [t0.county.division_code, `${tag}校验位`, wrongCheck, '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 3
    [t0.county.division_code, `${tag}类别`, creditCode(), '诊所', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 4
    [t0.county.division_code, `${tag}床位`, creditCode(), '综合医院', '未定级', '公立', '', '很多', '', '', '', '', '', ''], // row 5
    [t0.sibling.division_code, `${tag}越权`, creditCode(), '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 6: outside
    [t0.county.division_code, `${tag}重复`, existing.credit_code, '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 7
    [t0.county.division_code, '', creditCode(), '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 8: no name
  ]);
  const before = await countAll();
  const beforeOrgs = Number((await q('SELECT count(*) AS n FROM orgs'))[0].n);
  const res = await importCsv(Buffer.from(doc, 'utf8'), { dryRun: false, contentType: 'text/csv; charset=utf-8' });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'POST', path: '/api/v1/institutions/import' });
  assert.equal(res.body.rows, 7);
  assert.equal(res.body.imported, 0);
  const got = res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`);
  for (const e of ['3|统一社会信用代码|checksum', '4|机构类别|enum', '5|床位数|format', '6|上级机构区划代码|not_found', '7|统一社会信用代码|duplicate', '8|机构名称|required']) {
    assert.ok(got.includes(e), `${e} in ${got.join(', ')}`);
  }
  assert.ok(!res.body.errors.some((e) => e.row === 2), 'the good row has no error');
  for (const e of res.body.errors) assert.ok(e.reason.length > 0, 'each error has a reason');
  assert.equal(await countAll(), before, 'no institution was imported');
  assert.equal(Number((await q('SELECT count(*) AS n FROM orgs'))[0].n), beforeOrgs, 'no unit org was created');
  assert.equal(await countNamed([good]), 0);
});

test('a NUL byte in a cell refuses its row naming the column, in the dry run and the import', async () => {
  const tag = uniq('零');
  const good = `${tag}好医院`;
  const cut = `${tag}坏<x>`; // what the name used to be cut to
  const doc = csvDoc([
    [t0.county.division_code, good, creditCode(), '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 2: fine
    [t0.county.division_code, `${cut}\0名尾巴`, creditCode(), '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 3
    [t0.county.division_code, `${tag}码`, `${creditCode()}\0X`, '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 4
    [t0.county.division_code, `${tag}空`, creditCode(), '综合医院', '未定级', '公立', '\0', '', '', '', '', '', '', ''], // row 5
  ]);
  const body = Buffer.from(doc, 'utf8');
  assert.ok(body.includes(0), 'the body holds real NUL bytes');
  const before = await countAll();
  for (const dryRun of [true, false]) {
    const res = await importCsv(body, { dryRun, contentType: 'text/csv; charset=utf-8' });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'POST', path: '/api/v1/institutions/import' });
    assert.equal(res.body.rows, 4);
    assert.equal(res.body.imported, 0);
    const got = res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`);
    for (const e of ['3|机构名称|format', '4|统一社会信用代码|format', '5|地址|format']) {
      assert.ok(got.includes(e), `dry_run=${dryRun}: ${e} in ${got.join(', ')}`);
    }
    assert.ok(!res.body.errors.some((e) => e.row === 2), 'the good row has no error');
  }
  assert.equal(await countAll(), before, 'no institution was imported');
  assert.equal(await countNamed([good, cut, `${tag}码`, `${tag}空`]), 0);
});

test('DEL and C1 control characters in a text cell are refused like the C0 ones', async () => {
  const tag = uniq('控');
  const doc = csvDoc([
    [t0.county.division_code, `${tag}甲\u007f医院`, creditCode(), '综合医院', '未定级', '公立', '', '', '', '', '', '', '', ''], // row 2
    [t0.county.division_code, `${tag}乙医院`, creditCode(), '综合医院', '未定级', '公立', '路\u0085号', '', '', '', '', '', '', ''], // row 3
  ]);
  const res = await importCsv(Buffer.from(doc, 'utf8'), { dryRun: true, contentType: 'text/csv; charset=utf-8' });
  assert.equal(res.status, 200, res.text);
  const got = res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`);
  assert.deepEqual(got, ['2|机构名称|format', '3|地址|format']);
});

test('the import requires text/csv, the headers, and a caller who may write', async () => {
  const res = await api('POST', '/api/v1/institutions/import', { token: admin, body: { rows: [] } });
  assert.ok([400, 415].includes(res.status), res.text);
  expectValid(res, { method: 'POST', path: '/api/v1/institutions/import' });
  const noHeader = await importCsv(Buffer.from('甲,乙\r\n1,2\r\n', 'utf8'), { dryRun: true });
  assert.equal(noHeader.status, 200, noHeader.text);
  assert.ok(noHeader.body.errors.some((e) => e.row === 1 && e.code === 'required'), JSON.stringify(noHeader.body.errors));
  assert.equal(noHeader.body.imported, 0);
  const viewer = await login(t0.users.viewer.username);
  expectProblem(await importCsv(Buffer.from(csvDoc([]), 'utf8'), { token: viewer }), 403, 'forbidden');
  const bad = await importCsv(Buffer.from(csvDoc([]), 'utf8'), { dryRun: 'maybe' });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'dry_run');
});

async function download(path, token) {
  const res = await fetch(BASE + path, { headers: { authorization: `Bearer ${token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, buf, text: buf.toString('utf8'), body: undefined };
}

test('the XLSX export has the Chinese headers and a row whose cells match the record', async () => {
  const inst = await createInstitution({ name: `${uniq('表')}导出医院`, type: 'tcm_hospital', grade: '3A', beds: 321, grid_name: '导出网格', grid_head: '王网格' });
  const res = await download(`/api/v1/institutions/export?format=xlsx&q=${encodeURIComponent(inst.name)}`, admin);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.headers.get('content-type').split(';')[0], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+\.xlsx"$/);
  expectValid(res, res.text, { method: 'GET', path: '/api/v1/institutions/export' });
  assert.equal(res.buf.subarray(0, 2).toString('latin1'), 'PK', 'a zip (OOXML) file');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.buf);
  const ws = wb.worksheets[0];
  const header = ws.getRow(1).values.slice(1).map(String);
  for (const h of ['机构名称', '统一社会信用代码', '机构类别', '等级', '举办性质', '床位数', '网格名称', '网格责任人']) assert.ok(header.includes(h), `${h} in ${header.join(',')}`);
  assert.equal(ws.rowCount, 2, 'the header and one record');
  const cell = (h) => { const v = ws.getRow(2).getCell(header.indexOf(h) + 1).value; return v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v; };
  assert.equal(cell('机构名称'), inst.name);
  assert.equal(cell('统一社会信用代码'), inst.credit_code);
  assert.equal(cell('机构类别'), '中医医院');
  assert.equal(cell('等级'), '三级甲等');
  assert.equal(Number(cell('床位数')), 321);
  assert.equal(cell('网格责任人'), '王网格');
});

test("the CSV export is UTF-8 with a BOM, respects the caller's subtree and the filters", async () => {
  const tag = uniq('域');
  const mine = await createInstitution({ parent_id: t0.county.id, name: `${tag}本县医院`, type: 'general_hospital' });
  const mine2 = await createInstitution({ parent_id: t0.county.id, name: `${tag}本县血站`, type: 'blood_station' });
  const theirs = await createInstitution({ parent_id: t0.sibling.id, name: `${tag}邻县医院`, type: 'general_hospital' });
  const names = async (path, token) => {
    const res = await download(path, token);
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.headers.get('content-type').split(';')[0], 'text/csv');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+\.csv"$/);
    expectValid(res, res.text, { method: 'GET', path: '/api/v1/institutions/export' });
    assert.deepEqual([...res.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const rows = parseCsv(res.text.slice(1));
    const col = rows[0].indexOf('机构名称');
    assert.ok(col >= 0, `机构名称 header: ${rows[0].join(',')}`);
    return rows.slice(1).map((r) => r[col]);
  };
  const countyView = await names(`/api/v1/institutions/export?format=csv&q=${encodeURIComponent(tag)}`, admin);
  assert.deepEqual(countyView.sort(), [mine.name, mine2.name].sort(), "the county admin's export lacks the other county's institution");
  const cityView = await names(`/api/v1/institutions/export?q=${encodeURIComponent(tag)}`, cityViewer);
  assert.deepEqual(cityView.sort(), [mine.name, mine2.name, theirs.name].sort(), 'the city sees both counties (csv by default)');
  const filtered = await names(`/api/v1/institutions/export?format=csv&type=blood_station&q=${encodeURIComponent(tag)}`, cityViewer);
  assert.deepEqual(filtered, [mine2.name]);
  const bySibling = await names(`/api/v1/institutions/export?format=csv&org_id=${t0.sibling.id}&q=${encodeURIComponent(tag)}`, cityViewer);
  assert.deepEqual(bySibling, [theirs.name]);
  expectProblem(await api('GET', `/api/v1/institutions/export?org_id=${t0.sibling.id}`, { token: admin }), 404, 'not_found');
  const bad = await api('GET', '/api/v1/institutions/export?format=pdf', { token: admin });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'format');
});

test('the risk, inspection and 打非治违 exports are attachments of the caller\'s subtree', async () => {
  const tag = uniq('出');
  const inst = await createInstitution({ name: `${tag}医院` });
  const other = await createInstitution({ parent_id: t0.sibling.id, name: `${tag}邻县医院` });
  await createRisk({ institution: inst, name: `${tag}本县风险` });
  await createRisk({ institution: other, name: `${tag}邻县风险` });
  await createInspection({ institution: inst, state: 'submitted' });
  await createInspection({ institution: other, state: 'submitted' });
  await createProject({ institution: inst, name: `${tag}本县无证工程` });
  await createProject({ institution: other, name: `${tag}邻县无证工程` });
  for (const [path, doc] of [[`/api/v1/risks/export?q=${encodeURIComponent(tag)}`, '/api/v1/risks/export'],
    [`/api/v1/inspections/export?q=${encodeURIComponent(tag)}`, '/api/v1/inspections/export'],
    ['/api/v1/projects/unpermitted/export', '/api/v1/projects/unpermitted/export']]) {
    for (const format of ['csv', 'xlsx']) {
      const res = await download(`${path}${path.includes('?') ? '&' : '?'}format=${format}`, admin);
      assert.equal(res.status, 200, `${path}: ${res.text.slice(0, 300)}`);
      expectValid(res, res.text, { method: 'GET', path: doc });
      assert.match(res.headers.get('content-disposition'), new RegExp(`^attachment; filename="[^"]+\\.${format}"$`));
      if (format === 'csv') {
        assert.ok(res.text.includes(`${tag}医院`) || res.text.includes(`${tag}本县`), `${path}: the county's own rows are there`);
        assert.ok(!res.text.includes(`${tag}邻县`), `${path}: the other county's rows are not`);
      } else {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.buf);
        const header = wb.worksheets[0].getRow(1).values.slice(1).map(String);
        assert.ok(header.every((h) => /[\u4e00-\u9fff]/.test(h)), `Chinese headers: ${header.join(',')}`);
      }
    }
  }
});

// Risk import (POST /risks/import) on the generic import: CSV (UTF-8 or GB18030) and XLSX, the
// dry run writes nothing, every bad cell named by row, column and code (nothing imported), rows
// graded exactly as a single create grades, a caller of another branch (its rows name institutions
// it cannot see: not_found, as a missing one), and hostile workbooks answered 400 naming body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, uniq, q, closeDb, createUser, createInstitution, createKeyLocation, creditCode, lecGrade, matrixGrade } from '../lib/fixtures.mjs';
import { zip } from '../lib/zip.mjs';

const PATH = '/api/v1/risks/import';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['统一社会信用代码', '机构名称', '风险名称', '风险类别', '评估方法', 'L（可能性）', 'E（暴露频率）', 'C（后果）', '可能性', '严重程度',
  '重点部位', '管控措施', '管控层级', '管控责任人', '复评日期'];

let t0;
let admin; // county admin
let inst; // an institution of the county
let inst2;
let kl; // a key location of inst
before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  inst = await createInstitution({ name: `${uniq('险')}医院` });
  inst2 = await createInstitution({ name: `${uniq('险')}卫生院` });
  kl = await createKeyLocation({ institution: inst, name: `${uniq('部')}配电室` });
});
after(closeDb);

/** A row keyed by header (missing cells empty). */
const row = (cells) => HEADER.map((h) => cells[h] ?? '');
const csvLine = (cells) => cells.map((c) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
const csvDoc = (rows, header = HEADER) => [header, ...rows].map(csvLine).join('\r\n') + '\r\n';

async function importRisks(bytes, { dryRun, contentType = 'text/csv; charset=utf-8', token = admin } = {}) {
  const qs = dryRun === undefined ? '' : `?dry_run=${dryRun}`;
  const res = await api('POST', `${PATH}${qs}`, { token, raw: bytes, headers: { 'content-type': contentType } });
  expectValid(res, { method: 'POST', path: PATH });
  return res;
}
const risksNamed = (names) => q(`SELECT r.name, r.institution_id, r.key_location_id, r.category, r.method, r.lec_l::float8 AS lec_l,
  r.likelihood, r.score::float8 AS score, r.grade, r.measures, r.control_level, r.control_person, r.review_date::text AS review_date
  FROM risks r WHERE r.name = ANY($1) ORDER BY r.name`, [names]);
const errorsOf = (res) => res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}`);

test('a CSV: the dry run checks and writes nothing, then the import grades each risk as a create does', async () => {
  const tag = uniq('导险');
  const names = [`${tag}甲电气火灾`, `${tag}乙氧气泄漏`, `${tag}丙高空坠落`];
  const doc = csvDoc([
    row({ 统一社会信用代码: inst.credit_code, 风险名称: names[0], 风险类别: '电气', 评估方法: 'LEC法', 'L（可能性）': 3, 'E（暴露频率）': 6, 'C（后果）': 7,
      重点部位: kl.name, 管控措施: '定期检测线路', 管控层级: '部门级', 管控责任人: '张三', 复评日期: '2027-06-30' }),
    row({ 机构名称: inst2.name, 风险名称: names[1], 风险类别: 'medical_gas', 评估方法: 'matrix', 可能性: 4, 严重程度: 5 }),
    row({ 统一社会信用代码: inst2.credit_code, 风险名称: names[2], 风险类别: '施工', 评估方法: 'LEC法', 'L（可能性）': 0.5, 'E（暴露频率）': 1, 'C（后果）': 1 }),
  ]);
  const dry = await importRisks(Buffer.from(doc, 'utf8'), { dryRun: true });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.body, { dry_run: true, rows: 3, imported: 0, errors: [] });
  assert.equal((await risksNamed(names)).length, 0, 'a dry run writes nothing');
  const real = await importRisks(Buffer.from(doc, 'utf8'), { dryRun: false });
  assert.equal(real.status, 200, real.text);
  assert.deepEqual(real.body, { dry_run: false, rows: 3, imported: 3, errors: [] });
  const got = await risksNamed(names);
  assert.equal(got.length, 3);
  const [a, b, c] = names.map((n) => got.find((r) => r.name === n));
  assert.deepEqual(a, { name: names[0], institution_id: inst.id, key_location_id: kl.id, category: 'electrical', method: 'lec', lec_l: 3,
    likelihood: null, score: 126, grade: lecGrade(126), measures: '定期检测线路', control_level: 'department', control_person: '张三', review_date: '2027-06-30' });
  assert.deepEqual([b.institution_id, b.method, b.likelihood, b.score, b.grade], [inst2.id, 'matrix', 4, 20, matrixGrade(20)]);
  assert.deepEqual([c.score, c.grade, c.category], [0.5, 'low', 'construction']);
  const audit = await q("SELECT object_type, detail FROM audit_log WHERE action = 'risk.import' AND username = $1 ORDER BY id DESC LIMIT 1",
    [t0.users.admin.username]);
  assert.deepEqual(audit.map((a) => [a.object_type, a.detail.count]), [['risk', 3]], 'the import is audited with its count');
});

test('a GB18030 CSV (no charset: not UTF-8, so GB18030) imports with English headers too', async () => {
  const name = `${uniq('国标')}消防通道堵塞`;
  const header = ['institution_credit_code', 'name', 'category', 'method', 'likelihood', 'severity', 'control_person'];
  const gb = iconv.encode(csvDoc([[inst.credit_code, name, '火灾', '风险矩阵法', 2, 3, '李四']], header), 'gb18030');
  const res = await importRisks(gb, { dryRun: false, contentType: 'text/csv' });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.errors, []);
  const [r] = await risksNamed([name]);
  assert.deepEqual([r.category, r.method, r.score, r.grade, r.control_person], ['fire', 'matrix', 6, matrixGrade(6), '李四']);
});

test('an XLSX workbook: numbers and a date cell, the sheet rows kept', async () => {
  const tag = uniq('表险');
  const names = [`${tag}甲`, `${tag}乙`];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('风险');
  ws.getRow(1).values = HEADER;
  ws.getRow(2).values = row({ 统一社会信用代码: inst.credit_code, 风险名称: names[0], 风险类别: '电气', 评估方法: 'LEC法', 'L（可能性）': 6, 'E（暴露频率）': 6, 'C（后果）': 15,
    复评日期: new Date(Date.UTC(2027, 2, 15)) });
  ws.getRow(4).values = row({ 统一社会信用代码: inst.credit_code, 风险名称: names[1], 风险类别: '火灾', 评估方法: '风险矩阵法', 可能性: 1, 严重程度: 2 });
  const book = Buffer.from(await wb.xlsx.writeBuffer());
  const dry = await importRisks(book, { dryRun: true, contentType: XLSX });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.body, { dry_run: true, rows: 2, imported: 0, errors: [] });
  const res = await importRisks(book, { dryRun: false, contentType: XLSX });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.imported, 2, JSON.stringify(res.body.errors));
  const got = await risksNamed(names);
  const [a, b] = names.map((n) => got.find((r) => r.name === n));
  assert.deepEqual([a.score, a.grade, a.review_date], [540, lecGrade(540), '2027-03-15']);
  assert.deepEqual([b.score, b.grade], [2, 'low']);
});

test('every bad cell is named by row, column and code, and nothing is imported', async () => {
  const tag = uniq('坏险');
  const archived = await createInstitution({ name: `${uniq('旧')}医院`, archived: true });
  const ok = { 统一社会信用代码: inst.credit_code, 风险类别: '火灾', 评估方法: 'LEC法', 'L（可能性）': 3, 'E（暴露频率）': 6, 'C（后果）': 7 };
  const rows = [
    { ...ok, 风险名称: `${tag}好` }, // row 2: fine
    { ...ok, 风险名称: `${tag}码`, 统一社会信用代码: creditCode() }, // 3: no such institution
    { ...ok, 风险名称: '' }, // 4: no name
    { ...ok, 风险名称: `${tag}类`, 风险类别: '地震' }, // 5
    { ...ok, 风险名称: `${tag}法`, 评估方法: '拍脑袋' }, // 6
    { ...ok, 风险名称: `${tag}L`, 'L（可能性）': 4 }, // 7: not a table value
    { ...ok, 风险名称: `${tag}E`, 'E（暴露频率）': '常常' }, // 8: not a number
    { ...ok, 风险名称: `${tag}矩`, 评估方法: '风险矩阵法' }, // 9: lec values for matrix
    { 统一社会信用代码: inst.credit_code, 风险名称: `${tag}严`, 风险类别: '火灾', 评估方法: '风险矩阵法', 可能性: 3 }, // 10: no severity
    { ...ok, 风险名称: `${tag}部`, 重点部位: '不存在的部位' }, // 11
    { ...ok, 风险名称: `${tag}措`, 管控措施: '长'.repeat(2001) }, // 12
    { ...ok, 风险名称: `${tag}级`, 管控层级: '省级' }, // 13
    { ...ok, 风险名称: `${tag}人`, 管控责任人: '名'.repeat(65) }, // 14
    { ...ok, 风险名称: `${tag}日`, 复评日期: '2026-13-01' }, // 15
    { ...ok, 风险名称: `${tag}档`, 统一社会信用代码: archived.credit_code }, // 16
    { ...ok, 风险名称: `${tag}无`, 统一社会信用代码: '' }, // 17: no institution
    { ...ok, 风险名称: `${tag}控\u0001` }, // 18: a control character
  ];
  const before = Number((await q('SELECT count(*) AS n FROM risks'))[0].n);
  for (const dryRun of [true, false]) {
    const res = await importRisks(Buffer.from(csvDoc(rows.map(row)), 'utf8'), { dryRun });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.rows, rows.length);
    assert.equal(res.body.imported, 0);
    const got = errorsOf(res);
    for (const e of ['3|统一社会信用代码|not_found', '4|风险名称|required', '5|风险类别|enum', '6|评估方法|enum', '7|L（可能性）|enum',
      '8|E（暴露频率）|format', '9|L（可能性）|not_allowed', '9|E（暴露频率）|not_allowed', '10|严重程度|required', '11|重点部位|not_found', '12|管控措施|too_long',
      '13|管控层级|enum', '14|管控责任人|too_long', '15|复评日期|format', '16|统一社会信用代码|conflict', '17|统一社会信用代码|required',
      '18|风险名称|format']) {
      assert.ok(got.includes(e), `dry_run=${dryRun}: ${e} in ${got.join(', ')}`);
    }
    assert.ok(!got.some((e) => e.startsWith('2|')), 'the good row has no error');
    for (const e of res.body.errors) assert.ok(e.reason.length > 0);
  }
  assert.equal(Number((await q('SELECT count(*) AS n FROM risks'))[0].n), before, 'nothing was imported');
});

test('the header must name the institution and the risk; a caller may write risks', async () => {
  const res = await importRisks(Buffer.from(csvDoc([['x', 'fire']], ['风险名称', '风险类别']), 'utf8'), { dryRun: true });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(errorsOf(res).sort(), ['1|统一社会信用代码|required', '1|评估方法|required'].sort());
  const viewer = await login(t0.users.viewer.username);
  expectProblem(await importRisks(Buffer.from(csvDoc([]), 'utf8'), { token: viewer }), 403, 'forbidden');
  const bad = await importRisks(Buffer.from(csvDoc([]), 'utf8'), { dryRun: 'maybe' });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'dry_run');
  const json = await api('POST', PATH, { token: admin, body: { rows: [] } });
  expectProblem(json, 415, 'unsupported_media_type');
});

test("a caller of another branch naming the county's institution gets not_found, as for a missing one", async () => {
  const siblingAdmin = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  const name = `${uniq('越界')}风险`;
  const doc = csvDoc([
    row({ 统一社会信用代码: inst.credit_code, 风险名称: name, 风险类别: '火灾', 评估方法: 'LEC法', 'L（可能性）': 3, 'E（暴露频率）': 6, 'C（后果）': 7 }),
    row({ 统一社会信用代码: creditCode(), 风险名称: name, 风险类别: '火灾', 评估方法: 'LEC法', 'L（可能性）': 3, 'E（暴露频率）': 6, 'C（后果）': 7 }),
    row({ 机构名称: inst.name, 风险名称: name, 风险类别: '火灾', 评估方法: 'LEC法', 'L（可能性）': 3, 'E（暴露频率）': 6, 'C（后果）': 7 }),
  ]);
  const res = await importRisks(Buffer.from(doc, 'utf8'), { dryRun: false, token: siblingAdmin });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.errors.map((e) => `${e.row}|${e.column}|${e.code}|${e.reason}`), [
    '2|统一社会信用代码|not_found|No such institution in your area.',
    '3|统一社会信用代码|not_found|No such institution in your area.',
    '4|机构名称|not_found|No such institution in your area.']);
  assert.equal((await risksNamed([name])).length, 0);
});

test('an Idempotency-Key: a retried import answers the first answer and records nothing again', async () => {
  const name = `${uniq('幂等')}风险`;
  const doc = Buffer.from(csvDoc([row({ 统一社会信用代码: inst.credit_code, 风险名称: name, 风险类别: '火灾', 评估方法: '风险矩阵法', 可能性: 2, 严重程度: 2 })]), 'utf8');
  const key = `import-${uniq('k')}`;
  const send = (body) => api('POST', `${PATH}?dry_run=false`, { token: admin, raw: body, headers: { 'content-type': 'text/csv; charset=utf-8', 'Idempotency-Key': key } });
  const first = await send(doc);
  assert.equal(first.status, 200, first.text);
  expectValid(first, { method: 'POST', path: PATH });
  assert.equal(first.body.imported, 1);
  const again = await send(doc);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(again.body, first.body);
  assert.equal((await risksNamed([name])).length, 1, 'the retry recorded nothing');
  const other = await send(Buffer.from(csvDoc([row({ 统一社会信用代码: inst.credit_code, 风险名称: `${name}二`, 风险类别: '火灾', 评估方法: '风险矩阵法', 可能性: 1, 严重程度: 1 })]), 'utf8'));
  expectValid(other, { method: 'POST', path: PATH });
  expectProblem(other, 422, 'idempotency_key_reused');
  assert.equal((await risksNamed([`${name}二`])).length, 0);
});

test('hostile workbooks and bodies are refused naming body, never a 500', async () => {
  const sheet = (xml) => ({ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${xml}</sheetData></worksheet>`), method: 8 });
  const bomb = Buffer.alloc(40 << 20, 0x20);
  Buffer.from('<worksheet><sheetData>').copy(bomb);
  const cases = {
    'not a zip': [Buffer.from('风险名称\r\n'), XLSX],
    'a zip bomb': [zip([{ name: 'xl/worksheets/sheet1.xml', data: bomb, method: 8, claimed: 100 }]), XLSX],
    'no sheet': [zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), method: 0 }]), XLSX],
    'a value past column 64': [zip([sheet('<row r="1"><c r="BM1" t="inlineStr"><is><t>x</t></is></c></row>')]), XLSX],
    'an unclosed quote': [Buffer.from('风险名称,"风险类别\r\n'), 'text/csv; charset=utf-8'],
    'not UTF-8 though declared': [Buffer.from([0xff, 0xfe, 0x41]), 'text/csv; charset=utf-8'],
    'too many rows': [Buffer.from(`风险名称\r\n${'x\r\n'.repeat(5001)}`), 'text/csv; charset=utf-8'],
  };
  for (const [what, [body, type]] of Object.entries(cases)) {
    const res = await importRisks(body, { dryRun: true, contentType: type });
    expectProblem(res, 400, 'validation_failed');
    assert.equal(res.body.errors?.[0]?.field, 'body', `${what}: ${res.text}`);
  }
});

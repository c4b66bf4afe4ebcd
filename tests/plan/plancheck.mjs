// Reading the plans auto_explain logs (tests/plan/setup.sh turns it on for the runtime role in the
// plan database) and judging them: no sequential scan of a large table, no row estimate off by
// 100x or more.
import { openSync, readSync, fstatSync, closeSync } from 'node:fs';

/** How many rows a sequential scan of a large table may read (kept or filtered out) unjudged. */
export const SEQ_READ_LIMIT = 10000;

/** How far off an estimate may be before a plan fails. */
export const MAX_ESTIMATE_FACTOR = 100;

/** The size of a log file now: plans written after this offset belong to what follows. */
export function logOffset(file) {
  const fd = openSync(file, 'r');
  try { return fstatSync(fd).size; } finally { closeSync(fd); }
}

/**
 * The text of `file` from `offset` once it has stopped growing (no new bytes for 40 ms, at most
 * 3 s): a request's last statement is logged when PostgreSQL closes its portal, at the ROLLBACK
 * the server sends without waiting, which may come after the reply has reached the test.
 */
export async function settledFrom(file, offset) {
  let size = -1;
  for (let waited = 0; waited < 3000; waited += 40) {
    const now = logOffset(file);
    if (now === size) break;
    size = now;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  return readFrom(file, offset);
}

/** The names of the indexes that `plans` (parsePlans) read. */
export function indexesOf(plans) {
  const names = new Set();
  for (const p of plans) JSON.stringify(p.plan, (k, v) => { if (k === 'Index Name') names.add(v); return v; });
  return names;
}

/** The text of `file` from `offset` to its end. */
export function readFrom(file, offset) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.max(0, size - offset));
    if (buf.length) readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally { closeSync(fd); }
}

/**
 * The plans in a stretch of a PostgreSQL log written by auto_explain in JSON: a line
 * "... LOG:  duration: 0.123 ms  plan:" followed by the JSON document on lines that start with a
 * tab. Returns [{ duration, query, plan }] (plan: the top node).
 */
export function parsePlans(text) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /duration: ([0-9.]+) ms {2}plan:\s*$/.exec(lines[i]);
    if (!m) continue;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && lines[j].startsWith('\t'); j++) body.push(lines[j].slice(1));
    i = j - 1;
    let doc;
    try { doc = JSON.parse(body.join('\n')); } catch { continue; }
    out.push({ duration: Number(m[1]), query: doc['Query Text'] ?? '', plan: doc.Plan });
  }
  return out;
}

/** Every node of a plan with the chain of node types above it. */
export function* walk(node, above = []) {
  if (!node) return;
  yield { node, above };
  for (const child of node.Plans ?? []) yield* walk(child, [...above, node]);
}

/**
 * What is wrong with one plan: a Seq Scan of a relation in `large` (a Map of names to their row
 * counts) that keeps less than half of its rows (one that keeps most of them, such as a count of
 * every risk of the province, reads less than any index would), or a node
 * whose actual rows per loop and planned rows differ by MAX_ESTIMATE_FACTOR or more. An estimate
 * above the actual rows is not held against a node under a Limit (or a node that the executor
 * stopped early for another reason: an Index Scan inside a Nested Loop's inner side is
 * counted per loop like its estimate) since it stops as soon as the page is full.
 * Returns a list of readable problems (empty: the plan is good).
 */
export function planProblems(plan, large) {
  const problems = [];
  for (const { node, above } of walk(plan)) {
    const type = node['Node Type'];
    const rel = node['Relation Name'];
    if (type === 'Seq Scan' && rel && large.has(rel)) {
      const loops = node['Actual Loops'] ?? 0;
      const kept = (node['Actual Rows'] ?? 0) * loops;
      const read = kept + (node['Rows Removed by Filter'] ?? 0) * loops;
      // A scan stopped early by a Limit (a capped count reading its first 1,001 rows) reads
      // little; one that reads a large table to keep a small part of it is the fault.
      if (read >= SEQ_READ_LIMIT && !(kept >= 0.5 * large.get(rel))) {
        problems.push(`Seq Scan on ${rel} (kept ${kept} of ${read} rows read; the table has ${large.get(rel)})`);
      }
    }
    const loops = node['Actual Loops'];
    if (!loops) continue; // never executed
    // BitmapAnd and BitmapOr always report zero rows (PostgreSQL's EXPLAIN documentation: a
    // limitation of the implementation); the Bitmap Heap Scan above them is judged instead.
    if (type === 'BitmapAnd' || type === 'BitmapOr') continue;
    const actual = node['Actual Rows'];
    const est = node['Plan Rows'];
    const where = `${type}${rel ? ` on ${rel}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`;
    if (actual > MAX_ESTIMATE_FACTOR * Math.max(est, 1)) {
      problems.push(`${where}: estimated ${est} rows, got ${actual} (x${(actual / Math.max(est, 1)).toFixed(0)})`);
    }
    const stopped = above.some((n) => n['Node Type'] === 'Limit');
    if (!stopped && est > MAX_ESTIMATE_FACTOR * Math.max(actual, 1)) {
      problems.push(`${where}: estimated ${est} rows, got ${actual} (x1/${(est / Math.max(actual, 1)).toFixed(0)})`);
    }
  }
  return problems;
}

/** One line per node, for a failure message: type, relation, index, estimate and actual rows. */
export function planSummary(plan) {
  const rows = [];
  for (const { node, above } of walk(plan)) {
    rows.push(`${'  '.repeat(above.length)}${node['Node Type']}${node['Relation Name'] ? ` ${node['Relation Name']}` : ''}` +
      `${node['Index Name'] ? ` (${node['Index Name']})` : ''} est=${node['Plan Rows']} act=${node['Actual Rows']}x${node['Actual Loops']}`);
  }
  return rows.join('\n');
}

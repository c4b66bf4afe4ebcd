// A small QR code reader for the tests of GET /notices/{id}/qr.svg: the SVG's dark modules back to
// a matrix, then the symbol read as ISO/IEC 18004 lays it out (format information, function
// patterns, the zigzag of the data modules, the mask, the blocks of error correction level M,
// byte mode). No error correction: a symbol drawn by a program is read as drawn, and a module
// out of place makes the text come out wrong, which is what the test should notice.
import assert from 'node:assert/strict';

/**
 * The modules of the server's SVG: its viewBox (the symbol plus a 4-module quiet zone on each
 * side) and the runs of its path ("M x y h n v1 h-n z", one run of dark modules each).
 * Returns {size, quiet, dark: boolean[][] (row, column) without the quiet zone}.
 */
export function svgModules(svg) {
  const vb = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  assert.ok(vb, 'the SVG has a viewBox');
  assert.equal(vb[1], vb[2], 'the viewBox is square');
  const quiet = 4;
  const size = Number(vb[1]) - 2 * quiet;
  const path = /<path[^>]* d="([^"]*)"/.exec(svg);
  assert.ok(path, 'the SVG has the path of the dark modules');
  const dark = Array.from({ length: size }, () => new Array(size).fill(false));
  const runs = path[1].match(/M\d+ \d+h\d+v1h-\d+z/g) ?? [];
  assert.equal(runs.join(''), path[1], 'the path is made of runs only');
  for (const r of runs) {
    const [, x, y, n, back] = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/.exec(r).map(Number);
    assert.equal(n, back, 'a run closes on itself');
    for (let i = 0; i < n; i += 1) {
      const col = x + i - quiet; const row = y - quiet;
      assert.ok(row >= 0 && row < size && col >= 0 && col < size, `run ${r} lies outside the quiet zone`);
      dark[row][col] = true;
    }
  }
  return { size, quiet, dark };
}

// Error correction level M, by version (index 0 unused): codewords of error correction per
// block, and the number of blocks.
const ECC_M = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS_M = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

function alignmentPositions(version, size) {
  if (version === 1) return [];
  const n = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (n * 2 - 2)) * 2;
  const out = [6];
  for (let pos = size - 7; out.length < n; pos -= step) out.splice(1, 0, pos);
  return out;
}

function rawDataModules(version) {
  let r = (16 * version + 128) * version + 64;
  if (version >= 2) { const n = Math.floor(version / 7) + 2; r -= (25 * n - 10) * n - 55; if (version >= 7) r -= 36; }
  return r;
}

/** The function modules (finders, separators, timing, alignment, format and version areas). */
function functionModules(version, size) {
  const f = Array.from({ length: size }, () => new Array(size).fill(false));
  const mark = (r, c) => { if (r >= 0 && r < size && c >= 0 && c < size) f[r][c] = true; };
  for (let i = 0; i < size; i += 1) { mark(6, i); mark(i, 6); }
  for (const [r0, c0] of [[0, 0], [0, size - 7], [size - 7, 0]]) {
    for (let r = -1; r <= 7; r += 1) for (let c = -1; c <= 7; c += 1) mark(r0 + r, c0 + c);
  }
  const al = alignmentPositions(version, size);
  for (let i = 0; i < al.length; i += 1) {
    for (let j = 0; j < al.length; j += 1) {
      if ((i === 0 && j === 0) || (i === 0 && j === al.length - 1) || (i === al.length - 1 && j === 0)) continue;
      for (let r = -2; r <= 2; r += 1) for (let c = -2; c <= 2; c += 1) mark(al[i] + r, al[j] + c);
    }
  }
  for (let i = 0; i <= 8; i += 1) { mark(8, i); mark(i, 8); }
  for (let i = 0; i < 8; i += 1) { mark(8, size - 1 - i); mark(size - 1 - i, 8); }
  if (version >= 7) {
    for (let i = 0; i < 6; i += 1) for (let j = 0; j < 3; j += 1) { mark(i, size - 11 + j); mark(size - 11 + j, i); }
  }
  return f;
}

const MASKS = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(c / 3) + Math.floor(r / 2)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/** Checks a 7x7 finder pattern with its top-left corner at (r0, c0). */
function finderAt(dark, r0, c0) {
  for (let r = 0; r < 7; r += 1) {
    for (let c = 0; c < 7; c += 1) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      if (dark[r0 + r][c0 + c] !== (ring !== 2)) return false;
    }
  }
  return true;
}

/**
 * Reads the symbol `dark` (size x size). Returns {version, ecl, mask, text}; throws when the
 * symbol is not one of error correction level M in byte mode.
 */
export function readQr({ size, dark }) {
  assert.equal((size - 17) % 4, 0, `a symbol is 17 + 4 x version modules wide (got ${size})`);
  const version = (size - 17) / 4;
  assert.ok(version >= 1 && version <= 40, `version ${version} in 1..40`);
  assert.ok(finderAt(dark, 0, 0) && finderAt(dark, 0, size - 7) && finderAt(dark, size - 7, 0), 'three finder patterns');
  for (let i = 8; i < size - 8; i += 1) {
    assert.equal(dark[6][i], i % 2 === 0, `timing pattern of row 6 at column ${i}`);
    assert.equal(dark[i][6], i % 2 === 0, `timing pattern of column 6 at row ${i}`);
  }
  // format information, first copy (bit i of 15)
  let bits = 0;
  const at = (i) => {
    if (i < 6) return dark[i][8];
    if (i === 6) return dark[7][8];
    if (i === 7) return dark[8][8];
    if (i === 8) return dark[8][7];
    return dark[8][14 - i];
  };
  for (let i = 0; i < 15; i += 1) if (at(i)) bits |= 1 << i;
  const data = (bits ^ 0x5412) >> 10;
  let rem = data;
  for (let i = 0; i < 10; i += 1) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  assert.equal(((data << 10) | rem) ^ 0x5412, bits, 'the format information carries its BCH check');
  const eclBits = data >> 3; const mask = data & 7;
  const ecl = ['M', 'L', 'H', 'Q'][eclBits];
  assert.equal(ecl, 'M', 'error correction level M');
  // the data modules, in their zigzag, unmasked
  const fn = functionModules(version, size);
  const raw = [];
  let cur = 0; let n = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert += 1) {
      for (let j = 0; j < 2; j += 1) {
        const c = right - j;
        const upward = ((right + 1) & 2) === 0;
        const r = upward ? size - 1 - vert : vert;
        if (fn[r][c]) continue;
        const bit = dark[r][c] !== MASKS[mask](r, c);
        cur = (cur << 1) | (bit ? 1 : 0);
        n += 1;
        if (n % 8 === 0) { raw.push(cur); cur = 0; }
      }
    }
  }
  const rawCodewords = Math.floor(rawDataModules(version) / 8);
  assert.equal(raw.length, rawCodewords, 'the data modules hold the codewords of the version');
  // the data codewords of the blocks, interleaved
  const blocks = BLOCKS_M[version]; const eccLen = ECC_M[version];
  const shortBlocks = blocks - (rawCodewords % blocks);
  const shortLen = Math.floor(rawCodewords / blocks);
  const dataLen = Array.from({ length: blocks }, (_, j) => shortLen - eccLen + (j < shortBlocks ? 0 : 1));
  const parts = dataLen.map(() => []);
  let k = 0;
  for (let i = 0; i < Math.max(...dataLen); i += 1) {
    for (let j = 0; j < blocks; j += 1) if (i < dataLen[j]) parts[j].push(raw[k++]);
  }
  const bytes = parts.flat();
  // byte mode: 0100, the count (8 bits up to version 9, else 16), the bytes
  let pos = 0;
  const take = (w) => { let v = 0; for (let i = 0; i < w; i += 1) { v = (v << 1) | ((bytes[pos >> 3] >> (7 - (pos & 7))) & 1); pos += 1; } return v; };
  assert.equal(take(4), 0b0100, 'byte mode');
  const count = take(version <= 9 ? 8 : 16);
  const out = [];
  for (let i = 0; i < count; i += 1) out.push(take(8));
  return { version, ecl, mask, text: Buffer.from(out).toString('utf8') };
}

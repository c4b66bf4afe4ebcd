// A zip archive of raw entries, for the hostile workbooks of the import tests (a zip bomb claims
// a small size; a stored or deflated entry, or an unknown method).
import zlib from 'node:zlib';

/** A zip of raw entries: [{name, data, method (8 deflated, else stored as given), claimed (uncompressed size in the headers)}]. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = e.method === 8 ? zlib.deflateRawSync(e.data, { level: 9 }) : e.data;
    const claimed = e.claimed ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(body.length, 18); lh.writeUInt32LE(claimed, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(body.length, 20); ch.writeUInt32LE(claimed, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, body);
    centrals.push(ch, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(entries.length, 8); eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

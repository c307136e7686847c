import { nodeBuiltins } from './native.js';

// Slicing-by-8 tables: TABLES[k][b] is the CRC of byte b followed by k zero bytes, so eight
// bytes are folded in per step instead of one.
const TABLES = (() => {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++)
      tables[k * 256 + n] =
        (tables[(k - 1) * 256 + n]! >>> 8) ^ tables[tables[(k - 1) * 256 + n]! & 0xff]!;
  }
  return tables;
})();

// Node's own CRC-32 (zlib's, with carry-less multiplication where the CPU has it) is four to
// five times faster than the tables below; browsers and Node before 20.15 lack it.
const native = nodeBuiltins.crc32;

/**
 * CRC-32 (IEEE 802.3, as in zip and PNG) of a byte range; given the CRC of the bytes before
 * it, the CRC of both.
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return native === undefined ? crc32Sliced(bytes, previous) : native(bytes, previous);
}

/** The same CRC in JavaScript, eight bytes a step: where Node has no CRC of its own. */
export function crc32Sliced(bytes: Uint8Array, previous = 0): number {
  const t = TABLES;
  let crc = (previous ^ 0xffffffff) >>> 0;
  let i = 0;
  for (const end = bytes.length - 7; i < end; i += 8) {
    const low =
      crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    const high =
      bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    crc =
      t[1792 + (low & 0xff)]! ^
      t[1536 + ((low >>> 8) & 0xff)]! ^
      t[1280 + ((low >>> 16) & 0xff)]! ^
      t[1024 + (low >>> 24)]! ^
      t[768 + (high & 0xff)]! ^
      t[512 + ((high >>> 8) & 0xff)]! ^
      t[256 + ((high >>> 16) & 0xff)]! ^
      t[high >>> 24]!;
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

import { concatBytes, type PayloadPieces } from '../util/bytes.js';
import { CorruptIndexError, NotAnIndexError, UnsupportedVersionError } from '../errors.js';
import { crc32 } from '../util/crc32.js';

/** First bytes of every index file: a non-ASCII byte, "STPX", CR LF, ^Z, LF (catches text-mode damage). */
export const MAGIC = Uint8Array.of(0x89, 0x53, 0x54, 0x50, 0x58, 0x0d, 0x0a, 0x1a);
export const FORMAT_VERSION = 6;
/** Bytes of the file header. */
export const HEADER_BYTES = 20;
/** Bytes of each section's header: tag, length, CRC. */
const SECTION_HEADER_BYTES = 16;
/** Sections are also checked in blocks of this many bytes, so a part can be read and checked alone. */
export const BLOCK_BYTES = 1 << 16;
/** The last section: the block checksums of every section before it (since version 6). */
export const BLOCK_CRC_TAG = 'BCRC';

/** Four ASCII letters naming a section. */
export type SectionTag = string;

/**
 * Lays out sections behind the file header (see docs/FORMAT.md):
 * header = magic, version, section count, CRC of those; then per section its tag, length,
 * CRC of its payload, and the payload.
 */
export function writeContainer(sections: readonly [SectionTag, Payload][]): Uint8Array {
  return concatBytes([...containerParts(sections)]);
}

/**
 * The bytes of {@link writeContainer} as pieces in order, the payloads not copied: a file can
 * be written from them without the whole index in one buffer beside the index itself. Each
 * payload is read twice: for its checksums now, and for its bytes as the pieces are taken. A
 * {@link BLOCK_CRC_TAG} section is added last.
 */
export function containerParts(given: readonly [SectionTag, Payload][]): Iterable<Uint8Array> {
  for (const [tag] of given)
    if (!/^[A-Z]{4}$/.test(tag)) throw new RangeError(`bad section tag ${tag}`);
  const sums = given.map(([, payload]) => checksums(piecesOf(payload)));
  const blocks = new Uint8Array(4 * sums.reduce((n, sum) => n + sum.blocks.length, 0));
  const blockView = new DataView(blocks.buffer);
  sums.flatMap((sum) => sum.blocks).forEach((crc, i) => blockView.setUint32(4 * i, crc, true));
  const sections: [SectionTag, Payload][] = [...given, [BLOCK_CRC_TAG, blocks]];
  sums.push(checksums([blocks]));
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set(MAGIC, 0);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, sections.length, true);
  view.setUint32(16, crc32(header.subarray(0, 16)), true);
  return (function* () {
    yield header;
    for (const [i, [tag, payload]] of sections.entries()) {
      const { length, crc } = sums[i]!;
      const head = new Uint8Array(SECTION_HEADER_BYTES);
      const headView = new DataView(head.buffer);
      for (let c = 0; c < 4; c++) head[c] = tag.charCodeAt(c);
      headView.setUint32(4, length % 2 ** 32, true);
      headView.setUint32(8, Math.floor(length / 2 ** 32), true);
      headView.setUint32(12, crc, true);
      yield head;
      yield* piecesOf(payload);
    }
  })();
}

/** A section's payload: its bytes, or its pieces in order. */
export type Payload = Uint8Array | readonly Uint8Array[] | PayloadPieces;

function piecesOf(payload: Payload): Iterable<Uint8Array> {
  if (payload instanceof Uint8Array) return [payload];
  return 'pieces' in payload ? payload.pieces() : payload;
}

// A payload's length, CRC and its blocks' CRCs (a block may span pieces), in one pass.
function checksums(pieces: Iterable<Uint8Array>): {
  length: number;
  crc: number;
  blocks: number[];
} {
  const blocks: number[] = [];
  let length = 0;
  let crc = 0;
  let block = 0;
  let filled = 0;
  for (const piece of pieces) {
    length += piece.length;
    crc = crc32(piece, crc);
    for (let at = 0; at < piece.length;) {
      const take = Math.min(BLOCK_BYTES - filled, piece.length - at);
      block = crc32(piece.subarray(at, at + take), block);
      at += take;
      filled += take;
      if (filled === BLOCK_BYTES) {
        blocks.push(block);
        block = 0;
        filled = 0;
      }
    }
  }
  if (filled > 0) blocks.push(block);
  return { length, crc, blocks };
}

/** How many checked blocks a payload of `length` bytes has. */
export function blockCount(length: number): number {
  return Math.ceil(length / BLOCK_BYTES);
}

/** A read file: its format version and its sections by tag. */
export interface Container {
  version: number;
  sections: Map<SectionTag, Uint8Array>;
}

/** Throws {@link NotAnIndexError} unless `head` (a file's first bytes, or all of them) opens with {@link MAGIC}. */
export function checkMagic(head: Uint8Array): void {
  if (head.length < MAGIC.length || MAGIC.some((byte, i) => head[i] !== byte)) {
    throw new NotAnIndexError(
      head.length === 0 ? 'not a steppe index: empty' : 'not a steppe index: wrong magic bytes',
    );
  }
}

/**
 * The format version and section count from a file's first bytes (`fileSize` bytes in all),
 * after checking the magic, the length and the header's checksum.
 */
export function readHeader(head: Uint8Array, fileSize: number): { version: number; count: number } {
  checkMagic(head);
  if (head.length < HEADER_BYTES)
    throw new CorruptIndexError(
      `truncated index: ${fileSize} bytes, the header alone takes ${HEADER_BYTES}`,
    );
  const view = new DataView(head.buffer, head.byteOffset, HEADER_BYTES);
  if (view.getUint32(16, true) !== crc32(head.subarray(0, 16)))
    throw new CorruptIndexError('corrupt index: header checksum mismatch');
  const version = view.getUint32(8, true);
  if (version > FORMAT_VERSION) throw new UnsupportedVersionError(version, FORMAT_VERSION);
  if (version === 0) throw new CorruptIndexError('corrupt index: format version 0');
  return { version, count: view.getUint32(12, true) };
}

/** Where one section lies in a file: its payload's first byte, its length and its CRC. */
export interface SectionEntry {
  tag: SectionTag;
  start: number;
  length: number;
  crc: number;
}

/**
 * The `count` sections after the header of a file of `size` bytes, read through `read`
 * (exactly `length` bytes from `position`): each must fit in the file, no tag may appear
 * twice, and the last must end the file. `visit` sees each section as it is found.
 */
export function readSectionTable(
  read: (position: number, length: number) => Uint8Array,
  size: number,
  count: number,
  visit?: (section: SectionEntry) => void,
): SectionEntry[] {
  const table: SectionEntry[] = [];
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + SECTION_HEADER_BYTES > size)
      throw new CorruptIndexError(
        `truncated index: section ${i + 1} of ${count} is missing (file ends at byte ${size})`,
      );
    const head = read(offset, SECTION_HEADER_BYTES);
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const tag = String.fromCharCode(...head.subarray(0, 4));
    const length = view.getUint32(4, true) + view.getUint32(8, true) * 2 ** 32;
    const start = offset + SECTION_HEADER_BYTES;
    if (start + length > size)
      throw new CorruptIndexError(
        `truncated index: section ${tag} needs ${length} bytes, ${size - start} remain`,
      );
    const section = { tag, start, length, crc: view.getUint32(12, true) };
    visit?.(section);
    if (table.some((s) => s.tag === tag))
      throw new CorruptIndexError(`corrupt index: section ${tag} appears twice`);
    table.push(section);
    offset = start + length;
  }
  if (offset !== size)
    throw new CorruptIndexError(
      `corrupt index: ${size - offset} unexpected bytes after the last section`,
    );
  return table;
}

/** Checks the header and every checksum; returns the version and the sections by tag. */
export function readContainer(bytes: Uint8Array): Container {
  const { version, count } = readHeader(bytes.subarray(0, HEADER_BYTES), bytes.length);
  const sections = new Map<SectionTag, Uint8Array>();
  readSectionTable(
    (position, length) => bytes.subarray(position, position + length),
    bytes.length,
    count,
    ({ tag, start, length, crc }) => {
      const payload = bytes.subarray(start, start + length);
      if (crc32(payload) !== crc)
        throw new CorruptIndexError(`corrupt index: checksum mismatch in section ${tag}`);
      sections.set(tag, payload);
    },
  );
  if (version >= 6) {
    // Whole payloads were checked above; the block checksums serve readers of parts.
    const blocks = sections.get(BLOCK_CRC_TAG);
    sections.delete(BLOCK_CRC_TAG);
    const expected = [...sections.values()].reduce((sum, p) => sum + blockCount(p.length), 0);
    if (blocks?.length !== 4 * expected)
      throw new CorruptIndexError(`corrupt index: section ${BLOCK_CRC_TAG} is missing or damaged`);
  }
  return { version, sections };
}

/** A section that must be present. */
export function requireSection<T>(sections: ReadonlyMap<SectionTag, T>, tag: SectionTag): T {
  const section = sections.get(tag);
  if (section === undefined)
    throw new CorruptIndexError(`corrupt index: section ${tag} is missing`);
  return section;
}

import { CorruptIndexError } from '../errors.js';
import type { ByteRanges } from '../util/byte-ranges.js';
import { crc32 } from '../util/crc32.js';
import {
  BLOCK_BYTES,
  BLOCK_CRC_TAG,
  blockCount,
  HEADER_BYTES,
  readHeader,
  readSectionTable,
  type SectionTag,
} from './container.js';

/** A file read at positions: what a platform gives {@link openContainer}. */
export interface RandomAccessFile {
  /** Named in the messages of damage found later. */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes from `position`; throws if the file is shorter. */
  read(position: number, length: number): Uint8Array;
}

/** One section's payload, read a part at a time and checked block by block on the way in. */
export type SectionReader = ByteRanges;

/** A file opened without reading its payloads: its version and its sections by tag. */
export interface LazyContainer {
  version: number;
  sections: Map<SectionTag, SectionReader>;
}

/**
 * Reads the header and the section table of a file of version 6 or later (a few bytes per
 * section, and the block checksums); payloads are read, and checked, only where asked for.
 * Returns undefined for an older file, which has no block checksums and must be read whole.
 */
export function openContainer(file: RandomAccessFile): LazyContainer | undefined {
  const { version, count } = readHeader(file.read(0, Math.min(HEADER_BYTES, file.size)), file.size);
  if (version < 6) return undefined;
  const table = readSectionTable(
    (position, length) => file.read(position, length),
    file.size,
    count,
  );
  const last = table.pop();
  const expected = table.reduce((sum, s) => sum + blockCount(s.length), 0);
  if (last?.tag !== BLOCK_CRC_TAG || last.length !== 4 * expected)
    throw new CorruptIndexError(`corrupt index: section ${BLOCK_CRC_TAG} is missing or damaged`);
  const checksums = file.read(last.start, last.length);
  if (crc32(checksums) !== last.crc)
    throw new CorruptIndexError(`corrupt index: checksum mismatch in section ${BLOCK_CRC_TAG}`);
  const sections = new Map<SectionTag, SectionReader>();
  let firstBlock = 0;
  for (const { tag, start, length } of table) {
    const blocks = blockCount(length);
    const crcs = new DataView(checksums.buffer, checksums.byteOffset + 4 * firstBlock, 4 * blocks);
    sections.set(tag, new CheckedSection(file, tag, start, length, crcs));
    firstBlock += blocks;
  }
  return { version, sections };
}

// A section read through its block checksums: every read covers whole blocks and checks each.
class CheckedSection implements SectionReader {
  constructor(
    private readonly file: RandomAccessFile,
    private readonly tag: SectionTag,
    private readonly start: number,
    readonly length: number,
    private readonly crcs: DataView,
  ) {}

  read(start: number, end: number): Uint8Array {
    if (!(start >= 0 && start <= end && end <= this.length))
      throw new CorruptIndexError(
        `corrupt index: bytes ${start}-${end} of section ${this.tag} lie outside its ${this.length}`,
      );
    if (start === end) return new Uint8Array(0);
    const first = Math.floor(start / BLOCK_BYTES);
    const from = first * BLOCK_BYTES;
    const to = Math.min(this.length, Math.ceil(end / BLOCK_BYTES) * BLOCK_BYTES);
    const bytes = this.file.read(this.start + from, to - from);
    for (let block = first, at = 0; at < bytes.length; block++, at += BLOCK_BYTES) {
      if (crc32(bytes.subarray(at, at + BLOCK_BYTES)) !== this.crcs.getUint32(4 * block, true))
        throw new CorruptIndexError(
          `${this.file.name}: corrupt index: checksum mismatch in block ${block} of section ${this.tag}`,
        );
    }
    return bytes.subarray(start - from, end - from);
  }
}

import { textReader } from './utf8.js';

/** A growable byte buffer with variable-byte integer encoding (7 bits a byte, high bit = more). */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 16) {
    this.bytes = new Uint8Array(capacity);
  }

  private grow(extra: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  /** Appends a non-negative integer below 2^53. */
  varint(value: number): void {
    if (this.length + 8 > this.bytes.length) this.grow(8);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  /**
   * Appends `text` as a `String`: its UTF-8 length as a varint, then its UTF-8 bytes, encoded
   * straight into the buffer (no array made per string).
   */
  string(text: string): void {
    // Encoded after room for the longest length prefix, then moved down to the actual one;
    // room for the prefix's varint too, so that writing it does not regrow the buffer.
    const most = text.length * 3;
    const room = varintSize(most);
    if (this.length + room + most + 8 > this.bytes.length) this.grow(room + most + 8);
    const { written } = encoder.encodeInto(text, this.bytes.subarray(this.length + room));
    const size = varintSize(written);
    if (size < room)
      this.bytes.copyWithin(this.length + size, this.length + room, this.length + room + written);
    this.varint(written);
    this.length += written;
  }

  write(source: Uint8Array): void {
    if (this.length + source.length > this.bytes.length) this.grow(source.length);
    this.bytes.set(source, this.length);
    this.length += source.length;
  }

  /** Starts again from empty, keeping the buffer. */
  reset(): void {
    this.length = 0;
  }

  /** The written bytes (a view; copy it if the writer is used again). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const encoder = new TextEncoder();

/** Bytes of `value` as a varint. */
function varintSize(value: number): number {
  let size = 1;
  for (; value >= 0x80; value = Math.floor(value / 0x80)) size++;
  return size;
}

/** Reads variable-byte integers and raw bytes from a buffer, front to back. */
export class ByteReader {
  offset: number;
  private textView: ((start: number, end: number) => string) | undefined;

  /** `textView`, when given, is a {@link textReader} of `bytes`, for {@link text}. */
  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
    readonly end = bytes.length,
    textView?: (start: number, end: number) => string,
  ) {
    this.offset = offset;
    this.textView = textView;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.end) throw new RangeError('varint runs past the end of its section');
      const byte = this.bytes[this.offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new RangeError('varint too long');
    }
  }

  /**
   * `length` bytes as UTF-8 text (malformed sequences become U+FFFD, as with TextDecoder).
   * Through one {@link textReader} per array, made on first use.
   */
  text(length: number): string {
    const start = this.offset;
    this.skip(length);
    this.textView ??= textReader(this.bytes);
    return this.textView(start, this.offset);
  }

  /** Passes over a `String` (VInt byte length, then UTF-8); returns where its bytes start (they end at `offset`). */
  skipText(): number {
    const length = this.varint();
    const start = this.offset;
    this.skip(length);
    return start;
  }

  /** Passes over `length` bytes (no view made: a subarray costs an object). */
  skip(length: number): void {
    if (length < 0 || this.offset + length > this.end)
      throw new RangeError('field runs past the end of its section');
    this.offset += length;
  }

  take(length: number): Uint8Array {
    const start = this.offset;
    this.skip(length);
    return this.bytes.subarray(start, this.offset);
  }

  get done(): boolean {
    return this.offset >= this.end;
  }
}

/** Bytes made piece by piece each time they are read, so that they need not be held whole. */
export interface PayloadPieces {
  pieces(): Iterable<Uint8Array>;
}

/** The pieces one after another in a new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

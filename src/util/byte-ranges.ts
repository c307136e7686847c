/** Bytes read a range at a time: a buffer in memory, or a part of a file read on demand. */
export interface ByteRanges {
  readonly length: number;
  /** Bytes `start` to `end`; throws a typed error where they cannot be read intact. */
  read(start: number, end: number): Uint8Array;
}

/** Bytes in memory as {@link ByteRanges}: reads are views, nothing is copied. */
export function inMemory(bytes: Uint8Array): ByteRanges {
  return { length: bytes.length, read: (start, end) => bytes.subarray(start, end) };
}

import { nodeBuiltins } from './native.js';

const decoder = new TextDecoder();

/**
 * A reader of UTF-8 text out of one byte array (malformed sequences become U+FFFD, as with
 * TextDecoder). Term tables and id lists are tens of thousands of short strings: Node's
 * Buffer decodes those several times faster than a TextDecoder call, and elsewhere short
 * ASCII strings are built directly.
 */
export function textReader(bytes: Uint8Array): (start: number, end: number) => string {
  return nodeBuiltins.bufferText?.(bytes) ?? ((start, end) => decodeText(bytes, start, end));
}

/** The decoding {@link textReader} falls back to where Node's Buffer is missing. */
export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 24) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x80) return decoder.decode(bytes.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decoder.decode(bytes.subarray(start, end));
}

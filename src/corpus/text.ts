import { CorpusError } from '../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly: invalid bytes are an error naming the file and line, not U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new CorpusError(file, lineOfFirstInvalidByte(bytes), 'invalid UTF-8');
  }
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b < 0xe0
          ? 2
          : b >= 0xe0 && b < 0xf0
            ? 3
            : b >= 0xf0 && b < 0xf5
              ? 4
              : 0;
    if (length === 0) return line;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return line;
    }
    if (b === 0x0a) line++;
    i += length;
  }
  return line;
}

/** Splits text into lines, accepting LF and CRLF. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

import { Unzlib, zlibSync } from 'fflate';
import { nodeBuiltins } from './native.js';

/** Compresses bytes in the zlib format (RFC 1950), the same bytes on every platform. */
export function deflate(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 6 });
}

/**
 * Decompresses zlib bytes (Node's zlib where present, else fflate), refusing output past `maxBytes`: a deflate bomb stops there
 * instead of filling memory.
 */
export function inflate(bytes: Uint8Array, maxBytes: number): Uint8Array {
  // Node's zlib where there is one: the same bytes out, six times faster than fflate's.
  const native = nodeBuiltins.inflateSync;
  if (native !== undefined) {
    try {
      return new Uint8Array(native(bytes, { maxOutputLength: maxBytes }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new RangeError(
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `compressed data inflates past ${maxBytes} bytes`
          : `bad compressed data (${(error as Error).message})`,
      );
    }
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Unzlib((chunk) => {
    total += chunk.length;
    if (total > maxBytes) throw new RangeError(`compressed data inflates past ${maxBytes} bytes`);
    chunks.push(chunk);
  });
  // Fed in slices, so the limit is met before a bomb's output is all in memory.
  const step = 1 << 16;
  for (let at = 0; at < bytes.length; at += step)
    stream.push(bytes.subarray(at, at + step), at + step >= bytes.length);
  if (bytes.length === 0) stream.push(bytes, true);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

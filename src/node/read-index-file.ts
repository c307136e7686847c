import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { IndexFileError } from '../errors.js';
import { checkMagic, MAGIC } from '../codec/container.js';

// Node reads at most this much into one buffer; an index this large is no index of steppe's.
const MAX_INDEX_BYTES = 2 ** 31 - 1;

/**
 * The bytes of an index file, or an {@link IndexFileError} naming it. Only a regular file is
 * read (a FIFO would block forever, `/dev/zero` never end), and its magic bytes are checked
 * before the rest is read, so a large file of something else costs nothing.
 */
export async function readIndexFile(path: string): Promise<Uint8Array> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new IndexFileError(
      `${path}: ${code === 'ENOENT' ? 'no such index file' : `cannot read (${code ?? 'error'})`}`,
    );
  }
  if (!info.isFile()) throw new IndexFileError(`${path}: not a regular file`);
  let handle;
  try {
    // Non-blocking: should the path become a FIFO after the check, opening it cannot hang.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new IndexFileError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    try {
      checkMagic(head.subarray(0, bytesRead));
    } catch (error) {
      (error as Error).message = `${path}: ${(error as Error).message}`;
      throw error;
    }
    if (size > MAX_INDEX_BYTES)
      throw new IndexFileError(
        `${path}: ${size} bytes is more than an index may hold (${MAX_INDEX_BYTES})`,
      );
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead: read } = await handle.read(bytes, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return offset === size ? bytes : bytes.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

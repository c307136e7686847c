import { constants, readSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { IndexFileError } from '../errors.js';
import { checkMagic, MAGIC } from '../codec/container.js';
import type { RandomAccessFile } from '../codec/lazy-container.js';

// Node reads at most this much into one buffer; an index this large is no index of steppe's.
const MAX_INDEX_BYTES = 2 ** 31 - 1;

/**
 * The bytes of an index file, or an {@link IndexFileError} naming it. Only a regular file is
 * read (a FIFO would block forever, `/dev/zero` never end), and its magic bytes are checked
 * before the rest is read, so a large file of something else costs nothing.
 */
export async function readIndexFile(path: string): Promise<Uint8Array> {
  const handle = await openChecked(path);
  try {
    const { size } = await handle.stat();
    checkWholeSize(path, size);
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

/** An index file kept open for reads at positions, until {@link IndexFile.close}. */
export interface IndexFile extends RandomAccessFile {
  close(): void;
}

/**
 * An index file opened for reading parts of it, with the checks of {@link readIndexFile}. The
 * file may be of any size. A read after the file shrank, or that the system fails, is an
 * {@link IndexFileError} naming the file.
 */
export async function openIndexFile(path: string): Promise<IndexFile> {
  const handle = await openChecked(path);
  const { size } = await handle.stat();
  // Read synchronously, as searches run; the handle keeps the descriptor until closed.
  const fd = handle.fd;
  let open = true;
  return {
    name: path,
    size,
    read(position: number, length: number): Uint8Array {
      if (!open) throw new IndexFileError(`${path}: the index was closed`);
      const bytes = new Uint8Array(length);
      let offset = 0;
      while (offset < length) {
        let read: number;
        try {
          read = readSync(fd, bytes, offset, length - offset, position + offset);
        } catch (error) {
          throw cannotRead(path, error);
        }
        if (read === 0)
          throw new IndexFileError(`${path}: the file is shorter than when it was opened`);
        offset += read;
      }
      return bytes;
    },
    close(): void {
      if (!open) return;
      open = false;
      void handle.close().catch(() => undefined);
    },
  };
}

/** Throws unless a file of `size` bytes can be read whole into one buffer. */
export function checkWholeSize(path: string, size: number): void {
  if (size > MAX_INDEX_BYTES)
    throw new IndexFileError(
      `${path}: ${size} bytes is more than an index may hold (${MAX_INDEX_BYTES})`,
    );
}

function cannotRead(path: string, error: unknown): IndexFileError {
  return new IndexFileError(
    `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
  );
}

// The file opened for reading after checking it is a regular file starting with the magic.
async function openChecked(path: string): Promise<FileHandle> {
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
    throw cannotRead(path, error);
  }
  try {
    const head = new Uint8Array(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    checkMagic(head.subarray(0, bytesRead));
    return handle;
  } catch (error) {
    await handle.close();
    (error as Error).message = `${path}: ${(error as Error).message}`;
    throw error;
  }
}

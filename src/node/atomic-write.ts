import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SteppeError } from '../errors.js';

// File names are at most 255 bytes on the file systems steppe runs on.
const MAX_NAME_BYTES = 255;

// Saves to one path run one after another: two at once would race on its temporary files.
const pending = new Map<string, Promise<void>>();

/**
 * Writes `bytes` (or its pieces in order) to a temporary file beside `path`, flushes it to disk, then renames it over
 * `path`: readers see the old file or the new one, never a part of either. Writes to the same
 * path from one process run in turn. A full disk or a refused write is a {@link SteppeError}
 * that says the old file is intact.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array | Iterable<Uint8Array>,
): Promise<void> {
  const previous = pending.get(path) ?? Promise.resolve();
  const write = previous.catch(() => undefined).then(() => writeNow(path, bytes));
  pending.set(path, write);
  try {
    await write;
  } finally {
    if (pending.get(path) === write) pending.delete(path);
  }
}

async function writeNow(path: string, bytes: Uint8Array | Iterable<Uint8Array>): Promise<void> {
  const temporary = join(dirname(path), temporaryName(basename(path)));
  let handle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    throw saveError(error, path);
  }
  try {
    // writeFile goes on from the current position and retries short writes.
    for (const part of bytes instanceof Uint8Array ? [bytes] : bytes) await handle.writeFile(part);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw saveError(error, path);
  }
}

// `.<name>.<random>.tmp`, the name shortened so that the whole stays within the limit.
function temporaryName(name: string): string {
  const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
  const room = MAX_NAME_BYTES - 1 - suffix.length;
  let kept = name;
  while (Buffer.byteLength(kept) > room) kept = kept.slice(0, -1);
  return `.${kept}${suffix}`;
}

function saveError(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOENT: 'no such directory',
    ENOTDIR: 'a part of the path is not a directory',
    ENAMETOOLONG: 'file name too long',
    EISDIR: 'the path is a directory',
    EIO: 'input/output error',
  };
  const reason = code === undefined ? undefined : reasons[code];
  if (reason === undefined) return error as Error;
  return new SteppeError(`${reason} while writing ${path}; the old index, if any, is intact`);
}

import {
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SteppeError } from '../errors.js';
import type { ChunkSpill } from '../index/doc-store.js';

// A spill's file is closed when its store is collected.
const closer = new FinalizationRegistry<number>((fd) => closeSync(fd));

/**
 * The document store's full chunks set aside in a temporary file, made on the first chunk
 * and unlinked at once: it takes no name in the directory and goes with the process.
 */
export class TemporarySpill implements ChunkSpill {
  private fd: number | undefined;
  private size = 0;

  put(bytes: Uint8Array): number {
    const fd = (this.fd ??= this.create());
    const at = this.size;
    try {
      for (let done = 0; done < bytes.length;)
        done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SteppeError(
        `${code === 'ENOSPC' ? 'disk full' : `cannot write (${code ?? 'error'})`} while setting aside stored text in ${tmpdir()}: set TMPDIR to a directory with room`,
      );
    }
    this.size += bytes.length;
    return at;
  }

  read(at: number, start: number, end: number): Uint8Array {
    const bytes = new Uint8Array(end - start);
    for (let done = 0; done < bytes.length;) {
      const read = readSync(this.fd!, bytes, done, bytes.length - done, at + start + done);
      if (read === 0) throw new SteppeError('the stored text set aside was cut short');
      done += read;
    }
    return bytes;
  }

  private create(): number {
    let dir: string;
    try {
      dir = mkdtempSync(join(tmpdir(), 'steppe-store-'));
    } catch (error) {
      throw new SteppeError(
        `cannot make a temporary file in ${tmpdir()} (${(error as NodeJS.ErrnoException).code ?? 'error'}): set TMPDIR to a writable directory`,
      );
    }
    const path = join(dir, 'chunks');
    const fd = openSync(path, 'w+');
    unlinkSync(path);
    rmdirSync(dir);
    closer.register(this, fd);
    return fd;
  }
}

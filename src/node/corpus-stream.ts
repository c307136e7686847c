import { closeSync, openSync, readSync } from 'node:fs';
import type { CorpusDocument } from '../corpus/document.js';
import { type CorpusFormat, detectFormat, parseCorpus } from '../corpus/parse.js';
import { recordFromJson } from '../corpus/json.js';
import type { IdRegistry } from '../corpus/records.js';
import { CorpusError } from '../errors.js';

/** Bytes read from a file at a time. */
const CHUNK = 1 << 20;
/** The longest JSON Lines line or JSON array element taken: one document is never this big. */
export const MAX_RECORD_BYTES = 64 << 20;
/** The largest seed or plain-text file read whole (those formats are not read a piece at a time). */
export const MAX_TEXT_FILE_BYTES = 256 << 20;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The documents of one file, read a piece at a time where the format allows: JSON Lines a line
 * at a time and a JSON array an element at a time, so a file of any size takes the memory of
 * one document (and the documents kept). Seed and plain-text files are read whole, up to
 * {@link MAX_TEXT_FILE_BYTES}.
 */
export function* fileDocuments(
  file: string,
  format: CorpusFormat,
  ids: IdRegistry,
): Generator<CorpusDocument> {
  const chunks = new ChunkReader(file);
  try {
    const head = chunks.peek();
    const chosen =
      format === 'auto'
        ? detectFormat(file, new TextDecoder().decode(head.subarray(0, 4096)))
        : format;
    if (chosen === 'jsonl') yield* jsonLines(chunks, file, ids);
    else if (chosen === 'json') yield* jsonArray(chunks, file, ids);
    else yield* parseCorpus(chunks.whole(MAX_TEXT_FILE_BYTES), file, chosen, ids);
  } finally {
    chunks.close();
  }
}

// A file read in chunks through one descriptor; errors name the file.
class ChunkReader {
  private readonly fd: number;
  private first: Uint8Array | undefined;

  constructor(private readonly file: string) {
    try {
      this.fd = openSync(file, 'r');
    } catch (error) {
      throw readError(file, error);
    }
  }

  /** The first chunk, which `next` then gives again. */
  peek(): Uint8Array {
    this.first ??= this.read();
    return this.first;
  }

  /** The next chunk; empty at the end. */
  next(): Uint8Array {
    const first = this.first;
    if (first !== undefined) {
      this.first = undefined;
      return first;
    }
    return this.read();
  }

  /** The rest of the file in one piece, refused past `limit` bytes. */
  whole(limit: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let chunk = this.next(); chunk.length > 0; chunk = this.next()) {
      size += chunk.length;
      if (size > limit)
        throw new CorpusError(
          this.file,
          undefined,
          `over ${limit >> 20} MB, too large for this format (read whole): split it, or write it as JSON Lines, which is read a line at a time`,
        );
      parts.push(chunk);
    }
    return Buffer.concat(parts, size);
  }

  close(): void {
    closeSync(this.fd);
  }

  private read(): Uint8Array {
    const buffer = Buffer.allocUnsafe(CHUNK);
    try {
      const read = readSync(this.fd, buffer, 0, CHUNK, null);
      return buffer.subarray(0, read);
    } catch (error) {
      throw readError(this.file, error);
    }
  }
}

function readError(file: string, error: unknown): CorpusError {
  const code = (error as NodeJS.ErrnoException).code;
  return new CorpusError(
    file,
    undefined,
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory'
        : `cannot read (${code ?? 'error'})`,
  );
}

// Bytes gathered across chunks for one record, bounded so a hostile file cannot fill memory.
class RecordBuffer {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(
    private readonly file: string,
    private readonly what: string,
  ) {}

  add(bytes: Uint8Array, line: number): void {
    if (bytes.length === 0) return;
    this.check(bytes.length, line);
    this.size += bytes.length;
    // Copied: the chunk's memory is reused by the next read.
    this.parts.push(bytes.slice());
  }

  private check(more: number, line: number): void {
    if (this.size + more > MAX_RECORD_BYTES)
      throw new CorpusError(this.file, line, `${this.what} over ${MAX_RECORD_BYTES >> 20} MB`);
  }

  get length(): number {
    return this.size;
  }

  /** The gathered bytes and `tail`, as text; the buffer starts over. */
  take(tail: Uint8Array, line: number): string {
    this.check(tail.length, line);
    const bytes =
      this.parts.length === 0
        ? tail
        : Buffer.concat([...this.parts, tail], this.size + tail.length);
    this.parts = [];
    this.size = 0;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new CorpusError(this.file, line, 'invalid UTF-8');
    }
  }
}

function* jsonLines(chunks: ChunkReader, file: string, ids: IdRegistry): Generator<CorpusDocument> {
  const pending = new RecordBuffer(file, 'a line');
  let line = 1;
  for (let chunk = chunks.next(); chunk.length > 0; chunk = chunks.next()) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a, start)) {
      const text = pending.take(chunk.subarray(start, end), line);
      const document = jsonLine(text, file, line, ids);
      if (document !== undefined) yield document;
      line++;
      start = end + 1;
    }
    pending.add(chunk.subarray(start), line);
  }
  if (pending.length > 0) {
    const document = jsonLine(pending.take(new Uint8Array(0), line), file, line, ids);
    if (document !== undefined) yield document;
  }
}

function jsonLine(
  text: string,
  file: string,
  line: number,
  ids: IdRegistry,
): CorpusDocument | undefined {
  // A byte-order mark may open the file; CRLF endings leave a \r.
  const trimmed = (line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
  return trimmed.length === 0 ? undefined : recordFromJson(trimmed, file, line, ids);
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

type ArrayState = 'before' | 'expect' | 'inside' | 'after' | 'done';

// A JSON array read an element at a time: a scan of the bytes that follows strings and
// nesting finds where each top-level element starts and ends; each is parsed alone.
function* jsonArray(chunks: ChunkReader, file: string, ids: IdRegistry): Generator<CorpusDocument> {
  const element = new RecordBuffer(file, 'an array element');
  let state = 'before' as ArrayState;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let elementLine = 1;
  let first = true;
  const fail = (reason: string): never => {
    throw new CorpusError(file, line, reason);
  };
  for (let chunk = chunks.next(); chunk.length > 0; chunk = chunks.next()) {
    let from = 0;
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
    first = false;
    let elementStart = state === 'inside' ? from : -1;
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === NEWLINE) line++;
      if (state === 'inside') {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET || b === COMMA) {
          // An element ends where its own nesting closes, or (a bare value) at , or ].
          if (b !== COMMA && depth > 0) {
            depth--;
            if (depth > 0) continue;
            const text = element.take(chunk.subarray(elementStart, i + 1), elementLine);
            yield recordFromJson(text, file, elementLine, ids);
            state = 'after';
          } else if (depth === 0) {
            const text = element.take(chunk.subarray(elementStart, i), elementLine);
            yield recordFromJson(text, file, elementLine, ids);
            state = b === COMMA ? 'expect' : 'done';
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (state === 'before') {
        if (b !== OPEN_BRACKET) fail('expected a JSON array of documents');
        state = 'expect';
      } else if (state === 'expect') {
        if (b === CLOSE_BRACKET) state = 'done';
        else {
          state = 'inside';
          elementStart = i;
          elementLine = line;
          depth = 0;
          i--; // the opening byte is read again as part of the element
        }
      } else if (state === 'after') {
        if (b === COMMA) state = 'expect';
        else if (b === CLOSE_BRACKET) state = 'done';
        else fail(`invalid JSON: expected , or ] after an array element`);
      } else fail('invalid JSON: text after the end of the array');
    }
    if (state === 'inside') element.add(chunk.subarray(elementStart), line);
  }
  if (state !== 'done')
    fail(
      state === 'before'
        ? 'expected a JSON array of documents'
        : 'invalid JSON: the array is not closed',
    );
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { CorpusError } from '../errors.js';
import type { Document } from './document.js';
import { readJsonArray, readJsonl } from './json.js';
import { IdRegistry, recordToDocument } from './records.js';
import { isSeedText, readSeedText } from './seed-text.js';
import { decodeUtf8, splitLines } from './text.js';

/** The formats steppe reads. `auto` decides by extension and content. */
export type CorpusFormat = 'auto' | 'seed' | 'jsonl' | 'json' | 'text';

export interface LoadOptions {
  /** Force one format for every file (default `auto`). */
  format?: CorpusFormat;
}

const EXTENSIONS = new Set(['.txt', '.md', '.jsonl', '.ndjson', '.json']);

/**
 * Reads documents from files and directories. A directory is read recursively in name order,
 * taking `.txt`, `.md`, `.json`, `.jsonl` and `.ndjson` files and skipping hidden ones.
 * Formats, by extension and content: `.jsonl`/`.ndjson` JSON Lines; `.json` an array (or JSON
 * Lines when it holds one object a line); `.txt` opening with `Viewing results …` the seed
 * format; other `.txt`/`.md` one document per file, title = first line.
 */
export function loadCorpusSync(paths: string | readonly string[], options: LoadOptions = {}): Document[] {
  const format = options.format ?? 'auto';
  const ids = new IdRegistry();
  const documents: Document[] = [];
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    for (const file of listFiles(path)) {
      for (const doc of readCorpusFile(file, format, ids)) documents.push(doc);
    }
  }
  return documents;
}

/** Promise form of {@link loadCorpusSync}. */
export async function loadCorpus(paths: string | readonly string[], options: LoadOptions = {}): Promise<Document[]> {
  return loadCorpusSync(paths, options);
}

/** Reads one file in the given (or detected) format. */
export function readCorpusFile(file: string, format: CorpusFormat = 'auto', ids = new IdRegistry()): Document[] {
  const text = decodeUtf8(readBytes(file), file);
  switch (format === 'auto' ? detectFormat(file, text) : format) {
    case 'seed':
      return readSeedText(text, file, ids.derived);
    case 'jsonl':
      return readJsonl(text, file, ids);
    case 'json':
      return readJsonArray(text, file, ids);
    case 'text':
      return [readTextDocument(text, file, ids)];
    default:
      throw new CorpusError(file, undefined, `unknown format "${String(format)}"`);
  }
}

/** The format `auto` picks for a file with this name and content. */
export function detectFormat(file: string, text: string): Exclude<CorpusFormat, 'auto'> {
  const extension = extname(file).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.json') return /^\s*\[/.test(text) ? 'json' : 'jsonl';
  if (isSeedText(text)) return 'seed';
  if (/^\s*[[{]/.test(text) && extension !== '.md' && extension !== '.txt') return /^\s*\[/.test(text) ? 'json' : 'jsonl';
  return 'text';
}

function readTextDocument(text: string, file: string, ids: IdRegistry): Document {
  const lines = splitLines(text);
  const titleIndex = lines.findIndex((line) => line.trim().length > 0);
  const title = titleIndex < 0 ? '' : lines[titleIndex]!.trim().replace(/^#+\s*/, '');
  const body = titleIndex < 0 ? '' : lines.slice(titleIndex + 1).join('\n').trim();
  const id = basename(file, extname(file));
  return recordToDocument({ id, title, body }, file, 1, ids);
}

function listFiles(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new CorpusError(path, undefined, 'no such file or directory');
  }
  if (stats.isFile()) return [path];
  if (!stats.isDirectory()) throw new CorpusError(path, undefined, 'not a file or directory');
  const files: string[] = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue;
    const child = join(path, name);
    const childStats = statSync(child);
    if (childStats.isDirectory()) files.push(...listFiles(child));
    else if (childStats.isFile() && EXTENSIONS.has(extname(name).toLowerCase())) files.push(child);
  }
  return files;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CorpusError(file, undefined, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'error'})`);
  }
}

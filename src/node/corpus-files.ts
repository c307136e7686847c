import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusDocument } from '../corpus/document.js';
import { type CorpusFormat, extensionOf } from '../corpus/parse.js';
import { IdRegistry } from '../corpus/records.js';
import { CorpusError } from '../errors.js';
import { fileDocuments } from './corpus-stream.js';

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
 *
 * @example
 * const docs = loadCorpusSync('corpus/');
 * index.addAll(docs);
 */
export function loadCorpusSync(
  paths: string | readonly string[],
  options: LoadOptions = {},
): CorpusDocument[] {
  return [...streamCorpus(paths, options)];
}

/**
 * The documents of files and directories one at a time, as {@link loadCorpusSync} reads them:
 * JSON Lines a line at a time and JSON arrays an element at a time, so a corpus of any size can
 * be indexed in batches without holding all of it.
 *
 * @example
 * let batch = [];
 * for (const doc of streamCorpus('archive.jsonl')) {
 *   batch.push(doc);
 *   if (batch.length === 10_000) (index.addAll(batch), (batch = []));
 * }
 * index.addAll(batch);
 */
export function* streamCorpus(
  paths: string | readonly string[],
  options: LoadOptions = {},
): Generator<CorpusDocument> {
  const format = options.format ?? 'auto';
  const ids = new IdRegistry();
  for (const path of typeof paths === 'string' ? [paths] : paths)
    for (const file of listFiles(path)) yield* fileDocuments(file, format, ids);
}

/**
 * Promise form of {@link loadCorpusSync}.
 *
 * @example
 * const docs = await loadCorpus(['corpus/', 'more.jsonl']);
 */
export async function loadCorpus(
  paths: string | readonly string[],
  options: LoadOptions = {},
): Promise<CorpusDocument[]> {
  return loadCorpusSync(paths, options);
}

/**
 * Reads one file in the given (or detected) format.
 *
 * @example
 * const docs = readCorpusFile('news.jsonl');
 */
export function readCorpusFile(
  file: string,
  format: CorpusFormat = 'auto',
  ids = new IdRegistry(),
): CorpusDocument[] {
  return [...fileDocuments(file, format, ids)];
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
    else if (childStats.isFile() && EXTENSIONS.has(extensionOf(name))) files.push(child);
  }
  return files;
}

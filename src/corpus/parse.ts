import { CorpusError } from '../errors.js';
import type { CorpusDocument } from './document.js';
import { readJsonArray, readJsonl } from './json.js';
import { IdRegistry, recordToDocument } from './records.js';
import { isSeedText, readSeedText } from './seed-text.js';
import { decodeUtf8, splitLines } from './text.js';

/** The formats steppe reads. `auto` decides by extension and content. */
export type CorpusFormat = 'auto' | 'seed' | 'jsonl' | 'json' | 'text';

/**
 * Reads the documents of one file's content, in the given format or the one its name and
 * content suggest; `name` is where errors say they are.
 *
 * @example
 * parseCorpus('{"id":"a","title":"ISKP claims attack"}\n', 'news.jsonl');
 * // => [{ id: 'a', title: 'ISKP claims attack', body: '' }]
 */
export function parseCorpus(
  content: string | Uint8Array,
  name: string,
  format: CorpusFormat = 'auto',
  ids = new IdRegistry(),
): CorpusDocument[] {
  const text = typeof content === 'string' ? content : decodeUtf8(content, name);
  switch (format === 'auto' ? detectFormat(name, text) : format) {
    case 'seed':
      return readSeedText(text, name, ids.derived);
    case 'jsonl':
      return readJsonl(text, name, ids);
    case 'json':
      return readJsonArray(text, name, ids);
    case 'text':
      return [readTextDocument(text, name, ids)];
    default:
      throw new CorpusError(name, undefined, `unknown format "${String(format)}"`);
  }
}

/** The format `auto` picks for a file with this name and content. */
export function detectFormat(file: string, text: string): Exclude<CorpusFormat, 'auto'> {
  const extension = extensionOf(file);
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.json') return /^\s*\[/.test(text) ? 'json' : 'jsonl';
  if (isSeedText(text)) return 'seed';
  if (/^\s*[[{]/.test(text) && extension !== '.md' && extension !== '.txt')
    return /^\s*\[/.test(text) ? 'json' : 'jsonl';
  return 'text';
}

/** A file name's extension in lower case, with its dot (`''` when it has none). */
export function extensionOf(file: string): string {
  const name = baseName(file);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

// A path's last part, after its last / or \\.
function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

// One document per file: the first line its title, the rest its body, the file name its id.
function readTextDocument(text: string, file: string, ids: IdRegistry): CorpusDocument {
  const lines = splitLines(text);
  const titleIndex = lines.findIndex((line) => line.trim().length > 0);
  const title = titleIndex < 0 ? '' : lines[titleIndex]!.trim().replace(/^#+\s*/, '');
  const body =
    titleIndex < 0
      ? ''
      : lines
          .slice(titleIndex + 1)
          .join('\n')
          .trim();
  const name = baseName(file);
  const id = name.slice(0, name.length - extensionOf(name).length);
  return recordToDocument({ id, title, body }, file, 1, ids);
}

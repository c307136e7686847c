import { CorpusError } from '../errors.js';
import type { CorpusDocument } from './document.js';
import { IdRegistry, recordToDocument } from './records.js';
import { splitLines } from './text.js';

/** JSON Lines: one object a line; blank lines are skipped; a bad line names its number. */
export function readJsonl(text: string, file: string, ids = new IdRegistry()): CorpusDocument[] {
  const documents: CorpusDocument[] = [];
  splitLines(text).forEach((line, index) => {
    if (line.trim().length > 0) documents.push(recordFromJson(line, file, index + 1, ids));
  });
  return documents;
}

/** One document from the JSON text of one record (a line, an array element) at `line`. */
export function recordFromJson(
  text: string,
  file: string,
  line: number,
  ids: IdRegistry,
): CorpusDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorpusError(file, line, `invalid JSON: ${(error as Error).message}`);
  }
  return recordToDocument(value, file, line, ids);
}

/** A JSON array of document objects; errors name the line where the bad element starts. */
export function readJsonArray(
  text: string,
  file: string,
  ids = new IdRegistry(),
): CorpusDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorpusError(
      file,
      lineOfJsonError(text, error as Error),
      `invalid JSON: ${(error as Error).message}`,
    );
  }
  if (!Array.isArray(value)) throw new CorpusError(file, 1, 'expected a JSON array of documents');
  const starts = elementLines(text);
  return value.map((element, index) => recordToDocument(element, file, starts[index] ?? 1, ids));
}

function lineOfJsonError(text: string, error: Error): number | undefined {
  const position = /position (\d+)/.exec(error.message);
  if (position === null) return undefined;
  return text.slice(0, Number(position[1])).split('\n').length;
}

// The line on which each top-level array element starts, found by a small scan that
// tracks strings and nesting depth.
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && c !== undefined && !/[\s,\]]/.test(c)) {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

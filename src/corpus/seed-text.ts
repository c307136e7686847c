import { CorpusError } from '../errors.js';
import type { CorpusDocument } from './document.js';
import { IdAllocator, slugify } from './slug.js';
import { splitLines } from './text.js';

const HEADER = /^Viewing results (\d+) - (\d+) of (\d+)\s*$/;

/** True when text opens (after blank lines) with a `Viewing results a - b of n` header. */
export function isSeedText(text: string): boolean {
  const first = text.split('\n', 20).find((line) => line.trim().length > 0);
  return first !== undefined && HEADER.test(first.trim());
}

// WordPress shortcodes: a paired [tag …]inner[/tag] keeps its inner text; a lone tag with
// attributes ([embed src="…"]) goes. Bracketed words such as [sic] stay.
const PAIRED_SHORTCODE = /\[([a-z_][\w-]*)(?:\s[^\]]*)?\]([\s\S]*?)\[\/\1\]/gi;
const LONE_SHORTCODE = /\[\/?[a-z_][\w-]*\s+[\w-]+=[^\]]*\]/gi;

/** Removes WordPress shortcodes, keeping the text they wrap. */
export function stripShortcodes(text: string): string {
  let out = text;
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out.replace(PAIRED_SHORTCODE, (_all, _tag, inner: string) => inner);
  }
  return out
    .replace(LONE_SHORTCODE, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * Reads the seed text format: one or more pages, each a `Viewing results a - b of n` header
 * followed by blocks of a title line and a body paragraph, separated by blank lines.
 * A page must hold as many articles as its header says (b - a + 1).
 */
export function readSeedText(
  text: string,
  file: string,
  ids = new IdAllocator(),
): CorpusDocument[] {
  const lines = splitLines(text);
  const documents: CorpusDocument[] = [];
  let page: { line: number; expected: number; found: number } | undefined;
  let title: { text: string; line: number } | undefined;

  const closePage = (): void => {
    if (page === undefined) return;
    if (title !== undefined) {
      throw new CorpusError(
        file,
        title.line,
        `title "${title.text.slice(0, 60)}" has no body paragraph`,
      );
    }
    if (page.found !== page.expected) {
      throw new CorpusError(
        file,
        page.line,
        `header announces ${page.expected} articles but ${page.found} follow`,
      );
    }
  };

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line.length === 0) return;
    const header = HEADER.exec(line);
    if (header !== null) {
      closePage();
      const from = Number(header[1]);
      const to = Number(header[2]);
      if (to < from)
        throw new CorpusError(file, lineNumber, `header range ${from} - ${to} runs backwards`);
      page = { line: lineNumber, expected: to - from + 1, found: 0 };
      return;
    }
    if (page === undefined) {
      throw new CorpusError(file, lineNumber, 'text before the first "Viewing results" header');
    }
    if (title === undefined) {
      title = { text: line, line: lineNumber };
      return;
    }
    const cleanTitle = stripShortcodes(title.text);
    documents.push({
      id: ids.take(slugify(cleanTitle)),
      title: cleanTitle,
      body: stripShortcodes(line),
    });
    page.found++;
    title = undefined;
  });
  if (page === undefined) throw new CorpusError(file, 1, 'no "Viewing results" header');
  closePage();
  return documents;
}

import type { Token } from './token.js';

// A word part: letters, digits and combining marks; apostrophes inside a word join it
// (world’s, o‘zbek); a dot or comma between digits joins a number (4,000 and 5.93).
const PART = String.raw`[\p{L}\p{N}\p{M}]+(?:['’‘ʼʻ\u0060][\p{L}\p{N}\p{M}]+)*(?:(?<=\p{N})[.,]\p{N}+)*`;
// Single letters joined by dots: U.S., U.N., e.g.
const ACRONYM = String.raw`\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}\p{M}])`;
const HYPHEN = '[-‐‑]';
const WORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}\p{M}])(?:(${ACRONYM})|${PART}(?:${HYPHEN}${PART})*)`,
  'gu',
);
const HYPHEN_SPLIT = new RegExp(HYPHEN, 'u');

/**
 * Splits text into words with exact character offsets. A hyphenated word yields its joined
 * form and each of its parts, all at the same position (`ISIS-K` gives `ISIS-K`, `ISIS`, `K`),
 * so both `isis-k` and `isis` find it. Terms keep their surface spelling; filters normalize.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const surface = match[0];
    const start = match.index;
    const end = start + surface.length;
    tokens.push({ term: surface, position, start, end });
    if (match[1] === undefined && HYPHEN_SPLIT.test(surface)) {
      let partStart = start;
      for (const part of surface.split(HYPHEN_SPLIT)) {
        tokens.push({ term: part, position, start: partStart, end: partStart + part.length });
        partStart += part.length + 1;
      }
    }
    position++;
  }
  return tokens;
}

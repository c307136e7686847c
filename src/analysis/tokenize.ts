import type { Token } from './token.js';

// Character classes, decided once per code unit: ASCII by table, the rest by Unicode
// property (letters, digits, combining marks) and memoized.
const WORD = 1;
const OTHER = 2;
const classes = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{N}$/u;

function isWordCode(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff)
    return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));
  let kind = classes[code];
  if (kind === 0) classes[code] = kind = WORD_CHAR.test(String.fromCharCode(code)) ? WORD : OTHER;
  return kind === WORD;
}

function isLetter(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return LETTER.test(String.fromCodePoint(text.codePointAt(i)!));
}

function isDigit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return code >= 0x30 && code <= 0x39;
  return DIGIT.test(String.fromCodePoint(text.codePointAt(i)!));
}

/** Apostrophe variants that join a word: ' ’ ‘ ʼ ʻ ` */
function isApostrophe(code: number): boolean {
  return (
    code === 0x27 ||
    code === 0x2019 ||
    code === 0x2018 ||
    code === 0x2bc ||
    code === 0x2bb ||
    code === 0x60
  );
}

/** Hyphen, Unicode hyphen, non-breaking hyphen. */
function isHyphen(code: number): boolean {
  return code === 0x2d || code === 0x2010 || code === 0x2011;
}

// Length of a dotted acronym (U.S., e.g.) starting at i, or 0: at least two single letters,
// each followed by a dot (the last dot may be missing at the end of a text).
function acronymLength(text: string, i: number): number {
  let j = i;
  let letters = 0;
  while (
    j < text.length &&
    isLetter(text, j) &&
    !(j + 1 < text.length && isWordCode(text, j + 1))
  ) {
    letters++;
    j++;
    if (j < text.length && text.charCodeAt(j) === 0x2e) j++;
    else break;
  }
  return letters >= 2 ? j - i : 0;
}

/** Receives one word of a text: its offsets and its position. */
export type WordVisitor = (start: number, end: number, position: number) => void;

/**
 * Splits text into words with exact character offsets (UTF-16 code units), handing each to
 * `visit` without making a string of it: indexing looks words up by their offsets.
 *
 * A word is a run of letters, digits and combining marks; an apostrophe between two word
 * characters joins them (world’s, o‘zbek); a dot or comma between digits joins a number
 * (4,000, 5.93); letters joined by dots form an acronym (U.S.). A hyphenated word yields its
 * joined form and each part, all at the same position (`ISIS-K` gives `ISIS-K`, `ISIS`, `K`).
 */
export function scanWords(text: string, visit: WordVisitor): void {
  const length = text.length;
  let position = 0;
  let i = 0;
  while (i < length) {
    if (!isWordCode(text, i)) {
      i++;
      continue;
    }
    const start = i;
    const acronym = isLetter(text, i) ? acronymLength(text, i) : 0;
    if (acronym > 0) {
      visit(start, start + acronym, position++);
      i += acronym;
      continue;
    }
    let partStart = start;
    let parts: number[] | undefined;
    for (;;) {
      while (i < length && isWordCode(text, i)) i++;
      if (i + 1 >= length || !isWordCode(text, i + 1)) break;
      const code = text.charCodeAt(i);
      if (isApostrophe(code)) {
        i++;
      } else if ((code === 0x2c || code === 0x2e) && isDigit(text, i - 1) && isDigit(text, i + 1)) {
        i++;
      } else if (isHyphen(code)) {
        (parts ??= []).push(partStart, i);
        partStart = ++i;
      } else {
        break;
      }
    }
    visit(start, i, position);
    if (parts !== undefined) {
      parts.push(partStart, i);
      for (let p = 0; p < parts.length; p += 2) visit(parts[p]!, parts[p + 1]!, position);
    }
    position++;
  }
}

/** The words of {@link scanWords} as tokens whose `term` is the surface form, unnormalized. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (start, end, position) =>
    tokens.push({ term: text.slice(start, end), position, start, end }),
  );
  return tokens;
}

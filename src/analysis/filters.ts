import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { TokenFilter } from './token.js';

const APOSTROPHES = /['’‘ʼʻ`]/g;
const HYPHENS = /[‐‑]/g;
const MARKS = /\p{M}+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const HAS_LETTER = /\p{L}/u;

/**
 * Unicode NFKC, case folding, diacritic folding (é→e), one apostrophe, one hyphen; drops the
 * dots of an acronym (U.S.→us) and the commas of a digit group (4,000→4000).
 */
export const normalize: TokenFilter = (term) => {
  let out = ASCII.test(term)
    ? term.toLowerCase()
    : term.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC');
  out = out.replace(APOSTROPHES, "'").replace(HYPHENS, '-');
  if (out.includes('.') && HAS_LETTER.test(out)) out = out.replace(/\./g, '');
  if (out.includes(',')) out = out.replace(/,/g, '');
  return out.length > 0 ? out : null;
};

/** Drops the English possessive: world's → world, isis-k's → isis-k. */
export const possessive: TokenFilter = (term) =>
  term.endsWith("'s") && term.length > 2 ? term.slice(0, -2) : term;

/** Lucene's English stop words: short enough to keep "us", "will" as a modal only. */
export const ENGLISH_STOP_WORDS: readonly string[] = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it',
  'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these',
  'they', 'this', 'to', 'was', 'will', 'with',
];

/** Removes the given words; the caller keeps the position gap so phrases stay exact. */
export function stopFilter(words: Iterable<string>): TokenFilter {
  const stop = new Set(words);
  return (term) => (stop.has(term) ? null : term);
}

const STEMMABLE = /^[a-z]+$/;

/**
 * Wraps a word stemmer: only plain a–z words are stemmed, and in a hyphenated term only its
 * last part (counter-terrorism → counter-terror). The analyzer memoizes whole words, so this
 * keeps no cache of its own.
 */
export function stemFilter(stem: (word: string) => string): TokenFilter {
  const stemWord = (word: string): string => (STEMMABLE.test(word) ? stem(word) : word);
  return (term) => {
    const dash = term.lastIndexOf('-');
    return dash < 0 ? stemWord(term) : term.slice(0, dash + 1) + stemWord(term.slice(dash + 1));
  };
}

/** The Porter stemmer from `natural`. */
export const porterStem: TokenFilter = stemFilter((word) => PorterStemmer.stem(word));

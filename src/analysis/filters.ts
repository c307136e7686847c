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
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
];

/**
 * The default: Lucene's list and the other common English function words (NLTK's list, less
 * `who` and `may`, which news also writes as WHO and the month). Dropping them raised
 * nDCG@10 on long questions (cisi +0.020) and lost no judged set (bench/RELEVANCE.md #42).
 */
export const ENGLISH_EXTENDED_STOP_WORDS: readonly string[] = [
  ...ENGLISH_STOP_WORDS,
  'been',
  'has',
  'have',
  'had',
  'were',
  'which',
  'from',
  'its',
  'than',
  'can',
  'also',
  'do',
  'does',
  'did',
  'being',
  'what',
  'whom',
  'when',
  'where',
  'how',
  'why',
  'we',
  'our',
  'you',
  'your',
  'he',
  'she',
  'his',
  'her',
  'him',
  'them',
  'i',
  'my',
  'me',
  'so',
  'very',
  'would',
  'should',
  'could',
  'might',
  'must',
  'about',
  'after',
  'before',
  'all',
  'any',
  'each',
  'both',
  'other',
  'some',
  'only',
  'own',
  'same',
  'too',
  'over',
  'under',
  'up',
  'down',
  'out',
  'off',
  'again',
  'further',
  'once',
  'here',
  'those',
  'am',
  'having',
  'doing',
  'because',
  'until',
  'while',
  'against',
  'between',
  'through',
  'during',
  'above',
  'below',
  'nor',
  'just',
  'now',
  'more',
  'most',
  'few',
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

// Last letters of the suffixes Porter's steps 2, 3 and 4 remove or replace (step 2: -ational …
// -logi; step 3: -icate … -ness; step 4: -al … -ize, -sion, -tion), by character code.
const STEP2_ENDS = lastLetters('ilmnrs');
const STEP3_ENDS = lastLetters('eils');
const STEP4_ENDS = lastLetters('ceilmnrstu');

function lastLetters(letters: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const letter of letters) table[letter.charCodeAt(0)] = 1;
  return table;
}

/**
 * The Porter stemmer from `natural`, run step by step: each step only when the word ends in a
 * letter one of its suffixes ends in. natural's steps test every suffix with regular
 * expressions and measure the word even when nothing can match; most words leave most steps
 * unchanged, and skipping those makes stemming about 2.5 times faster with the same stems
 * (checked against natural's own `stem` in the tests). Takes a lower-case a–z word.
 */
export function porterStemWord(word: string): string {
  if (word.length < 3) return word;
  let stem = word;
  if (stem.endsWith('s')) stem = PorterStemmer.step1a(stem);
  if (stem.endsWith('ed') || stem.endsWith('ing')) stem = PorterStemmer.step1b(stem);
  if (stem.endsWith('y')) stem = PorterStemmer.step1c(stem);
  if (STEP2_ENDS[stem.charCodeAt(stem.length - 1)] === 1) stem = PorterStemmer.step2(stem);
  if (STEP3_ENDS[stem.charCodeAt(stem.length - 1)] === 1) stem = PorterStemmer.step3(stem);
  if (STEP4_ENDS[stem.charCodeAt(stem.length - 1)] === 1) stem = PorterStemmer.step4(stem);
  if (stem.endsWith('e')) stem = PorterStemmer.step5a(stem);
  if (stem.endsWith('ll')) stem = PorterStemmer.step5b(stem);
  return stem;
}

/** The Porter stemmer from `natural` (see {@link porterStemWord}). */
export const porterStem: TokenFilter = stemFilter(porterStemWord);

// A synthetic news-like corpus with a Zipf-distributed vocabulary, from a fixed seed, so every
// run indexes the same documents.
import type { CorpusDocument as Document } from '../src/node/index.js';

export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'ro',
  'mi',
  'tan',
  'zu',
  'bel',
  'os',
  'ni',
  'dar',
  'esh',
  'qu',
  'lin',
  'vo',
  'sta',
  'ri',
  'mon',
  'al',
  'gen',
  'tur',
  'phi',
];

/** A vocabulary of `size` pronounceable words, index = frequency rank. */
function vocabulary(size: number): string[] {
  const words: string[] = [];
  for (let i = 0; words.length < size; i++) {
    let n = i;
    let word = '';
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    words.push(word);
  }
  return words;
}

/** Samples ranks with P(rank r) ∝ 1/(r+1)^s by inverting a precomputed cumulative table. */
function zipf(size: number, s: number, next: () => number): () => number {
  const cumulative = new Float64Array(size);
  let sum = 0;
  for (let r = 0; r < size; r++) cumulative[r] = sum += 1 / (r + 1) ** s;
  return () => {
    const target = next() * sum;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export interface SyntheticCorpus {
  docs: Document[];
  queries: { id: string; text: string }[];
}

/** `count` documents (titles of 4–10 words, bodies of 40–200) and 1,000 queries of 2–3 words. */
export function syntheticCorpus(count: number, seed = 20261127): SyntheticCorpus {
  const next = seeded(seed);
  const words = vocabulary(50_000);
  const rank = zipf(words.length, 1.05, next);
  const text = (min: number, max: number): string =>
    Array.from({ length: min + Math.floor(next() * (max - min)) }, () => words[rank()]).join(' ');
  const docs = Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    title: text(4, 10),
    body: text(40, 200),
  }));
  // Queries from ranks 20–5,000: neither stop-word-like nor vanishingly rare.
  const queries = Array.from({ length: 1000 }, (_, i) => ({
    id: String(i),
    text: Array.from(
      { length: 2 + Math.floor(next() * 2) },
      () => words[20 + Math.floor(next() ** 2 * 4980)],
    ).join(' '),
  }));
  return { docs, queries };
}

import type { Deadline } from './deadline.js';
import { NO_MORE_DOCS, type Scorer } from './scorers.js';
import { TopK } from './top-k.js';

export interface Hit {
  doc: number;
  score: number;
}

export interface Collected {
  /** Every matching document that passed `accept` and `minScore`. */
  total: number;
  /** Set when `total` is a lower bound only (the `total: 'atLeast'` option). */
  lowerBound?: true;
  /** The best `k`, best first. */
  hits: Hit[];
}

/**
 * Runs a scorer to the end, counting every match and keeping the best `k` in a bounded heap:
 * no array of all matches is built or sorted. `onMatch` sees every counted match (for facets).
 */
export function collectTopK(
  root: Scorer,
  k: number,
  accept?: (doc: number) => boolean,
  minScore = -Infinity,
  onMatch?: (doc: number) => void,
  deadline?: Deadline,
): Collected {
  const top = new TopK(k);
  let total = 0;
  let seen = 0;
  for (let doc = root.next(); doc !== NO_MORE_DOCS; doc = root.next()) {
    if ((seen++ & 1023) === 0) deadline?.check();
    if (accept !== undefined && !accept(doc)) continue;
    const score = root.score();
    if (score < minScore) continue;
    total++;
    onMatch?.(doc);
    if (score >= top.threshold) top.offer(doc, score);
  }
  return { total, hits: top.drain() };
}

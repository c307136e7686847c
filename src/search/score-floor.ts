import { slab } from './slab.js';
import type { TermSummary } from './term-summaries.js';

// The floor is a sum taken in another order than MaxScore's: a hair below it stays safe.
const SLACK = 1 - 1e-9;

/**
 * A score that the k-th best document reaches for sure, so that MaxScore prunes from the first
 * document on instead of waiting for its heap to fill; −Infinity when none is known. The
 * documents each term alone scores highest on (kept in the term summaries) score at least
 * the sum of what the summaries know of them: the k-th best of those sums is such a score.
 * Only terms are summed (entity boosts only add to a score, so leaving them out keeps the
 * floor a floor); `boosts[i]` weighs term i's summary.
 */
export function scoreFloor(summaries: readonly TermSummary[], boosts: readonly number[], k: number, accept?: (doc: number) => boolean): number {
  let size = 0;
  for (const summary of summaries) size += summary.topDocs.length;
  if (k === 0 || size < k) return -Infinity;
  // Each entry as doc · 2^22 + its index: sorted as plain numbers, a document's entries come
  // together, in the order the summaries gave them (so its sum is taken as before).
  const keys = slab.float64(size);
  const scores = slab.float64(size);
  let count = 0;
  summaries.forEach(({ topDocs, topScores }, i) => {
    for (let j = 0; j < topDocs.length; j++) {
      if (accept !== undefined && !accept(topDocs[j]!)) continue;
      keys[count] = topDocs[j]! * ENTRY + count;
      scores[count++] = boosts[i]! * topScores[j]!;
    }
  });
  const sorted = keys.subarray(0, count).sort();
  const sums = slab.float64(count);
  let known = 0;
  for (let at = 0; at < count; ) {
    const doc = Math.floor(sorted[at]! / ENTRY);
    let sum = 0;
    for (; at < count && Math.floor(sorted[at]! / ENTRY) === doc; at++) sum += scores[sorted[at]! % ENTRY]!;
    sums[known++] = sum;
  }
  if (known < k) return -Infinity;
  return sums.subarray(0, known).sort()[known - k]! * SLACK;
}

// Room for each entry's index beside its doc id (doc ids below 2^31 keep the key below 2^53).
const ENTRY = 2 ** 22;

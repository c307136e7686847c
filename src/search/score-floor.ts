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
export function scoreFloor(
  summaries: readonly TermSummary[],
  boosts: readonly number[],
  k: number,
  accept?: (doc: number) => boolean,
): number {
  let size = 0;
  for (const summary of summaries) size += summary.topDocs.length;
  if (k === 0 || size < k) return -Infinity;
  // Each document's sum, found through an open-addressing table of doc id + 1 (0: empty) at
  // least twice the entries in size; sums are taken in summary order, entry by entry.
  let bits = 1;
  while (1 << bits < size * 2) bits++;
  const mask = (1 << bits) - 1;
  const keys = slab.int32(mask + 1);
  const slots = slab.int32(mask + 1);
  const sums = slab.float64(size);
  let known = 0;
  summaries.forEach(({ topDocs, topScores }, i) => {
    for (let j = 0; j < topDocs.length; j++) {
      const doc = topDocs[j]!;
      if (accept !== undefined && !accept(doc)) continue;
      let at = Math.imul(doc, 0x9e3779b1) >>> (32 - bits);
      while (keys[at] !== 0 && keys[at] !== doc + 1) at = (at + 1) & mask;
      if (keys[at] === 0) {
        keys[at] = doc + 1;
        slots[at] = known++;
      }
      sums[slots[at]!]! += boosts[i]! * topScores[j]!;
    }
  });
  if (known < k) return -Infinity;
  return kthLargest(sums, known, k) * SLACK;
}

// The k-th largest of values[0, count), without sorting them all: the k largest so far are
// kept in ascending order, so best[0] is the k-th largest once k values have been seen.
function kthLargest(values: Float64Array, count: number, k: number): number {
  const best = slab.float64(k);
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    let at: number;
    if (i < k) {
      for (at = i; at > 0 && best[at - 1]! > value; at--) best[at] = best[at - 1]!;
    } else if (value > best[0]!) {
      // The least of the k gives way; the newcomer moves up to its place.
      for (at = 0; at + 1 < k && best[at + 1]! < value; at++) best[at] = best[at + 1]!;
    } else {
      continue;
    }
    best[at] = value;
  }
  return best[0]!;
}

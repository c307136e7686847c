import type { Collected } from './collect.js';
import type { MatchCounter } from './match-counter.js';
import { NO_MORE_DOCS, type Scorer } from './scorers.js';
import { TopK } from './top-k.js';

// Bounds are maxima of the same float computations, but sums taken in another order may
// differ in the last bits: a hair of slack keeps pruning safe.
const SLACK = 1 + 1e-9;

/** Documents scored together: a window's partial scores stay in cache. */
const WINDOW = 4096;

// A window slot's state: untouched, a candidate being scored, or out (filtered or pruned).
const UNTOUCHED = 0;
const CANDIDATE = 1;
const OUT = 2;

// One window's partial scores, touched slots and slot states, reused by every search (a
// search runs to its end before the next starts).
const scratch = { scores: new Float64Array(WINDOW), candidates: new Int32Array(WINDOW), state: new Uint8Array(WINDOW) };

/**
 * Top-k of a disjunction of terms (or any scorers with true score bounds, such as entity
 * boosts) with MaxScore pruning (Turtle & Flood), a window of documents at a time. Terms are
 * ordered by their score bound; once the heap is full, the terms whose bounds together cannot
 * lift a document past the k-th score become non-essential: candidates come only from the
 * essential terms, and a candidate stops being scored as soon as its partial score plus the
 * remaining bounds falls to the threshold. Returns the same top k as exhaustive scoring.
 *
 * Within a window each term's postings are walked in one loop, adding into the window's
 * partial scores, instead of finding the smallest current document among all terms for
 * every document. The threshold rises between windows.
 *
 * Pruned documents still match, so `total` is counted on the way: every document a term
 * passes is marked once in `counter`, and the non-essential terms are run to their end.
 * Each posting is decoded once.
 */
export function collectMaxScore(terms: readonly Scorer[], bounds: readonly number[], k: number, accept: ((doc: number) => boolean) | undefined, counter: MatchCounter, docLimit: number, onMatch?: (doc: number) => void): Collected {
  const order = terms.map((_t, i) => i).sort((a, b) => bounds[a]! - bounds[b]!);
  const scorers = order.map((i) => terms[i]!);
  const n = scorers.length;
  const cumulative = new Float64Array(n);
  let sum = 0;
  order.forEach((i, rank) => (cumulative[rank] = sum += bounds[i]! * SLACK));
  const top = new TopK(k);
  const { scores, candidates, state } = scratch;
  state.fill(UNTOUCHED);
  let threshold = -Infinity;
  let firstEssential = 0;
  let total = 0;
  const seen = counter.begin(docLimit);
  const generation = counter.generation;
  for (const scorer of scorers) scorer.next();
  for (;;) {
    let first = NO_MORE_DOCS;
    for (let i = firstEssential; i < n; i++) first = Math.min(first, scorers[i]!.doc);
    if (first === NO_MORE_DOCS) break;
    const base = first - (first % WINDOW);
    const end = base + WINDOW;
    let found = 0;
    // Essential terms, lowest bound first (the order the bounds were summed in).
    for (let i = firstEssential; i < n; i++) {
      const scorer = scorers[i]!;
      for (let doc = scorer.doc; doc < end; doc = scorer.next()) {
        total += countFirst(seen, generation, doc, accept, onMatch);
        const at = doc - base;
        if (state[at] === UNTOUCHED) {
          candidates[found++] = at;
          if (accept !== undefined && !accept(doc)) {
            state[at] = OUT;
            continue;
          }
          state[at] = CANDIDATE;
          scores[at] = 0;
        } else if (state[at] === OUT) continue;
        scores[at] += scorer.score();
      }
    }
    // Non-essential terms, highest bound first: counted throughout, scored only for
    // candidates that can still reach the heap.
    for (let i = firstEssential - 1; i >= 0; i--) {
      const scorer = scorers[i]!;
      const rest = cumulative[i]!;
      for (let doc = scorer.doc; doc < end; doc = scorer.next()) {
        total += countFirst(seen, generation, doc, accept, onMatch);
        const at = doc - base;
        if (doc < base || state[at] !== CANDIDATE) continue;
        if (scores[at]! + rest <= threshold) state[at] = OUT;
        else scores[at] += scorer.score();
      }
    }
    for (let c = 0; c < found; c++) {
      const at = candidates[c]!;
      if (state[at] === CANDIDATE && scores[at]! >= threshold) top.offer(base + at, scores[at]!);
      state[at] = UNTOUCHED;
    }
    if (top.size === k) {
      threshold = top.threshold;
      while (firstEssential < n && cumulative[firstEssential]! <= threshold) firstEssential++;
    }
  }
  // What the non-essential terms have not reached yet still matches.
  for (let i = 0; i < firstEssential; i++) {
    const scorer = scorers[i]!;
    for (let doc = scorer.doc; doc !== NO_MORE_DOCS; doc = scorer.next()) total += countFirst(seen, generation, doc, accept, onMatch);
  }
  return { total, hits: top.drain() };
}

// 1 the first time a term passes an accepted document, else 0. A plain function rather than
// a closure over the running total, which would cost a context read and write per posting.
function countFirst(seen: Uint32Array, generation: number, doc: number, accept: ((doc: number) => boolean) | undefined, onMatch: ((doc: number) => void) | undefined): number {
  if (seen[doc] === generation) return 0;
  seen[doc] = generation;
  if (accept !== undefined && !accept(doc)) return 0;
  onMatch?.(doc);
  return 1;
}

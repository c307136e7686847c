import type { Collected } from './collect.js';
import type { MatchCounter } from './match-counter.js';
import { NO_MORE_DOCS, type Scorer, TermScorer } from './scorers.js';
import { TopK } from './top-k.js';

// Bounds are maxima of the same float computations, but sums taken in another order may
// differ in the last bits: a hair of slack keeps pruning safe.
const SLACK = 1 + 1e-9;

/**
 * Top-k of a disjunction of terms (or any scorers with true score bounds, such as entity
 * boosts) with MaxScore pruning (Turtle & Flood). Terms are ordered by
 * their score bound; once the heap is full, the terms whose bounds together cannot lift a
 * document past the k-th score become non-essential: candidates come only from the essential
 * terms, and a candidate stops being scored as soon as its partial score plus the remaining
 * bounds falls to the threshold. Returns the same top k as exhaustive scoring.
 *
 * Pruned documents still match, so `total` is counted on the way: every document a cursor
 * passes is marked once in `counter`, and the non-essential cursors are run to their end.
 * Each posting is read once; a non-essential term's postings are read by doc id alone except
 * at candidates.
 */
export function collectMaxScore(terms: readonly Scorer[], bounds: readonly number[], k: number, accept: ((doc: number) => boolean) | undefined, counter: MatchCounter, docLimit: number, onMatch?: (doc: number) => void): Collected {
  const order = terms.map((_t, i) => i).sort((a, b) => bounds[a]! - bounds[b]!);
  const scorers = order.map((i) => terms[i]!);
  const cumulative = new Float64Array(scorers.length);
  let sum = 0;
  order.forEach((i, rank) => (cumulative[rank] = sum += bounds[i]! * SLACK));
  const top = new TopK(k);
  let threshold = -Infinity;
  let firstEssential = 0;
  let total = 0;
  const seen = counter.begin(docLimit);
  const generation = counter.generation;
  // Term scorers can pass postings by doc id alone, counting as they go; anything else, or a
  // count that must test each document, walks them one by one.
  const marking = scorers.map((scorer) => scorer instanceof TermScorer && accept === undefined && onMatch === undefined);
  for (const scorer of scorers) scorer.next();
  const n = scorers.length;
  for (;;) {
    let doc = NO_MORE_DOCS;
    for (let i = firstEssential; i < n; i++) if (scorers[i]!.doc < doc) doc = scorers[i]!.doc;
    if (doc === NO_MORE_DOCS) break;
    total += counter.add(doc, accept, onMatch);
    let score = 0;
    for (let i = firstEssential; i < n; i++) {
      const scorer = scorers[i]!;
      if (scorer.doc === doc) {
        score += scorer.score();
        scorer.next();
      }
    }
    if (accept !== undefined && !accept(doc)) continue;
    let pruned = false;
    for (let i = firstEssential - 1; i >= 0; i--) {
      if (score + cumulative[i]! <= threshold) {
        pruned = true;
        break;
      }
      const scorer = scorers[i]!;
      if (marking[i]) total += (scorer as TermScorer).advanceMarking(doc, seen, generation);
      else for (let passed = scorer.doc; passed < doc; passed = scorer.next()) total += counter.add(passed, accept, onMatch);
      if (scorer.doc === doc) score += scorer.score();
    }
    if (pruned || score < threshold) continue;
    top.offer(doc, score);
    if (top.size === k) {
      threshold = top.threshold;
      while (firstEssential < n && cumulative[firstEssential]! <= threshold) firstEssential++;
    }
  }
  // What the non-essential cursors have not reached yet still matches.
  for (let i = 0; i < firstEssential; i++) {
    const scorer = scorers[i]!;
    if (marking[i]) total += (scorer as TermScorer).advanceMarking(NO_MORE_DOCS, seen, generation);
    else for (let doc = scorer.doc; doc !== NO_MORE_DOCS; doc = scorer.next()) total += counter.add(doc, accept, onMatch);
  }
  return { total, hits: top.drain() };
}

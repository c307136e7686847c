import type { Deadline } from './deadline.js';
import type { Hit } from './collect.js';
import { NO_MORE_DOCS, type Scorer } from './scorers.js';
import { slab } from './slab.js';
import { TopK } from './top-k.js';

// Bounds are maxima of the same float computations, but sums taken in another order may
// differ in the last bits: a hair of slack keeps pruning safe.
const SLACK = 1 + 1e-9;

/** The least width of a window, in documents, per scorer. */
const WINDOW_PER_SCORER = 32;

/**
 * With two essential scorers or more, a window is read a chunk of this many documents at a
 * time: each essential scorer adds its postings' scores into one array, and the chunk's
 * matches are then taken in order from a bitset. Finding each candidate as the least of many
 * cursors cost more than the scoring on long queries.
 */
const CHUNK = 2048;
const chunkScores = new Float64Array(CHUNK);
const chunkMatches = new Uint32Array(CHUNK / 32);
// A single essential scorer's candidates, a batch at a time.
const candidateDocs = new Int32Array(128);
const candidateScores = new Float64Array(128);
// Set while a chunk is being read: a chunk left unfinished (by an exception) is cleared first.
let chunkDirty = false;

/** A scorer whose score can be bounded over a stretch of documents, not only overall. */
export interface BoundedScorer extends Scorer {
  /** The last doc id up to which {@link boundIn} from `target` holds block by block. */
  blockEnd(target: number): number;
  /** An upper bound on the score of any document in [from, to]; `from` never decreases. */
  boundIn(from: number, to: number): number;
  /** False when `doc` surely does not match (a quick test, without moving); true when it may. */
  mayMatch(doc: number): boolean;
  /**
   * Where a scorer can, the documents up to `to` whose score exceeds `above`, read in one
   * loop (see TermScorer.competitive).
   */
  competitive?(to: number, above: number, docs: Int32Array, scores: Float64Array): number;
}

/**
 * Top-k of a disjunction (terms, entity boosts) by block-max MaxScore (Turtle & Flood, with
 * the per-block bounds of Ding & Suel). Documents are taken a window at a time, a window
 * ending where the first of the scorers' blocks ends (or 32 documents per scorer on, if that
 * is further). In each window the scorers are ordered by their bound there; those whose
 * bounds together cannot lift a document past the k-th score are non-essential: candidates
 * come only from the essential ones, and a candidate stops being scored once its partial
 * score plus the remaining bounds falls to the threshold. A window where nothing is essential
 * is skipped unread. Pruning starts from `floor`, a score the k-th best is known to reach, if
 * any. Returns the same top k as scoring every match; counting the matches is left to the
 * caller.
 */
export function collectMaxScore(
  scorers: readonly BoundedScorer[],
  k: number,
  accept?: (doc: number) => boolean,
  floor = -Infinity,
  deadline?: Deadline,
): Hit[] {
  const n = scorers.length;
  const top = new TopK(k);
  let threshold = floor;
  if (chunkDirty) {
    chunkScores.fill(0);
    chunkMatches.fill(0);
    chunkDirty = false;
  }
  const order = scorers.slice();
  // Scorers by bound, lowest first; each window starts from the last one's order, which
  // changes little from window to window.
  const ranked = slab.int32(n);
  for (let i = 0; i < n; i++) ranked[i] = i;
  const bounds = slab.float64(n);
  const cumulative = slab.float64(n);
  for (let from = 0; ;) {
    deadline?.check();
    let to = NO_MORE_DOCS;
    for (const scorer of scorers) to = Math.min(to, scorer.blockEnd(from));
    // Each window costs a pass over the scorers: with many, narrow windows cost more than
    // their tighter bounds save (a 200-word query took 3x as long).
    if (to !== NO_MORE_DOCS) to = Math.max(to, from + WINDOW_PER_SCORER * n);
    for (let i = 0; i < n; i++) bounds[i] = scorers[i]!.boundIn(from, to);
    sortByBound(order, ranked, scorers, bounds, cumulative);
    let firstEssential = 0;
    while (firstEssential < n && cumulative[firstEssential]! <= threshold) firstEssential++;
    while (firstEssential < n) {
      if (n - firstEssential >= 2) {
        // The chunk's first document: the least of the essential scorers' next postings.
        let start = NO_MORE_DOCS;
        for (let i = firstEssential; i < n; i++) {
          const scorer = order[i]!;
          const at = scorer.doc < from ? scorer.advance(from) : scorer.doc;
          if (at < start) start = at;
        }
        if (start > to || start === NO_MORE_DOCS) break;
        const end = Math.min(to, start + CHUNK - 1);
        const essential = firstEssential;
        chunkDirty = true;
        for (let i = essential; i < n; i++) {
          const scorer = order[i]!;
          for (let doc = scorer.doc; doc <= end; doc = scorer.next()) {
            const slot = doc - start;
            chunkScores[slot] += scorer.score();
            chunkMatches[slot >>> 5]! |= 1 << (slot & 31);
          }
        }
        const words = ((end - start) >>> 5) + 1;
        for (let word = 0; word < words; word++) {
          let bits = chunkMatches[word]!;
          chunkMatches[word] = 0;
          while (bits !== 0) {
            const lowest = bits & -bits;
            bits ^= lowest;
            const slot = (word << 5) + 31 - Math.clz32(lowest);
            const score = chunkScores[slot]!;
            chunkScores[slot] = 0;
            const doc = start + slot;
            if (accept !== undefined && !accept(doc)) continue;
            threshold = offerPruned(
              order,
              essential,
              cumulative,
              doc,
              score,
              threshold,
              top,
              k,
              floor,
            );
          }
        }
        chunkDirty = false;
        while (firstEssential < n && cumulative[firstEssential]! <= threshold) firstEssential++;
        continue;
      }
      const single = order[firstEssential]!;
      if (firstEssential === n - 1 && single.competitive !== undefined) {
        // One essential scorer: its documents that could still enter the top k, taken in
        // batches from one loop over its blocks, the rest never leaving it. The cut is a
        // hair lower than the exact test that follows, so no candidate is lost to rounding.
        const at = single.doc < from ? single.advance(from) : single.doc;
        if (at > to || at === NO_MORE_DOCS) break;
        const rest = firstEssential === 0 ? 0 : cumulative[firstEssential - 1]!;
        const above = threshold - rest - (Math.abs(threshold) + rest) * 1e-9;
        const count = single.competitive(to, above, candidateDocs, candidateScores);
        for (let c = 0; c < count; c++) {
          const doc = candidateDocs[c]!;
          if (accept !== undefined && !accept(doc)) continue;
          threshold = offerPruned(
            order,
            firstEssential,
            cumulative,
            doc,
            candidateScores[c]!,
            threshold,
            top,
            k,
            floor,
          );
        }
        while (firstEssential < n && cumulative[firstEssential]! <= threshold) firstEssential++;
        continue;
      }
      let doc = NO_MORE_DOCS;
      for (let i = firstEssential; i < n; i++) {
        const scorer = order[i]!;
        const at = scorer.doc < from ? scorer.advance(from) : scorer.doc;
        if (at < doc) doc = at;
      }
      if (doc > to || doc === NO_MORE_DOCS) break;
      let score = 0;
      for (let i = firstEssential; i < n; i++) {
        const scorer = order[i]!;
        if (scorer.doc === doc) {
          score += scorer.score();
          scorer.next();
        }
      }
      if (accept !== undefined && !accept(doc)) continue;
      threshold = offerPruned(
        order,
        firstEssential,
        cumulative,
        doc,
        score,
        threshold,
        top,
        k,
        floor,
      );
      while (firstEssential < n && cumulative[firstEssential]! <= threshold) firstEssential++;
    }
    if (to === NO_MORE_DOCS) break;
    from = to + 1;
  }
  return top.drain();
}

// Adds the non-essential scorers' scores to a candidate's essential `score`, from the highest
// bound down, until the candidate cannot pass the threshold; offers it to `top` if it does.
// Returns the threshold, raised once `top` is full.
function offerPruned(
  order: readonly BoundedScorer[],
  firstEssential: number,
  cumulative: Float64Array,
  doc: number,
  score: number,
  threshold: number,
  top: TopK,
  k: number,
  floor: number,
): number {
  for (let i = firstEssential - 1; i >= 0; i--) {
    if (score + cumulative[i]! <= threshold) return threshold;
    const scorer = order[i]!;
    if (scorer.doc < doc) {
      // A common term's bitset answers most probes without moving its cursor.
      if (!scorer.mayMatch(doc)) continue;
      scorer.advance(doc);
    }
    if (scorer.doc === doc) score += scorer.score();
  }
  // A tie with the k-th loses: it has the higher doc id.
  if (score <= threshold) return threshold;
  top.offer(doc, score);
  return top.size === k ? Math.max(top.threshold, floor) : threshold;
}

// Orders the scorers by their bound in this window, lowest first, and sums the bounds in that
// order. An insertion sort: `ranked` comes in as the last window's order, nearly sorted.
function sortByBound(
  order: BoundedScorer[],
  ranked: Int32Array,
  scorers: readonly BoundedScorer[],
  bounds: Float64Array,
  cumulative: Float64Array,
): void {
  const n = scorers.length;
  for (let i = 1; i < n; i++) {
    const item = ranked[i]!;
    let j = i - 1;
    for (; j >= 0 && bounds[ranked[j]!]! > bounds[item]!; j--) ranked[j + 1] = ranked[j]!;
    ranked[j + 1] = item;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    order[i] = scorers[ranked[i]!]!;
    cumulative[i] = sum += bounds[ranked[i]!]! * SLACK;
  }
}

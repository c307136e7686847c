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
  if (chunkDirty) {
    chunkScores.fill(0);
    chunkMatches.fill(0);
    chunkDirty = false;
  }
  const state = new Pruning(scorers.slice(), slab.float64(n), new TopK(k), floor, accept);
  // Scorers by bound, lowest first; each window starts from the last one's order, which
  // changes little from window to window.
  const ranked = slab.int32(n);
  for (let i = 0; i < n; i++) ranked[i] = i;
  const bounds = slab.float64(n);
  for (let from = 0; ;) {
    deadline?.check();
    let to = NO_MORE_DOCS;
    for (const scorer of scorers) to = Math.min(to, scorer.blockEnd(from));
    // Each window costs a pass over the scorers: with many, narrow windows cost more than
    // their tighter bounds save (a 200-word query took 3x as long).
    if (to !== NO_MORE_DOCS) to = Math.max(to, from + WINDOW_PER_SCORER * n);
    for (let i = 0; i < n; i++) bounds[i] = scorers[i]!.boundIn(from, to);
    sortByBound(state.order, ranked, scorers, bounds, state.cumulative);
    state.essential = 0;
    state.settle();
    while (state.essential < n) {
      const single = state.order[state.essential]!;
      const done =
        state.essential < n - 1
          ? scoreChunk(state, from, to)
          : single.competitive !== undefined
            ? scoreCompetitive(state, single, from, to)
            : scoreNext(state, from, to);
      if (done) break;
      state.settle();
    }
    if (to === NO_MORE_DOCS) break;
    from = to + 1;
  }
  return state.top.drain();
}

/** The running top k and what pruning reads: the scorers in bound order, the sums of bounds. */
class Pruning {
  /** The score a document must beat: the k-th best so far, or the floor. */
  threshold: number;
  /** The first essential scorer in {@link order}: those before it cannot lift a document alone. */
  essential = 0;

  constructor(
    readonly order: BoundedScorer[],
    /** The bounds of order[0..i] summed, with slack. */
    readonly cumulative: Float64Array,
    readonly top: TopK,
    readonly floor: number,
    readonly accept: ((doc: number) => boolean) | undefined,
  ) {
    this.threshold = floor;
  }

  /** Moves {@link essential} past the scorers the threshold has made non-essential. */
  settle(): void {
    const { order, cumulative } = this;
    while (this.essential < order.length && cumulative[this.essential]! <= this.threshold)
      this.essential++;
  }

  /**
   * Adds the scorers before `essential` to a candidate's essential `score`, from the highest
   * bound down, until it cannot pass the threshold; offers it to the top k if it does.
   */
  offer(doc: number, score: number, essential: number): void {
    if (this.accept !== undefined && !this.accept(doc)) return;
    const { order, cumulative, threshold } = this;
    for (let i = essential - 1; i >= 0; i--) {
      if (score + cumulative[i]! <= threshold) return;
      const scorer = order[i]!;
      if (scorer.doc < doc) {
        // A common term's bitset answers most probes without moving its cursor.
        if (!scorer.mayMatch(doc)) continue;
        scorer.advance(doc);
      }
      if (scorer.doc === doc) score += scorer.score();
    }
    // A tie with the k-th loses: it has the higher doc id.
    if (score <= threshold) return;
    const top = this.top;
    top.offer(doc, score);
    if (top.size === top.capacity) this.threshold = Math.max(top.threshold, this.floor);
  }
}

// The least next document of the essential scorers at or after `from`.
function nextEssential(state: Pruning, from: number): number {
  const { order } = state;
  let doc = NO_MORE_DOCS;
  for (let i = state.essential; i < order.length; i++) {
    const scorer = order[i]!;
    const at = scorer.doc < from ? scorer.advance(from) : scorer.doc;
    if (at < doc) doc = at;
  }
  return doc;
}

// Two essential scorers or more: each adds its scores over the next chunk of the window into
// one array, and the chunk's documents are taken in order from a bitset. True when the
// window is done.
function scoreChunk(state: Pruning, from: number, to: number): boolean {
  const start = nextEssential(state, from);
  if (start > to || start === NO_MORE_DOCS) return true;
  const end = Math.min(to, start + CHUNK - 1);
  const { order, essential } = state;
  chunkDirty = true;
  for (let i = essential; i < order.length; i++) {
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
      state.offer(start + slot, score, essential);
    }
  }
  chunkDirty = false;
  return false;
}

// One essential scorer that can list its competitive documents: a batch of those that could
// still enter the top k, the rest never leaving its loop. The cut is a hair lower than the
// exact test that follows, so no candidate is lost to rounding. True when the window is done.
function scoreCompetitive(
  state: Pruning,
  single: BoundedScorer,
  from: number,
  to: number,
): boolean {
  const at = single.doc < from ? single.advance(from) : single.doc;
  if (at > to || at === NO_MORE_DOCS) return true;
  const { essential, threshold } = state;
  const rest = essential === 0 ? 0 : state.cumulative[essential - 1]!;
  const above = threshold - rest - (Math.abs(threshold) + rest) * 1e-9;
  const count = single.competitive!(to, above, candidateDocs, candidateScores);
  for (let c = 0; c < count; c++) state.offer(candidateDocs[c]!, candidateScores[c]!, essential);
  return false;
}

// Any other single essential scorer: its next document. True when the window is done.
function scoreNext(state: Pruning, from: number, to: number): boolean {
  const doc = nextEssential(state, from);
  if (doc > to || doc === NO_MORE_DOCS) return true;
  const { order, essential } = state;
  let score = 0;
  for (let i = essential; i < order.length; i++) {
    const scorer = order[i]!;
    if (scorer.doc === doc) {
      score += scorer.score();
      scorer.next();
    }
  }
  state.offer(doc, score, essential);
  return false;
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

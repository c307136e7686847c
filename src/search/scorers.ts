import { NO_MORE_DOCS, type PostingCursor } from '../index/index.js';
import { maxTermScore, saturate } from '../ranking/bm25.js';
import type { FieldScoring } from './field-scoring.js';
import { type Explanation, sumOf } from './explanation.js';
import { slab } from './slab.js';
import { BLOCK, type TermSummary } from './term-summaries.js';

export { NO_MORE_DOCS };

/**
 * A document-at-a-time iterator over the documents that match a query node, in increasing
 * doc id order, able to score the current one.
 */
export interface Scorer {
  /** The current document: -1 before the first `next()`, {@link NO_MORE_DOCS} when done. */
  doc: number;
  next(): number;
  /** Moves to the first match at or after `target` (never backwards). */
  advance(target: number): number;
  score(): number;
  /** The score of the current document, broken into its parts; `value` equals `score()`. */
  explain(): Explanation;
  /** An upper bound on `score()` over every document. */
  readonly maxScore: number;
}

/**
 * One term, matched in the fields of `scope`, scored with BM25F. Postings are decoded a block
 * at a time in one tight loop, with their field-weighted frequencies; `next()` then steps
 * through the block. `advance` passes postings by doc id alone and decodes the one it stops
 * at: a pruned term is read fully only where it can still matter. Given the term's summary
 * ({@link useSummary}), `advance` also jumps over whole blocks, and the scorer can bound its
 * score block by block.
 */
export class TermScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;
  /** Bit f set for each field of the scope. */
  readonly fieldMask: number;
  private readonly docs = slab.int32(BLOCK);
  private readonly pseudoTf = slab.float64(BLOCK);
  private at = 0;
  private size = 0;
  /** Postings the cursor has passed or read, removed and out-of-scope ones included. */
  private consumed = 0;
  private summary: TermSummary | null = null;
  /** The summary's bitset of the term's live documents, when it keeps one. */
  private bitset: Uint32Array | null = null;
  /** The block {@link blockEnd} last found: bound lookups only move forward. */
  private probe = 0;

  constructor(
    readonly cursor: PostingCursor,
    readonly termId: number,
    readonly scoring: FieldScoring,
    readonly scope: Uint8Array,
    readonly idf: number,
    readonly boost: number,
    readonly label = scoring.index.terms.term(termId),
  ) {
    this.maxScore = maxTermScore(idf, scoring.k1, boost);
    this.fieldMask = scope.reduce((mask, on, f) => (on === 1 ? mask | (1 << f) : mask), 0);
  }

  /** Lets the scorer skip blocks and bound its score by block; before the first `next()`. */
  useSummary(summary: TermSummary): void {
    this.summary = summary;
    this.bitset = summary.documents;
  }

  /** False when `doc` surely lacks the term: its summary keeps a bitset without it. */
  mayMatch(doc: number): boolean {
    const bitset = this.bitset;
    return bitset === null || (bitset[doc >>> 5]! & (1 << (doc & 31))) !== 0;
  }

  next(): number {
    if (++this.at >= this.size && !this.fill(BLOCK)) return (this.doc = NO_MORE_DOCS);
    return (this.doc = this.docs[this.at]!);
  }

  advance(target: number): number {
    if (this.doc >= target) return this.doc;
    if (this.size > 0 && this.docs[this.size - 1]! >= target) {
      while (this.doc < target) this.doc = this.docs[++this.at]!;
      return this.doc;
    }
    const summary = this.summary;
    let block = Math.floor(this.consumed / BLOCK);
    if (
      summary !== null &&
      block < summary.blockLast.length &&
      summary.blockLast[block]! < target
    ) {
      // Jump to the block that holds `target`, the blocks before it left undecoded.
      const last = summary.blockLast;
      while (block < last.length && last[block]! < target) block++;
      if (block === last.length) {
        this.cursor.finish();
        this.at = this.size = 0;
        return (this.doc = NO_MORE_DOCS);
      }
      this.cursor.seek(summary.blockStart[block]!, block === 0 ? -1 : last[block - 1]!);
      this.consumed = block * BLOCK;
    }
    this.consumed += this.cursor.skipBefore(target);
    // The posting at or after target, alone: the next target may well be blocks away.
    if (!this.fill(1)) return (this.doc = NO_MORE_DOCS);
    return (this.doc = this.docs[0]!);
  }

  /**
   * The last doc id of the block holding this term's first posting at or after `target`
   * ({@link NO_MORE_DOCS} past the last block, or without a summary): the score bound of
   * {@link boundIn} holds up to there.
   */
  blockEnd(target: number): number {
    const summary = this.summary;
    if (summary === null) return NO_MORE_DOCS;
    const last = summary.blockLast;
    while (this.probe < last.length && last[this.probe]! < target) this.probe++;
    return this.probe < last.length ? last[this.probe]! : NO_MORE_DOCS;
  }

  /** An upper bound on the score of any document in [from, to]; `from` never decreases. */
  boundIn(from: number, to: number): number {
    // Documents before the current one have been passed without a match: a term whose next
    // posting lies past the window adds nothing in it (a rare term, after its first probe).
    if (this.doc > to) return 0;
    const summary = this.summary;
    if (summary === null) return this.maxScore;
    this.blockEnd(Math.max(from, this.doc));
    const { blockLast, blockMax } = summary;
    let max = 0;
    for (let block = this.probe; block < blockLast.length; block++) {
      max = Math.max(max, blockMax[block]!);
      if (blockLast[block]! >= to) break;
    }
    return this.boost * max;
  }

  score(): number {
    return saturate(this.pseudoTf[this.at]!, this.idf, this.scoring.k1, this.boost);
  }

  /**
   * Reads this term's postings from the current one up to doc `to`, and writes the documents
   * whose score exceeds `above`, with their scores, into `docs` and `scores` (at most their
   * length); returns how many. Leaves the scorer at the first posting it did not read, as
   * `next()` would. One loop over each decoded block, for a term that alone decides which
   * documents are candidates.
   */
  competitive(to: number, above: number, docs: Int32Array, scores: Float64Array): number {
    const room = docs.length;
    const { idf, boost } = this;
    const k1 = this.scoring.k1;
    // The weighted frequency a score above `above` needs (saturation is increasing), a hair
    // lower for rounding: most postings are turned away without a division.
    const limit = maxTermScore(idf, k1, boost);
    const least =
      above < 0 || !(limit > 0)
        ? -Infinity
        : above >= limit
          ? Infinity
          : ((above * k1) / (limit - above)) * (1 - 1e-9);
    let count = 0;
    while (this.doc <= to && this.doc !== NO_MORE_DOCS && count < room) {
      const blockDocs = this.docs;
      const pseudoTf = this.pseudoTf;
      const size = this.size;
      let at = this.at;
      for (; at < size && count < room; at++) {
        const doc = blockDocs[at]!;
        if (doc > to) break;
        if (pseudoTf[at]! <= least) continue;
        const score = saturate(pseudoTf[at]!, idf, k1, boost);
        if (score > above) {
          docs[count] = doc;
          scores[count++] = score;
        }
      }
      if (at < size) {
        this.at = at;
        this.doc = blockDocs[at]!;
      } else {
        this.at = size - 1;
        this.next();
      }
    }
    return count;
  }

  explain(): Explanation {
    // The block keeps no frequencies: read them again for this one document.
    const cursor = this.scoring.index.cursor(false).reset(this.termId);
    cursor.advance(this.doc);
    return this.scoring.explain(
      `term "${this.label}"`,
      cursor.tf,
      this.scope,
      this.doc,
      this.idf,
      this.boost,
    );
  }

  // Decodes up to `limit` postings, never past the end of a block (so that reads line up
  // with the summary's blocks), until one is in scope and live; false at the end. Weighted
  // frequencies only: saturation waits for score(), which pruning skips for most postings.
  private fill(limit: number): boolean {
    do {
      if (this.cursor.exhausted) {
        this.at = this.size = 0;
        return false;
      }
      const read = Math.min(limit, BLOCK - (this.consumed % BLOCK));
      this.size = this.cursor.readWeighted(
        this.docs,
        this.pseudoTf,
        this.scoring.factors,
        this.fieldMask,
        read,
      );
      this.consumed += read;
    } while (this.size === 0);
    this.at = 0;
    return true;
  }
}

/** Anything that walks documents in increasing id order: scorers and postings cursors. */
export interface DocIterator {
  doc: number;
  next(): number;
  advance(target: number): number;
}

/** Walks the union of several iterators: `doc` is the smallest current document among them. */
export abstract class UnionScorer<Part extends DocIterator> {
  doc = -1;

  constructor(readonly parts: Part[]) {}

  next(): number {
    const current = this.doc;
    let min = NO_MORE_DOCS;
    for (const part of this.parts) {
      if (part.doc <= current) part.next();
      if (part.doc < min) min = part.doc;
    }
    return (this.doc = min);
  }

  advance(target: number): number {
    let min = NO_MORE_DOCS;
    for (const part of this.parts) {
      if (part.doc < target) part.advance(target);
      if (part.doc < min) min = part.doc;
    }
    return (this.doc = min);
  }
}

/** Documents matching any of its parts; the score is the sum of the parts that match. */
export class DisjunctionScorer extends UnionScorer<Scorer> implements Scorer {
  readonly maxScore: number;

  constructor(parts: Scorer[]) {
    super(parts);
    this.maxScore = parts.reduce((sum, part) => sum + part.maxScore, 0);
  }

  score(): number {
    let sum = 0;
    for (const part of this.parts) if (part.doc === this.doc) sum += part.score();
    return sum;
  }

  explain(): Explanation {
    return sumOf(
      'sum of',
      this.parts.filter((part) => part.doc === this.doc).map((part) => part.explain()),
    );
  }
}

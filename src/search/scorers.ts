import { NO_MORE_DOCS, type InvertedIndex, type PostingCursor } from '../index/index.js';
import { lengthNorm, maxTermScore, saturate } from '../ranking/bm25.js';

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
  /** An upper bound on `score()` over every document. */
  readonly maxScore: number;
}

/** What scoring a term needs to know about the index, computed once per search. */
export class FieldScoring {
  readonly averageLength: Float64Array;

  constructor(
    readonly index: InvertedIndex,
    readonly k1: number,
    readonly weight: Float64Array,
    readonly b: Float64Array,
  ) {
    this.averageLength = Float64Array.from(index.fields, (_f, i) => index.averageFieldLength(i));
  }

  /** Field-weighted, length-normalized term frequency of the cursor's current document. */
  pseudoTf(cursor: PostingCursor, scope: Uint8Array): number {
    let sum = 0;
    for (let f = 0; f < scope.length; f++) {
      const tf = cursor.tf[f]!;
      if (tf === 0 || scope[f] === 0) continue;
      sum += (this.weight[f]! * tf) / lengthNorm(this.index.fieldLength(f, cursor.doc), this.averageLength[f]!, this.b[f]!);
    }
    return sum;
  }
}

/** One term, matched in the fields of `scope`, scored with BM25F. */
export class TermScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;

  constructor(
    readonly cursor: PostingCursor,
    readonly scoring: FieldScoring,
    readonly scope: Uint8Array,
    readonly idf: number,
    readonly boost: number,
  ) {
    this.maxScore = maxTermScore(idf, scoring.k1, boost);
  }

  next(): number {
    for (;;) {
      const doc = this.cursor.next();
      if (doc === NO_MORE_DOCS || this.inScope()) return (this.doc = doc);
    }
  }

  advance(target: number): number {
    while (this.doc < target) this.next();
    return this.doc;
  }

  score(): number {
    return saturate(this.scoring.pseudoTf(this.cursor, this.scope), this.idf, this.scoring.k1, this.boost);
  }

  private inScope(): boolean {
    for (let f = 0; f < this.scope.length; f++) if (this.scope[f] === 1 && this.cursor.tf[f]! > 0) return true;
    return false;
  }
}

/** Documents matching any of its parts; the score is the sum of the parts that match. */
export class DisjunctionScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;

  constructor(readonly parts: Scorer[]) {
    this.maxScore = parts.reduce((sum, part) => sum + part.maxScore, 0);
  }

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

  score(): number {
    let sum = 0;
    for (const part of this.parts) if (part.doc === this.doc) sum += part.score();
    return sum;
  }
}

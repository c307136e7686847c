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

/**
 * What scoring a term needs to know about the index, computed once per index version: for
 * every field and document, the weight divided by the BM25 length normalization, so that
 * scoring a posting is a multiply-add per field.
 */
export class FieldScoring {
  readonly averageLength: Float64Array;
  /** Per field: weight_f / (1 − b_f + b_f · len_f(d) / avglen_f), indexed by doc id. */
  private readonly factor: Float64Array[];

  constructor(
    readonly index: InvertedIndex,
    readonly k1: number,
    readonly weight: Float64Array,
    readonly b: Float64Array,
  ) {
    this.averageLength = Float64Array.from(index.fields, (_f, i) => index.averageFieldLength(i));
    this.factor = index.fields.map((_f, field) => {
      const factors = new Float64Array(index.docIdLimit);
      const average = this.averageLength[field]!;
      for (let doc = 0; doc < factors.length; doc++) {
        factors[doc] = weight[field]! / lengthNorm(index.fieldLength(field, doc), average, b[field]!);
      }
      return factors;
    });
  }

  /** Field-weighted, length-normalized term frequency of the cursor's current document. */
  pseudoTf(cursor: PostingCursor, scope: Uint8Array): number {
    let sum = 0;
    const doc = cursor.doc;
    for (let f = 0; f < scope.length; f++) {
      const tf = cursor.tf[f]!;
      if (tf !== 0 && scope[f] === 1) sum += tf * this.factor[f]![doc]!;
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
    readonly termId: number,
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

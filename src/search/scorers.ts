import { NO_MORE_DOCS, type InvertedIndex, type PostingCursor } from '../index/index.js';
import { lengthNorm, maxTermScore, saturate } from '../ranking/bm25.js';
import { type Explanation, sumOf } from './explanation.js';
import { slab } from './slab.js';

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
 * What scoring a term needs to know about the index, computed once per index version: for
 * every field and document, the weight divided by the BM25 length normalization, so that
 * scoring a posting is a multiply-add per field.
 */
export class FieldScoring {
  readonly averageLength: Float64Array;
  /**
   * weight_f / (1 − b_f + b_f · len_f(d) / avglen_f) at [d · fields + f]: a document's
   * factors side by side, so scoring a posting touches one cache line.
   */
  readonly factors: Float64Array;

  constructor(
    readonly index: InvertedIndex,
    readonly k1: number,
    readonly weight: Float64Array,
    readonly b: Float64Array,
  ) {
    const fields = index.fields.length;
    this.averageLength = Float64Array.from(index.fields, (_f, i) => index.averageFieldLength(i));
    this.factors = new Float64Array(index.docIdLimit * fields);
    for (let field = 0; field < fields; field++) {
      const average = this.averageLength[field]!;
      for (let doc = 0; doc < index.docIdLimit; doc++) {
        this.factors[doc * fields + field] = weight[field]! / lengthNorm(index.fieldLength(field, doc), average, b[field]!);
      }
    }
  }

  /**
   * Field-weighted, length-normalized term frequency of `doc` for per-field frequencies `tf`
   * (phrase frequencies, say; term scorers have their cursor compute it as it reads).
   */
  combine(tf: ArrayLike<number>, scope: Uint8Array, doc: number): number {
    let sum = 0;
    for (let f = 0; f < scope.length; f++) {
      const n = tf[f]!;
      if (n !== 0 && scope[f] === 1) sum += n * this.factors[doc * scope.length + f]!;
    }
    return sum;
  }

  /** A BM25F score for `tf` at `doc` with every factor named, its value equal to the score. */
  explain(what: string, tf: ArrayLike<number>, scope: Uint8Array, doc: number, idfValue: number, boost: number): Explanation {
    const fields: Explanation[] = [];
    for (let f = 0; f < scope.length; f++) {
      const n = tf[f]!;
      if (n === 0 || scope[f] !== 1) continue;
      const length = this.index.fieldLength(f, doc);
      fields.push({
        value: n * this.factors[doc * scope.length + f]!,
        description: `${this.index.fields[f]}: tf ${n} × weight ${this.weight[f]} / norm ${lengthNorm(length, this.averageLength[f]!, this.b[f]!).toFixed(4)} (length ${length}, average ${this.averageLength[f]!.toFixed(2)}, b ${this.b[f]})`,
      });
    }
    const pseudo = this.combine(tf, scope, doc);
    return {
      value: saturate(pseudo, idfValue, this.k1, boost),
      description: `${what}: idf ${idfValue.toFixed(4)} × boost ${Number(boost.toPrecision(4))} × tf~·(k1+1)/(tf~+k1), k1 ${this.k1}, tf~ ${pseudo.toFixed(4)}`,
      details: fields,
    };
  }
}

/** Postings a term scorer decodes at a time. */
const BLOCK = 64;

/**
 * One term, matched in the fields of `scope`, scored with BM25F. Postings are decoded a block
 * at a time in one tight loop, with their field-weighted frequencies; `next()` then steps
 * through the block.
 */
export class TermScorer implements Scorer {
  doc = -1;
  readonly maxScore: number;
  private readonly fieldMask: number;
  private readonly docs = slab.int32(BLOCK);
  private readonly pseudoTf = slab.float64(BLOCK);
  private at = 0;
  private size = 0;

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

  next(): number {
    if (++this.at >= this.size && !this.fill()) return (this.doc = NO_MORE_DOCS);
    return (this.doc = this.docs[this.at]!);
  }

  advance(target: number): number {
    while (this.doc < target) this.next();
    return this.doc;
  }

  /**
   * Moves to the first document at or after `target`, marking each document it passes in
   * `seen` with `generation`, and returns how many it newly marked. Postings passed are read
   * by doc id alone: what MaxScore's non-essential terms need, which must count every match
   * but score only a few.
   */
  advanceMarking(target: number, seen: Uint8Array, generation: number): number {
    const docs = this.docs;
    let marked = 0;
    for (; this.at < this.size; this.at++) {
      const doc = docs[this.at]!;
      if (doc >= target) {
        this.doc = doc;
        return marked;
      }
      if (seen[doc] !== generation) {
        seen[doc] = generation;
        marked++;
      }
    }
    marked += this.cursor.skipMarking(target, this.fieldMask, seen, generation);
    // One posting, not a block: the next target is likely further than a block away.
    this.doc = this.fill(1) ? docs[0]! : NO_MORE_DOCS;
    return marked;
  }

  score(): number {
    return saturate(this.pseudoTf[this.at]!, this.idf, this.scoring.k1, this.boost);
  }

  explain(): Explanation {
    // The block keeps no frequencies: read them again for this one document.
    const cursor = this.scoring.index.cursor(false).reset(this.termId);
    cursor.advance(this.doc);
    return this.scoring.explain(`term "${this.label}"`, cursor.tf, this.scope, this.doc, this.idf, this.boost);
  }

  // Reads the next block (weighted frequencies only: saturation waits for score(), which
  // pruning skips for most postings); false at the end.
  private fill(limit = BLOCK): boolean {
    const size = this.cursor.readWeighted(this.docs, this.pseudoTf, this.scoring.factors, this.fieldMask, limit);
    this.at = 0;
    this.size = size;
    return size > 0;
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
    return sumOf('sum of', this.parts.filter((part) => part.doc === this.doc).map((part) => part.explain()));
  }
}

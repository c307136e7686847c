import type { InvertedIndex } from '../index/index.js';
import { saturate } from '../ranking/bm25.js';
import type { FieldScoring } from './scorers.js';

/**
 * The highest BM25F score each term reaches in any live document (boost 1, all fields),
 * computed on first use by one pass over the term's postings and kept until the index or
 * the ranking parameters change. Dynamic pruning needs these bounds to be exact maxima of
 * the very scores the scorers compute: looser bounds are safe but prune less.
 */
export class TermBounds {
  private bounds = new Float64Array(0);
  private version = -1;
  private readonly docs = new Int32Array(256);
  private readonly pseudoTf = new Float64Array(256);

  bound(termId: number, scoring: FieldScoring, idfValue: number, version: number): number {
    const index = scoring.index;
    if (version !== this.version || this.bounds.length < index.terms.size) {
      this.bounds = new Float64Array(index.terms.size).fill(Number.NaN);
      this.version = version;
    }
    let bound = this.bounds[termId]!;
    if (Number.isNaN(bound)) {
      bound = this.compute(termId, index, scoring, idfValue);
      this.bounds[termId] = bound;
    }
    return bound;
  }

  private compute(termId: number, index: InvertedIndex, scoring: FieldScoring, idfValue: number): number {
    const cursor = index.cursor(false).reset(termId);
    const allFields = (1 << index.fields.length) - 1;
    let max = 0;
    // The same weighted sums term scorers read, so the bound is the maximum of their scores.
    for (let read = cursor.readWeighted(this.docs, this.pseudoTf, scoring.factors, allFields); read > 0; read = cursor.readWeighted(this.docs, this.pseudoTf, scoring.factors, allFields)) {
      for (let i = 0; i < read; i++) max = Math.max(max, saturate(this.pseudoTf[i]!, idfValue, scoring.k1));
    }
    return max;
  }
}

import { NO_MORE_DOCS, type InvertedIndex } from '../index/index.js';
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
    const scope = new Uint8Array(index.fields.length).fill(1);
    let max = 0;
    for (let doc = cursor.next(); doc !== NO_MORE_DOCS; doc = cursor.next()) {
      const score = saturate(scoring.pseudoTf(cursor, scope), idfValue, scoring.k1);
      if (score > max) max = score;
    }
    return max;
  }
}

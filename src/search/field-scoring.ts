import type { InvertedIndex } from '../index/index.js';
import { lengthNorm, saturate } from '../ranking/bm25.js';
import type { Explanation } from './explanation.js';

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
        this.factors[doc * fields + field] =
          weight[field]! / lengthNorm(index.fieldLength(field, doc), average, b[field]!);
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
  explain(
    what: string,
    tf: ArrayLike<number>,
    scope: Uint8Array,
    doc: number,
    idfValue: number,
    boost: number,
  ): Explanation {
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

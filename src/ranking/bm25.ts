/**
 * BM25F, the one place where a match becomes a number.
 *
 * For a term t and a document d with fields f:
 *
 *   idf(t)   = ln(1 + (N - n(t) + 0.5) / (n(t) + 0.5))        N documents, n(t) contain t
 *   norm_f   = 1 - b_f + b_f · len_f(d) / avglen_f
 *   tf~(t,d) = Σ_f  w_f · tf_f(t,d) / norm_f                   field-weighted, length-normalized
 *   score    = boost · idf(t) · tf~ · (k1 + 1) / (tf~ + k1)
 *
 * With one field and w = 1 this is classic BM25. Saturation applies once, after the fields
 * are combined, so a term repeated in title and body is not counted as two independent terms.
 */

/** Inverse document frequency, never negative. */
export function idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

/** Length normalization of one field; an index of empty fields normalizes to 1. */
export function lengthNorm(length: number, averageLength: number, b: number): number {
  return averageLength > 0 ? 1 - b + (b * length) / averageLength : 1;
}

/** Saturates a combined term frequency and scales it by idf and boost. */
export function saturate(pseudoTf: number, idfValue: number, k1: number, boost = 1): number {
  return pseudoTf > 0 ? (boost * idfValue * pseudoTf * (k1 + 1)) / (pseudoTf + k1) : 0;
}

/** The largest score a term can reach: its saturation limit. */
export function maxTermScore(idfValue: number, k1: number, boost = 1): number {
  return boost * idfValue * (k1 + 1);
}

/**
 * Pseudo-relevance feedback (RM3, Lavrenko & Croft's relevance model interpolated with the
 * query): the top documents of a first pass are taken as relevant, and the words they use most
 * join the query. Short queries about a topic gain the vocabulary its documents share.
 */

/** One feedback document: its first-pass score, its distinct terms and how often it uses each. */
export interface FeedbackDocument {
  score: number;
  termIds: ArrayLike<number>;
  counts: ArrayLike<number>;
}

/**
 * The relevance model: P(w|R) = Σ_D P(w|D)·P(D|Q), with P(w|D) the term's share of the
 * document's words and P(D|Q) the softmax of the first-pass scores. Sums are kept in an array
 * by term id, reused from query to query.
 */
export class RelevanceModel {
  private sums = new Float64Array(0);

  /**
   * The `count` terms of highest probability that `eligible` admits, with their probabilities
   * renormalized to sum 1, most probable first; equal ones in the order of their text, given by
   * `text`, so that the model does not hang on the order terms were first seen in.
   * @example
   * const words = ['', '', '', '', 'khorasan', '', '', 'province'];
   * new RelevanceModel().estimate(
   *   [{ score: 1, termIds: [4, 7], counts: [3, 1] }],
   *   1,
   *   () => true,
   *   (termId) => words[termId]!,
   * );
   * // Map { 4 => 1 }
   */
  estimate(
    documents: readonly FeedbackDocument[],
    count: number,
    eligible: (termId: number) => boolean,
    text: (termId: number) => string,
  ): Map<number, number> {
    if (documents.length === 0 || count === 0) return new Map();
    const top = Math.max(...documents.map((d) => d.score));
    const priors = documents.map((d) => Math.exp(d.score - top));
    const norm = priors.reduce((sum, p) => sum + p, 0);
    let limit = 0;
    for (const doc of documents)
      for (let t = 0; t < doc.termIds.length; t++) limit = Math.max(limit, doc.termIds[t]! + 1);
    if (this.sums.length < limit)
      this.sums = new Float64Array(Math.max(limit, 2 * this.sums.length));
    const sums = this.sums;
    const touched: number[] = [];
    documents.forEach((doc, i) => {
      let length = 0;
      for (let t = 0; t < doc.counts.length; t++) length += doc.counts[t]!;
      const share = length === 0 ? 0 : priors[i]! / norm / length;
      // A document whose prior underflows adds nothing (and would mark nothing as touched).
      if (share === 0) return;
      for (let t = 0; t < doc.termIds.length; t++) {
        const termId = doc.termIds[t]!;
        if (sums[termId] === 0) touched.push(termId);
        sums[termId]! += share * doc.counts[t]!;
      }
    });
    const probabilities = touched.map((termId) => sums[termId]!);
    for (const termId of touched) sums[termId] = 0;
    const chosen = mostProbable(touched, probabilities, count, eligible, text);
    const mass = chosen.reduce((sum, i) => sum + probabilities[i]!, 0);
    return new Map(chosen.map((i) => [touched[i]!, probabilities[i]! / mass]));
  }
}

// Indexes of the `count` most probable eligible terms, most probable first (ties: by text).
// Candidates are taken above a cutoff a few times `count` down the list, and from all only
// when too few of those are eligible.
function mostProbable(
  termIds: readonly number[],
  probabilities: readonly number[],
  count: number,
  eligible: (termId: number) => boolean,
  text: (termId: number) => string,
): number[] {
  for (let wanted = 4 * count; ; wanted *= 4) {
    const everything = wanted >= termIds.length;
    const cutoff = everything ? -Infinity : kthLargest(probabilities, wanted);
    const candidates: number[] = [];
    for (let i = 0; i < termIds.length; i++) if (probabilities[i]! >= cutoff) candidates.push(i);
    candidates.sort(
      (a, b) =>
        probabilities[b]! - probabilities[a]! || (text(termIds[a]!) < text(termIds[b]!) ? -1 : 1),
    );
    const chosen: number[] = [];
    for (const i of candidates) {
      if (chosen.length === count) break;
      if (eligible(termIds[i]!)) chosen.push(i);
    }
    if (chosen.length === count || everything) return chosen;
  }
}

// The k-th largest value (1-based), by a min-heap of the k largest seen.
function kthLargest(values: readonly number[], k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  for (const value of values) {
    if (size < k) {
      let i = size++;
      for (; i > 0 && heap[(i - 1) >> 1]! > value; i = (i - 1) >> 1) heap[i] = heap[(i - 1) >> 1]!;
      heap[i] = value;
    } else if (value > heap[0]!) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= k) break;
        if (child + 1 < k && heap[child + 1]! < heap[child]!) child++;
        if (heap[child]! >= value) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = value;
    }
  }
  return heap[0]!;
}

/**
 * Term weights of the expanded query: each original term keeps its count times
 * `originalWeight`; the expansion shares `(1 − originalWeight)` times the query's length.
 */
export function expandedWeights(
  original: ReadonlyMap<number, number>,
  model: ReadonlyMap<number, number>,
  originalWeight: number,
): Map<number, number> {
  let length = 0;
  for (const count of original.values()) length += count;
  const weights = new Map<number, number>();
  for (const [termId, count] of original) weights.set(termId, count * originalWeight);
  for (const [termId, p] of model)
    weights.set(termId, (weights.get(termId) ?? 0) + (1 - originalWeight) * length * p);
  return weights;
}

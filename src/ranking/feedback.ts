/**
 * Pseudo-relevance feedback (RM3, Lavrenko & Croft's relevance model interpolated with the
 * query): the top documents of a first pass are taken as relevant, and the words they use most
 * join the query. Short queries about a topic gain the vocabulary its documents share.
 */

/** One feedback document: its first-pass score and its indexed terms (a term id per word). */
export interface FeedbackDocument {
  score: number;
  termIds: readonly number[];
}

/**
 * The relevance model: P(w|R) = Σ_D P(w|D)·P(D|Q), with P(w|D) the term's share of the
 * document's words and P(D|Q) the softmax of the first-pass scores. Returns the `count` terms
 * of highest probability that `eligible` admits, with their probabilities renormalized to sum 1.
 */
export function relevanceModel(
  documents: readonly FeedbackDocument[],
  count: number,
  eligible: (termId: number) => boolean,
): Map<number, number> {
  const model = new Map<number, number>();
  if (documents.length === 0) return model;
  const top = Math.max(...documents.map((d) => d.score));
  const priors = documents.map((d) => Math.exp(d.score - top));
  const norm = priors.reduce((sum, p) => sum + p, 0);
  documents.forEach((doc, i) => {
    if (doc.termIds.length === 0) return;
    const share = priors[i]! / norm / doc.termIds.length;
    for (const termId of doc.termIds) model.set(termId, (model.get(termId) ?? 0) + share);
  });
  // Eligibility is asked of the most probable terms only, until `count` are found.
  const chosen: [number, number][] = [];
  for (const entry of [...model].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    if (chosen.length === count) break;
    if (eligible(entry[0])) chosen.push(entry);
  }
  const mass = chosen.reduce((sum, [, p]) => sum + p, 0);
  return new Map(chosen.map(([termId, p]) => [termId, p / mass]));
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

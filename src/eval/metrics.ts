/** Judgments for one query: document id → relevance grade (0 = judged not relevant). */
export type Judgments = ReadonlyMap<string, number>;

/**
 * nDCG@k as trec_eval computes it: gain = grade, discount log2(rank + 1), the ideal ranking
 * sorts all judged grades of the query.
 */
export function ndcgAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, i) => {
    const grade = judgments.get(id) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(i + 2);
  });
  const ideal = [...judgments.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, grade, i) => sum + grade / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Relevant documents (grade ≥ 1) found in the top k, over all relevant documents. */
export function recallAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const relevant = countRelevant(judgments);
  if (relevant === 0) return 0;
  return ranking.slice(0, k).filter((id) => (judgments.get(id) ?? 0) > 0).length / relevant;
}

/** Relevant documents in the top k, over k (trec_eval's P@k: a short ranking still divides by k). */
export function precisionAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  return ranking.slice(0, k).filter((id) => (judgments.get(id) ?? 0) > 0).length / k;
}

/** Average precision over the whole ranking, divided by all relevant documents. */
export function averagePrecision(ranking: readonly string[], judgments: Judgments): number {
  const relevant = countRelevant(judgments);
  if (relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  ranking.forEach((id, i) => {
    if ((judgments.get(id) ?? 0) > 0) sum += ++found / (i + 1);
  });
  return sum / relevant;
}

/** Reciprocal rank of the first relevant document within the top k, 0 if none. */
export function reciprocalRankAt(
  ranking: readonly string[],
  judgments: Judgments,
  k: number,
): number {
  const rank = ranking.slice(0, k).findIndex((id) => (judgments.get(id) ?? 0) > 0);
  return rank < 0 ? 0 : 1 / (rank + 1);
}

function countRelevant(judgments: Judgments): number {
  let count = 0;
  for (const grade of judgments.values()) if (grade > 0) count++;
  return count;
}

/** The figures `steppe eval` reports, each a mean over the judged queries. */
export interface Evaluation {
  queries: number;
  ndcg10: number;
  recall100: number;
  map: number;
  mrr10: number;
  p10: number;
}

/** Means of every metric over the queries that have judgments; unjudged queries are skipped. */
export function evaluate(
  runs: ReadonlyMap<string, readonly string[]>,
  qrels: ReadonlyMap<string, Judgments>,
): Evaluation {
  const totals = { ndcg10: 0, recall100: 0, map: 0, mrr10: 0, p10: 0 };
  let queries = 0;
  for (const [qid, judgments] of qrels) {
    const ranking = runs.get(qid) ?? [];
    queries++;
    totals.ndcg10 += ndcgAt(ranking, judgments, 10);
    totals.recall100 += recallAt(ranking, judgments, 100);
    totals.map += averagePrecision(ranking, judgments);
    totals.mrr10 += reciprocalRankAt(ranking, judgments, 10);
    totals.p10 += precisionAt(ranking, judgments, 10);
  }
  const mean = (x: number): number => (queries === 0 ? 0 : x / queries);
  return {
    queries,
    ndcg10: mean(totals.ndcg10),
    recall100: mean(totals.recall100),
    map: mean(totals.map),
    mrr10: mean(totals.mrr10),
    p10: mean(totals.p10),
  };
}

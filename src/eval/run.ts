import { loadCorpusSync } from '../corpus/index.js';
import { SearchIndex, type SearchIndexOptions } from '../search-index.js';
import { evaluate, type Evaluation } from './metrics.js';
import { evaluationSet, formatRun, readQrels, readQueries } from './trec.js';

export interface EvaluationRun extends Evaluation {
  /** TREC run lines for every query, for `--run`. */
  run: string;
  documents: number;
  buildMs: number;
  searchMs: number;
}

export interface EvaluationFiles {
  docs: string;
  queries: string;
  qrels: string;
}

/**
 * Indexes a judged collection, runs every query (top 100, enough for Recall@100 and a
 * faithful MAP@100), and scores the rankings.
 */
export function runEvaluation(files: string | EvaluationFiles, options: SearchIndexOptions = {}, depth = 100): EvaluationRun {
  const paths = typeof files === 'string' ? evaluationSet(files) : files;
  const docs = loadCorpusSync(paths.docs);
  const queries = readQueries(paths.queries);
  const qrels = readQrels(paths.qrels);
  let start = performance.now();
  const index = new SearchIndex(options);
  index.addAll(docs);
  const buildMs = performance.now() - start;
  const runs = new Map<string, string[]>();
  let run = '';
  start = performance.now();
  for (const query of queries) {
    const { results } = index.search(query.text, { limit: depth, parse: false });
    runs.set(query.id, results.map((r) => r.id));
    run += formatRun(query.id, results);
  }
  const searchMs = performance.now() - start;
  return { ...evaluate(runs, qrels), run, documents: docs.length, buildMs, searchMs };
}

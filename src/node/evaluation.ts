import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusError } from '../errors.js';
import { evaluate, type Evaluation } from '../eval/metrics.js';
import { formatRun, parseQrels, parseQueries, parseRun, type Query } from '../eval/trec.js';
import type { SearchIndexOptions } from '../options.js';
import { loadCorpusSync } from './corpus-files.js';
import { SearchIndex } from './search-index.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CorpusError(file, undefined, 'no such file');
  }
}

/**
 * Judgments from a qrels file: `qid<TAB>docid<TAB>grade` or TREC's `qid 0 docid grade`.
 *
 * @example
 * readQrels('data/scifact/qrels.tsv').get('1')?.get('31715818'); // => 1
 */
export function readQrels(file: string): Map<string, Map<string, number>> {
  return parseQrels(readText(file), file);
}

/**
 * Queries from a file of JSON Lines `{id, text}` or `id<TAB>text` lines.
 *
 * @example
 * readQueries('data/scifact/queries.jsonl')[0]; // => { id: '1', text: '0-dimensional biomaterials…' }
 */
export function readQueries(file: string): Query[] {
  return parseQueries(readText(file), file);
}

/**
 * Rankings from a TREC run file, by query id, in rank order.
 *
 * @example
 * readRun('scifact.run').get('1'); // => ['31715818', …]
 */
export function readRun(file: string): Map<string, string[]> {
  return parseRun(readText(file), file);
}

/**
 * The three files of an evaluation set directory (docs.jsonl, queries.jsonl, qrels.tsv).
 *
 * @example
 * evaluationSet('data/scifact').qrels; // => 'data/scifact/qrels.tsv'
 */
export function evaluationSet(dir: string): { docs: string; queries: string; qrels: string } {
  return {
    docs: join(dir, 'docs.jsonl'),
    queries: join(dir, 'queries.jsonl'),
    qrels: join(dir, 'qrels.tsv'),
  };
}

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
 *
 * @example
 * runEvaluation('data/scifact').ndcg10; // => 0.6974
 */
export function runEvaluation(
  files: string | EvaluationFiles,
  options: SearchIndexOptions = {},
  depth = 100,
): EvaluationRun {
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
    runs.set(
      query.id,
      results.map((r) => r.id),
    );
    run += formatRun(query.id, results);
  }
  const searchMs = performance.now() - start;
  return { ...evaluate(runs, qrels), run, documents: docs.length, buildMs, searchMs };
}

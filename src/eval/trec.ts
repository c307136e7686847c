import { CorpusError } from '../errors.js';
import type { Judgments } from './metrics.js';

export interface Query {
  id: string;
  text: string;
}

/**
 * Judgments from a qrels file: `qid<TAB>docid<TAB>grade` (the shared layout) or TREC's
 * `qid 0 docid grade`.
 */
export function parseQrels(text: string, file: string): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    const fields = line.trim().split(/\s+/);
    let qid: string | undefined, docid: string | undefined, grade: string | undefined;
    if (fields.length === 3) [qid, docid, grade] = fields;
    else if (fields.length === 4) [qid, , docid, grade] = fields;
    const value = Number(grade);
    if (qid === undefined || docid === undefined || !Number.isInteger(value)) {
      throw new CorpusError(file, index + 1, 'expected "qid docid grade" or "qid 0 docid grade"');
    }
    let judgments = qrels.get(qid);
    if (judgments === undefined) qrels.set(qid, (judgments = new Map()));
    judgments.set(docid, value);
  });
  return qrels;
}

/** Queries as JSON Lines `{id, text}` or as `id<TAB>text` lines. */
export function parseQueries(text: string, file: string): Query[] {
  const queries: Query[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    if (line.trimStart().startsWith('{')) {
      let value: { id?: unknown; text?: unknown };
      try {
        value = JSON.parse(line) as { id?: unknown; text?: unknown };
      } catch (error) {
        throw new CorpusError(file, index + 1, `invalid JSON: ${(error as Error).message}`);
      }
      if (
        (typeof value.id !== 'string' && typeof value.id !== 'number') ||
        typeof value.text !== 'string'
      ) {
        throw new CorpusError(file, index + 1, 'a query needs "id" and "text"');
      }
      queries.push({ id: String(value.id), text: value.text });
      return;
    }
    const tab = line.indexOf('\t');
    if (tab <= 0)
      throw new CorpusError(file, index + 1, 'expected JSON {"id","text"} or "id<TAB>text"');
    queries.push({ id: line.slice(0, tab), text: line.slice(tab + 1) });
  });
  return queries;
}

/**
 * One TREC run line per result, `qid Q0 docid rank score tag`, ranks counted from `firstRank`.
 *
 * @example
 * formatRun('q1', [{ id: 'd7', score: 3.2 }]); // => 'q1 Q0 d7 1 3.200000 steppe\n'
 */
export function formatRun(
  qid: string,
  results: readonly { id: string; score: number }[],
  tag = 'steppe',
  firstRank = 1,
): string {
  return results
    .map((r, i) => `${qid} Q0 ${r.id} ${firstRank + i} ${r.score.toFixed(6)} ${tag}\n`)
    .join('');
}

/** Rankings from a TREC run file, by query id, in rank order. */
export function parseRun(text: string, file: string): Map<string, string[]> {
  const rows = new Map<string, { id: string; rank: number }[]>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5)
      throw new CorpusError(file, index + 1, 'expected "qid Q0 docid rank score [tag]"');
    const [qid, , id, rank] = fields as [string, string, string, string];
    let list = rows.get(qid);
    if (list === undefined) rows.set(qid, (list = []));
    list.push({ id, rank: Number(rank) });
  });
  return new Map(
    [...rows].map(([qid, list]) => [qid, list.sort((a, b) => a.rank - b.rank).map((r) => r.id)]),
  );
}

export type { Judgments };

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  averagePrecision,
  evaluate,
  ndcgAt,
  precisionAt,
  recallAt,
  reciprocalRankAt,
} from '../src/eval/index.js';
import { readQrels, readQueries, readRun } from '../src/node/index.js';
import { CorpusError } from '../src/errors.js';

const close = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

// Judgments: a (grade 2), b (grade 1), c (grade 0: judged non-relevant), d (grade 1, never retrieved).
const judgments = new Map([
  ['a', 2],
  ['b', 1],
  ['c', 0],
  ['d', 1],
]);
const ranking = ['x', 'a', 'c', 'b'];

test('nDCG@k by hand', () => {
  const dcg = 2 / Math.log2(3) + 1 / Math.log2(5);
  const idcg = 2 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(4);
  close(ndcgAt(ranking, judgments, 10), dcg / idcg);
  close(ndcgAt(ranking, judgments, 1), 0);
  close(ndcgAt(['a', 'b', 'd'], judgments, 3), 1);
  close(ndcgAt(ranking, new Map([['c', 0]]), 10), 0);
});

test('recall, precision, AP and RR by hand', () => {
  close(recallAt(ranking, judgments, 2), 1 / 3);
  close(recallAt(ranking, judgments, 100), 2 / 3);
  close(precisionAt(ranking, judgments, 10), 2 / 10);
  close(averagePrecision(ranking, judgments), (1 / 2 + 2 / 4) / 3);
  close(reciprocalRankAt(ranking, judgments, 10), 1 / 2);
  close(reciprocalRankAt(ranking, judgments, 1), 0);
});

test('evaluate averages over judged queries; a query with no run counts as zero', () => {
  const qrels = new Map([
    ['q1', judgments],
    ['q2', new Map([['z', 1]])],
  ]);
  const result = evaluate(new Map([['q1', ranking]]), qrels);
  assert.is(result.queries, 2);
  close(result.mrr10, 0.25);
  close(result.p10, 0.1);
});

test('readers for qrels, queries and runs, with line-numbered errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-eval-'));
  writeFileSync(join(dir, 'q.tsv'), '1\tdocA\t2\n1\tdocB\t0\n');
  writeFileSync(join(dir, 'q.trec'), '1 0 docA 2\n');
  writeFileSync(join(dir, 'q.jsonl'), '{"id": 1, "text": "first"}\n');
  writeFileSync(join(dir, 'q.txt'), '7\tseventh query\n');
  writeFileSync(join(dir, 'run.txt'), '1 Q0 b 2 0.5 steppe\n1 Q0 a 1 0.9 steppe\n');
  writeFileSync(join(dir, 'bad.tsv'), '1\tdocA\tmany\n');
  assert.equal(
    readQrels(join(dir, 'q.tsv')).get('1'),
    new Map([
      ['docA', 2],
      ['docB', 0],
    ]),
  );
  assert.equal(readQrels(join(dir, 'q.trec')).get('1'), new Map([['docA', 2]]));
  assert.equal(readQueries(join(dir, 'q.jsonl')), [{ id: '1', text: 'first' }]);
  assert.equal(readQueries(join(dir, 'q.txt')), [{ id: '7', text: 'seventh query' }]);
  assert.equal(readRun(join(dir, 'run.txt')).get('1'), ['a', 'b']);
  assert.throws(
    () => readQrels(join(dir, 'bad.tsv')),
    (e: unknown) => e instanceof CorpusError && /bad\.tsv:1:/.test((e as Error).message),
  );
  assert.throws(
    () => readQueries(join(dir, 'missing.jsonl')),
    (e: unknown) => e instanceof CorpusError,
  );
});

test.run();

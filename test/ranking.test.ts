import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCorpusSync } from '../src/node/index.js';
import { OptionsError, SearchIndex } from '../src/node/index.js';
import { expandedWeights, RelevanceModel } from '../src/ranking/index.js';
import { CORPUS, DEADLY_ATTACKS as DEADLY, ROOT, untimed } from './helpers.js';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

test('the relevance model weighs terms by their share of each document and the document by its score', () => {
  // Scores 1 and 0: priors e^0 and e^-1. Document A has terms 1,1,2; document B has 2,3.
  const a = 1 / (1 + Math.exp(-1));
  const b = Math.exp(-1) / (1 + Math.exp(-1));
  const docs = [
    { score: 1, termIds: [1, 2], counts: [2, 1] },
    { score: 0, termIds: [2, 3], counts: [1, 1] },
  ];
  const p1 = (a * 2) / 3;
  const p2 = a / 3 + b / 2;
  const p3 = b / 2;
  const model = new RelevanceModel();
  const top2 = model.estimate(docs, 2, () => true, String);
  assert.equal([...top2.keys()], [1, 2]);
  close(top2.get(1)!, p1 / (p1 + p2), 'P(1)');
  close(top2.get(2)!, p2 / (p1 + p2), 'P(2)');
  const without1 = model.estimate(docs, 5, (id) => id !== 1, String);
  assert.equal([...without1.keys()], [2, 3]);
  close(without1.get(3)!, p3 / (p2 + p3), 'P(3)');
  assert.is(model.estimate([], 5, () => true, String).size, 0);
  // Sums are cleared between estimates: the same documents give the same model again.
  assert.equal([...model.estimate(docs, 2, () => true, String)], [...top2]);
});

test('expanded weights: original terms keep their count times the original weight', () => {
  const weights = expandedWeights(
    new Map([
      [5, 2],
      [6, 1],
    ]),
    new Map([
      [5, 0.5],
      [7, 0.5],
    ]),
    0.7,
  );
  close(weights.get(5)!, 2 * 0.7 + 0.3 * 3 * 0.5, 'term 5');
  close(weights.get(6)!, 0.7, 'term 6');
  close(weights.get(7)!, 0.3 * 3 * 0.5, 'term 7');
});

test('feedback brings in documents that share the first results’ vocabulary', () => {
  const index = new SearchIndex();
  index.addAll(loadCorpusSync(CORPUS));
  const plain = index.search('xenophobia');
  assert.equal(
    plain.results.map((r) => r.id),
    [DEADLY],
  );
  assert.is(plain.expansion, undefined);
  const expanded = index.search('xenophobia', { feedback: true });
  assert.is(expanded.results[0]!.id, DEADLY);
  assert.ok(expanded.results.length > 1, 'no document added');
  for (const r of expanded.results.slice(1))
    assert.not.match(`${r.title} ${r.body}`.toLowerCase(), 'xenophobia');
  assert.is(expanded.expansion![0]!.term, 'xenophobia');
  // The query word keeps 0.7, plus its share of the expansion's 0.3 if the model chose it.
  assert.ok(expanded.expansion![0]!.weight >= 0.7 && expanded.expansion![0]!.weight < 1);
  assert.ok(expanded.expansion!.length <= 11);
  // Explanations add up to the expanded scores.
  const explained = index.search('xenophobia', { feedback: true, explain: true });
  explained.results.forEach((r, i) =>
    close(r.score, expanded.results[i]!.score, `score of ${r.id}`),
  );
  // Queries with operators are never expanded.
  assert.is(index.search('title:xenophobia', { feedback: true }).expansion, undefined);
});

test('feedback on by default for an index, off for one search, kept by save and load', async () => {
  const index = new SearchIndex({ feedback: { enabled: true, terms: 5 } });
  index.addAll(loadCorpusSync(CORPUS));
  assert.ok(index.search('xenophobia').expansion !== undefined);
  assert.is(index.search('xenophobia', { feedback: false }).expansion, undefined);
  const file = join(mkdtempSync(join(tmpdir(), 'steppe-feedback-')), 'seed.steppe');
  await index.save(file);
  const loaded = await SearchIndex.load(file);
  assert.equal(loaded.ranking.feedback, index.ranking.feedback);
  assert.equal(loaded.search('xenophobia').results, index.search('xenophobia').results);
});

test('feedback reads the same words from the forward index as from an opened index’s text', async () => {
  const docs = loadCorpusSync(CORPUS);
  const index = new SearchIndex();
  index.addAll(docs);
  const file = join(mkdtempSync(join(tmpdir(), 'steppe-feedback-')), 'seed.steppe');
  await index.save(file);
  const opened = await SearchIndex.open(file);
  const queries = ['xenophobia', 'border guards Tajikistan', 'migrant workers in Russia'];
  for (const query of queries) {
    const built = index.search(query, { feedback: true });
    const read = opened.search(query, { feedback: true });
    assert.ok(built.expansion!.length > 1, query);
    assert.equal(read.expansion, built.expansion, query);
    assert.equal(read.results, built.results, query);
  }
  opened.close();
  // Documents added after the forward index was made, and a compaction, are seen alike.
  const changed = new SearchIndex();
  changed.addAll(docs.slice(0, 10));
  changed.search('border', { feedback: true });
  changed.addAll(docs.slice(10));
  for (const doc of docs.slice(0, 5)) changed.remove(doc.id);
  const fresh = new SearchIndex();
  fresh.addAll(docs.slice(5));
  for (const query of queries) {
    const expected = untimed(fresh.search(query, { feedback: true }));
    assert.equal(untimed(changed.search(query, { feedback: true })), expected, query);
    changed.compact();
    assert.equal(untimed(changed.search(query, { feedback: true })), expected, query);
  }
});

test('bad feedback options are clear errors', () => {
  assert.throws(
    () => new SearchIndex({ feedback: { originalWeight: 2 } }),
    (e: unknown) => e instanceof OptionsError && /originalWeight/.test((e as Error).message),
  );
  assert.throws(
    () => new SearchIndex({ feedback: { documents: -1 } }),
    (e: unknown) => e instanceof OptionsError && /documents/.test((e as Error).message),
  );
  assert.throws(
    () => new SearchIndex({ feedback: { enabled: 'yes' as unknown as boolean } }),
    (e: unknown) => e instanceof OptionsError && /enabled/.test((e as Error).message),
  );
});

test('the CLI expands with --feedback and reports the expansion', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'dist', 'bin', 'steppe.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  const json = run('search', '--feedback', '--json', 'xenophobia');
  assert.is(json.status, 0, json.stderr);
  const out = JSON.parse(json.stdout) as {
    expansion: { term: string }[];
    results: { id: string }[];
  };
  assert.is(out.expansion[0]!.term, 'xenophobia');
  assert.is(out.results[0]!.id, DEADLY);
  const human = run('search', '--feedback', 'xenophobia');
  assert.match(human.stdout, /^\(expanded query: xenophobia, /);
  const bad = run('search', '--feedback-weight', '2', 'xenophobia');
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /^steppe: feedback\.originalWeight must be between 0 and 1/);
});

test.run();

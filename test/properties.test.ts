// Properties every answer must keep, checked over generated queries on real text:
// entities add to what the words find and never hide it; `+a +b` finds no more than `a`;
// `a -x` never returns a document holding x; a filter beside words only narrows them. The news collections beside the project widen
// the check where present (reuters21578 and bbc-news titles); without them it runs on the
// shipped corpus alone.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCorpusSync, type CorpusDocument as Document } from '../src/node/index.js';
import { Analyzer, SearchIndex } from '../src/node/index.js';
import { CORPUS, datedNews, random, sharedSet } from './helpers.js';

const shipped = loadCorpusSync(CORPUS);

function matched(
  index: SearchIndex,
  query: string,
  options: Parameters<SearchIndex['search']>[1] = {},
): Set<string> {
  const result = index.search(query, { limit: index.size, ...options });
  assert.is(result.results.length, result.total, `every match of "${query}" returned`);
  return new Set(result.results.map((r) => r.id));
}

interface Pair {
  on: SearchIndex;
  off: SearchIndex;
}

function indexPair(docs: Document[]): Pair {
  const on = new SearchIndex();
  on.addAll(docs);
  const off = new SearchIndex({ entities: false });
  off.addAll(docs);
  return { on, off };
}

/** Asserts the entity-aware match set holds the plain one; returns how many queries ran. */
function assertEntitiesNeverHide(pair: Pair, queries: Iterable<string>): number {
  let count = 0;
  for (const query of queries) {
    const words = matched(pair.off, query, { entityBoost: 0 });
    const withEntities = matched(pair.on, query);
    for (const id of words)
      assert.ok(
        withEntities.has(id),
        `"${query}": ${id} matched by its words but hidden with entities on`,
      );
    count++;
  }
  return count;
}

function wordsOf(docs: Document[]): string[][] {
  return docs.map((d) =>
    `${d.title} ${d.body}`
      .split(/\s+/)
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
      .filter((w) => w.length > 0),
  );
}

/** Distinct words of the shipped corpus that the analyzer keeps as one term (not stop words). */
function indexedWords(): string[] {
  const analyzer = new Analyzer();
  return [...new Set(wordsOf(shipped).flat())].filter((w) => analyzer.analyze(w).length === 1);
}

function sample<T>(items: readonly T[], count: number, next: () => number): T[] {
  return Array.from(
    { length: Math.min(count, items.length) },
    () => items[Math.floor(next() * items.length)]!,
  );
}

function newsTitles(set: string, limit: number): Document[] | undefined {
  const dir = sharedSet(set);
  return dir === undefined ? undefined : loadCorpusSync(join(dir, 'docs.jsonl')).slice(0, limit);
}

// Counted across the tests below, so the total can be held to the number CI promises.
let generated = 0;

test('entities never hide a match: every word and two-word sequence of the shipped corpus', () => {
  const pair = indexPair(shipped);
  const queries = new Set<string>();
  for (const words of wordsOf(shipped)) {
    words.forEach((word, i) => {
      queries.add(word);
      if (i + 1 < words.length) queries.add(`${word} ${words[i + 1]}`);
    });
  }
  generated += assertEntitiesNeverHide(pair, queries);
});

for (const set of ['bbc-news', 'reuters21578']) {
  test(`entities never hide a match: 1,000 titles of ${set}`, () => {
    const docs = newsTitles(set, 4000);
    if (docs === undefined) return console.log(`  (skipped: ../shared/data/${set} is absent)`);
    const pair = indexPair(docs);
    generated += assertEntitiesNeverHide(
      pair,
      sample(docs, 1000, random(11)).map((d) => d.title),
    );
  });
}

test('+a +b matches no document that a alone does not', () => {
  const index = new SearchIndex();
  index.addAll(shipped);
  const words = indexedWords();
  const next = random(3);
  for (let i = 0; i < 3000; i++) {
    const [a, b] = sample(words, 2, next);
    const both = matched(index, `+${a} +${b}`);
    const alone = matched(index, `+${a}`);
    for (const id of both) assert.ok(alone.has(id), `"+${a} +${b}" holds ${id}, "+${a}" does not`);
    generated++;
  }
});

test('a -x is what a finds, less the documents holding x', () => {
  const index = new SearchIndex();
  index.addAll(shipped);
  const words = indexedWords();
  const holding = (word: string): Set<string> =>
    matched(index, `+${word}`, { typoTolerance: false, entityBoost: 0 });
  const next = random(4);
  for (let i = 0; i < 3000; i++) {
    const [a, x] = sample(words, 2, next);
    const excluded = holding(x!);
    const found = matched(index, `${a} -${x}`);
    for (const id of found)
      assert.not.ok(excluded.has(id), `"${a} -${x}" returned ${id}, which holds ${x}`);
    // …and loses nothing else that a finds, its entity's documents included.
    for (const id of matched(index, a!))
      if (!excluded.has(id)) assert.ok(found.has(id), `"${a} -${x}" lost ${id}, found by "${a}"`);
    generated++;
  }
});

test('a filter beside words only narrows what the words find', () => {
  const index = new SearchIndex({ metadata: { date: 'date' } });
  index.addAll(datedNews());
  const words = indexedWords();
  const entities = index.entityList().map((e) => e.key);
  const months = ['2024-04', '2024-06', '2024-07..2024-08', '2024-09', '..2024-06'];
  const next = random(5);
  for (let i = 0; i < 1000; i++) {
    const [a, b] = sample(words, 2, next);
    const text = `${a} ${b}`;
    const alone = matched(index, text);
    const month = months[Math.floor(next() * months.length)]!;
    const entity = entities[Math.floor(next() * entities.length)]!;
    // The same as the filter given as an option, to the order of the results.
    const inQuery = index.search(`${text} date:${month}`, { limit: index.size });
    const [from, to] = month.includes('..') ? month.split('..') : [month, month];
    const asOption = index.search(text, {
      limit: index.size,
      filter: { date: { ...(from && { from }), ...(to && { to }) } },
    });
    assert.equal(
      inQuery.results.map((r) => r.id),
      asOption.results.map((r) => r.id),
      `"${text} date:${month}"`,
    );
    for (const id of matched(index, `${text} entity:${entity}`))
      assert.ok(alone.has(id), `"${text} entity:${entity}" holds ${id}, "${text}" does not`);
    generated += 2;
  }
});

test('at least 10,000 generated queries were checked', () => {
  const full = sharedSet('bbc-news') !== undefined && sharedSet('reuters21578') !== undefined;
  assert.ok(generated >= (full ? 10_000 : 3_000), `${generated} generated queries`);
});

test.run();

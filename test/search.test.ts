import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Analyzer } from '../src/analysis/index.js';
import { loadCorpusSync, type Document } from '../src/node/index.js';
import {
  CorruptIndexError,
  DocumentError,
  IndexFileError,
  NotAnIndexError,
  OptionsError,
  SearchIndex,
  UnsupportedVersionError,
  type SearchIndexOptions,
  renderSnippet,
  type SearchResults,
} from '../src/node/index.js';
import { ByteReader, ByteWriter } from '../src/util/bytes.js';
import { type FieldTerms, InvertedIndex, NO_MORE_DOCS } from '../src/index/index.js';
import { FieldScoring, TermScorer } from '../src/search/scorers.js';
import { SlabAllocator } from '../src/search/slab.js';
import { TermSummaries } from '../src/search/term-summaries.js';
import { HYPHEN_PART_WEIGHT } from '../src/search/plan.js';
import { CORPUS, random, SECURITY_CHIEF } from './helpers.js';

const seed = loadCorpusSync(CORPUS);

function seedIndex(options?: SearchIndexOptions): SearchIndex {
  const index = new SearchIndex(options);
  index.addAll(seed);
  return index;
}

/** Results without the timing, which differs from run to run. */
function untimed(results: SearchResults): Omit<SearchResults, 'tookMs'> {
  const { tookMs: _took, ...rest } = results;
  return rest;
}

function ids(index: SearchIndex, query: string, limit = 10): string[] {
  return index.search(query, { limit }).results.map((r) => r.id);
}

/** BM25F written out plainly, straight from the formula, over analyzed documents. */
function naiveScores(
  docs: Document[],
  query: string,
  options: { k1: number; title: [number, number]; body: [number, number] },
): Map<string, number> {
  const analyzer = new Analyzer();
  const fields = docs.map((d) => [analyzer.analyze(d.title), analyzer.analyze(d.body)]);
  const lengths = fields.map((f) => f.map((tokens) => new Set(tokens.map((t) => t.position)).size));
  const average = [0, 1].map((f) => lengths.reduce((s, l) => s + l[f]!, 0) / docs.length);
  const params = [options.title, options.body];
  const indexed = new Set(fields.flat(2).map((t) => t.term));
  const queryTerms = new Map<string, number>();
  let joinedAt = -1;
  for (const t of analyzer.analyze(query)) {
    // Parts of a hyphenated word count half where the joined form is indexed.
    const weight = t.position === joinedAt ? HYPHEN_PART_WEIGHT : 1;
    if (weight === 1 && t.term.includes('-')) joinedAt = indexed.has(t.term) ? t.position : -1;
    queryTerms.set(t.term, (queryTerms.get(t.term) ?? 0) + weight);
  }
  const scores = new Map<string, number>();
  for (const [term, count] of queryTerms) {
    const n = fields.filter((f) => f.some((tokens) => tokens.some((t) => t.term === term))).length;
    if (n === 0) continue;
    const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
    docs.forEach((doc, d) => {
      let pseudo = 0;
      for (const f of [0, 1]) {
        const seen = new Set<number>();
        for (const t of fields[d]![f]!) if (t.term === term) seen.add(t.position);
        const [weight, b] = params[f]!;
        pseudo += (weight * seen.size) / (1 - b + (b * lengths[d]![f]!) / average[f]!);
      }
      if (pseudo > 0)
        scores.set(
          doc.id,
          (scores.get(doc.id) ?? 0) +
            (count * idf * pseudo * (options.k1 + 1)) / (pseudo + options.k1),
        );
    });
  }
  return scores;
}

function randomDocuments(count: number, next: () => number): Document[] {
  const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
  const pick = (): string => vocabulary[Math.floor(vocabulary.length * next() ** 2)]!;
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i}`,
    title: Array.from({ length: 1 + Math.floor(next() * 6) }, pick).join(' '),
    body: Array.from({ length: Math.floor(next() * 80) }, pick).join(' '),
  }));
}

function assertScoresMatch(
  docs: Document[],
  options: { k1: number; title: [number, number]; body: [number, number] },
  queries: string[],
): void {
  const index = new SearchIndex({
    k1: options.k1,
    title: { weight: options.title[0], b: options.title[1] },
    body: { weight: options.body[0], b: options.body[1] },
  });
  index.addAll(docs);
  for (const query of queries) {
    const expected = naiveScores(docs, query, options);
    const result = index.search(query, {
      limit: docs.length,
      parse: false,
      typoTolerance: false,
      entityBoost: 0,
    });
    assert.is(result.total, expected.size, `total for "${query}"`);
    for (const r of result.results) {
      assert.ok(
        Math.abs(r.score - expected.get(r.id)!) < 1e-9,
        `score of ${r.id} for "${query}": ${r.score} vs ${expected.get(r.id)}`,
      );
    }
    const scores = result.results.map((r) => r.score);
    assert.equal(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  }
}

test('scores equal a plain BM25F implementation on the seed articles', () => {
  const words = [...new Set(seed.flatMap((d) => `${d.title} ${d.body}`.split(/\s+/)))];
  const next = random(1);
  const queries = [
    'crocus city hall attack',
    'ISKP',
    'Tajik migrants Russia',
    'the of',
    'ISIS-K bounty',
  ];
  for (let i = 0; i < 60; i++)
    queries.push(
      Array.from(
        { length: 1 + Math.floor(next() * 5) },
        () => words[Math.floor(next() * words.length)]!,
      ).join(' '),
    );
  assertScoresMatch(seed, { k1: 1.2, title: [2, 0.75], body: [1, 0.75] }, queries);
  assertScoresMatch(seed, { k1: 0.9, title: [1, 0.4], body: [1, 0.4] }, queries.slice(0, 20));
});

test('scores equal a plain BM25F implementation on random documents', () => {
  const next = random(7);
  const docs = randomDocuments(300, next);
  const vocabulary = [...new Set(docs.flatMap((d) => `${d.title} ${d.body}`.split(' ')))].filter(
    Boolean,
  );
  const queries = Array.from({ length: 80 }, () =>
    Array.from(
      { length: 1 + Math.floor(next() * 4) },
      () => vocabulary[Math.floor(next() * vocabulary.length)]!,
    ).join(' '),
  );
  assertScoresMatch(docs, { k1: 1.2, title: [2.5, 0.6], body: [1, 0.8] }, queries);
});

test('MaxScore pruning returns exactly the exhaustive top k and total', () => {
  const next = random(5);
  const docs = randomDocuments(400, next);
  const index = new SearchIndex();
  index.addAll(docs);
  const vocabulary = [...new Set(docs.flatMap((d) => `${d.title} ${d.body}`.split(' ')))].filter(
    Boolean,
  );
  for (let q = 0; q < 150; q++) {
    const query = Array.from(
      { length: 1 + Math.floor(next() * 6) },
      () => vocabulary[Math.floor(next() * vocabulary.length)]!,
    ).join(' ');
    for (const limit of [1, 3, 10]) {
      const pruned = index.search(query, { limit });
      const exhaustive = index.search(query, { limit, pruning: false });
      assert.is(pruned.total, exhaustive.total, query);
      assert.equal(
        pruned.results.map((r) => r.id),
        exhaustive.results.map((r) => r.id),
        `${query} @${limit}`,
      );
      pruned.results.forEach((r, i) =>
        assert.ok(Math.abs(r.score - exhaustive.results[i]!.score) < 1e-9),
      );
    }
  }
  index.remove('r3');
  index.add({ id: 'late', title: vocabulary[0]!, body: vocabulary.slice(0, 30).join(' ') });
  const query = vocabulary.slice(0, 4).join(' ');
  assert.equal(
    index.search(query).results.map((r) => r.id),
    index.search(query, { pruning: false }).results.map((r) => r.id),
  );
});

test('MaxScore over thousands of documents, with removals and filters, keeps the exhaustive top k and total', () => {
  const next = random(11);
  // Short documents from a small vocabulary: 10,000 of them span several scoring windows.
  const docs = randomDocuments(10_000, next).map((doc, i) => ({
    ...doc,
    body: doc.body.split(' ').slice(0, 12).join(' '),
    parity: i % 2 === 0 ? 'even' : 'odd',
  }));
  const index = new SearchIndex();
  index.addAll(docs);
  for (let i = 0; i < docs.length; i += 7) index.remove(`r${i}`);
  const vocabulary = [...new Set(docs.flatMap((d) => `${d.title} ${d.body}`.split(' ')))].filter(
    Boolean,
  );
  const queries = Array.from({ length: 40 }, () =>
    Array.from(
      { length: 2 + Math.floor(next() * 4) },
      () => vocabulary[Math.floor(next() * vocabulary.length)]!,
    ).join(' '),
  );
  const compare = (): void => {
    for (const query of queries) {
      for (const options of [
        { limit: 1 },
        { limit: 10 },
        { limit: 60 },
        { limit: 10, filter: { parity: 'even' } },
        { limit: 10, fields: ['title'] },
        { limit: 5, facets: true },
      ]) {
        const pruned = index.search(query, options);
        const exhaustive = index.search(query, { ...options, pruning: false });
        assert.is(pruned.total, exhaustive.total, query);
        assert.equal(pruned.facets, exhaustive.facets, query);
        // Sums taken in another order may differ in the last bit, so ties may fall either way.
        pruned.results.forEach((r, i) =>
          assert.ok(Math.abs(r.score - exhaustive.results[i]!.score) < 1e-9, `${query} rank ${i}`),
        );
        const last = exhaustive.results.at(-1)?.score ?? 0;
        const clear = (results: typeof pruned.results): string[] =>
          results
            .filter((r) => r.score > last + 1e-9)
            .map((r) => r.id)
            .sort();
        assert.equal(clear(pruned.results), clear(exhaustive.results), query);
        for (const r of pruned.results)
          assert.ok(Number(r.id.slice(1)) % 7 !== 0, `removed ${r.id} returned`);
      }
    }
  };
  compare();
  // Compaction renumbers documents: nothing cached for the old numbers may serve again.
  index.compact();
  compare();
});

test('a search of the titles alone is not pruned by what the bodies score', () => {
  // "zeta" fills twenty bodies but only three titles: the best documents for the term across
  // both fields say nothing about the best titles.
  const docs: Document[] = Array.from({ length: 40 }, (_, i) => ({
    id: `z${i}`,
    title: i < 3 ? `zeta report number ${i} of the long series of reports` : `other ${i}`,
    body: i >= 20 ? 'zeta '.repeat(6) : 'plain text',
  }));
  const index = new SearchIndex();
  index.addAll(docs);
  for (const limit of [1, 3]) {
    const pruned = index.search('zeta', { limit, fields: ['title'] });
    assert.equal(
      pruned.results.map((r) => r.id),
      index.search('zeta', { limit, fields: ['title'], pruning: false }).results.map((r) => r.id),
    );
    assert.is(pruned.results.length, limit);
    assert.is(pruned.total, 3);
  }
});

test('a term scorer that jumps blocks by its summary stops where one stepping through would', () => {
  const next = random(23);
  const index = new InvertedIndex(['title', 'body']);
  const terms = ['dense', 'mid', 'rare'].map((term) => index.terms.intern(term));
  const fieldsOf: FieldTerms[][] = [];
  for (let doc = 0; doc < 5000; doc++) {
    // dense in most documents, mid in a fifth, rare in one in fifty; title or body or both.
    const fields = [0, 1].map((field) => {
      const ids = terms.filter((_t, i) => next() < [0.6, 0.12, 0.012][i]! / (field === 0 ? 2 : 1));
      return { termIds: ids, positions: ids.map((_t, i) => i), length: ids.length + 3 };
    });
    fieldsOf.push(fields);
    index.add(fields);
  }
  for (let doc = 0; doc < 5000; doc += 9) index.remove(doc, fieldsOf[doc]!);
  index.flush();
  const scoring = new FieldScoring(index, 1.2, Float64Array.of(2, 1), Float64Array.of(0.75, 0.75));
  const summaries = new TermSummaries();
  for (const termId of terms) {
    for (const scope of [Uint8Array.of(1, 1), Uint8Array.of(1, 0), Uint8Array.of(0, 1)]) {
      const make = (): TermScorer =>
        new TermScorer(index.cursor(false).reset(termId), termId, scoring, scope, 1.5, 2);
      const jumping = make();
      jumping.useSummary(summaries.get(termId, scoring, 1.5, 0));
      const stepping = make();
      for (let target = 0; stepping.doc !== NO_MORE_DOCS;) {
        target += Math.floor(next() ** 3 * 600);
        const moves =
          next() < 0.3
            ? [jumping.next(), stepping.next()]
            : [jumping.advance(target), stepping.advance(target)];
        assert.is(moves[0], moves[1], `${index.terms.term(termId)} at ${target}`);
        if (stepping.doc !== NO_MORE_DOCS) assert.is(jumping.score(), stepping.score());
        target = Math.max(target, stepping.doc);
      }
      assert.is(jumping.advance(NO_MORE_DOCS), NO_MORE_DOCS);
    }
  }
});

test('postings flushed document by document equal postings flushed at once', () => {
  const next = random(5);
  const docs = Array.from({ length: 300 }, (_x, i) => {
    const words = (count: number): string =>
      Array.from({ length: count }, () => `w${Math.floor(next() ** 2 * 400)}`).join(' ');
    return {
      id: `d${i}`,
      title: words(1 + Math.floor(next() * 6)),
      body: words(Math.floor(next() * 80)),
    };
  });
  const atOnce = new SearchIndex();
  atOnce.addAll(docs);
  const inSteps = new SearchIndex();
  for (const [i, doc] of docs.entries()) {
    inSteps.add(doc);
    // A search flushes: each flush lays new postings after the ones flushed before.
    if (i % 7 === 0) inSteps.search('w1 w2');
  }
  assert.equal(inSteps.serialize(), atOnce.serialize());
});

test('small typed arrays from the slab allocator never share memory, across slabs', () => {
  const allocator = new SlabAllocator();
  const views: (Int32Array | Float64Array)[] = [];
  for (let i = 0; i < 3000; i++) {
    const view = i % 3 === 0 ? allocator.float64(1 + (i % 50)) : allocator.int32(1 + (i % 70));
    view.fill(i);
    views.push(view);
  }
  views.forEach((view, i) =>
    assert.ok(
      view.every((value) => value === i),
      `view ${i} was overwritten`,
    ),
  );
});

test('ranks the seed articles sensibly', () => {
  const index = seedIndex();
  assert.is(
    ids(index, 'Mirziyoyev')[0],
    'uzbek-president-global-conflicts-undercut-anti-terror-efforts',
  );
  assert.is(ids(index, 'deported Tajik citizens')[0], 'russia-deports-thousands-of-tajik-citizens');
  assert.is(
    ids(index, 'Alejandro Mayorkas Homeland Security')[0],
    'investigation-into-isis-linked-group-smuggling-uzbek-migrants-into-the-u-s',
  );
  assert.is(
    ids(index, 'Volgograd prison revolt')[0],
    'deadly-attacks-in-russia-spark-fears-of-extremism-amid-ethnic-tensions',
  );
  assert.is(index.search('crocus').total, 5);
  assert.is(index.search('zzzz qqqq').total, 0);
  assert.is(index.search('').total, 0);
  assert.is(index.search('the of and').total, 0);
});

test('paging, limit and minScore', () => {
  const index = seedIndex();
  const all = index.search('central asia terrorism russia', { limit: 10 });
  assert.is(all.total, 6);
  const page = index.search('central asia terrorism russia', { limit: 2, offset: 2 });
  assert.equal(
    page.results.map((r) => r.id),
    all.results.slice(2, 4).map((r) => r.id),
  );
  assert.is(page.total, 6);
  const threshold = all.results[2]!.score;
  const high = index.search('central asia terrorism russia', { minScore: threshold });
  assert.is(high.total, 3);
  assert.throws(
    () => index.search('x', { limit: -1 }),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.throws(
    () => index.search('x', { offset: 1.5 }),
    (e: unknown) => e instanceof OptionsError,
  );
});

test('snippets pick the passage with the query terms and highlight exact ranges', () => {
  const index = seedIndex();
  const [hit] = index.search('Ghafari bounty', { limit: 1, snippets: true }).results;
  const snippet = hit!.snippet!;
  assert.ok(snippet.text.length <= 165, snippet.text);
  const marked = snippet.highlights.map(([s, e]) => snippet.text.slice(s, e));
  assert.equal(
    marked,
    ['Sanaullah Ghafari', 'bounty'],
    'the entity is highlighted as its whole name',
  );
  assert.match(renderSnippet(snippet), /<mark>Sanaullah Ghafari<\/mark>.*<mark>bounty<\/mark>/);
  assert.match(renderSnippet(snippet, '**', '**'), /\*\*bounty\*\*/);
  const [curly] = index.search('world’s powerful', { limit: 1, snippets: true }).results;
  assert.ok(
    curly!
      .snippet!.highlights.map(([s, e]) => curly!.snippet!.text.slice(s, e))
      .includes('world’s'),
  );
});

test('results carry stored fields and metadata', () => {
  const index = new SearchIndex();
  index.add({
    id: 'a',
    title: 'Tashkent conference',
    body: 'SCO delegates met.',
    date: '2024-09-04',
    source: 'wire',
  });
  const [hit] = index.search('tashkent').results;
  assert.equal(
    { ...hit, score: 0 },
    {
      id: 'a',
      score: 0,
      title: 'Tashkent conference',
      body: 'SCO delegates met.',
      metadata: { date: '2024-09-04', source: 'wire' },
    },
  );
  assert.equal(index.get('a'), {
    date: '2024-09-04',
    source: 'wire',
    id: 'a',
    title: 'Tashkent conference',
    body: 'SCO delegates met.',
  });
});

test('add, remove and replace keep results equal to a rebuild', () => {
  const next = random(11);
  const docs = randomDocuments(200, next);
  const index = new SearchIndex();
  const alive = new Map<string, Document>();
  let serial = 0;
  for (let step = 0; step < 400; step++) {
    const roll = next();
    const keys = [...alive.keys()];
    if (roll < 0.55 || keys.length === 0) {
      const doc = { ...docs[Math.floor(next() * docs.length)]!, id: `d${serial++}` };
      index.add(doc);
      alive.set(doc.id, doc);
    } else if (roll < 0.8) {
      const id = keys[Math.floor(next() * keys.length)]!;
      index.remove(id);
      alive.delete(id);
    } else {
      const id = keys[Math.floor(next() * keys.length)]!;
      const doc = { ...docs[Math.floor(next() * docs.length)]!, id };
      index.replace(doc);
      alive.delete(id);
      alive.set(id, doc);
    }
  }
  const rebuilt = new SearchIndex();
  rebuilt.addAll(index.documents());
  assert.is(index.size, alive.size);
  assert.equal(new Set([...index.documents()].map((d) => d.id)), new Set(alive.keys()));
  const vocabulary = [...new Set(docs.flatMap((d) => d.body.split(' ')))].filter(Boolean);
  for (let q = 0; q < 40; q++) {
    const query = Array.from(
      { length: 1 + Math.floor(next() * 3) },
      () => vocabulary[Math.floor(next() * vocabulary.length)]!,
    ).join(' ');
    const a = index.search(query, { limit: 1000 });
    const b = rebuilt.search(query, { limit: 1000 });
    assert.is(a.total, b.total);
    const scoresA = new Map(a.results.map((r) => [r.id, r.score]));
    for (const r of b.results)
      assert.ok(Math.abs(scoresA.get(r.id)! - r.score) < 1e-9, `score of ${r.id} for ${query}`);
  }
  index.compact();
  const again = SearchIndex.deserialize(index.serialize());
  assert.equal(
    untimed(again.search('w1x w2x', { limit: 50 })),
    untimed(rebuilt.search('w1x w2x', { limit: 50 })),
  );
});

test('duplicate, unknown and malformed documents are clear errors', () => {
  const index = seedIndex();
  const isDocError = (e: unknown): boolean => e instanceof DocumentError;
  assert.throws(
    () => index.add(seed[0]!),
    (e: unknown) => isDocError(e) && /already in the index/.test((e as Error).message),
  );
  assert.throws(
    () => index.remove('nope'),
    (e: unknown) => isDocError(e) && /no document with id "nope"/.test((e as Error).message),
  );
  assert.throws(() => index.replace({ id: 'nope', title: '', body: '' }), isDocError);
  assert.throws(() => index.add({ id: '', title: 'x', body: 'y' }), isDocError);
  assert.throws(() => index.add({ id: 'x', title: { a: 1 } as never, body: 'y' }), isDocError);
  assert.throws(
    () => index.add({ id: 'x', title: 't', body: 'y', tags: ['a'] as never }),
    isDocError,
  );
  assert.throws(() => index.add(null as never), isDocError);
  assert.is(index.size, 6);
  assert.throws(
    () => new SearchIndex({ k1: -1 }),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.throws(
    () => new SearchIndex({ body: { b: 2 } }),
    (e: unknown) => e instanceof OptionsError,
  );
});

test('serialize and deserialize give identical results', () => {
  const index = seedIndex({ k1: 1.1, title: { weight: 3 } });
  const again = SearchIndex.deserialize(index.serialize());
  for (const query of [
    'crocus city hall attack',
    'ISIS-K',
    'Tajikistan migrants',
    'Uzbekistan’s president',
  ]) {
    assert.equal(untimed(again.search(query)), untimed(index.search(query)));
  }
  assert.equal(again.ranking, index.ranking);
  assert.equal(again.serialize(), index.serialize(), 'a loaded index writes the same bytes');
  assert.equal(again.entities(seed[0]!.id), index.entities(seed[0]!.id));
  again.add({ id: 'new', title: 'Crocus follow-up', body: 'More on Crocus City Hall.' });
  assert.is(again.search('crocus').total, 6);
  const third = SearchIndex.deserialize(again.serialize());
  assert.equal(
    untimed(third.search('crocus', { limit: 10 })),
    untimed(again.search('crocus', { limit: 10 })),
  );
  assert.is(third.get('new')?.body, 'More on Crocus City Hall.');
  assert.equal(third.get(seed[5]!.id)?.body, seed[5]!.body);
});

test("CRC-32 (Node's and the JavaScript fallback) matches the standard check value and a bit-by-bit reference at every length", async () => {
  const { crc32, crc32Sliced } = await import('../src/util/crc32.js');
  assert.is(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.is(crc32Sliced(new TextEncoder().encode('123456789')), 0xcbf43926);
  const reference = (bytes: Uint8Array): number => {
    let crc = 0xffffffff;
    for (const byte of bytes) {
      crc ^= byte;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    return (crc ^ 0xffffffff) >>> 0;
  };
  const next = random(7);
  const bytes = Uint8Array.from({ length: 300 }, () => Math.floor(next() * 256));
  for (let start = 0; start < 5; start++)
    for (let length = 0; length + start <= bytes.length; length += 7) {
      const slice = bytes.subarray(start, start + length);
      assert.is(crc32(slice), reference(slice), `offset ${start}, length ${length}`);
      assert.is(
        crc32Sliced(slice),
        reference(slice),
        `fallback, offset ${start}, length ${length}`,
      );
    }
});

test('index files: atomic save, load, and typed errors for bad files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-index-'));
  const path = join(dir, 'seed.steppe');
  const index = seedIndex();
  await index.save(path);
  const loaded = await SearchIndex.load(path);
  assert.equal(untimed(loaded.search('crocus')), untimed(index.search('crocus')));
  const bytes = readFileSync(path);

  const expectError = async (
    content: Uint8Array,
    kind: new (...args: never[]) => Error,
    pattern: RegExp,
  ): Promise<void> => {
    writeFileSync(path, content);
    try {
      await SearchIndex.load(path);
    } catch (error) {
      assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
      assert.match((error as Error).message, pattern);
      return;
    }
    assert.unreachable('load should fail');
  };
  await expectError(new Uint8Array(0), NotAnIndexError, /seed\.steppe: not a steppe index: empty/);
  await expectError(Buffer.from('{"index": true}'), NotAnIndexError, /not a steppe index/);
  await expectError(bytes.subarray(0, bytes.length - 10), CorruptIndexError, /truncated/);
  await expectError(bytes.subarray(0, 30), CorruptIndexError, /truncated/);
  const flipped = Uint8Array.from(bytes);
  flipped[Buffer.from(bytes).indexOf('STOR') + 40]! ^= 0x01;
  await expectError(flipped, CorruptIndexError, /checksum mismatch in section STOR/);
  const newer = Uint8Array.from(bytes);
  const view = new DataView(newer.buffer);
  view.setUint32(8, 99, true);
  const { crc32 } = await import('../src/util/crc32.js');
  view.setUint32(16, crc32(newer.subarray(0, 16)), true);
  await expectError(newer, UnsupportedVersionError, /version 99 is newer/);
  try {
    await SearchIndex.load(join(dir, 'missing.steppe'));
    assert.unreachable();
  } catch (error) {
    assert.ok(error instanceof IndexFileError);
    assert.match((error as Error).message, /missing\.steppe: no such index file/);
  }
});

// The entity registry as format version 2 wrote it (docs/FORMAT.md, Versions), from the
// version-3 columns of an ENTS payload: entities found by rule and known by their name alone
// (their key left empty in version 3) terse, every other entity a record.
function registryAsVersion2(payload: Uint8Array): string {
  const input = new ByteReader(inflateSync(payload));
  const rules = input.varint() === 1;
  const count = input.varint();
  const text = (): string => input.text(input.varint());
  const trieAliases = Array.from({ length: count }, () =>
    Array.from({ length: input.varint() }, () => ({
      words: text(),
      capsOnly: input.varint() === 1,
    })),
  );
  const keys = Array.from({ length: count }, text);
  const names = Array.from({ length: count }, text);
  const facts = Array.from({ length: count }, () => ({
    type: input.varint(),
    source: input.varint(),
    parent: input.varint() - 1,
  }));
  const aliasLists = Array.from({ length: count }, () =>
    Array.from({ length: Math.max(0, input.varint() - 1) }, text),
  );
  assert.ok(input.done);
  const types = ['person', 'organization', 'place', 'event', 'group'];
  const sources = ['gazetteer', 'defined', 'rule'];
  const keyOf = keys.map(
    (key, id) =>
      key ||
      (trieAliases[id]![0]!.capsOnly
        ? `acr:${trieAliases[id]![0]!.words}`
        : `name:${trieAliases[id]![0]!.words.replace(/ /g, '-')}`),
  );
  const records: unknown[] = [];
  const ruleEntities: unknown[] = [];
  const aliases: unknown[] = [];
  for (let id = 0; id < count; id++) {
    const terse = keys[id] === '';
    if (!terse)
      records.push({
        key: keyOf[id],
        name: names[id],
        type: types[facts[id]!.type],
        aliases: aliasLists[id]!.length > 0 ? aliasLists[id] : [names[id]],
        source: sources[facts[id]!.source],
      });
    trieAliases[id]!.forEach(({ words, capsOnly }, i) => {
      if (terse && i === 0) {
        aliases.push(ruleEntities.length);
        ruleEntities.push([
          capsOnly ? `\u0002${words}` : words,
          names[id] === words ? 0 : names[id],
          facts[id]!.type,
        ]);
      } else aliases.push([words, keyOf[id], capsOnly]);
    });
  }
  const parent = facts.flatMap(({ parent: of }, id) => (of < 0 ? [] : [[keyOf[id], keyOf[of]]]));
  return JSON.stringify({ rules, records, ruleEntities, parent, aliases });
}

test('files of format versions 1 and 2 (entity registry as JSON) still load, with the same results and entities', async () => {
  const { readContainer, writeContainer } = await import('../src/codec/container.js');
  const { crc32 } = await import('../src/util/crc32.js');
  const current = new SearchIndex();
  current.addAll(loadCorpusSync(CORPUS));
  // A pair the text defines: two entities joined into one.
  current.add({
    id: 'pair',
    title: 'Border talks',
    body: 'The Border Monitoring Working Group (BMWG) met in Termez. The BMWG will meet again in May.',
  });
  const { version, sections } = readContainer(current.serialize());
  assert.is(version, 4);
  const withVersion = (bytes: Uint8Array, fileVersion: number): Uint8Array => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(8, fileVersion, true);
    view.setUint32(16, crc32(bytes.subarray(0, 16)), true);
    return bytes;
  };
  // Version 3 differs only in sparse metadata columns, which this index has none of.
  assert.is(
    SearchIndex.deserialize(withVersion(current.serialize(), 3)).search('ISKP').total,
    current.search('ISKP').total,
  );
  const registryJSON = registryAsVersion2(sections.get('ENTS')!);
  // Version 2 stored the registry as deflated JSON.
  const v2 = withVersion(
    writeContainer(
      [...sections].map(([tag, payload]) => [
        tag,
        tag === 'ENTS' ? deflateSync(registryJSON) : payload,
      ]),
    ),
    2,
  );
  // Version 1 stored the registry's JSON undeflated and each term's posting count after its document frequency.
  const termsV1 = (payload: Uint8Array): Uint8Array => {
    const reader = new ByteReader(payload);
    const writer = new ByteWriter();
    const count = reader.varint();
    writer.varint(count);
    for (let t = 0; t < count; t++) {
      const term = reader.take(reader.varint());
      writer.varint(term.length);
      writer.write(term);
      const docFreq = reader.varint();
      writer.varint(docFreq);
      writer.varint(docFreq);
      for (let i = 0; i < 3; i++) writer.varint(reader.varint());
    }
    return writer.view();
  };
  const v1Sections: Record<string, (payload: Uint8Array) => Uint8Array> = {
    ENTS: () => new TextEncoder().encode(registryJSON),
    TERM: termsV1,
  };
  const v1 = withVersion(
    writeContainer(
      [...sections].map(([tag, payload]) => [tag, v1Sections[tag]?.(payload) ?? payload]),
    ),
    1,
  );
  for (const old of [v2, v1]) {
    const loaded = SearchIndex.deserialize(old);
    const again = SearchIndex.deserialize(loaded.serialize());
    for (const query of [
      'ISIS-K',
      'Wilayat Khorasan',
      'crocus city hall attack',
      'Mirzioyev',
      'BMWG',
      'entity:"Border Monitoring Working Group"',
    ]) {
      const expected = current.search(query).results.map((r) => [r.id, r.score]);
      assert.ok(expected.length > 0, query);
      assert.equal(
        loaded.search(query).results.map((r) => [r.id, r.score]),
        expected,
        query,
      );
      assert.equal(
        again.search(query).results.map((r) => [r.id, r.score]),
        expected,
        query,
      );
    }
    assert.equal(loaded.entityList(), current.entityList());
    assert.equal(again.entityList(), current.entityList());
    assert.equal(loaded.entities(SECURITY_CHIEF), current.entities(SECURITY_CHIEF));
    assert.equal(loaded.entities('pair'), current.entities('pair'));
  }
});

test('every single-byte flip of a small index is caught', () => {
  const index = new SearchIndex();
  index.add({ id: 'a', title: 'Crocus City Hall', body: 'Gunmen attacked the concert hall.' });
  const bytes = index.serialize();
  for (let i = 0; i < bytes.length; i++) {
    const damaged = Uint8Array.from(bytes);
    damaged[i]! ^= 0x20;
    assert.throws(
      () => SearchIndex.deserialize(damaged),
      (e: unknown) => e instanceof IndexFileError,
      `byte ${i}`,
    );
  }
});

test('a custom stemmer must be given again to load', () => {
  const stemmer = (w: string): string => w.slice(0, 5);
  const index = new SearchIndex({ analyzer: { stemmer } });
  index.addAll(seed);
  const bytes = index.serialize();
  assert.throws(
    () => SearchIndex.deserialize(bytes),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.equal(
    untimed(SearchIndex.deserialize(bytes, { analyzer: { stemmer } }).search('deportations')),
    untimed(index.search('deportations')),
  );
});

// Seed articles re-mixed with made-up words, names and defined acronyms: more than the 2 MB
// from which addAll reads words on a worker thread, with new words to the end.
function largeCorpus(copies: number, from = 0): Document[] {
  const next = random(7);
  const syllables = ['ka', 'ro', 'tash', 'mir', 'zon', 'bek', 'ul', 'qa', 'den', 'sar', 'vi', 'lo'];
  const made = (): string =>
    Array.from(
      { length: 2 + Math.floor(next() * 3) },
      () => syllables[Math.floor(next() * syllables.length)],
    ).join('');
  const docs: Document[] = [];
  for (let c = from; c < from + copies; c++) {
    for (const doc of seed) {
      const words = doc.body.split(' ');
      for (let i = 0; i < words.length; i += 7) {
        const name = [made(), made()].map((w) => w[0]!.toUpperCase() + w.slice(1));
        const extra =
          next() < 0.2
            ? `${name.join(' ')} (${name.map((w) => w[0]).join('')}${made()[0]!.toUpperCase()})`
            : next() < 0.5
              ? name.join(' ')
              : made();
        words.splice(i, 0, extra);
      }
      docs.push({
        ...doc,
        id: `${doc.id}-${c}`,
        title: `${doc.title} ${made()}`,
        body: words.join(' '),
      });
    }
  }
  return docs;
}

test('a batch whose words are read on a worker thread gives the same index, byte for byte', () => {
  const docs = largeCorpus(150);
  const more = largeCorpus(150, 150);
  const chars = docs.reduce((sum, d) => sum + d.title.length + d.body.length, 0);
  assert.ok(chars > 2_500_000, `${chars} characters`);
  const single = new SearchIndex({ workerThread: false });
  const threaded = new SearchIndex();
  single.addAll(docs);
  threaded.addAll(docs);
  assert.ok(Buffer.from(threaded.serialize()).equals(Buffer.from(single.serialize())));
  // The worker is kept for the next batch, and starts it from nothing known.
  single.addAll(more);
  threaded.addAll(more);
  assert.ok(Buffer.from(threaded.serialize()).equals(Buffer.from(single.serialize())));
  assert.equal(
    threaded.search('Islamic State Khorasan').results.map((r) => r.id),
    single.search('Islamic State Khorasan').results.map((r) => r.id),
  );
});

test('a threaded batch stopped by a bad document keeps what came before it, and the next batch is right', () => {
  const docs = largeCorpus(150);
  const bad = docs.map((d, i) => (i === 600 ? { ...d, body: 42 as unknown as string } : d));
  const threaded = new SearchIndex();
  assert.throws(
    () => threaded.addAll(bad),
    (error: unknown) =>
      error instanceof DocumentError && /body must be a string/.test(error.message),
  );
  assert.is(threaded.size, 600);
  threaded.addAll(docs.slice(600));
  const single = new SearchIndex({ workerThread: false });
  single.addAll(docs.slice(0, 600));
  single.addAll(docs.slice(600));
  assert.ok(Buffer.from(threaded.serialize()).equals(Buffer.from(single.serialize())));
  assert.throws(
    () => new SearchIndex({ workerThread: 'yes' as unknown as boolean }),
    (error: unknown) => error instanceof OptionsError,
  );
});

test.run();

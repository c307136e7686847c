import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Analyzer } from '../src/analysis/index.js';
import {
  type CorpusDocument as Document,
  loadCorpusSync,
  OptionsError,
  renderSnippet,
  SearchIndex,
  SearchTimeoutError,
} from '../src/node/index.js';
import { type FieldTerms, InvertedIndex, NO_MORE_DOCS } from '../src/index/index.js';
import { FieldScoring } from '../src/search/field-scoring.js';
import { TermScorer } from '../src/search/scorers.js';
import { SlabAllocator } from '../src/search/slab.js';
import { TermSummaries } from '../src/search/term-summaries.js';
import { TermsByLength } from '../src/search/terms-by-length.js';
import { boundedEditDistance } from '../src/util/edit-distance.js';
import { HYPHEN_PART_WEIGHT } from '../src/search/plan.js';
import { CORPUS, random, randomDocuments, seedIndex } from './helpers.js';

const seed = loadCorpusSync(CORPUS);

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

test("total 'atLeast' gives the same results and a true lower bound, said; exact where it must be", () => {
  const docs = randomDocuments(3000, random(41));
  const index = new SearchIndex({ entities: false });
  index.addAll(docs);
  const next = random(43);
  const word = (): string => `w${Math.floor(300 * next() ** 2).toString(36)}x`;
  let bounded = 0;
  for (let n = 0; n < 200; n++) {
    const query = Array.from({ length: 1 + Math.floor(next() * 4) }, word).join(' ');
    const exact = index.search(query, { limit: 10 });
    const atLeast = index.search(query, { limit: 10, total: 'atLeast' });
    assert.equal(atLeast.results, exact.results, query);
    assert.is(exact.totalRelation, undefined);
    assert.ok(atLeast.total <= exact.total, query);
    if (atLeast.totalRelation === 'gte') bounded++;
    else assert.is(atLeast.total, exact.total, query);
    // What needs every match counts them all.
    for (const options of [
      { facets: true },
      { filter: (d: { id: string }) => d.id !== 'r1' },
      { fields: ['title'] },
    ]) {
      const counted = index.search(query, { total: 'atLeast', ...options });
      assert.is(counted.totalRelation, undefined, query);
      assert.is(counted.total, index.search(query, options).total, query);
    }
  }
  assert.ok(bounded > 50, `${bounded} bounded totals`);
  assert.throws(
    () => index.search('w1x', { total: 'some' as never }),
    (e: unknown) =>
      e instanceof OptionsError && /total must be 'exact' or 'atLeast'/.test((e as Error).message),
  );
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

test('timeoutMs stops a search that runs past it, with no partial answer', () => {
  const index = new SearchIndex();
  index.addAll(randomDocuments(20_000, random(9)));
  const words = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`).join(' ');
  for (const query of [words, `+w0x ${words}`, `"w0x w1x" ${words}`])
    assert.throws(
      () => index.search(query, { timeoutMs: 0 }),
      (e: Error) => {
        return (
          e instanceof SearchTimeoutError &&
          e.limitMs === 0 &&
          /longer than its limit/.test(e.message)
        );
      },
    );
  // Within the limit, the answer is the one without a limit.
  const free = index.search(words, { limit: 5 });
  const limited = index.search(words, { limit: 5, timeoutMs: 60_000 });
  assert.equal(
    limited.results.map((r) => r.id),
    free.results.map((r) => r.id),
  );
  assert.is(limited.total, free.total);
  assert.throws(
    () => index.search('w0x', { timeoutMs: -1 }),
    (e: Error) => e instanceof OptionsError,
  );
});

test('a hyphenated word read by its parts is corrected only to its form written as one', () => {
  // Lucene's stop words, which keep "up" as a word.
  const index = new SearchIndex({ analyzer: { stopWords: 'english' } });
  index.addAll([
    {
      id: 'one',
      title: 'Low birthweight in Dushanbe',
      body: 'Birthweight fell as clinics closed.',
    },
    { id: 'two', title: 'Birthweight registry', body: 'The registry records birthweight.' },
    { id: 'parts', title: 'Weight at birth', body: 'A birth weight below 2.5 kg is low.' },
    {
      id: 'rate',
      title: 'Birth rate',
      body: 'The birth rate rose in Khatlon; make of it what you will.',
    },
    { id: 'take', title: 'Take-up of vaccines', body: 'The take-up was slow, the take-up uneven.' },
    { id: 'take2', title: 'Take-up of loans', body: 'Loan take-up doubled.' },
  ]);
  const joined = index.search('birth-weight');
  assert.equal(joined.corrections, [{ word: 'birth-weight', term: 'birthweight', distance: 1 }]);
  const found = joined.results.map((r) => r.id);
  for (const id of ['one', 'two', 'parts']) assert.ok(found.includes(id), id);
  // "make-up" is no misspelling of "take-up": its parts answer, nothing is corrected.
  const parts = index.search('make-up');
  assert.equal(parts.corrections, []);
  assert.equal(parts.suggestions, []);
  // Its parts are searched as words: "make" in one article, "up" in the take-up ones.
  assert.equal(parts.results.map((r) => r.id).sort(), ['rate', 'take', 'take2']);
});

test('the near-term scan finds every term within the distance, as measuring each one does', () => {
  const analyzer = new Analyzer();
  const index = new InvertedIndex(['title', 'body']);
  for (const doc of seed) {
    index.add(
      [doc.title, doc.body].map((text) => {
        const tokens = analyzer.analyze(text);
        return {
          termIds: tokens.map((t) => index.terms.intern(t.term)),
          positions: tokens.map((t) => t.position),
          length: tokens.length,
        };
      }),
    );
  }
  index.flush();
  const terms = [...index.terms.entries()];
  const next = random(41);
  // Misspellings of indexed terms (a letter dropped, doubled, swapped or replaced) and words
  // unlike any.
  const words = ['kazahstan', 'tajkistan', 'xqzvw', 'a', 'militnats', 'boder', 'afghanistann'];
  const edit = (term: string, kind: number): string => {
    const at = Math.floor(next() * term.length);
    return [
      term.slice(0, at) + term.slice(at + 1),
      term.slice(0, at) + term[at] + term.slice(at),
      term.slice(0, at) + (term[at + 1] ?? '') + term[at] + term.slice(at + 2),
      term.slice(0, at) + 'q' + term.slice(at + 1),
    ][kind % 4]!;
  };
  for (let i = 0; i < 40; i++) words.push(edit(terms[Math.floor(next() * terms.length)]![1], i));
  // Long terms two edits off, every pair of kinds: these are looked up by their bigrams.
  const long = terms.map(([, term]) => term).filter((term) => term.length >= 8);
  for (let i = 0; i < 64; i++)
    words.push(edit(edit(long[Math.floor(next() * long.length)]!, i), Math.floor(i / 4)));
  // Transpositions where the spaced bigrams of an 8- and an 11-letter word meet.
  words.push('afhganistan', 'afghanitsan', 'afghanisatn', 'jouranlist', 'journailst');
  const scan = new TermsByLength();
  for (const word of words) {
    for (const max of [0, 1, 2]) {
      const found = new Map<number, number>();
      scan.near(index, 0, word, max, (id, distance) => found.set(id, distance));
      const expected = new Map<number, number>();
      for (const [id, term] of terms) {
        const distance = boundedEditDistance(word, term, max);
        if (distance <= max) expected.set(id, distance);
      }
      assert.equal(found, expected, `${word} within ${max}`);
    }
  }
});

test('a suggestion does not depend on documents removed before the search', () => {
  // `bant` is one edit from `bent`, `bank` and `band`, each in one document.
  const docs = [
    { id: 'a', title: 'Bent rules', body: 'The rules were bent at the border.' },
    { id: 'b', title: 'Bank run', body: 'The bank closed its doors.' },
    { id: 'c', title: 'Band on tour', body: 'The band played in Osh.' },
  ];
  const fresh = new SearchIndex();
  fresh.addAll(docs);
  const pruned = new SearchIndex();
  pruned.addAll([{ id: 'x', title: 'Band and bank', body: 'A band, a bank.' }, ...docs]);
  pruned.remove('x');
  // Ties between equally near and equally frequent terms go by their text, whatever order
  // the index first saw them in.
  for (const index of [fresh, pruned]) {
    const results = index.search('bant');
    assert.equal(results.suggestions, [{ word: 'bant', term: 'band' }]);
    assert.equal(results.corrections, []);
  }
});

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { loadCorpusSync, type CorpusDocument as Document } from '../src/node/index.js';
import { DocumentError, OptionsError, SearchIndex } from '../src/node/index.js';

import { CORPUS, random } from './helpers.js';

import { randomDocuments, seedIndex, untimed } from './helpers.js';

const seed = loadCorpusSync(CORPUS);

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
    () => index.add({ id: 'x', title: 't', body: 'y', tags: { a: 1 } as never }),
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

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';

import type { StoredDocument } from '../src/index/doc-store.js';
import { SearchIndex } from '../src/node/index.js';

import { random } from './helpers.js';

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

test('the document store keeps documents larger than its chunks, and reads each back intact', async () => {
  const { DocStore } = await import('../src/index/doc-store.js');
  const { LazyDocStore } = await import('../src/index/lazy-doc-store.js');
  const { inMemory } = await import('../src/util/byte-ranges.js');
  const { concatBytes } = await import('../src/util/bytes.js');
  const store = new DocStore(2);
  const docs: StoredDocument[] = [
    { id: 'small', texts: ['Dushanbe', 'Talks in Dushanbe.'], metadata: { date: '2024-03-01' } },
    // Past one 8 MiB chunk, in characters of two and four UTF-8 bytes.
    { id: 'huge', texts: ['Душанбе', 'Душанбе 🙂 '.repeat(600_000)], metadata: {} },
    ...Array.from({ length: 2000 }, (_, i) => ({
      id: `d${i}`,
      texts: [`Brief ${i}`, 'Тошкент '.repeat(i % 700)],
      metadata: i % 3 === 0 ? { desk: 'Asia' } : ({} as Record<string, string>),
    })),
  ];
  for (const doc of docs) store.add(doc);
  const { STOR, DOFF, DIDS } = store.encode();
  assert.ok(STOR.length > 3, 'several chunks');
  const bytes = concatBytes(STOR);
  const decoded = DocStore.decode(bytes, 2, { DOFF, DIDS });
  const lazy = new LazyDocStore(inMemory(bytes), inMemory(DOFF), inMemory(DIDS), 2);
  for (const [docId, doc] of docs.entries()) {
    for (const read of [store, decoded, lazy]) {
      assert.equal(read.get(docId), doc, doc.id);
      assert.is(read.docId(doc.id), docId);
    }
  }
  // A store read back takes new documents after the ones it read.
  decoded.add({ id: 'late', texts: ['Late', 'news'], metadata: {} });
  assert.equal(decoded.get(docs.length).texts, ['Late', 'news']);
  assert.equal(decoded.get(1).texts, docs[1]!.texts);
});

test.run();

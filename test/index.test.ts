import { test } from 'uvu';
import * as assert from 'uvu/assert';

import type { StoredDocument } from '../src/index/doc-store.js';
import { loadCorpusSync, SearchIndex } from '../src/node/index.js';
import { IndexWriter } from '../src/writer/index-writer.js';
import { ForwardIndex } from '../src/index/index.js';
import { ENTITY_PREFIX } from '../src/entities/index.js';

import { CORPUS, random } from './helpers.js';

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
  const pieces = [...STOR.pieces()];
  assert.ok(pieces.length > 3, 'several chunks');
  const bytes = concatBytes(pieces);
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

test('a store with a spill sets full chunks aside, and reads and saves them as if kept', async () => {
  const { DocStore, KEPT_CHUNKS } = await import('../src/index/doc-store.js');
  const { concatBytes } = await import('../src/util/bytes.js');
  const kept: Uint8Array[] = [];
  const spill = {
    put: (bytes: Uint8Array): number => kept.push(bytes.slice()) - 1,
    read: (at: number, start: number, end: number): Uint8Array => kept[at]!.slice(start, end),
  };
  const spilled = new DocStore(2, spill);
  const plain = new DocStore(2);
  const next = random(5);
  const words = ['Tashkent', 'Душанбе', 'migrants', '🙂', 'ISKP'];
  // Past the chunks a store keeps: about 1.5 MB a document, 8 MiB a chunk.
  const count = 6 * KEPT_CHUNKS + 7;
  const docs: StoredDocument[] = Array.from({ length: count }, (_, i) => ({
    id: `d${count - i}`,
    texts: [
      `Brief ${i}`,
      Array.from({ length: 150_000 + (i % 5) }, () => words[Math.floor(next() * 5)]).join(' '),
    ],
    metadata: {},
  }));
  for (const doc of docs) {
    spilled.add(doc);
    plain.add(doc);
  }
  assert.ok(kept.length > 0, 'chunks were set aside');
  for (const [docId, doc] of docs.entries()) assert.equal(spilled.get(docId), doc, doc.id);
  const saved = spilled.encode();
  const expected = plain.encode();
  assert.equal(concatBytes([...saved.STOR.pieces()]), concatBytes([...expected.STOR.pieces()]));
  assert.equal(saved.DOFF, expected.DOFF);
  assert.equal(saved.DIDS, expected.DIDS);
  // Documents added after an encoding are not in it.
  spilled.add({ id: 'late', texts: ['Late', 'news'], metadata: {} });
  assert.equal(concatBytes([...saved.STOR.pieces()]), concatBytes([...expected.STOR.pieces()]));
});

test('the forward index made from the postings equals the one kept as documents come', () => {
  const docs = loadCorpusSync(CORPUS);
  const kept = IndexWriter.create({});
  kept.addAll(docs.slice(0, 1), undefined, undefined);
  kept.forwardIndex();
  kept.addAll(docs.slice(1), undefined, undefined);
  const made = IndexWriter.create({});
  made.addAll(docs, undefined, undefined);
  const pairs = (writer: IndexWriter, doc: number): string[] => {
    const { termIds, counts } = writer.forwardIndex()!.terms(doc);
    return Array.from(termIds, (termId, i) => `${writer.inverted.terms.term(termId)}×${counts[i]}`);
  };
  assert.is(kept.forwardIndex()!.size, docs.length);
  for (let doc = 0; doc < docs.length; doc++) assert.equal(pairs(kept, doc), pairs(made, doc));
  // Words only, counted over every field: "khorasan" as often as the text says it.
  const iskp = docs.findIndex((d) => /Khorasan/.test(d.body as string));
  const khorasan = pairs(made, iskp).find((p) => p.startsWith('khorasan×'))!;
  const said = (`${docs[iskp]!.title} ${docs[iskp]!.body}`.match(/Khorasan\b/g) ?? []).length;
  assert.is(khorasan, `khorasan×${said}`);
  assert.not.ok(pairs(made, iskp).some((p) => p.startsWith(ENTITY_PREFIX)));
});

test('a forward index is not made, or kept, past the pairs it may hold', () => {
  const docs = loadCorpusSync(CORPUS);
  const writer = IndexWriter.create({});
  writer.addAll(docs, undefined, undefined);
  const words = (): boolean => true;
  let postings = 0;
  for (let termId = 0; termId < writer.inverted.terms.size; termId++)
    postings += writer.inverted.docFrequency(termId);
  assert.is(ForwardIndex.fromPostings(writer.inverted, words, postings - 1), undefined);
  const forward = ForwardIndex.fromPostings(writer.inverted, words, postings)!;
  assert.is(forward.size, docs.length);
  // Full: the next document does not fit, and is not half recorded.
  const next = { termIds: [1, 2, 3], positions: [0, 1, 2] };
  assert.is(forward.append(docs.length, [next], new Set()), false);
  assert.is(forward.size, docs.length);
});

test.run();

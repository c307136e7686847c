import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CorruptIndexError,
  type CorpusDocument as Document,
  DocumentError,
  IndexFileError,
  loadCorpusSync,
  NotAnIndexError,
  OptionsError,
  ReadOnlyIndexError,
  SearchIndex,
  type SearchOptions,
  SteppeError,
  UnsupportedVersionError,
  streamCorpus,
  parseCorpus,
  CorpusError,
  MAX_RECORD_BYTES,
} from '../src/node/index.js';
import { CORPUS, datedNews, random, randomDocuments, ROOT, seedIndex, untimed } from './helpers.js';

const seed = loadCorpusSync(CORPUS);

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

// Files past the reader's 1 MB chunks, with multi-byte characters across chunk edges.
function bigRecords(count: number): Record<string, unknown>[] {
  const next = random(31);
  const words = ['Tajik', 'Душанбе', 'Oʻzbekiston', 'migrants', '{"quoted"}', 'a\\b', '[x]', '🙂'];
  return Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    title: `${words[i % words.length]} ${i}`,
    body: Array.from(
      { length: 20 + Math.floor(next() * 60) },
      () => words[Math.floor(next() * words.length)],
    ).join(' '),
    nested: { list: [1, [2, { x: ']' }]] },
  }));
}

test('JSON Lines and JSON arrays are read a piece at a time, the same as whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-stream-'));
  const records = bigRecords(12_000);
  const lines = join(dir, 'big.jsonl');
  writeFileSync(lines, '\ufeff' + records.map((r) => JSON.stringify(r)).join('\r\n') + '\n\n');
  const array = join(dir, 'big.json');
  writeFileSync(array, `[\n${records.map((r) => JSON.stringify(r, null, 1)).join(',\n')}\n]\n`);
  assert.ok(readFileSync(lines).length > 3 * (1 << 20));
  const whole = parseCorpus(readFileSync(lines), 'whole.jsonl');
  assert.is(whole.length, records.length);
  assert.equal([...streamCorpus(lines)], whole);
  assert.equal([...streamCorpus(array)], whole);
  // The last line may lack its newline.
  const open = join(dir, 'open.jsonl');
  writeFileSync(open, '{"id":"a","title":"x"}\n{"id":"b","title":"y"}');
  assert.equal(
    [...streamCorpus(open)].map((d) => d.id),
    ['a', 'b'],
  );
});

test('streamed files: errors name the file and the line, past the first chunk too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-stream-'));
  const good = bigRecords(6_000).map((r) => JSON.stringify(r));
  const cases: [string, string | Buffer, RegExp][] = [
    [
      'utf8.jsonl',
      Buffer.concat([Buffer.from(good.join('\n') + '\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]),
      new RegExp(`utf8.jsonl:${good.length + 1}: invalid UTF-8`),
    ],
    [
      'json.jsonl',
      `${good.join('\n')}\n{"id": }\n`,
      new RegExp(`json.jsonl:${good.length + 1}: invalid JSON`),
    ],
    [
      'dup.jsonl',
      `${good.join('\n')}\n${good[0]}\n`,
      new RegExp(`dup.jsonl:${good.length + 1}: duplicate id "d0" \\(first at .*dup.jsonl:1\\)`),
    ],
    ['open.json', `[${good.join(',')}`, /open.json:1: invalid JSON: the array is not closed/],
    [
      'after.json',
      `[${good.slice(0, 3).join(',')}] {}`,
      /after.json:1: invalid JSON: text after the end of the array/,
    ],
    ['scalar.json', '[{"id": "a"}, 5]', /scalar.json:1: expected a JSON object, got number 5/],
    ['comma.json', '[{"id": "a"} {"id": "b"}]', /comma.json:1: invalid JSON: expected , or \]/],
  ];
  for (const [name, content, message] of cases) {
    const file = join(dir, name);
    writeFileSync(file, content);
    assert.throws(
      () => [...streamCorpus(file)],
      (e: Error) => e instanceof CorpusError && message.test(e.message),
      name,
    );
  }
});

test('a line longer than any document is refused, without reading it into memory whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-stream-'));
  const file = join(dir, 'long.jsonl');
  writeFileSync(
    file,
    `{"id":"a","title":"x"}\n{"id":"b","body":"${'x'.repeat(MAX_RECORD_BYTES + 10)}"}\n`,
  );
  const before = process.memoryUsage().rss;
  assert.throws(() => [...streamCorpus(file)], /long.jsonl:2: a line over 64 MB/);
  assert.ok(process.memoryUsage().rss - before < 4 * MAX_RECORD_BYTES);
});

test('a corpus indexed in batches, as steppe index reads a stream, is the index of one batch', () => {
  const docs = [...loadCorpusSync(CORPUS), ...randomDocuments(6_000, random(12))];
  const whole = new SearchIndex();
  whole.addAll(docs);
  const batched = new SearchIndex();
  for (let i = 0; i < docs.length; i += 2_500) batched.addAll(docs.slice(i, i + 2_500));
  assert.ok(Buffer.from(batched.serialize()).equals(Buffer.from(whole.serialize())));
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

test('the word-reading worker starts in a process run with options a worker refuses (-e, --input-type, --expose-gc)', () => {
  // More than 2 MB of text, so that addAll reads words on the worker. A worker that inherited
  // `--input-type` and `-e` refused to start and addAll waited two minutes for it; one that
  // inherited `--expose-gc` could not be made, and addAll threw.
  const code = `
    const { SearchIndex } = await import(${JSON.stringify(join(ROOT, 'dist', 'src', 'index.js'))});
    const docs = Array.from({ length: 3000 }, (_, i) => ({ id: 'd' + i, title: 'Report ' + i, body: 'Border guards reported crossings near Termez. '.repeat(20) + i }));
    const index = new SearchIndex();
    index.addAll(docs);
    process.stdout.write(String(index.search('termez').total));`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.is(run.stderr, '');
  assert.is(run.stdout, '3000');
});

test('an index opened read-only answers as the loaded one, reading its parts as asked', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-open-'));
  const path = join(dir, 'news.steppe');
  const built = new SearchIndex();
  built.addAll(datedNews());
  await built.save(path);
  const loaded = await SearchIndex.load(path);
  for (const cacheBytes of [undefined, 0]) {
    const opened = await SearchIndex.open(path, cacheBytes === undefined ? {} : { cacheBytes });
    assert.ok(opened.readOnly);
    assert.not.ok(loaded.readOnly);
    const queries: [string, SearchOptions][] = [
      ['ISIS-K', { snippets: true, facets: true }],
      ['Wilayat Khorasan', { explain: true }],
      ['"Crocus City Hall"', { snippets: true }],
      ['Tajik migrants', { filter: { date: { from: '2024-07' } }, histogram: 'date' }],
      ['migrnts deportd', {}],
      ['secur*', { sort: { field: 'date', order: 'desc' }, offset: 3, limit: 5 }],
      ['source:Briefs Mirziyoyev', { facets: true }],
      ['entity:iskp -Moscow', {}],
    ];
    for (const [query, options] of queries)
      assert.equal(
        untimed(opened.search(query, options)),
        untimed(loaded.search(query, options)),
        query,
      );
    const id = loaded.search('ISKP').results[0]!.id;
    assert.equal(untimed(opened.similar(id)), untimed(loaded.similar(id)));
    assert.equal(opened.get(id), loaded.get(id));
    assert.equal(opened.entities(id), loaded.entities(id));
    assert.equal(opened.mentions(id), loaded.mentions(id));
    assert.equal(opened.entityList(), loaded.entityList());
    assert.equal(opened.stats(), loaded.stats());
    assert.equal([...opened.documents()], [...loaded.documents()]);
    // Every id is found by bisection, and ids that are not there are not.
    for (const doc of opened.documents()) assert.ok(opened.has(doc.id), doc.id);
    for (const missing of ['', 'zzz', 'a', `${id}-`]) assert.not.ok(opened.has(missing), missing);
    opened.close();
  }
});

test('a read-only index refuses changes, and searching it after close is a typed error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-open-'));
  const path = join(dir, 'seed.steppe');
  await seedIndex().save(path);
  const opened = await SearchIndex.open(path);
  const refusals: [string, () => unknown][] = [
    ['add', () => opened.add({ id: 'x', title: 'Dushanbe', body: 'Talks.' })],
    ['addAll', () => opened.addAll([])],
    ['remove', () => opened.remove(seed[0]!.id)],
    ['replace', () => opened.replace(seed[0]!)],
    ['compact', () => opened.compact()],
    ['serialize', () => opened.serialize()],
  ];
  for (const [what, change] of refusals)
    assert.throws(
      change,
      (e: unknown) => e instanceof ReadOnlyIndexError && e.message.startsWith(`${what}: `),
      what,
    );
  await opened.save(join(dir, 'copy.steppe')).then(
    () => assert.unreachable('save should fail'),
    (e: unknown) => assert.ok(e instanceof ReadOnlyIndexError),
  );
  assert.equal(opened.search('crocus').total, 5);
  opened.close();
  assert.throws(
    () => opened.search('ISKP'),
    (e: unknown) =>
      e instanceof IndexFileError && /seed\.steppe: the index was closed/.test(e.message),
  );
  await SearchIndex.open(path, { cacheBytes: -1 }).then(
    () => assert.unreachable('a negative cache should fail'),
    (e: unknown) => assert.ok(e instanceof OptionsError),
  );
});

test('damage to an opened file is found where it is read, naming file, block and section', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-open-'));
  const path = join(dir, 'large.steppe');
  const docs = largeCorpus(60);
  const built = new SearchIndex();
  built.addAll(docs);
  await built.save(path);
  const bytes = Buffer.from(readFileSync(path));
  const opened = await SearchIndex.open(path);
  const last = docs[docs.length >> 1]!;
  // One byte of a document's stored text in the middle of STOR, far from its first and last blocks.
  const at = bytes.lastIndexOf(Buffer.from(last.title));
  assert.ok(at > 0);
  const damaged = Buffer.from(bytes);
  damaged[at]! ^= 0x20;
  writeFileSync(path, damaged);
  assert.equal(opened.get(docs[0]!.id)?.title, docs[0]!.title);
  assert.throws(
    () => opened.get(last.id),
    (e: unknown) =>
      e instanceof CorruptIndexError &&
      /large\.steppe: corrupt index: checksum mismatch in block \d+ of section STOR$/.test(
        e.message,
      ),
  );
  // Loading reads it whole, and refuses it whole.
  await SearchIndex.load(path).then(
    () => assert.unreachable(),
    (e: unknown) => assert.ok(e instanceof CorruptIndexError),
  );
  writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
  assert.throws(
    () => opened.search('Dushanbe Tashkent migrants Moscow', { limit: 1000, snippets: true }),
    (e: unknown) =>
      e instanceof IndexFileError && /shorter than when it was opened/.test(e.message),
  );
  opened.close();
});

test('a file of format version 5 or older opens too, read whole', async () => {
  const { readContainer, writeContainer } = await import('../src/codec/container.js');
  const { crc32 } = await import('../src/util/crc32.js');
  const index = seedIndex();
  const { sections } = readContainer(index.serialize());
  sections.delete('DOFF');
  sections.delete('DIDS');
  const bytes = writeContainer([...sections]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(8, 5, true);
  view.setUint32(16, crc32(bytes.subarray(0, 16)), true);
  const path = join(mkdtempSync(join(tmpdir(), 'steppe-open-')), 'v5.steppe');
  writeFileSync(path, bytes);
  const opened = await SearchIndex.open(path);
  assert.ok(opened.readOnly);
  assert.equal(untimed(opened.search('ISIS-K')), untimed(index.search('ISIS-K')));
  opened.close();
});

test('stored text set aside in a temporary file reads back, and a bad TMPDIR is one clear error', async () => {
  const { TemporarySpill } = await import('../src/node/spill-file.js');
  const spill = new TemporarySpill();
  const first = new TextEncoder().encode('Душанбе talks');
  const second = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
  const at = [spill.put(first), spill.put(second)];
  assert.equal(spill.read(at[0]!, 0, first.length), first);
  assert.equal(spill.read(at[1]!, 500, 90_000), second.subarray(500, 90_000));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = join(tmpdir(), 'steppe-no-such-dir', 'deeper');
  try {
    assert.throws(
      () => new TemporarySpill().put(first),
      (e: unknown) =>
        e instanceof SteppeError &&
        /^cannot make a temporary file in .*deeper \(ENOENT\): set TMPDIR/.test(e.message),
    );
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
});

test.run();

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
  SearchIndex,
  UnsupportedVersionError,
  streamCorpus,
  parseCorpus,
  CorpusError,
  MAX_RECORD_BYTES,
} from '../src/node/index.js';
import { CORPUS, random, randomDocuments, ROOT, seedIndex, untimed } from './helpers.js';

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

test.run();

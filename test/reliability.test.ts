import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statfsSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCorpusSync, type Document } from '../src/node/index.js';
import {
  CorpusError,
  CorruptIndexError,
  DocumentError,
  IndexFileError,
  NotAnIndexError,
  OptionsError,
  QuerySyntaxError,
  SearchIndex,
  SteppeError,
} from '../src/node/index.js';
import { ByteWriter } from '../src/util/bytes.js';
import { readContainer, writeContainer } from '../src/codec/container.js';
import { CORPUS, FIXTURES, ROOT } from './helpers.js';

const seed = loadCorpusSync(CORPUS);
const index = new SearchIndex();
index.addAll(seed);

function searchOrSyntaxError(target: SearchIndex, text: string, options = {}): boolean {
  try {
    const res = target.search(text, { limit: 7, ...options });
    const ids = res.results.map((r) => r.id);
    const sorted = res.results.every((r, i) => i === 0 || res.results[i - 1]!.score >= r.score);
    return (
      sorted &&
      new Set(ids).size === ids.length &&
      ids.length <= 7 &&
      res.total >= ids.length &&
      res.results.every((r) => Number.isFinite(r.score))
    );
  } catch (error) {
    return error instanceof QuerySyntaxError;
  }
}

test('adversarial queries: only results or QuerySyntaxError', () => {
  const adversarial = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc
      .array(
        fc.constantFrom(
          '"',
          '(',
          ')',
          '+',
          '-',
          '*',
          '~',
          '^',
          ':',
          'AND ',
          'OR ',
          'NOT ',
          'title:',
          'entity:',
          'date:',
          '..',
          ' ',
          '\u0000',
          '\u0007',
          '\u202e',
          '\u200f',
          'مرحبا',
          '\u0301',
          '🙂',
          '👩‍👩‍👧',
          'ISIS-K',
          'Crocus',
          'a*',
          'e~2',
          '^9',
        ),
        { maxLength: 40 },
      )
      .map((p) => p.join('')),
  );
  fc.assert(
    fc.property(
      adversarial,
      (text) =>
        searchOrSyntaxError(index, text) && searchOrSyntaxError(index, text, { parse: false }),
    ),
    { numRuns: 4000, seed: 7 },
  );
});

test('huge queries are answered or refused, never left to run long', () => {
  const cases = [
    'crocus '.repeat(15_000),
    'a'.repeat(100_000),
    '('.repeat(50_000),
    '"'.repeat(100_000),
    `"${'crocus city '.repeat(8000)}"`,
    'a* '.repeat(20_000),
    'x~2 '.repeat(20_000),
    '🙂'.repeat(50_000),
  ];
  for (const text of cases) {
    assert.ok(searchOrSyntaxError(index, text), text.slice(0, 20));
    assert.ok(searchOrSyntaxError(index, text, { parse: false }), text.slice(0, 20));
  }
  assert.throws(
    () => index.search('x'.repeat(100_001)),
    (e: unknown) => e instanceof QuerySyntaxError,
  );
});

test('results are consistent: sorted, unique, paged, total equals the matches', () => {
  const words = [...new Set(seed.flatMap((d) => d.body.split(/\s+/)))].slice(0, 400);
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }),
      fc.nat(8),
      fc.integer({ min: 1, max: 6 }),
      (picked, offset, limit) => {
        const query = picked.join(' ');
        const options = { parse: false, typoTolerance: false, entityBoost: 0 };
        const all = index.search(query, { ...options, limit: 100 });
        const page = index.search(query, { ...options, limit, offset });
        const terms = new Set(index.analyzer.analyze(query).map((t) => t.term));
        const matching = seed.filter((d) =>
          index.analyzer.analyze(`${d.title} ${d.body}`).some((t) => terms.has(t.term)),
        ).length;
        return (
          all.total === matching &&
          page.total === matching &&
          JSON.stringify(page.results.map((r) => r.id)) ===
            JSON.stringify(all.results.slice(offset, offset + limit).map((r) => r.id))
        );
      },
    ),
    { numRuns: 300, seed: 3 },
  );
});

test('random add, remove and replace sequences equal a rebuild', () => {
  const docs = seed.flatMap((d, i) => [d, { ...d, id: `${d.id}-copy`, title: `${d.title} ${i}` }]);
  fc.assert(
    fc.property(
      fc.array(
        fc.tuple(
          fc.constantFrom('add', 'remove', 'replace'),
          fc.nat(docs.length - 1),
          fc.nat(docs.length - 1),
        ),
        { maxLength: 40 },
      ),
      (steps) => {
        const live = new SearchIndex();
        const alive = new Map<string, Document>();
        for (const [op, a, b] of steps) {
          const doc = docs[a]!;
          if (op === 'add' && !alive.has(doc.id)) {
            live.add(doc);
            alive.set(doc.id, doc);
          } else if (op === 'remove' && alive.has(doc.id)) {
            live.remove(doc.id);
            alive.delete(doc.id);
          } else if (op === 'replace' && alive.has(doc.id)) {
            const next = { ...docs[b]!, id: doc.id };
            live.replace(next);
            alive.delete(doc.id);
            alive.set(doc.id, next);
          }
        }
        const rebuilt = new SearchIndex();
        rebuilt.addAll(live.documents());
        for (const query of [
          'crocus attack',
          'tajik migrants',
          'ISKP',
          'Mirziyoev',
          'entity:Russia',
        ]) {
          const x = live.search(query, { limit: 20 });
          const y = rebuilt.search(query, { limit: 20 });
          if (x.total !== y.total) return false;
          const scores = new Map(y.results.map((r) => [r.id, r.score]));
          if (!x.results.every((r) => Math.abs(scores.get(r.id)! - r.score) < 1e-9)) return false;
        }
        return live.size === alive.size;
      },
    ),
    { numRuns: 60, seed: 11 },
  );
});

test('a saved index cut at any length fails cleanly', () => {
  const small = new SearchIndex();
  small.addAll(seed.slice(0, 2));
  const bytes = small.serialize();
  for (let length = 0; length < bytes.length; length++) {
    assert.throws(
      () => SearchIndex.deserialize(bytes.subarray(0, length)),
      (e: unknown) => e instanceof IndexFileError,
      `length ${length}`,
    );
  }
});

test('foreign files are "not a steppe index"', () => {
  const random = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
  for (const bytes of [
    new Uint8Array(0),
    Buffer.from('{"documents": []}'),
    Buffer.from('PK\u0003\u0004zipzip'),
    random,
    Buffer.from('\u0089PNG\r\n\u001a\n'),
  ]) {
    assert.throws(
      () => SearchIndex.deserialize(bytes),
      (e: unknown) =>
        e instanceof NotAnIndexError && /not a steppe index/.test((e as Error).message),
    );
  }
});

test('a crash in the middle of save leaves the old index intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-crash-'));
  const path = join(dir, 'live.steppe');
  const old = new SearchIndex();
  old.addAll(seed);
  await old.save(path);
  const before = readFileSync(path);
  for (let round = 0; round < 6; round++) {
    const child = spawn(process.execPath, [join(FIXTURES, 'save-loop.mjs'), path, '4000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Let it reach its saves, then kill it at a moment that varies with the round.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 3 + round * 7));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const loaded = await SearchIndex.load(path);
    assert.ok(
      loaded.size === 4000 || loaded.size === seed.length,
      `round ${round}: ${loaded.size} documents`,
    );
  }
  // Killed before its first save completed: the old file is untouched.
  writeFileSync(path, before);
  const child = spawn(process.execPath, [join(FIXTURES, 'save-loop.mjs'), path, '4000'], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => setTimeout(resolve, 150));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(
    (await SearchIndex.load(path)).size === seed.length ||
      (await SearchIndex.load(path)).size === 4000,
  );
  assert.ok(
    existsSync(join(ROOT, 'dist', 'src', 'index.js')),
    'the crash test runs the built library',
  );
});

test('corpus and document input: prototype keys, wrong types, huge documents', () => {
  const polluted = new SearchIndex();
  polluted.add(
    JSON.parse(
      '{"id": "p", "title": "Crocus", "body": "attack", "__proto__": {"x": 1}, "constructor": "y"}',
    ),
  );
  assert.is(({} as Record<string, unknown>).x, undefined);
  assert.equal(polluted.get('p'), { id: 'p', title: 'Crocus', body: 'attack' });
  assert.is(
    polluted.search('constructor:y crocus').total,
    1,
    'an unknown field reads as words, not as a prototype member',
  );
  assert.throws(
    () => polluted.add({ id: 'q', title: 'x', body: 'y', meta: { a: 1 } as never }),
    (e: unknown) => e instanceof DocumentError,
  );
  const dir = mkdtempSync(join(tmpdir(), 'steppe-input-'));
  const file = join(dir, 'bad.jsonl');
  writeFileSync(
    file,
    '{"id":"1","title":"ok","body":"fine"}\n{"id":"2","title":"ok","body":["not","a","string"]}\n',
  );
  assert.throws(
    () => loadCorpusSync(file),
    (e: unknown) =>
      e instanceof CorpusError &&
      /bad\.jsonl:2: "body" must be a string, got an array/.test((e as Error).message),
  );
});

test('a 50 MB document is indexed and found', () => {
  const words = [
    'security',
    'central',
    'asia',
    'migrants',
    'Tajik',
    'border',
    'attack',
    'Russia',
    'ISKP',
    'conference',
  ];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 50_000_000; i++) {
    const word = words[i % words.length]! + (i % 13 === 0 ? '.' : '');
    parts.push(word);
    size += word.length + 1;
  }
  const big = new SearchIndex({ entities: false });
  big.add({ id: 'big', title: 'A very long report', body: parts.join(' ') });
  big.add({ id: 'small', title: 'Short note', body: 'A border incident.' });
  const result = big.search('border');
  assert.equal(result.results.map((r) => r.id).sort(), ['big', 'small']);
  assert.ok(SearchIndex.deserialize(big.serialize()).search('"central asia"').total === 1);
});

test('index files that are corrupt name the problem', () => {
  const bytes = index.serialize();
  const damaged = Uint8Array.from(bytes);
  damaged[Buffer.from(bytes).indexOf('PDOC') + 20]! ^= 0xff;
  assert.throws(
    () => SearchIndex.deserialize(damaged),
    (e: unknown) => e instanceof CorruptIndexError && /section PDOC/.test((e as Error).message),
  );
});

test('a damaged entity registry with valid checksums is refused as corrupt or loads, never fails otherwise', async () => {
  const { readContainer, writeContainer } = await import('../src/codec/container.js');
  const { deflateSync, inflateSync } = await import('node:zlib');
  const { sections } = readContainer(index.serialize());
  const registry = new Uint8Array(inflateSync(sections.get('ENTS')!));
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(registry.length - 1), fc.nat(255)), { minLength: 1, maxLength: 3 }),
      fc.nat(registry.length),
      (edits, cut) => {
        const damaged = registry.slice(0, cut === 0 ? registry.length : cut);
        for (const [at, value] of edits) if (at < damaged.length) damaged[at] = value;
        const file = writeContainer(
          [...sections].map(([tag, payload]) => [
            tag,
            tag === 'ENTS' ? deflateSync(damaged) : payload,
          ]),
        );
        try {
          const loaded = SearchIndex.deserialize(file);
          loaded.search('ISKP attack in Moscow');
          loaded.entityList();
          return true;
        } catch (error) {
          return error instanceof CorruptIndexError;
        }
      },
    ),
    { numRuns: 300, seed: 11 },
  );
});

// A saved index with one section's payload replaced; every checksum stays valid.
function withSection(tag: string, payload: Uint8Array): Uint8Array {
  const small = new SearchIndex();
  small.addAll(seed.slice(0, 2));
  const { sections } = readContainer(small.serialize());
  return writeContainer([...sections].map(([t, p]) => [t, t === tag ? payload : p]));
}

const isCorrupt = (e: unknown): boolean =>
  e instanceof CorruptIndexError && !/[\u0000-\u001f]/.test((e as Error).message);

test('sections with valid checksums but impossible content are CorruptIndexError, never a huge allocation', () => {
  const termCount = new ByteWriter(8);
  termCount.varint(2 ** 28);
  termCount.write(new Uint8Array(22_000));
  assert.throws(() => SearchIndex.deserialize(withSection('TERM', termCount.view())), isCorrupt);
  const docCount = new ByteWriter(8);
  docCount.varint(2 ** 30);
  assert.throws(() => SearchIndex.deserialize(withSection('NORM', docCount.view())), isCorrupt);
  assert.throws(() => SearchIndex.deserialize(withSection('STOR', docCount.view())), isCorrupt);
  assert.throws(() => SearchIndex.deserialize(withSection('META', Buffer.from('{}'))), isCorrupt);
  assert.throws(
    () =>
      SearchIndex.deserialize(
        withSection(
          'META',
          Buffer.from(
            '{"analyzer":{"stemmer":"porter"},"ranking":{},"entityParents":[["iskp","nowhere"]]}',
          ),
        ),
      ),
    isCorrupt,
  );
  // A deflate bomb: 80 MB of zeros in 80 KB.
  const before = process.memoryUsage().rss;
  assert.throws(
    () => SearchIndex.deserialize(withSection('ENTS', deflateSync(new Uint8Array(80 << 20)))),
    isCorrupt,
  );
  assert.ok(process.memoryUsage().rss - before < 400 << 20, 'the bomb was not inflated');
});

test('file bytes never reach a message raw', () => {
  const bytes = new SearchIndex().serialize();
  // The first section's tag set to NUL bytes (no checksum covers it), then the file cut short.
  bytes.fill(0, 20, 24);
  assert.throws(
    () => SearchIndex.deserialize(bytes.subarray(0, 37)),
    (e: unknown) => isCorrupt(e) && /\\u0000/.test((e as Error).message),
  );
});

test('index files that are no regular file, or huge and foreign, are refused at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-files-'));
  const fifo = join(dir, 'fifo.idx');
  spawnSync('mkfifo', [fifo]);
  const zero = join(dir, 'zero.idx');
  symlinkSync('/dev/zero', zero);
  for (const path of [fifo, zero, dir]) {
    await SearchIndex.load(path).then(
      () => assert.unreachable(path),
      (e: unknown) =>
        assert.ok(
          e instanceof IndexFileError && /not a regular file/.test((e as Error).message),
          path,
        ),
    );
  }
  const sparse = join(dir, 'sparse.idx');
  writeFileSync(sparse, 'not an index');
  truncateSync(sparse, 2 ** 31 - 2);
  const started = performance.now();
  await SearchIndex.load(sparse).then(
    () => assert.unreachable(),
    (e: unknown) =>
      assert.ok(e instanceof NotAnIndexError && (e as Error).message.startsWith(sparse)),
  );
  assert.ok(performance.now() - started < 5_000, 'only the magic bytes were read');
});

test('save: long names, saves at once, a full disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-save-'));
  const small = new SearchIndex();
  small.addAll(seed);
  const long = join(dir, `${'n'.repeat(243)}.idx`);
  await small.save(long);
  assert.is((await SearchIndex.load(long)).size, seed.length);
  const path = join(dir, 'same.idx');
  await Promise.all(Array.from({ length: 12 }, () => small.save(path)));
  assert.is((await SearchIndex.load(path)).size, seed.length);
  // A 64 KB file system, where one is allowed (root on Linux): the disk fills mid-save.
  const full = join(dir, 'full');
  mkdirSync(full);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]).status !== 0)
    return console.log('  (full-disk case skipped: cannot mount a small tmpfs)');
  try {
    const old = new SearchIndex();
    old.addAll(seed.slice(0, 1));
    const target = join(full, 'news.idx');
    await old.save(target);
    const big = new SearchIndex();
    big.addAll(
      Array.from({ length: 40 }, (_, i) => ({
        id: `copy-${i}`,
        title: seed[i % seed.length]!.title,
        body: `${seed[i % seed.length]!.body} ${i}`,
      })),
    );
    await big.save(target).then(
      () => assert.unreachable('saved on a full disk'),
      (e: unknown) =>
        assert.ok(
          e instanceof SteppeError &&
            /^disk full while writing .*news\.idx; the old index, if any, is intact$/.test(
              (e as Error).message,
            ),
          String(e),
        ),
    );
    assert.is((await SearchIndex.load(target)).size, 1, 'the old index is intact');
    assert.equal(readdirSync(full), ['news.idx'], 'no temporary file left');
    // The CLI on a disk with 4 KB left: one line, exit 2.
    const { bavail, bsize } = statfsSync(full);
    writeFileSync(join(full, 'filler'), new Uint8Array(Math.max(0, bavail * bsize - 4096)));
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'bin', 'steppe.js'), 'index', CORPUS, '--output', join(full, 'cli.idx')],
      { encoding: 'utf8' },
    );
    assert.is(cli.status, 2, cli.stderr);
    assert.match(
      cli.stderr,
      /^steppe: disk full while writing .*cli\.idx; the old index, if any, is intact\n$/,
    );
  } finally {
    spawnSync('umount', [full]);
  }
});

test('ids and metadata that are not well-formed Unicode, and an explicit id that a derived one took, are refused with a place', () => {
  const target = new SearchIndex();
  assert.throws(
    () => target.add({ id: 'crocus\uD800', title: 'Crocus', body: 'attack' }),
    (e: unknown) =>
      e instanceof DocumentError && /not well-formed Unicode/.test((e as Error).message),
  );
  assert.throws(
    () =>
      target.add({
        id: 'crocus',
        title: 'Crocus',
        body: 'attack',
        ['source\uDC00']: 'x',
      } as Document),
    (e: unknown) => e instanceof DocumentError && /metadata key/.test((e as Error).message),
  );
  assert.is(target.size, 0);
  const dir = mkdtempSync(join(tmpdir(), 'steppe-ids-'));
  const file = join(dir, 'news.jsonl');
  writeFileSync(
    file,
    '{"title": "Tajik migrants", "body": "Thousands were deported."}\n{"id": "tajik-migrants", "title": "Other", "body": "Another article."}\n',
  );
  assert.throws(
    () => loadCorpusSync(file),
    (e: unknown) =>
      e instanceof CorpusError &&
      (e as Error).message ===
        `${file}:2: duplicate id "tajik-migrants" (first at ${file}:1, derived from its title)`,
  );
});

test('a bad numeric option is refused and leaves every later search working', () => {
  assert.throws(
    () => new SearchIndex({ feedback: { documents: 1e9 } }),
    (e: unknown) => e instanceof OptionsError,
  );
  for (const options of [
    { limit: NaN },
    { limit: -1 },
    { offset: Infinity },
    { maxExpansions: 1.5 },
    { fuzzyPenalty: NaN },
    { fuzzyPenalty: 2 },
    { minScore: NaN },
    { entityBoost: -1 },
  ]) {
    assert.throws(
      () => index.search('attack', options),
      (e: unknown) => e instanceof OptionsError,
      JSON.stringify(options),
    );
  }
  const huge = index.search('attack', { limit: 1e9, offset: 0 });
  assert.is(huge.results.length, huge.total);
  assert.ok(index.search('attack').total > 0);
  for (const result of index.search('attack^10000 crocus^10000 "city hall"^10000', { limit: 6 })
    .results)
    assert.ok(Number.isFinite(result.score));
});

test('metadata storage grows with what documents hold: 15,000 documents with a key each', () => {
  const docs = Array.from({ length: 15_000 }, (_, i) => ({
    id: `d${i}`,
    title: `report ${i}`,
    body: 'border security',
    [`field${i}`]: i,
  }));
  const target = new SearchIndex({ workerThread: false });
  target.addAll(docs);
  const bytes = target.serialize();
  assert.ok(bytes.length < 3 << 20, `${bytes.length} bytes`);
  const again = SearchIndex.deserialize(bytes);
  assert.equal(again.search('+report +14999').results[0]?.metadata, { field14999: 14999 });
});

test('with feedback, total counts every result a page can show', () => {
  const words = [...new Set(seed.flatMap((d) => d.title.split(/\s+/)))].slice(0, 120);
  for (const word of words) {
    const all = index.search(word, { feedback: true, limit: 100 });
    assert.is(all.results.length, all.total, word);
    const page = index.search(word, { feedback: true, limit: 1 });
    assert.is(page.total, all.total, word);
  }
});

test.run();

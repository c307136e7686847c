import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectFormat, readJsonl, slugify, stripShortcodes } from '../src/corpus/index.js';
import { loadCorpusSync } from '../src/node/index.js';
import { CorpusError } from '../src/errors.js';
import { CORPUS, FIXTURES, sharedSet } from './helpers.js';

function corpusError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CorpusError, `expected CorpusError, got ${String(error)}`);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable('expected an error');
}

function scratch(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-corpus-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

test('the shipped corpus loads as the six seed articles', () => {
  const docs = loadCorpusSync(CORPUS);
  assert.equal(
    docs.map((d) => d.title),
    [
      'Uzbek Security Chief: SCO Must Help Afghanistan to Fight Islamic State Khorasan Province',
      'Uzbek President: Global Conflicts Undercut Anti-Terror Efforts',
      'Deadly Attacks in Russia Spark Fears of Extremism Amid Ethnic Tensions',
      'Russia Deports Thousands of Tajik Citizens',
      'Islamic State Khorasan Province as Part of the Struggle for Central Asia',
      'Investigation into ISIS-linked Group Smuggling Uzbek Migrants into the U.S.',
    ],
  );
  assert.equal(docs[3]!.id, 'russia-deports-thousands-of-tajik-citizens');
  assert.ok(docs[0]!.body.startsWith('The Shanghai Cooperation Organization (SCO) is holding'));
  assert.ok(docs[0]!.body.endsWith('it is unclear who runs the group.'));
  const iskp = docs[4]!.body;
  assert.ok(
    iskp.includes(
      'Taliban to intensify their counter-terrorism efforts. Sanaullah Ghafari, Emir of ISIS-K has a U$10 million bounty on his head; image: rewardsforjustice.net The countries of Central Asia',
    ),
  );
  assert.not.ok(iskp.includes('[caption') || iskp.includes('[/caption]'));
});

test('seed format: several pages, shortcodes, colliding titles get suffixes', () => {
  const docs = loadCorpusSync(join(FIXTURES, 'two-pages.txt'));
  assert.equal(
    docs.map((d) => d.id),
    ['first-title', 'second-title', 'first-title-2', 'third-uber'],
  );
  assert.equal(docs[0]!.body, 'First body Inner caption text continues [sic].');
  assert.equal(docs[2]!.body, 'A title that collides.');
});

test('seed format: a missing body or a short page names the line', () => {
  corpusError(
    () => loadCorpusSync(join(FIXTURES, 'short-page.txt')),
    /short-page\.txt:7: title "Dangling title" has no body/,
  );
  corpusError(
    () => loadCorpusSync(scratch('x.txt', 'Viewing results 1 - 3 of 3\n\nA\n\nB\n')),
    /x\.txt:1: header announces 3 articles but 1 follow/,
  );
  corpusError(
    () => loadCorpusSync(scratch('x.txt', 'Viewing results 1 - 1 of 1\n\nA\n\nB\n\nC\n\nD\n')),
    /x\.txt:1: header announces 1 articles but 2 follow/,
  );
});

test('shortcode stripping keeps inner text and bracketed words', () => {
  assert.equal(
    stripShortcodes('a [caption id="1" width="2"]b [b]c[/b][/caption] d [sic]'),
    'a b c d [sic]',
  );
  assert.equal(stripShortcodes('x [embed src="v.mp4"] y'), 'x y');
});

test('JSON Lines: text/content as body, numeric ids, scalar and string-list metadata kept, others skipped', () => {
  const file = scratch(
    'docs.jsonl',
    [
      '{"id": 7, "title": "A", "text": "alpha", "date": "2024-05-01", "score": 3, "tags": ["x"], "mixed": ["x", 1], "__proto__": {"polluted": true}}',
      '',
      '{"title": "B title", "content": "beta", "source": "wire", "nested": {"a": 1}}',
    ].join('\n'),
  );
  const docs = readJsonl(readFileSync(file, 'utf8'), file);
  assert.equal(docs[0], {
    id: '7',
    title: 'A',
    body: 'alpha',
    date: '2024-05-01',
    score: 3,
    tags: ['x'],
  });
  assert.equal(docs[1], { id: 'b-title', title: 'B title', body: 'beta', source: 'wire' });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(docs[0]), Object.prototype);
});

test('JSON Lines: a bad line names file and line; one bad line never drops the rest silently', () => {
  corpusError(
    () => loadCorpusSync(scratch('b.jsonl', '{"id":"1","title":"ok"}\n{"id":"2", "title": \n')),
    /b\.jsonl:2: invalid JSON/,
  );
  corpusError(
    () => loadCorpusSync(scratch('b.jsonl', '{"id":"1","title":{"x":1}}\n')),
    /b\.jsonl:1: "title" must be a string, got an object/,
  );
  corpusError(
    () => loadCorpusSync(scratch('b.jsonl', '{"id":"1"}\n{"id":"1"}\n')),
    /b\.jsonl:2: duplicate id "1" \(first at .*b\.jsonl:1\)/,
  );
  corpusError(
    () => loadCorpusSync(scratch('b.jsonl', '[1,2]\n')),
    /b\.jsonl:1: expected a JSON object, got an array/,
  );
  corpusError(
    () => loadCorpusSync(scratch('b.jsonl', '{"id": true}\n')),
    /"id" must be a non-empty string or a number/,
  );
});

test('JSON arrays, text directories, and detection by extension and content', () => {
  const file = scratch(
    'docs.json',
    '[\n  {"id": "a", "title": "T", "body": "B"},\n  {"id": "b", "title": 5}\n]',
  );
  corpusError(() => loadCorpusSync(file), /docs\.json:3: "title" must be a string/);
  const dir = join(file, '..');
  writeFileSync(file, '[{"id": "a", "title": "T", "body": "B"}]');
  writeFileSync(join(dir, 'note.md'), '# A Markdown Note\n\nIts body.\n');
  writeFileSync(join(dir, 'seed.txt'), 'Viewing results 1 - 1 of 1\n\nSeed Title\n\nSeed body.\n');
  writeFileSync(join(dir, 'ignored.csv'), 'a,b\n');
  const docs = loadCorpusSync(dir);
  assert.equal(
    docs.map((d) => [d.id, d.title, d.body]),
    [
      ['a', 'T', 'B'],
      ['note', 'A Markdown Note', 'Its body.'],
      ['seed-title', 'Seed Title', 'Seed body.'],
    ],
  );
  assert.is(detectFormat('x.ndjson', ''), 'jsonl');
  assert.is(detectFormat('x.txt', 'Viewing results 1 - 2 of 9\n'), 'seed');
  assert.is(detectFormat('x.txt', 'plain'), 'text');
  assert.is(loadCorpusSync(join(dir, 'note.md'), { format: 'text' })[0]!.title, 'A Markdown Note');
});

test('invalid UTF-8, missing paths and empty fields', () => {
  const bad = scratch(
    'bad.jsonl',
    Uint8Array.from([
      ...Buffer.from('{"id":"1","title":"ok"}\n{"id":"2","title":"'),
      0xff,
      ...Buffer.from('"}\n'),
    ]),
  );
  corpusError(() => loadCorpusSync(bad), /bad\.jsonl:2: invalid UTF-8/);
  corpusError(
    () => loadCorpusSync('/nonexistent/steppe/corpus'),
    /\/nonexistent\/steppe\/corpus: no such file or directory/,
  );
  const empty = loadCorpusSync(scratch('e.jsonl', '{"id":"x","title":"","body":""}\n'));
  assert.equal(empty, [{ id: 'x', title: '', body: '' }]);
});

test('slugs are stable and ASCII', () => {
  assert.is(
    slugify('Investigation into ISIS-linked Group Smuggling Uzbek Migrants into the U.S.'),
    'investigation-into-isis-linked-group-smuggling-uzbek-migrants-into-the-u-s',
  );
  assert.is(slugify('Über Déjà’s'), 'uber-dejas');
  assert.is(slugify('!!!'), 'untitled');
});

const scifact = sharedSet('scifact');
test('reads the shared scifact docs.jsonl (skipped without ../shared/data)', () => {
  if (scifact === undefined) {
    console.log('  skipped: ../shared/data/scifact is absent');
    return;
  }
  const docs = loadCorpusSync(join(scifact, 'docs.jsonl'));
  assert.is(docs.length, 5183);
  assert.is(docs[0]!.id, '4983');
});

test.run();

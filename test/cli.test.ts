import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS, random, randomDocuments, ROOT } from './helpers.js';

// The built CLI, as a user runs it (npm test builds dist/ first).
const BIN = join(ROOT, 'dist', 'bin', 'steppe.js');

function steppe(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test('the CLI is built', () => {
  assert.ok(existsSync(BIN), `${BIN} is missing: run npm run build`);
});

test('search over the shipped corpus, human output', () => {
  const { code, stdout } = steppe('search', 'deported', 'Tajik', 'citizens', '-n', '2');
  assert.is(code, 0);
  assert.match(stdout, /^1-2 of \d+ for "deported Tajik citizens"/);
  assert.match(stdout, /  1\. Russia Deports Thousands of Tajik Citizens/);
  assert.match(stdout, /russia-deports-thousands-of-tajik-citizens/);
  assert.match(stdout, /\[Tajik\]/);
});

test('search --json prints the documented schema', () => {
  const { code, stdout } = steppe('search', '--json', '-n', '3', 'crocus city hall');
  assert.is(code, 0);
  const out = JSON.parse(stdout);
  assert.equal(Object.keys(out), [
    'query',
    'total',
    'took_ms',
    'corrections',
    'suggestions',
    'entities',
    'results',
    'facets',
  ]);
  assert.equal(
    out.entities.map((e: { key: string }) => e.key),
    ['crocus-city-hall'],
  );
  assert.is(out.facets.place[0].name, 'Crocus City Hall');
  assert.is(out.query, 'crocus city hall');
  assert.is(out.total, 5);
  assert.is(out.results.length, 3);
  for (const [i, r] of out.results.entries()) {
    assert.equal(Object.keys(r), [
      'rank',
      'id',
      'title',
      'score',
      'snippet',
      'highlights',
      'snippet_field',
      'metadata',
      'entities',
    ]);
    assert.ok(
      r.entities.every(
        (e: { key: string; name: string; type: string }) =>
          typeof e.key === 'string' && typeof e.name === 'string' && typeof e.type === 'string',
      ),
    );
    assert.ok(typeof r.score === 'number' && typeof r.snippet === 'string');
    assert.is(r.rank, i + 1);
    for (const [s, e] of r.highlights)
      assert.match(
        r.snippet.slice(s, e),
        /^(Crocus City Hall|Crocus City concert hall|Crocus City Hall attack|Crocus|City|Hall|hall|city)$/,
      );
  }
});

test('query syntax, filters, sort, explain and corrections from the command line', () => {
  const phrase = JSON.parse(steppe('search', '--json', '"press conference"').stdout);
  assert.equal(
    phrase.results.map((r: { id: string }) => r.id),
    ['russia-deports-thousands-of-tajik-citizens'],
  );
  const explained = JSON.parse(
    steppe('search', '--json', '--explain', '-n', '1', 'deported').stdout,
  );
  assert.is(
    explained.results[0].explanation.value.toFixed(6),
    explained.results[0].score.toFixed(6),
  );
  const human = steppe('search', '--explain', '-n', '1', 'deported').stdout;
  assert.match(human, /term "deport": idf/);
  const corrected = steppe('search', 'migrnts').stdout;
  assert.match(
    corrected,
    /^Showing results for "migrant"; search instead for "migrnts" with --exact\n1-4 of 4/,
  );
  assert.match(
    steppe('search', '--exact', 'migrnts').stdout,
    /^Did you mean "migrant"\?\nno results for "migrnts"/,
  );
  // A rare word is a likelier reading than a typo: suggested, never applied.
  assert.match(
    steppe('search', 'deportd').stdout,
    /^Did you mean "deport"\?\nno results for "deportd"/,
  );
  assert.match(steppe('search', 'summit').stdout, /^Did you mean "summer"\?/);
  const titles = JSON.parse(steppe('search', '--json', '--fields', 'title', 'russia').stdout);
  assert.is(titles.total, 2);
  const dir = mkdtempSync(join(tmpdir(), 'steppe-cli-'));
  const docs = join(dir, 'dated.jsonl');
  writeFileSync(
    docs,
    [
      '{"id":"a","title":"Tajik migrants","body":"x","date":"2024-01-02"}',
      '{"id":"b","title":"Tajik citizens","body":"y","date":"2024-07-01"}',
      '{"id":"c","title":"Tajik delegates","body":"z","date":"2024-03-05"}',
    ].join('\n'),
  );
  const file = join(dir, 'dated.steppe');
  assert.is(steppe('index', docs, '-o', file).code, 0);
  const sorted = JSON.parse(
    steppe('search', '--index', file, '--json', '--sort', 'date', 'tajik').stdout,
  );
  assert.equal(
    sorted.results.map((r: { id: string }) => r.id),
    ['b', 'c', 'a'],
  );
  const filtered = JSON.parse(
    steppe('search', '--index', file, '--json', '--filter', 'date=2024-02..2024-12', 'tajik')
      .stdout,
  );
  assert.equal(filtered.results.map((r: { id: string }) => r.id).sort(), ['b', 'c']);
  assert.is(steppe('search', 'crocus)').code, 0);
  const bad = steppe('search', '--strict', 'crocus)');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /^steppe: query syntax error at character 7: unmatched '\)'/);
  assert.is(steppe('search', '--filter', 'nonsense', 'x').code, 2);
});

test('index, then search, show and stats on the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-cli-'));
  const file = join(dir, 'seed.steppe');
  const built = steppe('index', CORPUS, '-o', file);
  assert.is(built.code, 0, built.stderr);
  assert.match(
    built.stdout,
    /^indexed 6 documents, \d+ terms, \d+ entities, \d+ bytes in [\d.]+ s/,
  );
  const found = steppe('search', '--index', file, '--json', 'Mirziyoyev');
  assert.is(
    JSON.parse(found.stdout).results[0].id,
    'uzbek-president-global-conflicts-undercut-anti-terror-efforts',
  );
  const shown = steppe(
    'show',
    '--index',
    file,
    '--json',
    'russia-deports-thousands-of-tajik-citizens',
  );
  assert.is(JSON.parse(shown.stdout).title, 'Russia Deports Thousands of Tajik Citizens');
  const stats = steppe('stats', '--index', file, '--json');
  assert.is(JSON.parse(stats.stdout).documents, 6);
  const singleFile = join(dir, 'single.steppe');
  assert.is(steppe('index', CORPUS, '-o', singleFile, '--no-worker-thread').code, 0);
  assert.ok(readFileSync(singleFile).equals(readFileSync(file)));
  const queries = join(dir, 'q.tsv');
  writeFileSync(queries, 'q1\tcrocus\nq2\tTaliban Pakistan\n');
  const run = join(dir, 'run.txt');
  assert.is(
    steppe('search', '--index', file, '--queries', queries, '--run', run, '-n', '3').code,
    0,
  );
  const lines = readFileSync(run, 'utf8').trim().split('\n');
  assert.is(lines.length, 3 + 2); // crocus: 5 matches cut to 3; Taliban Pakistan: 2 articles
  assert.match(lines[0], /^q1 Q0 \S+ 1 [\d.]+ steppe$/);
});

test('user mistakes: one line on stderr, exit 2, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-cli-'));
  const junk = join(dir, 'junk.steppe');
  writeFileSync(junk, '{"not": "an index"}');
  const cases: [string[], RegExp][] = [
    [
      ['search', '--index', join(dir, 'missing.steppe'), 'x'],
      /missing\.steppe: no such index file/,
    ],
    [['search', '--index', junk, 'x'], /junk\.steppe: not a steppe index/],
    [['search'], /search needs a query/],
    [['search', '-n', 'many', 'x'], /argument 'many' is invalid/],
    [['index', join(dir, 'nope'), '-o', join(dir, 'o.steppe')], /nope: no such file or directory/],
    [['show', 'no-such-article'], /no document with id "no-such-article"/],
    [['eval', join(dir, 'none')], /none: no such directory/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, pattern] of cases) {
    const { code, stderr } = steppe(...args);
    assert.is(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, pattern);
    assert.not.match(stderr, /\n\s+at /, 'no stack trace');
  }
});

test('eval on a small judged set, as text, JSON and a run file', () => {
  const dir = join(ROOT, 'test', 'fixtures', 'tiny-set');
  const text = steppe('eval', dir);
  assert.is(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /documents 3, queries 2\nnDCG@10 1\.0000  Recall@100 1\.0000  MAP 1\.0000  MRR@10 1\.0000  P@10 0\.1000/,
  );
  const runFile = join(mkdtempSync(join(tmpdir(), 'steppe-eval-')), 'run.txt');
  const json = JSON.parse(
    steppe(
      'eval',
      '--json',
      '--run',
      runFile,
      '--docs',
      join(dir, 'docs.jsonl'),
      '--queries',
      join(dir, 'queries.jsonl'),
      '--qrels',
      join(dir, 'qrels.tsv'),
      '--k1',
      '0.9',
      '--b',
      '0.4',
    ).stdout,
  );
  assert.equal(
    { queries: json.queries, ndcg10: json.ndcg10, documents: json.documents },
    { queries: 2, ndcg10: 1, documents: 3 },
  );
  assert.match(readFileSync(runFile, 'utf8'), /^q1 Q0 d1 1 [\d.]+ steppe\n/);
  assert.is(steppe('eval', '--docs', join(dir, 'docs.jsonl')).code, 2);
  assert.is(JSON.parse(steppe('eval', '--json', '--entity-boost', '0', dir).stdout).ndcg10, 1);
  assert.is(steppe('eval', '--entity-boost', '-1', dir).code, 2);
});

test('eval keeps an existing run file unless --force, and --score-run scores one', () => {
  const dir = join(ROOT, 'test', 'fixtures', 'tiny-set');
  const runFile = join(mkdtempSync(join(tmpdir(), 'steppe-eval-')), 'run.txt');
  writeFileSync(runFile, 'q1 Q0 d3 1 9.0 other\nq2 Q0 d1 1 8.0 other\n');
  const refused = steppe('eval', dir, '--run', runFile);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /run\.txt exists: pass --force to overwrite it\n$/);
  assert.match(readFileSync(runFile, 'utf8'), /other\n$/, 'the run file was changed');
  // The other engine's run, scored as it stands: its rankings are wrong for both queries.
  const scored = JSON.parse(steppe('eval', dir, '--score-run', runFile, '--json').stdout);
  assert.is(scored.queries, 2);
  assert.ok(scored.ndcg10 < 1, String(scored.ndcg10));
  assert.is(steppe('eval', dir, '--run', runFile, '--force').code, 0);
  assert.match(readFileSync(runFile, 'utf8'), /^q1 Q0 d1 1 [\d.]+ steppe\n/);
  const own = JSON.parse(steppe('eval', dir, '--score-run', runFile, '--json').stdout);
  assert.is(own.ndcg10, 1);
  assert.is(steppe('eval', '--score-run', runFile).code, 2);
  assert.is(steppe('eval', dir, '--score-run', join(dir, 'missing.run')).code, 2);
});

test('index --schema: any text fields and typed metadata; without one, the inferred types are said', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-schema-'));
  const docs = join(dir, 'news.jsonl');
  writeFileSync(
    docs,
    [
      '{"id":"a","title":"Tashkent hosts SCO talks","lead":"Delegates met in Tashkent.","body":"Border security.","tags":["security"],"date":"2024-03-05T09:00:00Z","words":120}',
      '{"id":"b","title":"Migrants return","lead":"Tajik migrants leave Moscow.","body":"Police raids.","tags":["migration","security"],"date":"2024-03-07","words":300}',
    ].join('\n'),
  );
  const inferred = steppe('index', docs, '-o', join(dir, 'plain.steppe'));
  assert.is(inferred.code, 0, inferred.stderr);
  assert.match(
    inferred.stdout,
    /text fields: title, body; metadata: lead \(keyword, inferred\), tags \(keyword, inferred\), date \(date, inferred\), words \(number, inferred\)\n$/,
  );
  const schema = join(dir, 'schema.json');
  writeFileSync(
    schema,
    '{"fields": {"title": {"weight": 3}, "lead": {"weight": 2}, "body": {}, "tags": {"stored": false}}, "metadata": {"date": "date"}}',
  );
  const built = steppe('index', docs, '--schema', schema, '-o', join(dir, 'news.steppe'));
  assert.is(built.code, 0, built.stderr);
  assert.match(
    built.stdout,
    /text fields: title, lead, body, tags; metadata: date \(date\), words \(number, inferred\)/,
  );
  const index = join(dir, 'news.steppe');
  const found = JSON.parse(steppe('search', '--index', index, '--json', 'lead:Moscow').stdout);
  assert.equal(
    found.results.map((r: { id: string }) => r.id),
    ['b'],
  );
  const sorted = JSON.parse(
    steppe('search', '--index', index, '--json', '--sort', 'date:asc', 'tags:security').stdout,
  );
  assert.equal(
    sorted.results.map((r: { id: string }) => r.id),
    ['a', 'b'],
  );
  const dated = steppe(
    'search',
    '--index',
    index,
    '--json',
    '--filter',
    'date=2024-03-07',
    'security',
  );
  assert.equal(
    JSON.parse(dated.stdout).results.map((r: { id: string }) => r.id),
    ['b'],
  );
  for (const [args, message] of [
    [
      ['search', '--index', index, 'x', '--filter', 'when=2024'],
      /filter on "when": no such metadata field in this index \(it has date, words\)/,
    ],
    [['search', '--index', index, 'x when:2024..'], /no field "when" in this index/],
    [
      ['search', '--index', index, 'x', '--filter', 'date=soon'],
      /date: a date field: "soon" is not an ISO 8601 date/,
    ],
    [
      ['index', docs, '--schema', join(dir, 'none.json'), '-o', join(dir, 'x.steppe')],
      /none\.json: no such schema file/,
    ],
    [
      ['search', '--index', index, 'x', '--fields', 'headline'],
      /fields may name title, lead, body and tags, not "headline"/,
    ],
  ] as const) {
    const result = steppe(...args);
    assert.is(result.code, 2, args.join(' '));
    assert.match(result.stderr, message);
    assert.not.match(result.stderr, /\n\s+at /);
  }
  writeFileSync(schema, '{"fields": {"headline": {}, "text": {}}}');
  const mismatch = steppe('index', docs, '--schema', schema, '-o', join(dir, 'y.steppe'));
  assert.is(mismatch.code, 2);
  assert.match(mismatch.stderr, /document "a" has a title .* but the schema has no title field/);
});

test('entities: listing, per article, and searching without them', () => {
  const list = JSON.parse(steppe('entities', '--json', '--top', '3').stdout);
  assert.is(list.length, 3);
  assert.ok(list[0].documents >= list[1].documents);
  const people = JSON.parse(steppe('entities', '--json', '--type', 'person').stdout);
  assert.ok(people.some((e: { name: string }) => e.name === 'Alejandro Mayorkas'));
  assert.ok(people.every((e: { type: string }) => e.type === 'person'));
  assert.match(steppe('entities').stdout, /Islamic State Khorasan Province/);
  const shown = JSON.parse(
    steppe('show', '--json', 'russia-deports-thousands-of-tajik-citizens').stdout,
  );
  assert.ok(
    shown.entities.some(
      (e: { key: string; mentions: number }) => e.key === 'habibullo-nazarzoda' && e.mentions === 2,
    ),
  );
  assert.match(
    steppe('show', 'russia-deports-thousands-of-tajik-citizens').stdout,
    /Habibullo Nazarzoda \(person\): 2 mentions/,
  );
  const withEntities = JSON.parse(steppe('search', '--json', 'Wilayat', 'Khorasan').stdout);
  const without = JSON.parse(
    steppe('search', '--json', '--no-entities', 'Wilayat', 'Khorasan').stdout,
  );
  assert.ok(
    withEntities.results.some((r: { id: string }) => r.id.startsWith('uzbek-security-chief')),
  );
  assert.equal(without.entities, []);
  assert.match(
    steppe('search', 'Wilayat', 'Khorasan').stdout,
    /Entities in these results\n\s+place/,
  );
  const bad = steppe('entities', '--type', 'planet');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--type must be one of person, organization, place, event, group/);
});

test('output piped into a reader that stops early ends quietly', () => {
  const result = spawnSync(
    'sh',
    ['-c', `"${process.execPath}" "${BIN}" search -n 6 crocus | head -c 20`],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  assert.is(result.stdout.length, 20);
  assert.not.match(result.stderr, /EPIPE|at /);
});

test('--help on every command, with examples', () => {
  for (const command of ['search', 'index', 'show', 'stats', 'eval', 'entities', 'serve']) {
    const { code, stdout } = steppe(command, '--help');
    assert.is(code, 0);
    assert.match(stdout, new RegExp(`Usage: steppe ${command}`));
  }
  for (const command of ['search', 'index', 'show', 'stats', 'eval', 'entities', 'serve'])
    assert.match(steppe(command, '--help').stdout, /Examples:/, command);
});

test('serve: prints its address, answers, warns off loopback, stops on SIGTERM', async () => {
  const start = (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const address = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        stdout += c;
        const found = /steppe serve: (http:\/\/\S+) \(6 documents; Ctrl-C stops\)/.exec(stdout);
        if (found) resolve(found[1]!);
      });
      child.on('exit', () => reject(new Error(`exited: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, address, exited, stderr: () => stderr };
  };
  const local = start();
  const url = await local.address;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const found = (await (await fetch(`${url}api/search?q=ISIS-K&limit=1`)).json()) as {
    results: { title: string }[];
  };
  assert.is(
    found.results[0].title,
    'Islamic State Khorasan Province as Part of the Struggle for Central Asia',
  );
  assert.is(local.stderr(), '');
  local.child.kill('SIGTERM');
  assert.is(await local.exited, 0);
  const open = start('--host', '0.0.0.0');
  await open.address;
  assert.match(open.stderr(), /listening on 0\.0\.0\.0: other machines can reach this page/);
  const port = new URL(await open.address).port;
  const taken = steppe('serve', '--port', port);
  assert.is(taken.code, 2);
  assert.match(taken.stderr, new RegExp(`^steppe: port ${port} on 127\\.0\\.0\\.1 is in use\n$`));
  open.child.kill('SIGINT');
  assert.is(await open.exited, 0);
  const badPort = steppe('serve', '--port', '70000');
  assert.is(badPort.code, 2);
  assert.match(badPort.stderr, /--port must be at most 65535/);
});

test('opensearch mapping prints an index body for the index, shards and replicas as asked', () => {
  const { code, stdout } = steppe('opensearch', 'mapping', '--shards', '2', '--replicas', '1');
  assert.is(code, 0);
  const body = JSON.parse(stdout);
  assert.is(body.settings.number_of_shards, 2);
  assert.is(body.settings.number_of_replicas, 1);
  assert.equal(Object.keys(body.mappings.properties).slice(0, 2), ['title', 'body']);
  assert.match(steppe('opensearch', 'mapping', '--help').stdout, /Examples:/);
  assert.is(steppe('opensearch', 'mapping', '--shards', 'x').code, 2);
});

test('an index is opened in parts: damage in a part read by the search is one line, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-cli-'));
  const file = join(dir, 'seed.steppe');
  assert.is(steppe('index', CORPUS, '-o', file).code, 0);
  assert.is(steppe('search', '--index', file, 'ISKP').code, 0);
  const bytes = readFileSync(file);
  // The last byte of STOR's last block: the metadata columns every shown result reads.
  const stor = bytes.indexOf('STOR');
  const length = bytes.readUInt32LE(stor + 4);
  bytes[stor + 16 + length - 3]! ^= 0x01;
  writeFileSync(file, bytes);
  const { code, stderr } = steppe('search', '--index', file, 'ISKP');
  assert.is(code, 2);
  assert.match(
    stderr,
    /^steppe: .*seed\.steppe: corrupt index: checksum mismatch in block \d+ of section STOR\n$/,
  );
});

test('search --at-least: a lower bound where counting would cost, said in both outputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-cli-'));
  const corpus = join(dir, 'random.jsonl');
  writeFileSync(
    corpus,
    randomDocuments(3000, random(9))
      .map((d) => JSON.stringify(d))
      .join('\n'),
  );
  const file = join(dir, 'random.steppe');
  assert.is(steppe('index', corpus, '-o', file, '--no-entities').code, 0);
  const exact = JSON.parse(steppe('search', '--index', file, '--json', 'w0x w1x w2x').stdout);
  const bound = JSON.parse(
    steppe('search', '--index', file, '--json', '--at-least', 'w0x w1x w2x').stdout,
  );
  assert.is(exact.total_relation, undefined);
  assert.is(bound.total_relation, 'gte');
  assert.ok(bound.total <= exact.total && bound.total > 0);
  assert.equal(
    bound.results.map((r: { id: string }) => r.id),
    exact.results.map((r: { id: string }) => r.id),
  );
  assert.match(
    steppe('search', '--index', file, '--at-least', 'w0x w1x w2x').stdout,
    /^1-10 of at least \d+ for/,
  );
});

test.run();

// src/opensearch/: the index body steppe gives OpenSearch, checked as data and, where a node
// answers (opensearch/node.sh start, or STEPPE_OPENSEARCH_URL), against a real OpenSearch 2.19.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  Analyzer,
  correctionClause,
  ENTITY_FIELDS,
  loadCorpusSync,
  OpenSearchIndex,
  OptionsError,
  opensearchIndexBody,
  parseQuery,
  toOpenSearchQuery,
  PushError,
  pushToOpenSearch,
  QuerySyntaxError,
  SearchIndex,
  SteppeError,
  WORDS_FIELD,
  wordsFieldLayout,
} from '../src/node/index.js';
import { CORPUS, datedNews, ROOT } from './helpers.js';

const URL_BASE = process.env.STEPPE_OPENSEARCH_URL ?? 'http://127.0.0.1:9250';
const seed = loadCorpusSync(CORPUS);

/** Whether a node answers; says `skipped: …` when none does. */
async function nodeAnswers(): Promise<boolean> {
  try {
    const response = await fetch(`${URL_BASE}/_cluster/health`, {
      signal: AbortSignal.timeout(2000),
    });
    if (response.ok) return true;
  } catch {
    // No node there: skipped below.
  }
  console.log(`  skipped: no OpenSearch at ${URL_BASE} (opensearch/node.sh start)`);
  return false;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${URL_BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

// A new OpenSearch index `name` made from `body`, any old one of that name dropped first.
async function createIndex(name: string, body: unknown): Promise<void> {
  await call('DELETE', `/${name}`);
  const created = await call('PUT', `/${name}`, body);
  assert.is(created.status, 200, JSON.stringify(created.json));
}

test('the index body: a text field per field, metadata by type, entities, weights in _meta', () => {
  const index = new SearchIndex({
    fields: { title: { weight: 3 }, lead: { weight: 2 }, body: {}, tags: { stored: false } },
    metadata: { date: 'date', words: 'number', source: 'keyword' },
  });
  const body = opensearchIndexBody(index.schema, index.analyzer.config, { shards: 2, replicas: 1 });
  const mappings = body.mappings as { properties: Record<string, any>; _meta: any; _source: any };
  assert.equal(Object.keys(mappings.properties), [
    'title',
    'lead',
    'body',
    'tags',
    WORDS_FIELD,
    'date',
    'words',
    'source',
    ENTITY_FIELDS.keys,
    ENTITY_FIELDS.salience,
  ]);
  assert.is(mappings.properties.title.analyzer, 'steppe');
  assert.is(mappings.properties.date.type, 'date');
  assert.is(mappings.properties.words.type, 'double');
  assert.is(mappings.properties.source.type, 'keyword');
  assert.is(mappings.properties[ENTITY_FIELDS.salience].type, 'rank_features');
  assert.equal(mappings._source.excludes, ['tags', WORDS_FIELD]);
  // Every field's words in one field, title 3 times, lead 2, body and tags once.
  assert.equal(mappings._meta.steppe.words_field.repeats, { title: 3, lead: 2, body: 1, tags: 1 });
  assert.is(mappings.properties[WORDS_FIELD].similarity, WORDS_FIELD);
  assert.equal((body.settings as any).similarity[WORDS_FIELD], { type: 'BM25', k1: 1.5, b: 0.75 });
  assert.equal(mappings._meta.steppe.fields[0], { name: 'title', weight: 3, b: 0.75 });
  assert.is((body.settings as { number_of_shards: number }).number_of_shards, 2);
  const custom = new SearchIndex({ analyzer: { stemmer: (w: string) => w } });
  assert.throws(
    () => opensearchIndexBody(custom.schema, custom.analyzer.config),
    (e: Error) => e instanceof OptionsError && /custom stemmer/.test(e.message),
  );
  const plain = new SearchIndex({ analyzer: { stopWords: false, stemmer: 'none' } });
  const chain = (opensearchIndexBody(plain.schema, plain.analyzer.config).settings as any).analysis
    .analyzer.steppe.filter;
  assert.equal(chain, ['lowercase', 'asciifolding', 'steppe_possessive']);
});

test('a real OpenSearch takes the body and analyzes the seed articles as steppe does, hyphens aside', async () => {
  if (!(await nodeAnswers())) return;
  const index = new SearchIndex();
  index.addAll(seed);
  await createIndex(
    'steppe-test-analysis',
    opensearchIndexBody(index.schema, index.analyzer.config),
  );
  const analyzer = new Analyzer();
  let same = 0;
  let total = 0;
  const missing: string[] = [];
  for (const doc of seed) {
    const text = `${doc.title}\n${doc.body}`;
    const { json } = await call('POST', '/steppe-test-analysis/_analyze', {
      analyzer: 'steppe',
      text,
    });
    const theirs = new Map<string, number>();
    for (const { token } of json.tokens as { token: string }[])
      theirs.set(token, (theirs.get(token) ?? 0) + 1);
    for (const { term } of analyzer.analyze(text)) {
      total++;
      const left = theirs.get(term) ?? 0;
      if (left > 0) {
        same++;
        theirs.set(term, left - 1);
      } else missing.push(term);
    }
  }
  console.log(
    `  analysis agreement on the seed: ${((100 * same) / total).toFixed(1)} % of ${total} terms`,
  );
  assert.ok(same / total >= 0.98, `${same}/${total}`);
  // What differs is steppe's joined form of hyphenated words (OpenSearch keeps the parts)…
  const other = missing.filter((term) => !term.includes('-'));
  // …and a web address, one token there, two words here.
  assert.equal(other, ['rewardsforjustic', 'net']);
  for (const [text, terms] of [
    ['Moscow’s deported Tajiks', ['moscow', 'deport', 'tajik']],
    ['U.S. officials counted 4,000 migrants', ['us', 'offici', 'count', '4000', 'migrant']],
    ['Nazarzóda said', ['nazarzoda', 'said']],
  ] as const) {
    const { json } = await call('POST', '/steppe-test-analysis/_analyze', {
      analyzer: 'steppe',
      text,
    });
    assert.equal(
      json.tokens.map((t: { token: string }) => t.token),
      terms,
      text,
    );
    assert.equal(
      analyzer.analyze(text).map((t) => t.term),
      terms,
      text,
    );
  }
  await call('DELETE', '/steppe-test-analysis');
});

test('a real OpenSearch stores dates, keywords, entity keys and salience as the mapping says', async () => {
  if (!(await nodeAnswers())) return;
  const index = new SearchIndex({ metadata: { date: 'date', source: 'keyword' } });
  await createIndex('steppe-test-types', opensearchIndexBody(index.schema, index.analyzer.config));
  const docs = [
    {
      title: 'Tajik migrants',
      body: 'deported from Moscow',
      date: '2024-06',
      source: 'Wire',
      iskp: 0.2,
    },
    {
      title: 'ISKP claims',
      body: 'an attack near Moscow',
      date: '2024-03-05T18:30:00+05:00',
      source: 'wire',
      iskp: 0.9,
    },
  ];
  for (const [i, { iskp, ...doc }] of docs.entries()) {
    const put = await call('PUT', `/steppe-test-types/_doc/${i}?refresh=true`, {
      ...doc,
      [ENTITY_FIELDS.keys]: ['iskp', 'moscow'],
      [ENTITY_FIELDS.salience]: { iskp, moscow: 0.5 },
    });
    assert.is(put.status, 201, JSON.stringify(put.json));
  }
  const search = async (query: unknown) =>
    (await call('POST', '/steppe-test-types/_search', { query })).json.hits.hits.map(
      (h: { _id: string }) => h._id,
    );
  assert.equal(await search({ range: { date: { gte: '2024-06', lte: '2024-06' } } }), ['0']);
  assert.equal((await search({ term: { source: 'WIRE' } })).sort(), ['0', '1']);
  assert.equal(await search({ rank_feature: { field: `${ENTITY_FIELDS.salience}.iskp` } }), [
    '1',
    '0',
  ]);
  assert.equal(await search({ match: { body: 'deported' } }), ['0']);
  const unknown = await call('PUT', '/steppe-test-types/_doc/9', { title: 'x', nonsense: 1 });
  assert.is(unknown.status, 400, 'a field the mapping lacks is refused, not added');
  await call('DELETE', '/steppe-test-types');
});

test('push: every document under its id with its entities; a second push replaces', async () => {
  if (!(await nodeAnswers())) return;
  const index = new SearchIndex({ metadata: { date: 'date' } });
  index.addAll(datedNews());
  await call('DELETE', '/steppe-test-push');
  const progress: number[] = [];
  const report = await pushToOpenSearch(index, {
    url: URL_BASE,
    index: 'steppe-test-push',
    batchSize: 10,
    onProgress: (sent) => progress.push(sent),
  });
  assert.is(report.sent, index.size);
  assert.is(report.batches, Math.ceil(index.size / 10));
  assert.equal(progress.at(-1), index.size);
  const count = async () => (await call('GET', '/steppe-test-push/_count')).json.count;
  assert.is(await count(), index.size);
  const id = datedNews()[4]!.id;
  const stored = (await call('GET', `/steppe-test-push/_doc/${encodeURIComponent(id)}`)).json
    ._source;
  assert.equal(
    stored[ENTITY_FIELDS.keys],
    index.entities(id).map((e) => e.key),
  );
  assert.is(stored.date, index.get(id)!.date);
  await pushToOpenSearch(index, { url: URL_BASE, index: 'steppe-test-push' });
  assert.is(await count(), index.size, 'the same ids again: replaced, not duplicated');
  // A document the index refuses is named, and the others still go in.
  await call('DELETE', '/steppe-test-push');
  await call('PUT', '/steppe-test-push', {
    mappings: { properties: { date: { type: 'integer' } } },
  });
  try {
    await pushToOpenSearch(index, { url: URL_BASE, index: 'steppe-test-push' });
    assert.unreachable('refused documents were not reported');
  } catch (error) {
    assert.instance(error, PushError);
    const { rejected } = error as PushError;
    assert.is(rejected.length, index.size);
    assert.match(rejected[0]!.reason, /^400 (mapper_parsing_exception|document_parsing_exception)/);
    assert.match(
      (error as Error).message,
      new RegExp(`refused ${index.size} documents of ${index.size}`),
    );
  }
  await call('DELETE', '/steppe-test-push');
});

test('push sends 429s and 5xx again, and says so when OpenSearch cannot be reached', async () => {
  // A stand-in that speaks just enough of OpenSearch: every document is refused with 429 the
  // first time it is seen, and the first bulk request fails as a whole with 503.
  const seen = new Set<string>();
  let bulks = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'HEAD') return void response.writeHead(200).end();
      if (!request.url!.startsWith('/_bulk')) return void response.end('{}');
      if (bulks++ === 0) return void response.writeHead(503).end('{"error":{"reason":"busy"}}');
      const lines = body
        .trim()
        .split('\n')
        .filter((_, i) => i % 2 === 0);
      const items = lines.map((line) => {
        const id = JSON.parse(line).index._id as string;
        const status = seen.has(id) ? 201 : 429;
        seen.add(id);
        return {
          index: {
            _id: id,
            status,
            ...(status === 429 && {
              error: { type: 'es_rejected_execution_exception', reason: 'queue full' },
            }),
          },
        };
      });
      response.end(JSON.stringify({ errors: true, items }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const index = new SearchIndex();
    index.addAll(seed);
    const report = await pushToOpenSearch(index, { url, index: 'x', batchSize: 4 });
    assert.is(report.sent, 6);
    assert.is(report.retried, 4 + 6);
    assert.is(seen.size, 6);
  } finally {
    server.close();
  }
  try {
    const index = new SearchIndex();
    index.addAll(seed);
    await pushToOpenSearch(index, { url: 'http://127.0.0.1:9', index: 'x', attempts: 1 });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, SteppeError);
    assert.match((error as Error).message, /^cannot reach OpenSearch at http:\/\/127\.0\.0\.1:9: /);
  }
});

test('steppe opensearch push from the command line: a corpus in, mistakes as one line, exit 2', async () => {
  const steppe = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [join(ROOT, 'dist', 'bin', 'steppe.js'), 'opensearch', 'push', ...args],
      {
        encoding: 'utf8',
      },
    );
  const unreachable = steppe(CORPUS, '--url', 'http://127.0.0.1:9', '--index', 'x');
  assert.is(unreachable.status, 2);
  assert.match(
    unreachable.stderr,
    /^steppe: cannot reach OpenSearch at http:\/\/127\.0\.0\.1:9: .*\n$/,
  );
  if (!(await nodeAnswers())) return;
  await call('DELETE', '/steppe-test-cli');
  const pushed = steppe(CORPUS, '--url', URL_BASE, '--index', 'steppe-test-cli');
  assert.is(pushed.status, 0, pushed.stderr);
  assert.match(pushed.stdout, /^pushed 6 documents to steppe-test-cli in 1 batches/);
  assert.is((await call('GET', '/steppe-test-cli/_count')).json.count, 6);
  // An index file is opened, not read whole, and gives the same documents.
  const file = join(tmpdir(), `steppe-push-${process.pid}.steppe`);
  const built = spawnSync(
    process.execPath,
    [join(ROOT, 'dist', 'bin', 'steppe.js'), 'index', CORPUS, '-o', file],
    { encoding: 'utf8' },
  );
  assert.is(built.status, 0, built.stderr);
  await call('DELETE', '/steppe-test-cli-file');
  const fromFile = steppe(file, '--url', URL_BASE, '--index', 'steppe-test-cli-file');
  assert.is(fromFile.status, 0, fromFile.stderr);
  assert.is((await call('GET', '/steppe-test-cli-file/_count')).json.count, 6);
  await call('DELETE', '/steppe-test-cli-file');
  const search = spawnSync(
    process.execPath,
    [
      join(ROOT, 'dist', 'bin', 'steppe.js'),
      'search',
      '--opensearch',
      URL_BASE,
      '--opensearch-index',
      'steppe-test-cli',
      '--json',
      'Wilayat Khorasan',
    ],
    { encoding: 'utf8' },
  );
  assert.is(search.status, 0, search.stderr);
  const found = JSON.parse(search.stdout);
  assert.is(found.total, 3);
  assert.is(
    found.results[0].id,
    'islamic-state-khorasan-province-as-part-of-the-struggle-for-central-asia',
  );
  await call('DELETE', '/steppe-test-cli');
});

test('queries translate: words over the weighted fields, scopes, phrases, filters, entities, groups', () => {
  const context = {
    fields: [
      { name: 'title', weight: 3 },
      { name: 'body', weight: 1 },
    ],
    metadata: new Map([['date', 'date' as const]]),
    entityKey: (name: string) => (name.toLowerCase() === 'iskp' ? 'iskp' : undefined),
    maxExpansions: 64,
  };
  const dsl = (q: string) =>
    toOpenSearchQuery(parseQuery(q, { isMetadataField: (n) => n === 'date' }), context) as any;
  // Over some fields only: cross_fields over them, weighted.
  const words = dsl('Tajik migrants').bool;
  assert.equal(words.should, [
    {
      multi_match: {
        query: 'Tajik migrants',
        type: 'cross_fields',
        fields: ['title^2', 'body'],
        operator: 'or',
      },
    },
  ]);
  assert.is(words.minimum_should_match, 1);
  // Over all of them: one BM25 field of every field's words, repeated by weight.
  const everywhere = toOpenSearchQuery(parseQuery('Tajik migrants'), {
    ...context,
    wordsField: WORDS_FIELD,
  }) as any;
  assert.equal(everywhere.bool.should, [
    { match: { [WORDS_FIELD]: { query: 'Tajik migrants', operator: 'or' } } },
  ]);
  assert.equal(
    wordsFieldLayout(
      [
        { weight: 3, b: 0.75 },
        { weight: 1, b: 0.75 },
      ],
      1.2,
    ),
    {
      repeats: [3, 1],
      k1: 1.2,
      b: 0.75,
    },
  );
  // A corrected word's term, not analyzed again, where the word's scope says.
  assert.equal(
    correctionClause('migrant', 0.8, undefined, { ...context, wordsField: WORDS_FIELD }),
    {
      match: { [WORDS_FIELD]: { query: 'migrant', analyzer: 'whitespace', boost: 0.8 } },
    },
  );
  assert.equal(correctionClause('migrant', 0.64, 'title', context), {
    match: { title: { query: 'migrant', analyzer: 'whitespace', boost: 0.64 } },
  });
  // Weights as ratios of the least, k1 scaled with them, b weighted by the repeats.
  assert.equal(
    wordsFieldLayout(
      [
        { weight: 1, b: 0.5 },
        { weight: 0.5, b: 1 },
        { weight: 40, b: 0.75 },
      ],
      1.2,
    ),
    {
      repeats: [2, 1, 10],
      k1: 2.4,
      b: Number(((2 * 0.5 + 1 + 10 * 0.75) / 13).toFixed(6)),
    },
  );
  const mixed = dsl(
    '+Tajik "press conference"~2 -Moscow title:deport* date:2024-01..2024-06 entity:ISKP',
  ).bool;
  assert.is(mixed.must.length, 2, 'the required word and the entity');
  assert.equal(mixed.must[1].bool.filter, [{ term: { [ENTITY_FIELDS.keys]: 'iskp' } }]);
  assert.equal(mixed.filter, [{ range: { date: { gte: '2024-01', lte: '2024-06' } } }]);
  assert.is(mixed.must_not.length, 1);
  assert.equal(mixed.should[0].multi_match.type, 'phrase');
  assert.is(mixed.should[0].multi_match.slop, 2);
  assert.equal(mixed.should[1].bool.should[0].prefix.title.rewrite, 'top_terms_64');
  assert.is(mixed.minimum_should_match, 0, 'beside a required word the others only add score');
  // Beside a filter or an entity the words stay needed, as in steppe.
  assert.is(dsl('Tajik migrants entity:ISKP').bool.minimum_should_match, 1);
  assert.equal(dsl('entity:nobody').bool.must, [{ match_none: {} }]);
});

test("the OpenSearch backend answers the shipped corpus' entity queries as steppe does", async () => {
  if (!(await nodeAnswers())) return;
  const local = new SearchIndex();
  local.addAll(seed);
  for (const [name, shards] of [
    ['steppe-test-one', 1],
    ['steppe-test-two', 2],
  ] as const) {
    await call('DELETE', `/${name}`);
    await pushToOpenSearch(local, { url: URL_BASE, index: name, shards });
  }
  const one = new OpenSearchIndex(local, { url: URL_BASE, index: 'steppe-test-one' });
  const two = new OpenSearchIndex(local, { url: URL_BASE, index: 'steppe-test-two' });
  try {
    for (const query of [
      'Wilayat Khorasan',
      'ISIS-K',
      'Mirzioyev',
      'Tajik -Moscow',
      'entity:taliban Tajik',
      '"press conference"',
    ]) {
      const ours = local.search(query);
      const theirs = await one.search(query, { snippets: true, facets: true });
      assert.is(theirs.total, ours.total, query);
      assert.is(theirs.results[0]!.id, ours.results[0]!.id, query);
      // Two shards find the same documents.
      assert.is((await two.search(query)).total, theirs.total, query);
    }
    // With exact statistics (dfs_query_then_fetch) two shards score as one.
    for (const query of [
      'ISIS-K',
      'Tajik migrants deported',
      'Wilayat Khorasan',
      'Tajik -Moscow',
      '"press conference"',
      'title:tajik',
      'body:(deported citizens)',
      'entity:iskp',
      'Mirzioyev',
    ]) {
      const split = await two.search(query);
      const whole = await one.search(query);
      assert.ok(whole.total > 0, query);
      assert.equal(
        split.results.map((r) => [r.id, r.score.toFixed(4)]),
        whole.results.map((r) => [r.id, r.score.toFixed(4)]),
        query,
      );
    }
    // A word no document has is corrected as steppe corrects it, and said; the results follow.
    for (const query of ['migrnts deportd', 'title:migrnts', 'Uzbekistn security']) {
      const ours = local.search(query);
      const theirs = await one.search(query);
      assert.ok(ours.corrections.length > 0, query);
      assert.equal(theirs.corrections, ours.corrections, query);
      assert.is(theirs.total, ours.total, query);
      assert.equal(
        new Set(theirs.results.map((r) => r.id)),
        new Set(ours.results.map((r) => r.id)),
        query,
      );
    }
    // The options that change how steppe reads a query, read the same way.
    for (const [query, options] of [
      ['ISIS-K attack', { defaultOperator: 'and' }],
      ['Tajik migrants Moscow', { defaultOperator: 'and' }],
      ['title:(Tajik', { parse: false }],
      ['ISKP -Moscow', { parse: false }],
    ] as const) {
      const ours = local.search(query, options);
      const theirs = await one.search(query, options);
      assert.ok(ours.total > 0, query);
      assert.is(theirs.total, ours.total, query);
      assert.equal(
        new Set(theirs.results.map((r) => r.id)),
        new Set(ours.results.map((r) => r.id)),
        query,
      );
    }
    await one.search('title:(Tajik', { strict: true }).then(
      () => assert.unreachable('strict refuses an unclosed group'),
      (e: unknown) => assert.ok(e instanceof QuerySyntaxError),
    );
    // A lower bound is OpenSearch's own count, exact this far below its 10,000.
    const bounded = await one.search('Tajik migrants', { total: 'atLeast' });
    assert.equal(
      [bounded.total, bounded.totalRelation],
      [local.search('Tajik migrants').total, undefined],
    );
    const asTyped = await one.search('migrnts deportd', { typoTolerance: false });
    assert.equal([asTyped.corrections, asTyped.total], [[], 0]);
    assert.ok(asTyped.suggestions.length > 0);
    const iskp = await one.search('ISKP', { snippets: true, facets: true, limit: 1 });
    const snippet = iskp.results[0]!.snippet!;
    assert.ok(snippet.highlights.every(([a, b]) => /iskp/i.test(snippet.text.slice(a, b))));
    assert.ok(iskp.facets!.group!.some((f) => f.key === 'iskp'));
    try {
      await one.search('x', { explain: true });
      assert.unreachable();
    } catch (error) {
      assert.instance(error, OptionsError);
      assert.match((error as Error).message, /explain is not supported by the OpenSearch backend/);
    }
  } finally {
    await one.close();
    await two.close();
    for (const name of ['steppe-test-one', 'steppe-test-two']) await call('DELETE', `/${name}`);
  }
});

test('an OpenSearch index made without the words field is refused, not searched wrongly', async () => {
  if (!(await nodeAnswers())) return;
  const local = new SearchIndex();
  local.addAll(seed);
  const body = opensearchIndexBody(local.schema, local.analyzer.config) as any;
  delete body.mappings.properties[WORDS_FIELD];
  await createIndex('steppe-test-old', body);
  const remote = new OpenSearchIndex(local, { url: URL_BASE, index: 'steppe-test-old' });
  try {
    await remote.search('ISKP').then(
      () => assert.unreachable('an index without steppe_words must be refused'),
      (e: unknown) =>
        assert.ok(
          e instanceof OptionsError &&
            /"steppe-test-old" has no steppe_words field/.test(e.message),
        ),
    );
  } finally {
    await remote.close();
    await call('DELETE', '/steppe-test-old');
  }
});

test('a two-node cluster: 2 shards with 1 replica answer as one shard, and go on with a node stopped', async () => {
  const java = spawnSync('sh', ['-c', 'command -v java && command -v mvn'], { encoding: 'utf8' });
  if (java.status !== 0) {
    console.log('  skipped: no java and mvn for a cluster of two (opensearch/node.sh start 2)');
    return;
  }
  const port = 9260;
  const env = {
    ...process.env,
    STEPPE_OPENSEARCH_PORT: String(port),
    STEPPE_OPENSEARCH_HOME: join(tmpdir(), `steppe-cluster-${process.pid}`),
  };
  const script = join(ROOT, 'opensearch', 'node.sh');
  const started = spawnSync(script, ['start', '2'], { env, encoding: 'utf8' });
  assert.is(started.status, 0, started.stderr);
  const url = `http://127.0.0.1:${port}`;
  try {
    const local = new SearchIndex();
    local.addAll(seed);
    await pushToOpenSearch(local, { url, index: 'cluster', shards: 2, replicas: 1 });
    const health = (await (
      await fetch(`${url}/_cluster/health/cluster?wait_for_status=green&timeout=60s`)
    ).json()) as { status: string; number_of_nodes: number };
    assert.equal([health.status, health.number_of_nodes], ['green', 2]);
    const remote = new OpenSearchIndex(local, { url, index: 'cluster' });
    const queries = ['Wilayat Khorasan', '"press conference"', 'entity:iskp', 'Tajik -Moscow'];
    const before = [];
    for (const q of queries) before.push((await remote.search(q)).results.map((r) => r.id));
    for (const [i, q] of queries.entries()) assert.is(before[i]!.length, local.search(q).total, q);
    // Node 2 holds data only: with it gone the manager stays, and the replicas answer.
    const stopped = spawnSync(script, ['stop-node', '2'], { env, encoding: 'utf8' });
    assert.is(stopped.status, 0, stopped.stderr);
    const after = [];
    for (const q of queries) after.push((await remote.search(q)).results.map((r) => r.id));
    assert.equal(after, before);
    const left = (await (await fetch(`${url}/_cluster/health`)).json()) as {
      status: string;
      number_of_nodes: number;
    };
    assert.equal([left.status, left.number_of_nodes], ['yellow', 1]);
    console.log(
      '  node 2 stopped: search still answers from the replicas (cluster yellow, 1 node)',
    );
    await remote.close();
  } finally {
    spawnSync(script, ['stop'], { env });
  }
});

test.run();

// src/opensearch/: the index body steppe gives OpenSearch, checked as data and, where a node
// answers (opensearch/node.sh start, or STEPPE_OPENSEARCH_URL), against a real OpenSearch 2.19.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Analyzer,
  ENTITY_FIELDS,
  loadCorpusSync,
  OptionsError,
  opensearchIndexBody,
  SearchIndex,
} from '../src/node/index.js';
import { CORPUS } from './helpers.js';

const URL_BASE = process.env.STEPPE_OPENSEARCH_URL ?? 'http://127.0.0.1:9250';
const seed = loadCorpusSync(CORPUS);

async function reachable(): Promise<boolean> {
  try {
    const response = await fetch(`${URL_BASE}/_cluster/health`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
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
  assert.equal(mappings._source.excludes, ['tags']);
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
  if (!(await reachable())) {
    console.log(`  skipped: no OpenSearch at ${URL_BASE} (opensearch/node.sh start)`);
    return;
  }
  const index = new SearchIndex();
  index.addAll(seed);
  await call('DELETE', '/steppe-test-analysis');
  const created = await call(
    'PUT',
    '/steppe-test-analysis',
    opensearchIndexBody(index.schema, index.analyzer.config),
  );
  assert.is(created.status, 200, JSON.stringify(created.json));
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
  if (!(await reachable())) {
    console.log(`  skipped: no OpenSearch at ${URL_BASE} (opensearch/node.sh start)`);
    return;
  }
  const index = new SearchIndex({ metadata: { date: 'date', source: 'keyword' } });
  await call('DELETE', '/steppe-test-types');
  const created = await call(
    'PUT',
    '/steppe-test-types',
    opensearchIndexBody(index.schema, index.analyzer.config),
  );
  assert.is(created.status, 200, JSON.stringify(created.json));
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

test.run();

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OptionsError, SearchIndex, searchJson } from '../src/node/index.js';
import { ids, seedIndex } from './helpers.js';

test('ranks the seed articles sensibly', () => {
  const index = seedIndex();
  assert.is(
    ids(index, 'Mirziyoyev')[0],
    'uzbek-president-global-conflicts-undercut-anti-terror-efforts',
  );
  assert.is(ids(index, 'deported Tajik citizens')[0], 'russia-deports-thousands-of-tajik-citizens');
  assert.is(
    ids(index, 'Alejandro Mayorkas Homeland Security')[0],
    'investigation-into-isis-linked-group-smuggling-uzbek-migrants-into-the-u-s',
  );
  assert.is(
    ids(index, 'Volgograd prison revolt')[0],
    'deadly-attacks-in-russia-spark-fears-of-extremism-amid-ethnic-tensions',
  );
  assert.is(index.search('crocus').total, 5);
  assert.is(index.search('zzzz qqqq').total, 0);
  assert.is(index.search('').total, 0);
  assert.is(index.search('the of and').total, 0);
});

test('paging, limit and minScore', () => {
  const index = seedIndex();
  const all = index.search('central asia terrorism russia', { limit: 10 });
  assert.is(all.total, 6);
  const page = index.search('central asia terrorism russia', { limit: 2, offset: 2 });
  assert.equal(
    page.results.map((r) => r.id),
    all.results.slice(2, 4).map((r) => r.id),
  );
  assert.is(page.total, 6);
  const threshold = all.results[2]!.score;
  const high = index.search('central asia terrorism russia', { minScore: threshold });
  assert.is(high.total, 3);
  assert.throws(
    () => index.search('x', { limit: -1 }),
    (e: unknown) => e instanceof OptionsError,
  );
  assert.throws(
    () => index.search('x', { offset: 1.5 }),
    (e: unknown) => e instanceof OptionsError,
  );
});

test('results carry stored fields and metadata', () => {
  const index = new SearchIndex();
  index.add({
    id: 'a',
    title: 'Tashkent conference',
    body: 'SCO delegates met.',
    date: '2024-09-04',
    source: 'wire',
  });
  const [hit] = index.search('tashkent').results;
  assert.equal(
    { ...hit, score: 0 },
    {
      id: 'a',
      score: 0,
      title: 'Tashkent conference',
      body: 'SCO delegates met.',
      fields: { title: 'Tashkent conference', body: 'SCO delegates met.' },
      metadata: { date: '2024-09-04', source: 'wire' },
    },
  );
  assert.equal(index.get('a'), {
    date: '2024-09-04',
    source: 'wire',
    id: 'a',
    title: 'Tashkent conference',
    body: 'SCO delegates met.',
  });
});

test('mentions: where an article names its entities; searchJson: the CLI and API schema', () => {
  const index = new SearchIndex();
  index.add({
    id: 'k',
    title: 'ISKP in Tajikistan',
    body: 'Wilayat Khorasan recruits in Dushanbe.',
    date: '2024-03-05',
  });
  index.add({ id: 'l', title: 'Dushanbe talks', body: 'Talks in Dushanbe.', date: '2024-05-01' });
  const text = index.get('k')!;
  const named = index
    .mentions('k')
    .map((m) => [m.field, (text[m.field] as string).slice(m.start, m.end), m.key]);
  assert.equal(named, [
    ['title', 'ISKP', 'iskp'],
    ['title', 'Tajikistan', 'tajikistan'],
    ['body', 'Wilayat Khorasan', 'iskp'],
    ['body', 'Dushanbe', 'dushanbe'],
  ]);
  const found = index.search('Dushanbe', { snippets: true, facets: true, histogram: 'date' });
  assert.equal(found.histogram!.interval, 'day');
  assert.equal(
    found.histogram!.buckets.filter((b) => b.count > 0),
    [
      { start: '2024-03-05', count: 1 },
      { start: '2024-05-01', count: 1 },
    ],
  );
  assert.is(found.histogram!.buckets.length, 58);
  const json = searchJson(index, found, 0);
  assert.equal(Object.keys(json.results[0]!), [
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
  assert.is(json.total, 2);
  assert.throws(
    () => index.search('x', { histogram: 'title' }),
    (e: unknown) => e instanceof OptionsError,
  );
});

test.run();

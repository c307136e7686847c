// Any schema end to end: text fields beyond title and body, fields not stored, typed
// metadata in filters, sorting and the query language.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DocumentError, OptionsError, QuerySyntaxError, SearchIndex } from '../src/node/index.js';

const NEWS = [
  {
    id: 'a',
    headline: 'Tashkent hosts SCO security talks',
    lead: 'Delegates from Tajikistan and Kyrgyzstan met in Tashkent.',
    text: 'The talks covered border security and the Islamic State Khorasan Province.',
    tags: ['security', 'SCO'],
    authors: ['Jane Doe', 'Ali Khan'],
    published: '2024-03-05T09:00:00Z',
    words: 120,
  },
  {
    id: 'b',
    headline: 'Migrants return from Russia',
    lead: 'Tajik migrants leave Moscow after the Crocus City Hall attack.',
    text: 'Many cited police raids. Security services in Dushanbe said nothing.',
    tags: ['migration'],
    authors: ['Ali Khan'],
    published: '2024-03-05T18:30:00+05:00',
    words: 340,
  },
  {
    id: 'c',
    headline: 'Cotton harvest in Uzbekistan',
    lead: 'Farmers report a good year.',
    text: 'Exports to China grew. No word on security.',
    tags: ['economy', 'security'],
    authors: ['Jane Doe'],
    published: '2023-11-20',
    words: 80,
  },
];

function newsIndex(): SearchIndex {
  const index = new SearchIndex({
    fields: { headline: { weight: 3 }, lead: { weight: 2 }, text: {}, tags: { stored: false } },
    metadata: { published: 'date', words: 'number' },
  });
  index.addAll(NEWS);
  return index;
}

const ids = (index: SearchIndex, query: string, options = {}): string[] =>
  index.search(query, { limit: 10, ...options }).results.map((r) => r.id);

test('BM25F over four fields: a match in the heavier field ranks first, every field scoped by name', () => {
  const index = newsIndex();
  // "Tashkent" is in a's headline and lead; "security" in every text and in two tag lists.
  assert.equal(ids(index, 'Tashkent'), ['a']);
  assert.equal(ids(index, 'lead:Moscow'), ['b']);
  assert.equal(ids(index, 'headline:Moscow'), []);
  assert.equal(ids(index, 'tags:(economy migration)').sort(), ['b', 'c']);
  assert.equal(ids(index, 'tags:security').sort(), ['a', 'c']);
  assert.equal(ids(index, 'security', { fields: ['tags'] }).sort(), ['a', 'c']);
  assert.throws(
    () => index.search('x', { fields: ['body'] }),
    (e: unknown) =>
      e instanceof OptionsError &&
      /fields may name headline, lead, text and tags, not "body"/.test((e as Error).message),
  );
  // A field's weight counts: the same word in a headline outranks it in a text.
  const weighted = new SearchIndex({ fields: { headline: { weight: 3 }, text: {} } });
  weighted.addAll([
    { id: 'in-text', headline: 'Dushanbe news', text: 'Khorasan fighters were seen.' },
    { id: 'in-headline', headline: 'Khorasan fighters seen', text: 'Dushanbe news.' },
  ]);
  assert.equal(ids(weighted, 'Khorasan'), ['in-headline', 'in-text']);
});

test('results and get give stored fields only; a field not stored is searched but not kept', () => {
  const index = newsIndex();
  const [hit] = index.search('migration').results;
  assert.is(hit!.id, 'b');
  assert.equal(Object.keys(hit!.fields), ['headline', 'lead', 'text']);
  assert.is(hit!.title, '');
  const doc = index.get('b')!;
  assert.is(doc.headline, 'Migrants return from Russia');
  assert.is(doc.tags, undefined);
  assert.equal(doc.authors, ['Ali Khan']);
  // Removal of a document whose tags were never stored still takes its tags out of the counts.
  index.remove('c');
  assert.equal(ids(index, 'tags:economy'), []);
  assert.equal(ids(index, 'tags:security'), ['a']);
  const again = SearchIndex.deserialize(index.serialize());
  assert.equal(ids(again, 'tags:security'), ['a']);
  again.remove('a');
  assert.equal(ids(again, 'tags:security'), []);
  assert.is(again.search('security').total, 1);
});

test('a loaded index removes an unstored field’s terms from the counts as a built one does', () => {
  const tagged = (): SearchIndex => {
    const index = new SearchIndex({ fields: { text: {}, tags: { stored: false } } });
    index.addAll([
      { id: 'x', text: 'Border guards in Khorog.', tags: ['smuggling'] },
      { id: 'y', text: 'Heroin seized near Osh.', tags: ['smuggling'] },
      { id: 'z', text: 'Elections in Bishkek.', tags: ['politics'] },
    ]);
    return index;
  };
  const loaded = SearchIndex.deserialize(tagged().serialize());
  loaded.remove('x');
  const built = tagged();
  built.remove('x');
  // "smuggling" is only in tags, which removal cannot read again: both must know y alone has it.
  const score = (index: SearchIndex): number => index.search('tags:smuggling').results[0]!.score;
  assert.equal(ids(loaded, 'tags:smuggling'), ['y']);
  assert.ok(Math.abs(score(loaded) - score(built)) < 1e-12, `${score(loaded)} != ${score(built)}`);
});

test('snippets come from the field that shows the query best, and say which', () => {
  const index = newsIndex();
  const lead = index.search('Crocus attack', { snippets: true }).results[0]!.snippet!;
  assert.is(lead.field, 'lead');
  assert.match(lead.text, /Crocus City Hall attack/);
  const text = index.search('police raids', { snippets: true }).results[0]!.snippet!;
  assert.is(text.field, 'text');
});

test('typed metadata: dates as instants, numbers as numbers, keywords with many values', () => {
  const index = newsIndex();
  assert.equal(index.stats().metadataFields, {
    authors: 'keyword',
    published: 'date',
    words: 'number',
  });
  const range = (published: object): string[] =>
    ids(index, 'security', { filter: { published } }).sort();
  // b was published at 13:30 UTC on 5 March: a day range holds both March articles.
  assert.equal(range({ from: '2024-03-05', to: '2024-03-05' }), ['a', 'b']);
  assert.equal(range({ from: '2024-03-05T10:00Z' }), ['b']);
  assert.equal(range({ to: '2023' }), ['c']);
  assert.equal(ids(index, 'security', { filter: { published: '2024-03' } }).sort(), ['a', 'b']);
  assert.equal(ids(index, 'security', { filter: { words: { from: 100, to: 200 } } }), ['a']);
  assert.equal(ids(index, 'security', { filter: { words: '80' } }), ['c']);
  assert.equal(ids(index, 'security', { filter: { authors: 'jane doe' } }).sort(), ['a', 'c']);
  // Sorted as dates: "2023-11-20" is before "2024-03-05T09:00:00Z", and b's zone is applied.
  assert.equal(ids(index, 'security', { sort: { field: 'published', order: 'asc' } }), [
    'c',
    'a',
    'b',
  ]);
  assert.equal(ids(index, 'security', { sort: { field: 'words', order: 'desc' } }), [
    'b',
    'a',
    'c',
  ]);
  // The same in the query language.
  assert.equal(ids(index, 'security published:2024-03..').sort(), ['a', 'b']);
  assert.equal(ids(index, 'security words:..100'), ['c']);
  assert.equal(ids(index, 'security authors:"Ali Khan"').sort(), ['a', 'b']);
});

test('a filter or sort on a field the index lacks, or a value its type cannot read, is a clear error', () => {
  const index = newsIndex();
  const options = (e: unknown, message: RegExp): boolean =>
    e instanceof OptionsError && message.test((e as Error).message);
  assert.throws(
    () => index.search('x', { filter: { date: '2024' } }),
    (e: unknown) =>
      options(
        e,
        /filter on "date": no such metadata field in this index \(it has published, words, authors\)/,
      ),
  );
  assert.throws(
    () => index.search('x', { sort: { field: 'date' } }),
    (e: unknown) => options(e, /sort on "date": no such metadata field/),
  );
  assert.throws(
    () => index.search('x', { filter: { published: 'last week' } }),
    (e: unknown) => options(e, /published: a date field: "last week" is not an ISO 8601 date/),
  );
  assert.throws(
    () => index.search('x', { filter: { words: { from: 'many' } } }),
    (e: unknown) => options(e, /"many" is not a number/),
  );
  assert.throws(
    () => index.search('security date:2024..'),
    (e: unknown) =>
      e instanceof QuerySyntaxError && /no field "date" in this index/.test((e as Error).message),
  );
  assert.throws(
    () => index.search('published:soon'),
    (e: unknown) => e instanceof QuerySyntaxError,
  );
  assert.throws(
    () => index.add({ id: 'd', headline: 'x', published: 'yesterday' }),
    (e: unknown) =>
      e instanceof DocumentError &&
      /document "d": metadata field "published" is a date field: got "yesterday"/.test(
        (e as Error).message,
      ),
  );
  assert.throws(
    () => index.add({ id: 'd', headline: 'x', words: 'ten' }),
    (e: unknown) => e instanceof DocumentError,
  );
  assert.is(index.size, 3);
  // An index of the default schema has no date: asking for one says so instead of matching nothing.
  const plain = new SearchIndex();
  plain.add({ id: 'p', title: 'Border talks', body: 'In Termez.' });
  assert.throws(
    () => plain.search('border', { filter: { date: '2024' } }),
    (e: unknown) => options(e, /it has none/),
  );
  assert.throws(
    () => plain.search('border date:2024..'),
    (e: unknown) => e instanceof QuerySyntaxError,
  );
});

test('sixteen text fields, saved and loaded with their schema', () => {
  const fields = Object.fromEntries(
    Array.from({ length: 16 }, (_, i) => [`f${i}`, { weight: 1 + i / 10 }]),
  );
  const index = new SearchIndex({ fields });
  index.addAll(
    Array.from({ length: 40 }, (_, d) => ({
      id: `d${d}`,
      ...Object.fromEntries(
        Array.from({ length: 16 }, (_, i) => [`f${i}`, `word${(d + i) % 20} common f${i}term`]),
      ),
    })),
  );
  assert.is(index.search('f15:f15term').total, 40);
  assert.is(index.search('f3:word5').total, 2);
  const again = SearchIndex.deserialize(index.serialize());
  assert.equal(again.schema.fields, index.schema.fields);
  assert.equal(
    again.search('word7 common').results.map((r) => [r.id, r.score]),
    index.search('word7 common').results.map((r) => [r.id, r.score]),
  );
});

test('title and body options refine the default fields; on a schema without them they are an error', () => {
  const index = new SearchIndex({ title: { weight: 5 } });
  assert.is(index.schema.fields[0]!.weight, 5);
  assert.throws(
    () => new SearchIndex({ fields: { text: {} }, title: { weight: 2 } }),
    /fields have no "title"/,
  );
});

test.run();

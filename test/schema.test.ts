import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OptionsError } from '../src/errors.js';
import { parseDate, Schema } from '../src/schema.js';

test('the default schema is title (weight 3, b 1) and body (b 0.6), every field stored', () => {
  const schema = Schema.from();
  assert.equal(schema.names, ['title', 'body']);
  assert.equal(
    schema.fields.map((f) => [f.weight, f.b, f.stored]),
    [
      [3, 1, true],
      [1, 0.6, true],
    ],
  );
  assert.is(schema.titleField, 0);
  assert.is(schema.bodyField, 1);
  assert.ok(schema.isDefault);
});

test('any fields, in order; title and body roles by name, else first and last', () => {
  const news = Schema.from({ headline: { weight: 3 }, lead: { weight: 2 }, text: {}, tags: {} });
  assert.equal(news.names, ['headline', 'lead', 'text', 'tags']);
  assert.is(news.titleField, 0);
  assert.is(news.bodyField, 3);
  const named = Schema.from({ tags: {}, body: {}, title: {} });
  assert.is(named.titleField, 2);
  assert.is(named.bodyField, 1);
  assert.is(Schema.from({ text: {} }).titleField, -1);
  const sixteen = Schema.from(
    Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`f${i}`, {}])),
  );
  assert.is(sixteen.names.length, 16);
});

test('bad schemas are refused with the field named', () => {
  const refused = (fields: unknown, metadata: unknown, message: RegExp): void => {
    assert.throws(
      () => Schema.from(fields as never, metadata as never),
      (e: unknown) => e instanceof OptionsError && message.test((e as Error).message),
    );
  };
  refused({}, {}, /at least one text field/);
  refused({ 'bad name': {} }, {}, /"bad name": a name is/);
  refused({ id: {} }, {}, /"id"/);
  refused({ title: { weight: -1 } }, {}, /title\.weight must be a non-negative number/);
  refused({ title: { b: 2 } }, {}, /title\.b must be between 0 and 1/);
  refused({ title: { stored: 'yes' } }, {}, /title\.stored must be true or false/);
  refused({ title: {} }, { date: 'time' }, /type must be keyword, number, date/);
  refused({ title: {} }, { title: 'date' }, /both a text and a metadata field/);
  refused(
    Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, {}])),
    {},
    /at most 24/,
  );
});

test('metadata types: declared, or inferred from the first value, and kept to', () => {
  const schema = Schema.from(undefined, { year: 'number' });
  assert.is(schema.problem('year', 2024), undefined);
  assert.match(
    schema.problem('year', '2024')!,
    /"year" is a number field: got "2024", not a number/,
  );
  for (const [value, type] of [
    [12, 'number'],
    ['2024-03-22', 'date'],
    ['2024-03-22T18:05:00+05:00', 'date'],
    ['2024', 'keyword'],
    ['wire', 'keyword'],
    [true, 'keyword'],
    [['Jane Doe', 'Ali Khan'], 'keyword'],
  ] as const) {
    const name = `f${type}${String(value).length}`;
    assert.is(schema.problem(name, value), undefined);
    schema.learn(name, value);
    assert.is(schema.typeOf(name), type, String(value));
  }
  schema.learn('published', '2024-03-22');
  assert.match(
    schema.problem('published', 'last week')!,
    /"published" is a date field \(inferred from its first value\): got "last week", not an ISO 8601 date/,
  );
  assert.match(
    schema.problem('fkeyword4', { a: 1 })!,
    /not a string, a number, true or false, or a list of strings/,
  );
  const again = Schema.fromJSON(JSON.parse(JSON.stringify(schema)));
  assert.equal(again.metadataFields(), schema.metadataFields());
  assert.throws(() => Schema.fromJSON({ fields: 'title' }), RangeError);
});

test('ISO 8601 dates, whole or in part, to their first and last instant', () => {
  assert.is(parseDate('2024', 'start'), Date.UTC(2024, 0, 1));
  assert.is(parseDate('2024', 'end'), Date.UTC(2025, 0, 1) - 1);
  assert.is(parseDate('2024-02', 'end'), Date.UTC(2024, 2, 1) - 1);
  assert.is(parseDate('2024-02-29', 'end'), Date.UTC(2024, 2, 1) - 1);
  assert.is(parseDate('2024-06-30T12:00', 'start'), Date.UTC(2024, 5, 30, 12));
  assert.is(parseDate('2024-06-30T12:00', 'end'), Date.UTC(2024, 5, 30, 12, 1) - 1);
  assert.is(parseDate('2024-06-30T12:00:05.250Z', 'start'), Date.UTC(2024, 5, 30, 12, 0, 5, 250));
  assert.is(parseDate('2024-06-30T17:00:00+05:00', 'start'), Date.UTC(2024, 5, 30, 12));
  assert.is(parseDate('2024-06-30 07:30-0430', 'start'), Date.UTC(2024, 5, 30, 12));
  for (const bad of [
    '2023-02-29',
    '2024-13',
    '2024-00-10',
    '24-06-30',
    '2024/06/30',
    'June 2024',
    '',
    '2024-06-30T25:00',
  ])
    assert.is(parseDate(bad, 'start'), undefined, bad);
});

test.run();

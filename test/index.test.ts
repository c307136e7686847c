import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { SearchIndex } from '../src/node/index.js';

import { random } from './helpers.js';

test('postings flushed document by document equal postings flushed at once', () => {
  const next = random(5);
  const docs = Array.from({ length: 300 }, (_x, i) => {
    const words = (count: number): string =>
      Array.from({ length: count }, () => `w${Math.floor(next() ** 2 * 400)}`).join(' ');
    return {
      id: `d${i}`,
      title: words(1 + Math.floor(next() * 6)),
      body: words(Math.floor(next() * 80)),
    };
  });
  const atOnce = new SearchIndex();
  atOnce.addAll(docs);
  const inSteps = new SearchIndex();
  for (const [i, doc] of docs.entries()) {
    inSteps.add(doc);
    // A search flushes: each flush lays new postings after the ones flushed before.
    if (i % 7 === 0) inSteps.search('w1 w2');
  }
  assert.equal(inSteps.serialize(), atOnce.serialize());
});

test.run();

// The Lucene 10 peer of the benchmark (bench/lucene.ts): built and run where Java 21+ and
// Maven are present, skipped, saying so, elsewhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildPeer, javaTools, measureLucene, measureSteppe } from '../bench/lucene.js';
import { loadCorpusSync } from '../src/node/index.js';
import { CORPUS, ISKP_STRUGGLE, RUSSIA_DEPORTS } from './helpers.js';

const seed = loadCorpusSync(CORPUS);
const queries = [
  { id: 'q1', text: 'ISKP recruitment' },
  { id: 'q2', text: 'Tajik citizens deported from Russia' },
  { id: 'q3', text: 'the of' },
];

test('Lucene and steppe answer the same queries over the same documents, measured alike', () => {
  const tools = javaTools();
  if ('missing' in tools) return console.log(`  skipped: ${tools.missing}`);
  buildPeer(tools.env);
  const lucene = measureLucene(tools.env, seed, queries, 3, 2);
  const steppe = measureSteppe(seed, queries, 3, 2);
  for (const measured of [lucene, steppe]) {
    assert.equal(Object.keys(measured.run), ['q1', 'q2', 'q3']);
    assert.ok(measured.run.q1!.includes(ISKP_STRUGGLE));
    assert.is(measured.run.q2![0], RUSSIA_DEPORTS);
    assert.equal(measured.run.q3, [], 'stop words alone match nothing');
    assert.ok(
      measured.p50Us > 0 &&
        measured.p95Us >= measured.p50Us &&
        measured.bytes > 0 &&
        measured.buildMs > 0,
    );
  }
});

test.run();

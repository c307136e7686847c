import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runEvaluation } from '../src/node/index.js';
import { ROOT, sharedSet } from './helpers.js';

// Ranking is deterministic, so these are regression tests, not timing tests. They need the
// judged collections in ../shared/data and skip, saying so, where that folder is absent.
const floors = JSON.parse(readFileSync(join(ROOT, 'bench', 'floors.json'), 'utf8')) as {
  sets: Record<
    string,
    { ndcg10: number; recall100: number; feedback: { ndcg10: number; recall100: number } }
  >;
};

for (const [name, floor] of Object.entries(floors.sets)) {
  test(`relevance on ${name} stays above its floor`, () => {
    const dir = sharedSet(name);
    if (dir === undefined) {
      console.log(`  skipped: ../shared/data/${name} is absent`);
      return;
    }
    const result = runEvaluation(dir);
    assert.ok(
      result.ndcg10 >= floor.ndcg10,
      `${name} nDCG@10 ${result.ndcg10.toFixed(4)} < floor ${floor.ndcg10}`,
    );
    assert.ok(
      result.recall100 >= floor.recall100,
      `${name} Recall@100 ${result.recall100.toFixed(4)} < floor ${floor.recall100}`,
    );
  });

  test(`relevance on ${name} with feedback stays above its floor`, () => {
    const dir = sharedSet(name);
    if (dir === undefined) {
      console.log(`  skipped: ../shared/data/${name} is absent`);
      return;
    }
    const result = runEvaluation(dir, { feedback: { enabled: true } });
    assert.ok(
      result.ndcg10 >= floor.feedback.ndcg10,
      `${name} nDCG@10 with feedback ${result.ndcg10.toFixed(4)} < floor ${floor.feedback.ndcg10}`,
    );
    assert.ok(
      result.recall100 >= floor.feedback.recall100,
      `${name} Recall@100 with feedback ${result.recall100.toFixed(4)} < floor ${floor.feedback.recall100}`,
    );
  });
}

test.run();

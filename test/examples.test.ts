// The scripts in examples/ run as a user runs them, and say what they promise.
import { spawnSync } from 'node:child_process';

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { headlessChromium, ROOT } from './helpers.js';

function run(script: string): string {
  const result = spawnSync(process.execPath, [join(ROOT, 'examples', script)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.is(result.status, 0, result.stderr);
  return result.stdout;
}

test('search-corpus.mjs: the seed articles searched, saved and loaded', () => {
  const out = run('search-corpus.mjs');
  assert.match(out, /^6 articles; the query names iskp, russia\n/);
  assert.match(out, /Islamic State Khorasan Province as Part of the Struggle for Central Asia/);
  assert.match(out, /loaded 6 articles from /);
});

test('schema.mjs: fields scoped, dates filtered and sorted', () => {
  const out = run('schema.mjs');
  assert.match(out, /lead:Moscow\s+migrants-return\n/);
  assert.match(out, /security published:2024-03-06\.\.\s+migrants-return\n/);
  assert.match(out, /security\s+tashkent-talks, migrants-return\n/);
});

test('browser/: bundled, the page searches as the user types', async () => {
  run(join('browser', 'build.mjs'));
  const browser = await headlessChromium();
  if (browser === undefined) return;
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(ROOT, 'examples', 'browser', 'index.html')).href);
    // Wilayat Khorasan names ISKP: both articles, the one using that name first.
    assert.equal(await page.locator('#results li b').allTextContents(), [
      'Uzbek security chief: SCO must help Afghanistan',
      'Islamic State Khorasan Province and Central Asia',
    ]);
    assert.ok((await page.locator('#results mark').count()) > 0);
    await page.fill('#q', 'cotton');
    assert.equal(await page.locator('#results li b').allTextContents(), [
      'Cotton harvest in Uzbekistan',
    ]);
  } finally {
    await browser.close();
  }
});

test.run();

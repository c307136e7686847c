// The core on every platform it promises: a browser page and a Web Worker (headless Chromium),
// `require` from CommonJS, and an application bundled for Node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SearchIndex } from '../src/index.js';
import { loadCorpusSync } from '../src/node/index.js';
import { CORPUS, headlessChromium, ROOT } from './helpers.js';

const QUERY = 'ISKP attacks in Russia';

async function browserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'steppe',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

// What the page and the worker do with the bundle: index, search with snippets, serialize,
// read bytes built elsewhere.
const PAGE_RUN = `(input) => {
  const { SearchIndex } = steppe;
  const toBase64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000)); return btoa(s); };
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const index = new SearchIndex();
  index.addAll(input.docs);
  const found = index.search(input.query, { limit: 5, snippets: true });
  const other = SearchIndex.deserialize(fromBase64(input.nodeBytes));
  return {
    ids: found.results.map((r) => r.id),
    total: found.total,
    snippet: found.results[0] && found.results[0].snippet,
    entities: found.entities.map((e) => e.key),
    bytes: toBase64(index.serialize()),
    fromNode: other.search(input.query, { limit: 5 }).results.map((r) => r.id),
  };
}`;

test('the core bundles for a browser and runs in a page and a Web Worker, bytes equal to Node', async () => {
  const browser = await headlessChromium();
  if (browser === undefined) return;
  try {
    const code = await browserBundle();
    console.log(
      `  browser bundle: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipSync(code).length / 1024).toFixed(1)} KB gzipped`,
    );
    assert.not.match(code, /require\(["']node:/, 'the browser bundle requires a Node module');
    const docs = loadCorpusSync(CORPUS);
    const inNode = new SearchIndex();
    inNode.addAll(docs);
    const nodeBytes = inNode.serialize();
    const expected = inNode.search(QUERY, { limit: 5, snippets: true });
    const input = { docs, query: QUERY, nodeBytes: Buffer.from(nodeBytes).toString('base64') };

    const page = await browser.newPage();
    const remote: string[] = [];
    page.on(
      'request',
      (request) => void (/^(data|blob|about):/.test(request.url()) || remote.push(request.url())),
    );
    await page.setContent('<!doctype html><title>steppe</title>');
    await page.addScriptTag({ content: code });
    type Run = {
      ids: string[];
      total: number;
      snippet: unknown;
      entities: string[];
      bytes: string;
      fromNode: string[];
    };
    const inPage = (await page.evaluate(`(${PAGE_RUN})(${JSON.stringify(input)})`)) as Run;
    // The same run inside a Web Worker started from the bundle.
    const inWorker = (await page.evaluate(`new Promise((resolve, reject) => {
      const script = ${JSON.stringify(code)} + '\\nconst run = ' + ${JSON.stringify(PAGE_RUN)} + ';\\nonmessage = (event) => postMessage(run(event.data));';
      const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage(${JSON.stringify(input)});
    })`)) as Run;
    for (const run of [inPage, inWorker]) {
      assert.equal(
        run.ids,
        expected.results.map((r) => r.id),
      );
      assert.is(run.total, expected.total);
      assert.equal(run.snippet, expected.results[0]!.snippet);
      assert.equal(
        run.entities,
        expected.entities.map((e) => e.key),
      );
      assert.equal(
        run.fromNode,
        expected.results.map((r) => r.id),
      );
      // Built in the browser, the index is Node's byte for byte, and loads in Node.
      const bytes = new Uint8Array(Buffer.from(run.bytes, 'base64'));
      assert.ok(
        Buffer.from(bytes).equals(Buffer.from(nodeBytes)),
        'browser and Node serialize differently',
      );
      assert.equal(
        SearchIndex.deserialize(bytes)
          .search(QUERY, { limit: 5 })
          .results.map((r) => r.id),
        run.ids,
      );
    }
    assert.equal(remote, [], 'the page asked another host');
  } finally {
    await browser.close();
  }
});

// A directory where `steppe` resolves to this package, as in an application that depends on it.
function application(): string {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-app-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'steppe'), 'dir');
  return dir;
}

function runNode(dir: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

test("require('steppe') works from CommonJS, save and load included", () => {
  const dir = application();
  const script = `
    const { SearchIndex, loadCorpusSync } = require('steppe');
    const index = new SearchIndex();
    index.addAll(loadCorpusSync(${JSON.stringify(CORPUS)}));
    index.save('x.steppe').then(() => SearchIndex.load('x.steppe')).then((again) => {
      console.log(JSON.stringify(again.search(${JSON.stringify(QUERY)}, { limit: 3 }).results.map((r) => r.id)));
    });`;
  writeFileSync(join(dir, 'app.cjs'), script);
  const { code, stdout, stderr } = runNode(dir, ['app.cjs']);
  assert.is(code, 0, stderr);
  const expected = new SearchIndex();
  expected.addAll(loadCorpusSync(CORPUS));
  assert.equal(
    JSON.parse(stdout),
    expected.search(QUERY, { limit: 3 }).results.map((r) => r.id),
  );
});

test('an application bundled for Node runs: the gazetteer inside, indexing on one thread without the worker file', async () => {
  const dir = application();
  writeFileSync(
    join(dir, 'app.mjs'),
    `import { SearchIndex } from 'steppe';
    const docs = [];
    // Past the size where a second thread would be asked for.
    for (let i = 0; i < 600; i++) docs.push({ id: 'd' + i, title: 'ISKP claims attack ' + i, body: 'Islamic State Khorasan Province fighters crossed from Afghanistan. '.repeat(60) });
    const index = new SearchIndex();
    index.addAll(docs);
    const found = index.search('ISIS-K', { limit: 2 });
    console.log(JSON.stringify({ total: found.total, entity: found.entities[0]?.key }));`,
  );
  await build({
    entryPoints: [join(dir, 'app.mjs')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(dir, 'out', 'app.mjs'),
    logLevel: 'silent',
    absWorkingDir: dir,
  });
  const { code, stdout, stderr } = runNode(dir, [join('out', 'app.mjs')]);
  assert.is(code, 0, stderr);
  assert.equal(JSON.parse(stdout), { total: 600, entity: 'iskp' });
});

test.run();

// The rules of docs/ARCHITECTURE.md, checked on the source: no import loops, no Node module
// outside src/node/, and each folder importing only the folders its section allows.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const files = sources(SRC);
const imports = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/^(?:import|export)[^;]*?from\s+'([^']+)'/gms)].map(
      (m) => m[1]!,
    );
    return [file, specifiers];
  }),
);
const local = (file: string): string[] =>
  imports
    .get(file)!
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'))
    .filter((s) => s.endsWith('.ts'));
const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0]! : '.';
};

// What each folder may import besides itself, util/ and the shared definitions at the top of
// src/ (errors, options, results, schema); the face (search-index.ts, index.ts) may use all,
// and node/ the face.
const ALLOWED: Record<string, string[]> = {
  util: [],
  analysis: [],
  corpus: [],
  query: [],
  ranking: [],
  eval: [],
  opensearch: ['analysis', 'query'],
  index: ['corpus'],
  entities: ['analysis', 'index', 'ranking'],
  writer: ['analysis', 'corpus', 'entities', 'index', 'ranking'],
  search: ['analysis', 'corpus', 'entities', 'index', 'query', 'ranking', 'writer'],
  codec: ['analysis', 'entities', 'index', 'ranking', 'writer'],
  node: [
    'analysis',
    'codec',
    'corpus',
    'entities',
    'eval',
    'index',
    'opensearch',
    'query',
    'writer',
  ],
};
const SHARED = new Set(['errors.ts', 'options.ts', 'results.ts', 'schema.ts']);

test('no import loops among the source files', () => {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const loops: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of local(file)) {
      if (state.get(next) === 'open')
        loops.push(
          path
            .slice(path.indexOf(next))
            .concat(next)
            .map((f) => relative(SRC, f))
            .join(' → '),
        );
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  assert.equal(loops, []);
});

test('only src/node/ imports a Node built-in module', () => {
  const offenders = files.filter(
    (file) =>
      folderOf(file) !== 'node' &&
      imports
        .get(file)!
        .some(
          (s) =>
            s.startsWith('node:') ||
            ['fs', 'path', 'os', 'zlib', 'worker_threads', 'crypto', 'url'].includes(s),
        ),
  );
  assert.equal(
    offenders.map((f) => relative(SRC, f)),
    [],
  );
});

test('each folder imports only what its section of docs/ARCHITECTURE.md allows', () => {
  const wrong: string[] = [];
  for (const file of files) {
    const from = folderOf(file);
    if (from === '.') continue;
    for (const target of local(file)) {
      const to = folderOf(target);
      if (to === from || to === 'util') continue;
      if (to === '.' && SHARED.has(relative(SRC, target))) continue;
      // node/ adds to the face, so it may build on all of it.
      if (to === '.' && from === 'node') continue;
      if (!(ALLOWED[from] ?? []).includes(to))
        wrong.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
    }
  }
  assert.equal(wrong, []);
});

test.run();

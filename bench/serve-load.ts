// `steppe serve` under load: the reuters21578 index behind the HTTP API, 50 clients for 20 s on
// loopback (autocannon), each request a page's search (snippets, facets) for a query drawn from
// the collection's titles. Needs ../shared/data/reuters21578; says skipped without it.
//   npm run bench:serve [-- --connections 50 --seconds 20]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadCorpusSync, SearchIndex } from '../src/node/index.js';
import { random } from '../test/helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SET = join(ROOT, '..', 'shared', 'data', 'reuters21578', 'docs.jsonl');

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

let docs: ReturnType<typeof loadCorpusSync>;
try {
  docs = loadCorpusSync(SET);
} catch {
  console.log(`skipped: ${SET} is absent`);
  process.exit(0);
}
const connections = flag('connections', 50);
const seconds = flag('seconds', 20);

const index = new SearchIndex();
index.addAll(docs);
const dir = mkdtempSync(join(tmpdir(), 'steppe-serve-'));
const file = join(dir, 'reuters.steppe');
await index.save(file);

// Two-word queries from titles, as a researcher types them; a few with operators and filters.
const next = random(21);
const words = docs.flatMap((d) =>
  String(d.title ?? '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 3),
);
const pick = () => words[Math.floor(next() * words.length)]!;
const queries = Array.from({ length: 2000 }, (_, i) =>
  i % 10 === 0
    ? `"${pick()} ${pick()}"`
    : i % 10 === 1
      ? `+${pick()} -${pick()}`
      : `${pick()} ${pick()}`,
);
const paths = queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&limit=10`);

// The server runs in a process of its own, as `steppe serve` does, so the load tool does not
// share its thread.
const server = spawn(
  process.execPath,
  ['--import', 'tsx', join(ROOT, 'bin', 'steppe.ts'), 'serve', '--index', file],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const found = /(http:\/\/\S+)/.exec(out);
    if (found) resolve(found[1]!);
  });
  server.on('exit', (code) => reject(new Error(`steppe serve exited with ${code}`)));
});

let at = 0;
const load = (duration: number) =>
  autocannon({
    url,
    connections,
    duration,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[at++ % paths.length]! }) }],
  });
// The first second is not counted: the server's code is still being compiled then.
await load(1);
const result = await load(seconds);
const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
const rss = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });

const row = {
  documents: index.size,
  connections,
  seconds,
  requests: result.requests.total,
  'requests/s': Math.round(result.requests.average),
  errors: result.errors,
  timeouts: result.timeouts,
  'non-2xx': result.non2xx,
  'p50 ms': result.latency.p50,
  'p90 ms': result.latency.p90,
  'p99 ms': result.latency.p99,
  'max ms': result.latency.max,
  'server peak RSS MB': rss === undefined ? '-' : Math.round(Number(rss) / 1024),
};
console.table([row]);
process.exitCode = result.errors + result.timeouts + result.non2xx > 0 ? 1 : 0;

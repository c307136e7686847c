// steppe against Lucene 10, measured the same way in the same run: build time, index bytes,
// steady-state top-10 p50/p95 (many passes over the queries, the last kept) and nDCG@10.
// Lucene: bench/lucene (Maven, Java 21+; the Temurin 25 JDK where present), one flat field,
// EnglishAnalyzer, BM25 k1 1.2 b 0.75, merged to one segment. steppe: defaults with
// `entityBoost: 0` and queries read as plain words. Skipped, saying so, without Java or Maven.
// Usage: npm run bench:lucene [-- --set NAME ...] [-- --passes N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CorpusDocument as Document,
  evaluate,
  loadCorpusSync,
  readQrels,
  readQueries,
  SearchIndex,
  type SearchOptions,
} from '../src/node/index.js';
import { percentile } from './percentile.js';
import { seeded, syntheticCorpus } from './synthetic.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, '..', 'shared', 'data');
const PEER = join(ROOT, 'bench', 'lucene');
const JAR = join(PEER, 'target', 'lucene-peer.jar');
const JDK = '/usr/lib/jvm/temurin-25-jdk-amd64';
const argv = process.argv.slice(2);
const only = argv.flatMap((arg, i) =>
  arg === '--set' && argv[i + 1] !== undefined ? [argv[i + 1]!] : [],
);
const passesAt = argv.indexOf('--passes');
const PASSES = passesAt >= 0 ? Number(argv[passesAt + 1]) : 30;
const KEPT = Math.min(5, PASSES);
// The bench's generator: 100,000 documents of Zipf-distributed words, 1,000 queries of 2–3 words.
const SYNTHETIC = 'synthetic-100k';

export interface Measured {
  buildMs: number;
  bytes: number;
  p50Us: number;
  p95Us: number;
  run: Record<string, string[]>;
}

interface Query {
  id: string;
  text: string;
}

/** The Java and Maven to build the peer with, or why there are none. */
export function javaTools(): { env: NodeJS.ProcessEnv } | { missing: string } {
  const env = existsSync(join(JDK, 'bin', 'java'))
    ? { ...process.env, JAVA_HOME: JDK, PATH: `${join(JDK, 'bin')}:${process.env.PATH}` }
    : process.env;
  const java = spawnSync('java', ['-version'], { env, encoding: 'utf8' });
  if (java.status !== 0) return { missing: 'no java' };
  const version = Number(/version "(\d+)/.exec(java.stderr)?.[1] ?? 0);
  if (version < 21) return { missing: `java ${version} (Lucene 10 needs 21 or newer)` };
  if (spawnSync('mvn', ['-v'], { env }).status !== 0) return { missing: 'no maven' };
  return { env };
}

/** Builds the Lucene peer (bench/lucene/target/lucene-peer.jar) unless it is newer than its sources. */
export function buildPeer(env: NodeJS.ProcessEnv): void {
  const sources = [
    join(PEER, 'pom.xml'),
    join(PEER, 'src', 'main', 'java', 'steppe', 'bench', 'LucenePeer.java'),
  ];
  if (existsSync(JAR) && sources.every((file) => statSync(file).mtimeMs < statSync(JAR).mtimeMs))
    return;
  execFileSync('mvn', ['-q', '-B', 'package'], {
    cwd: PEER,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const escape = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\r?\n|\r/g, '\\n');

/** Lucene 10 over these documents and queries, in a JVM of its own. */
export function measureLucene(
  env: NodeJS.ProcessEnv,
  docs: readonly Document[],
  queries: readonly Query[],
  passes: number,
  kept: number,
): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'steppe-lucene-'));
  writeFileSync(
    join(dir, 'docs.tsv'),
    docs.map((d) => `${escape(d.id)}\t${escape(d.title)}\t${escape(d.body)}\n`).join(''),
  );
  writeFileSync(
    join(dir, 'queries.tsv'),
    queries.map((q) => `${escape(q.id)}\t${escape(q.text)}\n`).join(''),
  );
  const out = execFileSync(
    'java',
    [
      '-Xmx4g',
      '--add-modules',
      'jdk.incubator.vector',
      '-jar',
      JAR,
      join(dir, 'docs.tsv'),
      join(dir, 'queries.tsv'),
      String(passes),
      String(kept),
    ],
    { env, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out) as Measured;
}

/** steppe over the same documents and queries, measured the same way. */
export function measureSteppe(
  docs: readonly Document[],
  queries: readonly Query[],
  passes: number,
  kept: number,
  options: SearchOptions = {},
): Measured {
  const started = performance.now();
  const index = new SearchIndex();
  index.addAll(docs);
  const buildMs = performance.now() - started;
  const bytes = index.serialize().length;
  // The build's garbage collected before timing, as Lucene's is (with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const latencies: number[] = [];
  const run: Record<string, string[]> = {};
  for (let pass = 0; pass < passes; pass++) {
    for (const query of queries) {
      const begin = performance.now();
      const ids = index
        .search(query.text, { parse: false, entityBoost: 0, limit: 10, ...options })
        .results.map((r) => r.id);
      const took = performance.now() - begin;
      if (pass >= passes - kept) latencies.push(took * 1000);
      if (pass === passes - 1) run[query.id] = ids;
    }
  }
  return {
    buildMs,
    bytes,
    p50Us: percentile(latencies, 50),
    p95Us: percentile(latencies, 95),
    run,
  };
}

// Two words of a title, as a reader would type them: the set has no queries of its own.
function generatedQueries(docs: readonly Document[], count: number): Query[] {
  const next = seeded(21578);
  const queries: Query[] = [];
  while (queries.length < count) {
    const words = docs[Math.floor(next() * docs.length)]!.title.split(/\s+/).filter((w) =>
      /^[A-Za-z]{3,}$/.test(w),
    );
    if (words.length < 2) continue;
    const i = Math.floor(next() * (words.length - 1));
    queries.push({ id: `g${queries.length}`, text: `${words[i]} ${words[i + 1]}`.toLowerCase() });
  }
  return queries;
}

function main(): void {
  const tools = javaTools();
  if ('missing' in tools) {
    console.log(`skipped: Lucene 10 needs Java 21+ and Maven (${tools.missing})`);
    return;
  }
  buildPeer(tools.env);
  const sets = [
    'scifact',
    'nfcorpus-preproc',
    'cranfield',
    'cisi',
    'reuters21578',
    SYNTHETIC,
  ].filter((name) => only.length === 0 || only.includes(name));
  console.log(`${PASSES} passes over the queries, the last ${KEPT} kept; top 10, one thread\n`);
  console.log(
    '| set | docs / queries | Lucene build / bytes | steppe build / bytes | Lucene p50 / p95 µs | steppe p50 / p95 µs (ratio) | steppe, total at least (ratio) | steppe, feedback (ratio) | nDCG@10 Lucene / steppe / feedback |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of sets) {
    const dir = join(DATA, name);
    let docs: readonly Document[];
    let queries: readonly Query[];
    const judged = existsSync(join(dir, 'qrels.tsv'));
    if (name === SYNTHETIC) ({ docs, queries } = syntheticCorpus(100_000));
    else if (!existsSync(join(dir, 'docs.jsonl'))) {
      console.log(`| ${name} | skipped: ../shared/data/${name} is absent | | | | | | | |`);
      continue;
    } else {
      docs = loadCorpusSync(join(dir, 'docs.jsonl'));
      queries = judged ? readQueries(join(dir, 'queries.jsonl')) : generatedQueries(docs, 1000);
    }
    const lucene = measureLucene(tools.env, docs, queries, PASSES, KEPT);
    const steppe = measureSteppe(docs, queries, PASSES, KEPT);
    // Lucene counts hits exactly only up to 1,000: steppe's lower bound is the like for like.
    const bounded = measureSteppe(docs, queries, PASSES, KEPT, { total: 'atLeast' });
    // RM3 feedback: the better ranking, at the price of a second pass.
    const expanded = measureSteppe(docs, queries, PASSES, KEPT, { feedback: true });
    const ndcg = (m: Measured): string =>
      judged
        ? evaluate(
            new Map(Object.entries(m.run)),
            readQrels(join(dir, 'qrels.tsv')),
          ).ndcg10.toFixed(4)
        : '–';
    const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;
    // steppe's times, and in brackets each as a ratio to Lucene's (below 1: steppe is faster).
    const timed = (m: Measured): string =>
      `${m.p50Us.toFixed(0)} / ${m.p95Us.toFixed(0)} (${(m.p50Us / lucene.p50Us).toFixed(2)} / ${(m.p95Us / lucene.p95Us).toFixed(2)})`;
    console.log(
      `| ${name} | ${docs.length} / ${queries.length} | ${lucene.buildMs.toFixed(0)} ms / ${kb(lucene.bytes)} | ${steppe.buildMs.toFixed(0)} ms / ${kb(steppe.bytes)} | ${lucene.p50Us.toFixed(0)} / ${lucene.p95Us.toFixed(0)} | ${timed(steppe)} | ${timed(bounded)} | ${timed(expanded)} | ${ndcg(lucene)} / ${ndcg(steppe)} / ${ndcg(expanded)} |`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

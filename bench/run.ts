// steppe against the JavaScript peers: same documents, same queries, one process (scale sets:
// one child process per engine, killed after 5 minutes), alternating order.
// Usage: npm run bench [-- --quick] [-- --set NAME ...] [-- --engine NAME ...]. Sets under ../shared/data are used when
// present and skipped, saying so, when absent; the shipped corpus and synthetic sets always run.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  Analyzer,
  type CorpusDocument as Document,
  evaluate,
  loadCorpusSync,
  readQrels,
  readQueries,
  SearchIndex,
} from '../src/node/index.js';
import { chart } from './chart.js';
import { allEngines, type Engine } from './engines.js';
import { percentile } from './percentile.js';
import { seeded, syntheticCorpus } from './synthetic.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, '..', 'shared', 'data');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.flatMap((arg, i) =>
  arg === '--set' && argv[i + 1] !== undefined ? [argv[i + 1]!] : [],
);
const onlyEngines = argv.flatMap((arg, i) =>
  arg === '--engine' && argv[i + 1] !== undefined ? [argv[i + 1]!] : [],
);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');

const ALL_ENGINES: Engine[] = allEngines();
// --engine NAME (repeatable) measures only those engines (children always find theirs).
const ENGINES =
  onlyEngines.length === 0 || argv[0] === '--child'
    ? ALL_ENGINES
    : ALL_ENGINES.filter((e) => onlyEngines.includes(e.name));
const SCALE_TIMEOUT_MS = 5 * 60 * 1000;
const WARM_UP_MS = quick ? 1000 : 3000;
const SLOW_BUILD_MS = 10_000;

interface Query {
  id: string;
  text: string;
}
interface SetSpec {
  name: string;
  load(): { docs: Document[]; queries: Query[] };
  qrels?: string;
  /** Measured one engine per child process, with a time limit; the parent never loads it. */
  scale?: boolean;
  size?: number;
}
interface Figures {
  buildMs: number;
  heapMB: number;
  peakRssMB?: number;
  bytes: number;
  storeBytes: number;
  loadMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  qps?: number;
  ndcg10?: number;
  recall100?: number;
  map?: number;
  mrr10?: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
// The JavaScript heap plus ArrayBuffer backing stores, where typed-array indexes keep their data.
const heapNow = (): number => {
  gc!();
  gc!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

function titleQueries(docs: Document[], count: number): Query[] {
  const next = seeded(42);
  const queries: Query[] = [];
  while (queries.length < count) {
    const words = docs[Math.floor(next() * docs.length)]!.title.toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 2);
    if (words.length < 2) continue;
    const n = Math.min(words.length, 2 + Math.floor(next() * 2));
    const start = Math.floor(next() * (words.length - n + 1));
    queries.push({ id: String(queries.length), text: words.slice(start, start + n).join(' ') });
  }
  return queries;
}

function judged(name: string): SetSpec | undefined {
  const dir = join(DATA, name);
  if (!existsSync(join(dir, 'qrels.tsv'))) return undefined;
  return {
    name,
    load: () => ({
      docs: loadCorpusSync(join(dir, 'docs.jsonl')),
      queries: readQueries(join(dir, 'queries.jsonl')),
    }),
    qrels: join(dir, 'qrels.tsv'),
  };
}

function sets(): { specs: SetSpec[]; skipped: string[] } {
  const specs: SetSpec[] = [
    {
      name: 'seed corpus',
      load: () => {
        const docs = loadCorpusSync(join(ROOT, 'corpus'));
        return { docs, queries: titleQueries(docs, 100) };
      },
    },
  ];
  const skipped: string[] = [];
  // Quick runs keep one judged set: the slower peers need minutes for all four.
  for (const name of quick ? ['scifact'] : ['scifact', 'nfcorpus-preproc', 'cranfield', 'cisi']) {
    const spec = judged(name);
    if (spec === undefined) skipped.push(`${name}: skipped, ../shared/data/${name} is absent`);
    else specs.push(spec);
  }
  // Quick runs leave out reuters21578: Lunr and Orama alone take a minute to index it.
  if (quick) skipped.push('reuters21578: left out of --quick runs');
  else if (existsSync(join(DATA, 'reuters21578', 'docs.jsonl'))) {
    specs.push({
      name: 'reuters21578',
      load: () => {
        const docs = loadCorpusSync(join(DATA, 'reuters21578', 'docs.jsonl'));
        return { docs, queries: titleQueries(docs, 1000) };
      },
    });
  } else skipped.push('reuters21578: skipped, ../shared/data/reuters21578 is absent');
  for (const size of quick ? [10_000] : [10_000, 100_000, 1_000_000]) {
    specs.push({
      name: `synthetic-${size / 1000}k`,
      load: () => syntheticCorpus(size),
      scale: size > 10_000,
      size,
    });
  }
  return { specs: only.length === 0 ? specs : specs.filter((s) => only.includes(s.name)), skipped };
}

interface Trial {
  engine: Engine;
  builds: number[];
  heapMB: number;
  loads: number[];
  p50s: number[];
  p95s: number[];
  p99s: number[];
  serialized?: { bytes: number; storeBytes: number; data: unknown };
  failed?: string;
}

/**
 * Measures every engine on one set in rounds (three; one in quick runs): each round builds
 * (unless a build takes more than 10 s), loads and times the queries for every engine in turn,
 * the order reversed from one round to the next, and each figure is the median over rounds.
 * On a shared machine whose speed drifts over minutes, engines measured side by side in every
 * round see the same drift, which one engine measured after another would not.
 */
async function measureSet(
  engines: readonly Engine[],
  docs: Document[],
  queries: Query[],
  qrels: Map<string, Map<string, number>> | undefined,
  rounds: number,
): Promise<Record<string, Figures | string>> {
  const trials: Trial[] = engines.map((engine) => ({
    engine,
    builds: [],
    heapMB: 0,
    loads: [],
    p50s: [],
    p95s: [],
    p99s: [],
  }));
  const timed = queries.slice(0, quick ? 100 : 1000);
  for (let round = 0; round < rounds; round++) {
    for (const trial of round % 2 === 0 ? trials : [...trials].reverse()) {
      if (trial.failed !== undefined) continue;
      try {
        await runRound(trial, docs, timed, round);
      } catch (error) {
        trial.failed = `failed: ${(error as Error).message}`;
      }
    }
  }
  const results: Record<string, Figures | string> = {};
  for (const trial of trials) {
    if (trial.failed !== undefined) {
      results[trial.engine.name] = trial.failed;
      continue;
    }
    const { engine, serialized } = trial;
    const figures: Figures = {
      buildMs: median(trial.builds),
      heapMB: trial.heapMB,
      bytes: serialized!.bytes,
      storeBytes: serialized!.storeBytes,
      loadMs: median(trial.loads),
      p50Ms: median(trial.p50s),
      p95Ms: median(trial.p95s),
      p99Ms: median(trial.p99s),
    };
    if (qrels !== undefined) {
      const index = await engine.load(serialized!.data);
      const runs = new Map<string, string[]>();
      for (const q of queries) runs.set(q.id, await engine.search(index, q.text, 100));
      const e = evaluate(runs, qrels);
      Object.assign(figures, {
        ndcg10: e.ndcg10,
        recall100: e.recall100,
        map: e.map,
        mrr10: e.mrr10,
      });
    }
    // Quick runs measure throughput for steppe and MiniSearch only: each engine's threads take
    // seconds to start.
    if (!quick || engine.name === 'steppe' || engine.name === 'minisearch')
      figures.qps = await throughput(
        engine.name,
        serialized!.data,
        timed.map((q) => q.text),
      );
    results[engine.name] = figures;
  }
  return results;
}

// One engine's turn in a round: a build, a load, and one timed pass over the queries on the
// index it built (on the loaded one where a slow build is not repeated). Only one engine's
// index is alive at a time (the others are kept serialized), so none pays for collecting
// another's heap.
async function runRound(
  trial: Trial,
  docs: Document[],
  timed: Query[],
  round: number,
): Promise<void> {
  const { engine } = trial;
  let index: unknown;
  // Slow builds are measured once: three would take minutes per engine and set.
  if (round === 0 || trial.builds[0]! <= SLOW_BUILD_MS) {
    const before = heapNow();
    const start = performance.now();
    index = await engine.build(docs);
    trial.builds.push(performance.now() - start);
    if (round === 0) {
      trial.heapMB = (heapNow() - before) / 1e6;
      trial.serialized = await engine.serialize(index);
    }
  }
  index ??= await timeLoad(trial);
  if (trial.loads.length < trial.builds.length) await timeLoad(trial);
  // Warm up on the timed queries themselves, round and round, for the same time for every
  // engine (3 seconds, 1 in quick runs; at least 30 queries): latency is compared warm, as a
  // server answers once its code is compiled. A single pass would warm a fast engine for a
  // tenth of a second and a slow one for seconds.
  const warmUntil = performance.now() + WARM_UP_MS;
  for (let i = 0; i < 30 || performance.now() < warmUntil; i++)
    await engine.search(index, timed[i % timed.length]!.text, 10);
  const latencies: number[] = [];
  for (const q of timed) {
    const begin = performance.now();
    await engine.search(index, q.text, 10);
    latencies.push(performance.now() - begin);
  }
  trial.p50s.push(percentile(latencies, 50));
  trial.p95s.push(percentile(latencies, 95));
  trial.p99s.push(percentile(latencies, 99));
}

// Loads the engine's serialized index, timed; the copy is returned for the caller to keep or drop.
async function timeLoad(trial: Trial): Promise<unknown> {
  const start = performance.now();
  const loaded = await trial.engine.load(trial.serialized!.data);
  trial.loads.push(performance.now() - start);
  return loaded;
}

// Queries per second answered by two worker threads, each with its own copy of the index.
async function throughput(engine: string, data: unknown, queries: string[]): Promise<number> {
  const milliseconds = quick ? 1000 : 3000;
  const workers = [0, 1].map(
    () =>
      new Worker(new URL('./qps-worker.mjs', import.meta.url), {
        workerData: { engine, data, queries, milliseconds },
        execArgv: [],
      }),
  );
  const counts = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => w.once('message', resolve).once('error', reject)),
    ),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return counts.reduce((a, b) => a + b, 0) / (milliseconds / 1000);
}

// One engine on one scale set in a child process: a crash or a timeout skips it, saying why.
function measureInChild(engine: string, set: string): Promise<Figures | string> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--child',
        engine,
        set,
        ...(quick ? ['--quick'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), SCALE_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('skipped: more than 5 minutes');
      else if (code !== 0)
        resolve(
          /heap out of memory|Allocation failed/i.test(err)
            ? 'skipped: out of memory'
            : `failed: ${err.trim().split('\n').pop() ?? code}`,
        );
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures);
    });
  });
}

async function child(engineName: string, setName: string): Promise<void> {
  const spec = sets().specs.find((s) => s.name === setName) ?? {
    name: setName,
    load: () => syntheticCorpus(Number(/(\d+)k/.exec(setName)![1]) * 1000),
  };
  const { docs, queries } = spec.load();
  const engine = ENGINES.find((e) => e.name === engineName)!;
  const figures = (await measureSet([engine], docs, queries, undefined, 1))[engine.name]!;
  if (typeof figures === 'string') throw new Error(figures);
  figures.peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

// Prefix and long queries on the news set: bounded expansion keeps them cheap.
function stressQueries(docs: Document[]): Record<string, number> {
  const index = new SearchIndex();
  index.addAll(docs);
  index.search('');
  const long = titleQueries(docs, 100)
    .map((q) => q.text)
    .join(' ')
    .split(' ')
    .slice(0, 200)
    .join(' ');
  const out: Record<string, number> = {};
  for (const [name, query] of [
    ['a*', 'a*'],
    ['e*', 'e*'],
    ['200-word query', long],
  ] as const) {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const start = performance.now();
      index.search(query, { limit: 10 });
      times.push(performance.now() - start);
    }
    out[name] = median(times);
  }
  return out;
}

function analysisThroughput(texts: string[]): {
  pipelineMBps: number;
  splitMBps: number;
  ratio: number;
} {
  const megabytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / 1e6;
  const analyzer = new Analyzer();
  const split: number[] = [];
  const pipeline: number[] = [];
  for (let r = 0; r < (quick ? 2 : 5); r++) {
    let start = performance.now();
    for (const t of texts) t.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    split.push(performance.now() - start);
    start = performance.now();
    for (const t of texts) analyzer.analyze(t);
    pipeline.push(performance.now() - start);
  }
  const pipelineMBps = megabytes / (median(pipeline) / 1000);
  const splitMBps = megabytes / (median(split) / 1000);
  return { pipelineMBps, splitMBps, ratio: pipelineMBps / splitMBps };
}

async function main(): Promise<void> {
  const { specs, skipped } = sets();
  const report: {
    date: string;
    node: string;
    quick: boolean;
    skipped: string[];
    sets: Record<string, unknown>;
    analysis?: unknown;
    entityIndexing?: unknown;
    stress?: unknown;
  } = { date: new Date().toISOString(), node: process.version, quick, skipped, sets: {} };
  const out: string[] = [
    `# steppe benchmark, ${report.date.slice(0, 10)}, Node ${process.version}${quick ? ' (quick)' : ''}`,
    '',
  ];
  for (const line of skipped) out.push(`- ${line}`);

  for (const spec of specs) {
    const { docs, queries } = spec.scale
      ? { docs: [] as Document[], queries: [] as Query[] }
      : spec.load();
    const documents = spec.size ?? docs.length;
    const qrels = spec.qrels === undefined ? undefined : readQrels(spec.qrels);
    const results: Record<string, Figures | string> = {};
    if (spec.scale) {
      for (const engine of ENGINES)
        results[engine.name] = await measureInChild(engine.name, spec.name);
    } else {
      // Alternate the first order too, so no engine always starts on a warmer heap.
      const order = specs.indexOf(spec) % 2 === 0 ? ENGINES : [...ENGINES].reverse();
      Object.assign(results, await measureSet(order, docs, queries, qrels, quick ? 1 : 3));
    }
    report.sets[spec.name] = { documents, queries: spec.scale ? 1000 : queries.length, results };
    const base = results.minisearch;
    out.push(
      '',
      `## ${spec.name} (${documents} documents, ${spec.scale ? 1000 : queries.length} queries)`,
      '',
    );
    out.push(
      '| engine | build ms | memory MB | bytes (store) | load ms | p50 ms | p95 ms | p99 ms | QPS (2 threads) |' +
        (qrels ? ' nDCG@10 | R@100 | MAP | MRR@10 |' : ''),
    );
    out.push(
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|' + (qrels ? '---:|---:|---:|---:|' : ''),
    );
    for (const engine of ENGINES) {
      const f = results[engine.name]!;
      if (typeof f === 'string') {
        out.push(`| ${engine.name} | ${f} |`);
        continue;
      }
      const ratio = (x: number, y: number | undefined): string =>
        y === undefined || typeof base === 'string' || engine.name === 'minisearch'
          ? ''
          : ` (${(x / y).toFixed(2)}x)`;
      const b = typeof base === 'string' ? undefined : base;
      out.push(
        `| ${engine.name} | ${f.buildMs.toFixed(0)}${ratio(f.buildMs, b?.buildMs)} | ${f.heapMB.toFixed(1)}${ratio(f.heapMB, b?.heapMB)}${f.peakRssMB ? ` (peak RSS ${f.peakRssMB.toFixed(0)})` : ''} | ${f.bytes - f.storeBytes}${ratio(f.bytes - f.storeBytes, b?.bytes)}${f.storeBytes ? ` (+${f.storeBytes})` : ''} | ${f.loadMs.toFixed(1)}${ratio(f.loadMs, b?.loadMs)} | ${f.p50Ms.toFixed(3)}${ratio(f.p50Ms, b?.p50Ms)} | ${f.p95Ms.toFixed(3)}${ratio(f.p95Ms, b?.p95Ms)} | ${f.p99Ms.toFixed(3)} | ${f.qps?.toFixed(0) ?? '-'} |` +
          (qrels
            ? ` ${f.ndcg10!.toFixed(4)} | ${f.recall100!.toFixed(4)} | ${f.map!.toFixed(4)} | ${f.mrr10!.toFixed(4)} |`
            : ''),
      );
    }
    if (spec.name === 'reuters21578') report.stress = stressQueries(docs);
    if (
      spec.name === 'scifact' ||
      (spec.name === 'seed corpus' && !specs.some((s) => s.name === 'scifact'))
    ) {
      const texts = docs.map((d) => `${d.title}\n${d.body}`);
      report.analysis = analysisThroughput(texts);
      const timeBuild = (options: ConstructorParameters<typeof SearchIndex>[0]): number => {
        const times: number[] = [];
        for (let r = 0; r < (quick ? 1 : 3); r++) {
          const start = performance.now();
          new SearchIndex(options).addAll(docs);
          times.push(performance.now() - start);
        }
        return median(times);
      };
      const on = timeBuild({});
      const off = timeBuild({ entities: false });
      report.entityIndexing = {
        set: spec.name,
        entitiesOnMs: on,
        entitiesOffMs: off,
        throughputRatio: off / on,
      };
    }
  }

  const analysis = report.analysis as ReturnType<typeof analysisThroughput> | undefined;
  if (analysis)
    out.push(
      '',
      `Analysis: ${analysis.pipelineMBps.toFixed(1)} MB/s through the whole pipeline against ${analysis.splitMBps.toFixed(1)} MB/s for a bare lower-case split (${analysis.ratio.toFixed(2)}x).`,
    );
  const entity = report.entityIndexing as
    | { set: string; entitiesOnMs: number; entitiesOffMs: number; throughputRatio: number }
    | undefined;
  if (entity)
    out.push(
      `Indexing ${entity.set} with entities: ${entity.entitiesOnMs.toFixed(0)} ms, without: ${entity.entitiesOffMs.toFixed(0)} ms (throughput ${entity.throughputRatio.toFixed(2)}x of entities off).`,
    );
  const stress = report.stress as Record<string, number> | undefined;
  if (stress)
    out.push(
      `Query stress on reuters21578: ${Object.entries(stress)
        .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
        .join(', ')}.`,
    );
  process.stdout.write(`${out.join('\n')}\n`);

  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  const latencySet =
    ['reuters21578', 'scifact'].find((name) => report.sets[name] !== undefined) ??
    Object.keys(report.sets)[0]!;
  const relevanceSet = report.sets.scifact !== undefined ? 'scifact' : latencySet;
  const rows = (set: string) => {
    const results = (report.sets[set] as { results: Record<string, Figures | string> }).results;
    return ENGINES.filter((e) => typeof results[e.name] !== 'string').map((e) => ({
      engine: e.name,
      ...(results[e.name] as Figures),
    }));
  };
  writeFileSync(
    join(ROOT, 'bench', 'results', 'latest.svg'),
    chart(
      `steppe and its peers, ${report.date.slice(0, 10)}`,
      latencySet,
      rows(latencySet),
      relevanceSet,
      rows(relevanceSet),
    ),
  );
}

if (argv[0] === '--child') await child(argv[1]!, argv[2]!);
else await main();

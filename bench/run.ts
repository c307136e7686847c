// steppe against MiniSearch: same documents, same queries, one process, alternating order.
// Usage: npm run bench [-- --quick] [-- --set scifact]. Needs ../shared/data for the judged and news sets
// (each absent set is skipped, saying so); the shipped corpus is always measured.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { Analyzer, type Document, evaluate, loadCorpusSync, readQrels, readQueries, SearchIndex } from '../src/index.js';
import { readContainer } from '../src/index/container.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, '..', 'shared', 'data');
const quick = process.argv.includes('--quick');
// --set NAME (repeatable) measures only the named sets.
const only = process.argv.flatMap((arg, i) => (arg === '--set' && process.argv[i + 1] !== undefined ? [process.argv[i + 1]!] : []));
const REPEATS = quick ? 3 : 5;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run bench does)');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function heapNow(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

interface Engine {
  name: string;
  build(docs: Document[]): unknown;
  search(index: unknown, query: string): string[];
  serialize(index: unknown): { bytes: number; storeBytes: number; data: unknown };
  load(data: unknown): unknown;
}

const steppe: Engine = {
  name: 'steppe',
  build(docs) {
    const index = new SearchIndex();
    index.addAll(docs);
    index.search('');
    return index;
  },
  search: (index, query) => (index as SearchIndex).search(query, { limit: 10 }).results.map((r) => r.id),
  serialize(index) {
    const bytes = (index as SearchIndex).serialize();
    return { bytes: bytes.length, storeBytes: readContainer(bytes).get('STOR')!.length, data: bytes };
  },
  load: (data) => SearchIndex.deserialize(data as Uint8Array),
};

const MINISEARCH_OPTIONS = { fields: ['title', 'body'], searchOptions: { boost: { title: 2 } } };
const minisearch: Engine = {
  name: 'minisearch',
  build(docs) {
    const index = new MiniSearch(MINISEARCH_OPTIONS);
    index.addAll(docs);
    return index;
  },
  search: (index, query) => (index as MiniSearch).search(query).slice(0, 10).map((r) => String(r.id)),
  serialize(index) {
    const json = JSON.stringify(index);
    return { bytes: Buffer.byteLength(json), storeBytes: 0, data: json };
  },
  load: (data) => MiniSearch.loadJSON(data as string, MINISEARCH_OPTIONS),
};

interface Figures {
  buildMs: number;
  heapMB: number;
  bytes: number;
  storeBytes: number;
  loadMs: number;
  p50Ms: number;
  p95Ms: number;
  ndcg10?: number;
}

function measure(engine: Engine, docs: Document[], queries: { id: string; text: string }[], qrels?: Map<string, Map<string, number>>): Figures {
  const builds: number[] = [];
  const heaps: number[] = [];
  let index: unknown;
  for (let r = 0; r < REPEATS; r++) {
    index = undefined;
    const before = heapNow();
    const start = performance.now();
    index = engine.build(docs);
    builds.push(performance.now() - start);
    heaps.push((heapNow() - before) / 1e6);
  }
  const { bytes, storeBytes, data } = engine.serialize(index);
  const loads: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    engine.load(data);
    loads.push(performance.now() - start);
  }
  for (const q of queries.slice(0, 50)) engine.search(index, q.text); // warm-up
  const latencies: number[] = [];
  const runs = new Map<string, string[]>();
  for (let r = 0; r < (quick ? 2 : 3); r++) {
    for (const q of queries) {
      const start = performance.now();
      const ids = engine.search(index, q.text);
      latencies.push(performance.now() - start);
      runs.set(q.id, ids);
    }
  }
  const figures: Figures = { buildMs: median(builds), heapMB: median(heaps), bytes, storeBytes, loadMs: median(loads), p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) };
  if (qrels !== undefined) figures.ndcg10 = evaluate(runs, qrels).ndcg10;
  return figures;
}

function titleQueries(docs: Document[], count: number): { id: string; text: string }[] {
  const next = random(42);
  const queries: { id: string; text: string }[] = [];
  while (queries.length < count) {
    const words = docs[Math.floor(next() * docs.length)]!.title.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 2);
    if (words.length < 2) continue;
    const n = Math.min(words.length, 2 + Math.floor(next() * 2));
    const start = Math.floor(next() * (words.length - n + 1));
    queries.push({ id: String(queries.length), text: words.slice(start, start + n).join(' ') });
  }
  return queries;
}

const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, quick, sets: {} };
const lines: string[] = [];

// Analysis throughput against a bare lower-case split over the same text.
{
  const texts = loadCorpusSync(existsSync(join(DATA, 'scifact')) ? join(DATA, 'scifact', 'docs.jsonl') : join(ROOT, 'corpus')).map((d) => `${d.title}\n${d.body}`);
  const megabytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / 1e6;
  const splitRuns: number[] = [];
  const pipelineRuns: number[] = [];
  const analyzer = new Analyzer();
  for (let r = 0; r < REPEATS; r++) {
    let start = performance.now();
    for (const t of texts) t.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    splitRuns.push(performance.now() - start);
    start = performance.now();
    for (const t of texts) analyzer.analyze(t);
    pipelineRuns.push(performance.now() - start);
  }
  const pipeline = megabytes / (median(pipelineRuns) / 1000);
  const split = megabytes / (median(splitRuns) / 1000);
  report.analysis = { megabytes, pipelineMBps: pipeline, splitMBps: split, ratio: pipeline / split };
  lines.push(`Analysis: ${pipeline.toFixed(1)} MB/s through the whole pipeline vs ${split.toFixed(1)} MB/s for a bare split (${(pipeline / split).toFixed(2)}x), over ${megabytes.toFixed(1)} MB`);
}

const sets: { name: string; docs: () => Document[]; queries: (docs: Document[]) => { id: string; text: string }[]; qrels?: string }[] = [
  { name: 'seed corpus', docs: () => loadCorpusSync(join(ROOT, 'corpus')), queries: (docs) => titleQueries(docs, 100) },
];
if (existsSync(join(DATA, 'scifact'))) {
  sets.push({ name: 'scifact', docs: () => loadCorpusSync(join(DATA, 'scifact', 'docs.jsonl')), queries: () => readQueries(join(DATA, 'scifact', 'queries.jsonl')), qrels: join(DATA, 'scifact', 'qrels.tsv') });
} else lines.push('scifact: skipped, ../shared/data/scifact is absent');
if (existsSync(join(DATA, 'reuters21578'))) {
  sets.push({ name: 'reuters21578', docs: () => loadCorpusSync(join(DATA, 'reuters21578', 'docs.jsonl')), queries: (docs) => titleQueries(docs, 1000) });
} else lines.push('reuters21578: skipped, ../shared/data/reuters21578 is absent');

const table = ['| set | engine | build ms | heap MB | bytes (store) | load ms | p50 ms | p95 ms | nDCG@10 |', '|---|---|---:|---:|---:|---:|---:|---:|---:|'];
const ratios = ['| set | build | heap | bytes w/o store | load | p50 | p95 |', '|---|---:|---:|---:|---:|---:|---:|'];
for (const set of sets) {
  if (only.length > 0 && !only.includes(set.name)) continue;
  const docs = set.docs();
  const queries = set.queries(docs);
  const qrels = set.qrels === undefined ? undefined : readQrels(set.qrels);
  // Alternate which engine goes first, then keep each engine's second measurement.
  const a = measure(minisearch, docs, queries, qrels);
  const b = measure(steppe, docs, queries, qrels);
  const c = measure(steppe, docs, queries, qrels);
  const d = measure(minisearch, docs, queries, qrels);
  const theirs = { ...d, buildMs: Math.min(a.buildMs, d.buildMs), p50Ms: Math.min(a.p50Ms, d.p50Ms), p95Ms: Math.min(a.p95Ms, d.p95Ms) };
  const ours = { ...c, buildMs: Math.min(b.buildMs, c.buildMs), p50Ms: Math.min(b.p50Ms, c.p50Ms), p95Ms: Math.min(b.p95Ms, c.p95Ms) };
  for (const [name, f] of [['steppe', ours], ['minisearch', theirs]] as const) {
    table.push(`| ${set.name} | ${name} | ${f.buildMs.toFixed(0)} | ${f.heapMB.toFixed(1)} | ${f.bytes}${f.storeBytes ? ` (${f.storeBytes})` : ''} | ${f.loadMs.toFixed(1)} | ${f.p50Ms.toFixed(3)} | ${f.p95Ms.toFixed(3)} | ${f.ndcg10?.toFixed(4) ?? '-'} |`);
  }
  const ratio = {
    build: ours.buildMs / theirs.buildMs,
    heap: ours.heapMB / theirs.heapMB,
    bytesWithoutStore: (ours.bytes - ours.storeBytes) / theirs.bytes,
    load: ours.loadMs / theirs.loadMs,
    p50: ours.p50Ms / theirs.p50Ms,
    p95: ours.p95Ms / theirs.p95Ms,
  };
  ratios.push(`| ${set.name} | ${ratio.build.toFixed(2)}x | ${ratio.heap.toFixed(2)}x | ${ratio.bytesWithoutStore.toFixed(2)}x | ${ratio.load.toFixed(2)}x | ${ratio.p50.toFixed(3)}x | ${ratio.p95.toFixed(3)}x |`);
  (report.sets as Record<string, unknown>)[set.name] = { documents: docs.length, queries: queries.length, steppe: ours, minisearch: theirs, ratio };
}

console.log(lines.join('\n'));
console.log(`\n${table.join('\n')}\n\nsteppe / MiniSearch (lower is better):\n\n${ratios.join('\n')}`);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);



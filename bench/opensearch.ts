// steppe against its OpenSearch backend on a judged set: the same documents pushed with the
// exported mapping, the same queries through both, nDCG@10, top-10 overlap and query time.
// Needs a node (opensearch/node.sh start, or STEPPE_OPENSEARCH_URL) and ../shared/data.
//   node --import tsx bench/opensearch.ts [scifact]
import { join } from 'node:path';
import {
  evaluate,
  loadCorpusSync,
  OpenSearchIndex,
  pushToOpenSearch,
  readQrels,
  readQueries,
  SearchIndex,
} from '../src/node/index.js';
import { percentile } from './percentile.js';

const url = process.env.STEPPE_OPENSEARCH_URL ?? 'http://127.0.0.1:9250';
const set = process.argv[2] ?? 'scifact';
const dir = join(import.meta.dirname, '..', '..', 'shared', 'data', set);
try {
  await fetch(`${url}/_cluster/health`);
} catch {
  console.log(`skipped: no OpenSearch at ${url} (opensearch/node.sh start)`);
  process.exit(0);
}
let docs;
try {
  docs = loadCorpusSync(join(dir, 'docs.jsonl'));
} catch {
  console.log(`skipped: ${dir} is absent`);
  process.exit(0);
}
const local = new SearchIndex();
local.addAll(docs);
const name = `steppe-bench-${set}`;
await fetch(`${url}/${name}`, { method: 'DELETE' });
const pushed = await pushToOpenSearch(local, { url, index: name });
const remote = new OpenSearchIndex(local, { url, index: name });
// The queries as words: both engines read them the same way.
const queries = readQueries(join(dir, 'queries.jsonl')).map((q) => ({
  id: q.id,
  text: q.text.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim(),
}));
const qrels = readQrels(join(dir, 'qrels.tsv'));
const runs = { steppe: new Map<string, string[]>(), opensearch: new Map<string, string[]>() };
const times = { steppe: [] as number[], opensearch: [] as number[] };
const overlaps: number[] = [];
for (let pass = 0; pass < 3; pass++)
  for (const q of queries) {
    if (q.text === '') continue;
    let started = performance.now();
    const a = local.search(q.text, { limit: 10 }).results.map((r) => r.id);
    times.steppe.push(performance.now() - started);
    started = performance.now();
    const b = (await remote.search(q.text, { limit: 10 })).results.map((r) => r.id);
    times.opensearch.push(performance.now() - started);
    if (pass > 0) continue;
    runs.steppe.set(q.id, a);
    runs.opensearch.set(q.id, b);
    overlaps.push(a.filter((id) => b.includes(id)).length / Math.max(1, Math.min(10, a.length)));
  }
await remote.close();
const steppe = evaluate(runs.steppe, qrels).ndcg10;
const opensearch = evaluate(runs.opensearch, qrels).ndcg10;
console.table([
  {
    set,
    documents: local.size,
    'push docs/s': Math.round(pushed.sent / pushed.seconds),
    'nDCG@10 steppe': steppe.toFixed(4),
    'nDCG@10 OpenSearch': opensearch.toFixed(4),
    'top-10 overlap mean': (overlaps.reduce((s, o) => s + o, 0) / overlaps.length).toFixed(2),
    'top-10 overlap worst': Math.min(...overlaps).toFixed(2),
    'p50 ms steppe': percentile(times.steppe, 50).toFixed(2),
    'p50 ms OpenSearch (HTTP)': percentile(times.opensearch, 50).toFixed(2),
  },
]);
await fetch(`${url}/${name}`, { method: 'DELETE' });

// One of the throughput figure's threads: loads an engine's serialized index, runs queries
// round-robin for a fixed time, and reports how many it answered.
import { parentPort, workerData } from 'node:worker_threads';
import { allEngines } from './engines.js';

const {
  engine: name,
  data,
  queries,
  milliseconds,
} = workerData as { engine: string; data: unknown; queries: string[]; milliseconds: number };
const engine = allEngines().find((e) => e.name === name);
if (engine === undefined) throw new Error(`no engine named ${name}`);
const index = await engine.load(data);
const end = performance.now() + milliseconds;
let answered = 0;
while (performance.now() < end) {
  const answer = engine.search(index, queries[answered % queries.length]!, 10);
  // Only the asynchronous engines pay for a promise per query.
  if (answer instanceof Promise) await answer;
  answered++;
}
parentPort!.postMessage(answered);

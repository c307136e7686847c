// A worker thread for the throughput figure: loads a serialized index (steppe from the built
// library in dist/, or MiniSearch) and runs queries round-robin for a fixed time, then reports
// how many it answered. Plain JavaScript: worker threads do not get the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import MiniSearch from 'minisearch';
import { SearchIndex } from '../dist/src/index.js';

const { engine, data, queries, milliseconds } = workerData;
const search =
  engine === 'minisearch'
    ? ((index) => (query) => index.search(query).slice(0, 10))(MiniSearch.loadJSON(data, { fields: ['title', 'body'], searchOptions: { boost: { title: 2 } } }))
    : ((index) => (query) => index.search(query, { limit: 10, parse: false }))(SearchIndex.deserialize(data));
const end = performance.now() + milliseconds;
let answered = 0;
while (performance.now() < end) {
  search(queries[answered % queries.length]);
  answered++;
}
parentPort.postMessage(answered);

// Index the shipped seed articles, search them, save the index and load it again.
// Run: node examples/search-corpus.mjs
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus, SearchIndex } from 'steppe';

const index = new SearchIndex();
index.addAll(await loadCorpus(new URL('../corpus', import.meta.url).pathname));

const { total, results, entities } = index.search('ISIS-K attacks in Russia', {
  limit: 3,
  snippets: true,
});
console.log(`${total} articles; the query names ${entities.map((e) => e.key).join(', ')}`);
for (const r of results) console.log(`${r.score.toFixed(2)}  ${r.title}\n      ${r.snippet.text}`);

const file = join(tmpdir(), 'seed.steppe');
await index.save(file);
const again = await SearchIndex.load(file);
console.log(`loaded ${again.size} articles from ${file}`);

// The slowest queries within the documented limits (README, "Limits"), timed on scifact (or
// the shipped corpus where ../shared/data is absent): each is answered or refused, and the
// goal is under 1 s for either. Usage: node --import tsx bench/worst-case.ts
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpusSync, SearchIndex } from '../src/node/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCIFACT = join(ROOT, '..', 'shared', 'data', 'scifact', 'docs.jsonl');
const source = existsSync(SCIFACT) ? SCIFACT : join(ROOT, 'corpus');
const docs = loadCorpusSync(source);
const index = new SearchIndex();
index.addAll(docs);

/** The queries within the limits that cost the most, by kind. */
function worstQueries(words: readonly string[]): Record<string, string> {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const pairs = Array.from(
    { length: 1024 },
    (_, i) => letters[i % 26]! + letters[Math.floor(i / 26) % 26]!,
  );
  return {
    '1,024 × a*': Array(1024).fill('a*').join(' '),
    '1,024 × e~2': Array(1024).fill('e~2').join(' '),
    '16 × a* (the budget, answered)': Array(16).fill('a*').join(' '),
    '1,024 distinct prefixes': pairs.map((p) => `${p}*`).join(' '),
    '1,024 distinct fuzzy words': pairs.map((p) => `${p}tion~2`).join(' '),
    '1,024 misspelled words': pairs.map((p) => `protien${p}`).join(' '),
    '512 phrases': Array(512).fill('"the cell"').join(' '),
    '1,024 most frequent words': words.slice(0, 1024).join(' '),
    '1,024 required frequent words': words
      .slice(0, 1024)
      .map((w) => `+${w}`)
      .join(' '),
  };
}

const counts = new Map<string, number>();
for (const doc of docs)
  for (const word of `${doc.title} ${doc.body}`.toLowerCase().split(/[^a-z]+/))
    if (word.length > 3) counts.set(word, (counts.get(word) ?? 0) + 1);
const frequent = [...counts].sort((a, b) => b[1] - a[1]).map(([word]) => word);

console.log(`${docs.length} documents from ${source}\n`);
console.log('| query | slowest of 3 | outcome |\n| --- | ---: | --- |');
for (const [name, query] of Object.entries(worstQueries(frequent))) {
  let slowest = 0;
  let outcome = '';
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    try {
      outcome = `${index.search(query).total} matches`;
    } catch (error) {
      outcome = `refused: ${(error as Error).message.slice(0, 60)}…`;
    }
    slowest = Math.max(slowest, performance.now() - started);
  }
  console.log(`| ${name} | ${slowest.toFixed(0)} ms | ${outcome} |`);
}

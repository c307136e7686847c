import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CorpusDocument as Document,
  loadCorpusSync,
  SearchIndex,
  type SearchIndexOptions,
  type SearchResults,
} from '../src/node/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = join(ROOT, 'corpus');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** The evaluation collections beside the project; absent on a user's fresh clone. */
export const SHARED_DATA = join(ROOT, '..', 'shared', 'data');

export function sharedSet(name: string): string | undefined {
  const dir = join(SHARED_DATA, name);
  return existsSync(join(dir, 'docs.jsonl')) ? dir : undefined;
}

/** A seeded pseudo-random generator (mulberry32), so random tests repeat exactly. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids of the six seed articles, as the loader derives them from their titles. */
export const SECURITY_CHIEF =
  'uzbek-security-chief-sco-must-help-afghanistan-to-fight-islamic-state-khorasan';
export const UZBEK_PRESIDENT = 'uzbek-president-global-conflicts-undercut-anti-terror-efforts';
export const DEADLY_ATTACKS =
  'deadly-attacks-in-russia-spark-fears-of-extremism-amid-ethnic-tensions';
export const RUSSIA_DEPORTS = 'russia-deports-thousands-of-tajik-citizens';
export const ISKP_STRUGGLE =
  'islamic-state-khorasan-province-as-part-of-the-struggle-for-central-asia';
export const SMUGGLING =
  'investigation-into-isis-linked-group-smuggling-uzbek-migrants-into-the-u-s';

const seed = loadCorpusSync(CORPUS);

/** The six seed articles in a new index. */
export function seedIndex(options?: SearchIndexOptions): SearchIndex {
  const index = new SearchIndex(options);
  index.addAll(seed);
  return index;
}

/** Results without the timing, which differs from run to run. */
export function untimed(results: SearchResults): Omit<SearchResults, 'tookMs'> {
  const { tookMs: _took, ...rest } = results;
  return rest;
}

/** The ids of a query's top results. */
export function ids(index: SearchIndex, query: string, limit = 10): string[] {
  return index.search(query, { limit }).results.map((r) => r.id);
}

/** Documents of random words from a small vocabulary, a few frequent, most rare. */
export function randomDocuments(count: number, next: () => number): Document[] {
  const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
  const pick = (): string => vocabulary[Math.floor(vocabulary.length * next() ** 2)]!;
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i}`,
    title: Array.from({ length: 1 + Math.floor(next() * 6) }, pick).join(' '),
    body: Array.from({ length: Math.floor(next() * 80) }, pick).join(' '),
  }));
}

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's headless Chromium driven by playwright-core, or undefined (saying `skipped: …`)
 * where it is not installed.
 */
export async function headlessChromium(): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    console.log(`  skipped: no ${CHROMIUM} (apt-get install chromium)`);
    return undefined;
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// Dates and desks given to the seed articles for tests of dated corpora (the seed page has
// none); the dates follow the events each article reports.
const SEED_DATES: Record<string, [string, string]> = {
  [SECURITY_CHIEF]: ['2024-09-05', 'Central Asia desk'],
  [UZBEK_PRESIDENT]: ['2024-09-06', 'Central Asia desk'],
  [DEADLY_ATTACKS]: ['2024-08-27', 'Russia desk'],
  [RUSSIA_DEPORTS]: ['2024-07-30', 'Central Asia desk'],
  [ISKP_STRUGGLE]: ['2024-04-10', 'Analysis'],
  [SMUGGLING]: ['2024-06-14', 'Americas desk'],
};

/**
 * A dated news corpus of real text: the six seed articles with a date and a source each, and
 * each article's body cut into briefs of three sentences, dated a week apart after it.
 */
export function datedNews(): Document[] {
  const docs: Document[] = [];
  for (const article of seed) {
    const [date, source] = SEED_DATES[article.id]!;
    docs.push({ ...article, date, source });
    const sentences = String(article.body).match(/[^.!?]+[.!?]+["”’]?(\s+|$)/g) ?? [];
    for (let part = 0; part * 3 < sentences.length; part++) {
      const day = new Date(Date.parse(date) + (part + 1) * 7 * 86_400_000);
      docs.push({
        id: `${article.id}-brief-${part + 1}`,
        title: `${article.title} (brief ${part + 1})`,
        body: sentences
          .slice(part * 3, part * 3 + 3)
          .join('')
          .trim(),
        date: day.toISOString().slice(0, 10),
        source: 'Briefs',
      });
    }
  }
  return docs;
}

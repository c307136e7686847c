import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import type { Token } from '../analysis/index.js';
import { popcount } from '../util/bits.js';
import { boundedEditDistance, letterSignature } from '../util/edit-distance.js';
import type { EntityRegistry } from './registry.js';

/** An entity a query mentions. */
export interface QueryEntity {
  /** The entity's root key. */
  key: string;
  /** The words of the query that named it. */
  text: string;
  /** 0 for an exact alias; else the edits between the typed word and the alias. */
  distance: number;
  /** Where the naming words stand in the query text. */
  start: number;
  end: number;
  /**
   * True for gazetteer entities: their documents get a salience boost. A name only a document
   * defined adds its documents without a score. Either way the words still match as words.
   */
  boosted: boolean;
}

// Near spellings: similar enough by Jaro-Winkler (which favours a shared beginning, as
// transliterations of one name have) and within a small edit distance.
const MIN_SIMILARITY = 0.9;
const MIN_NEAR_LENGTH = 5;

/**
 * Entities named in a query: exact aliases (longest first; acronyms of four or more letters
 * also in lower case, as people type them), then single words spelled near an alias
 * (`Mirziyoev`, `Mirzioyev` → Mirziyoyev). Only gazetteer entities and pairs documents
 * defined are looked for.
 */
export function resolveQueryEntities(
  registry: EntityRegistry,
  text: string,
  tokens: readonly Token[],
  isStopWord: (word: string) => boolean,
): QueryEntity[] {
  const stream = registry.stream(text, tokens);
  const claimed = new Array<boolean>(stream.length).fill(false);
  const found: QueryEntity[] = [];
  for (const match of registry.trie.match(stream, 4)) {
    const key = registry.key(match.entity);
    const record = registry.record(key);
    // Names found only by rule (any capitalized phrase) are too loose to rewrite a query with;
    // stop words are never names; a defined acronym must be typed in capitals.
    if (record === undefined || record.source === 'rule') continue;
    const words = stream.slice(match.from, match.to);
    if (words.every((w) => isStopWord(w.word))) continue;
    if (record.source === 'defined' && match.to - match.from === 1 && !words[0]!.caps) continue;
    for (let i = match.from; i < match.to; i++) claimed[i] = true;
    const start = stream[match.from]!.start;
    const end = stream[match.to - 1]!.end;
    found.push({
      key: registry.root(key),
      text: text.slice(start, end),
      distance: 0,
      start,
      end,
      boosted: record.source === 'gazetteer',
    });
  }
  stream.forEach((word, i) => {
    if (claimed[i] || word.word.length < MIN_NEAR_LENGTH || isStopWord(word.word)) return;
    const limit = word.word.length < 10 ? 1 : 2;
    const signature = letterSignature(word.word);
    let best: { key: string; distance: number; similarity: number } | undefined;
    // Transliterations and typos of a name keep its first letter.
    for (const { alias, key, signature: aliasSignature } of registry.nearSpellingCandidates(
      word.word[0]!,
    )) {
      if (
        Math.abs(alias.length - word.word.length) > limit ||
        popcount(signature ^ aliasSignature) > 2 * limit
      )
        continue;
      const distance = boundedEditDistance(word.word, alias, limit);
      if (distance > limit) continue;
      const similarity = JaroWinklerDistance(word.word, alias);
      if (similarity < MIN_SIMILARITY) continue;
      if (
        best === undefined ||
        distance < best.distance ||
        (distance === best.distance && similarity > best.similarity)
      )
        best = { key, distance, similarity };
    }
    if (best !== undefined)
      found.push({
        key: registry.root(best.key),
        text: text.slice(word.start, word.end),
        distance: best.distance,
        start: word.start,
        end: word.end,
        boosted: true,
      });
  });
  return found;
}

import type { EntityType } from './types.js';
import type { StreamWord } from './alias-trie.js';

// Words that may join the parts of a name without being capitalized or counting as initials.
const CONNECTORS = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'de', 'al', 'bin', 'ibn', 'ul', 'ut', 'as', 'e', 'i']);
// Capitalized at the start of a sentence or as a title, not as part of a name.
const LEADING = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'during', 'since', 'following', 'however', 'despite', 'while', 'with', 'for', 'through', 'over',
  'regarding', 'according', 'after', 'before', 'when', 'this', 'that', 'these', 'those', 'many', 'some', 'its', 'his', 'her', 'their',
  'president', 'lieutenant', 'general', 'secretary', 'director', 'emir', 'minister', 'chief', 'head', 'mr', 'mrs', 'ms', 'dr', 'prime',
  'deputy', 'commander', 'colonel', 'major', 'sheikh', 'king', 'foreign', 'interior', 'spokesman', 'spokesperson', 'officials', 'official',
]);
const ORGANIZATION_WORDS = new Set(['security', 'states', 'organization', 'organisation', 'agency', 'service', 'ministry', 'department', 'committee', 'council', 'union', 'group', 'network', 'bank', 'party', 'movement', 'front', 'army', 'police', 'court', 'office', 'institute', 'university', 'company', 'corporation', 'news', 'times', 'post', 'forces', 'guard', 'commission', 'parliament', 'assembly', 'brigade', 'battalion']);
const PLACE_WORDS = new Set(['province', 'region', 'city', 'republic', 'valley', 'oblast', 'street', 'river', 'mountains', 'district', 'sea', 'corridor', 'colony', 'airport']);
const EVENT_WORDS = new Set(['war', 'attack', 'conference', 'summit', 'massacre', 'siege', 'olympics', 'forum', 'election', 'elections', 'revolt', 'riot']);

// English words an acronym may spell (US, IS, IT, WHO). In text set all in capitals they are
// read as words, unless the context makes them names (see spellsWordHere).
const WORD_SPELLINGS = new Set(['us', 'is', 'it', 'who', 'we', 'he', 'me', 'am', 'an', 'as', 'at', 'be', 'do', 'go', 'if', 'in', 'no', 'of', 'on', 'or', 'so', 'to', 'up', 'can', 'man', 'may', 'was', 'aids', 'arms', 'rats']);

/**
 * True where a one-word alias in text set all in capitals is more likely a word than a name:
 * it spells an English word, no "the" stands before it (THE US) and the same text does not
 * name the entity in more words (THE ISLAMIC STATE … IS FIGHTERS).
 */
export function spellsWordHere(stream: readonly StreamWord[], i: number, namedInFull: boolean): boolean {
  return WORD_SPELLINGS.has(stream[i]!.word) && stream[i - 1]?.word !== 'the' && !namedInFull;
}

// Punctuation between two words that ends a name: sentence ends, quotes, brackets.
const BREAK = new Set([...'.!?;:,"“”()[]\n'].map((c) => c.charCodeAt(0)));

function breaksName(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (BREAK.has(text.charCodeAt(i))) return true;
  return false;
}

/** Guesses a type for a name no gazetteer knows, from its last word and its length. */
export function guessType(words: readonly string[]): EntityType {
  const last = words[words.length - 1]!;
  if (words.some((w) => EVENT_WORDS.has(w))) return 'event';
  if (ORGANIZATION_WORDS.has(last)) return 'organization';
  if (PLACE_WORDS.has(last)) return 'place';
  return words.length <= 3 ? 'person' : 'organization';
}

/**
 * For each stream word written in capitals, 1 when it stands among other words in capitals:
 * at least three of its nearest lettered neighbours (three each side) are in capitals too.
 * Tables and headlines inside wire copy (`PARANA STATE: UMUARAMA NIL`) are set in capitals
 * throughout, and there capitals mark neither acronyms nor names.
 */
export function loudWords(stream: readonly StreamWord[]): Uint8Array {
  const loud = new Uint8Array(stream.length);
  for (let i = 0; i < stream.length; i++) {
    if (!stream[i]!.caps) continue;
    loud[i] = capitalNeighbours(stream, i, -1) + capitalNeighbours(stream, i, 1) >= LOUD_NEIGHBOURS ? 1 : 0;
  }
  return loud;
}

const LOUD_NEIGHBOURS = 3;
const NEIGHBOURS_EACH_SIDE = 3;

// Of the nearest lettered words on one side (numbers skipped, at most twice as many looked at).
function capitalNeighbours(stream: readonly StreamWord[], i: number, step: 1 | -1): number {
  let seen = 0;
  let capitals = 0;
  for (let j = i + step, looked = 0; j >= 0 && j < stream.length && seen < NEIGHBOURS_EACH_SIDE && looked < 2 * NEIGHBOURS_EACH_SIDE; j += step, looked++) {
    if (!stream[j]!.lettered) continue;
    seen++;
    if (stream[j]!.caps) capitals++;
  }
  return capitals;
}

/** True for a word written in capitals as an acronym: 2 to 6 capital letters, nothing else. */
export function isAcronym(surface: string): boolean {
  return /^[A-Z]{2,6}$/.test(surface);
}

/**
 * Runs of capitalized words (two or more, connectors allowed inside) that the gazetteer did
 * not claim: candidate names of people, organizations and places. `claimed[i]` is true for
 * stream words already inside an alias match. Leading function words, titles and stop words
 * are dropped (`But He` is no name), and so are trailing stop words.
 */
export function capitalizedRuns(text: string, stream: readonly StreamWord[], claimed: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < stream.length) {
    if (claimed[i] === 1 || !stream[i]!.upper) {
      i++;
      continue;
    }
    let j = i;
    let end = i + 1;
    while (j + 1 < stream.length && claimed[j + 1] === 0 && stream[j + 1]!.position === stream[j]!.position + 1 && !breaksName(text, stream[j]!.end, stream[j + 1]!.start)) {
      if (stream[j + 1]!.upper) end = j + 2;
      else if (!CONNECTORS.has(stream[j + 1]!.word)) break;
      j++;
    }
    let from = i;
    while (from < end && (LEADING.has(stream[from]!.word) || CONNECTORS.has(stream[from]!.word) || stream[from]!.stop)) from++;
    let to = end;
    while (to > from && stream[to - 1]!.stop) to--;
    if (to - from >= 2) runs.push([from, to]);
    i = Math.max(end, i + 1);
  }
  return runs;
}

/**
 * For an acronym written in parentheses right after a name (`Collective Security Treaty
 * Organization (CSTO)`), the stream index where that name starts: the initials of its words
 * (and of the parts of hyphenated words), connectors skipped, spell the acronym.
 */
export function definedNameStart(stream: readonly StreamWord[], acronymIndex: number): number | undefined {
  const letters = stream[acronymIndex]!.surface.toLowerCase();
  // The initials of the words from `from` to the acronym, grown one word at a time leftwards.
  let initials = '';
  for (let from = acronymIndex - 1; from >= Math.max(0, acronymIndex - 12); from--) {
    const word = stream[from]!;
    const connector = CONNECTORS.has(word.word);
    if (!connector) initials = initialsOf(word.word) + initials;
    if (initials === letters && !connector && word.upper) return from;
    if (initials.length > letters.length) return undefined;
  }
  return undefined;
}

// A word's initial, or each part's for a hyphenated word (connector parts skipped).
function initialsOf(word: string): string {
  if (!word.includes('-')) return word[0] ?? '';
  let initials = '';
  for (const part of word.split('-')) if (part.length > 0 && !CONNECTORS.has(part)) initials += part[0];
  return initials;
}

import type { Token } from '../analysis/index.js';
import { AliasTrie, type StreamWord } from './alias-trie.js';
import { capitalizedRuns, definedNameStart, guessType, isAcronym, loudWords } from './rules.js';
import { ENTITY_TYPES, type EntityDefinition, type EntitySource, type EntityType, type Mention } from './types.js';

/** What steppe knows of one entity. */
export interface EntityRecord {
  key: string;
  name: string;
  type: EntityType;
  /** The names it was seen or defined under. */
  aliases: string[];
  source: EntitySource;
}

/** How the registry reads words: the analyzer's tokenizer, its normalization (no stemming) and stop words. */
export interface WordReader {
  tokenize(text: string): Token[];
  normalized(word: string): string | null;
  isStopWord(word: string): boolean;
}

export interface RecognitionOptions {
  /** Find names the gazetteer lacks: acronyms, capitalized names, defined pairs (default true). */
  rules: boolean;
}

/**
 * The entities of an index: gazetteer entries, pairs documents define (`Collective Security
 * Treaty Organization (CSTO)`), and names found by rule. Entities found to be the same are
 * joined (union-find), so a pair learned late still joins mentions indexed earlier: queries
 * resolve an entity to every key joined with it.
 */
export class EntityRegistry {
  readonly trie = new AliasTrie();
  private readonly records = new Map<string, EntityRecord>();
  private readonly parent = new Map<string, string>();
  private readonly wordCache = new Map<string, string>();
  private membersCache: Map<string, string[]> | undefined;
  private nearCache: Map<string, [string, string][]> | undefined;

  constructor(
    private readonly reader: WordReader,
    readonly options: RecognitionOptions,
  ) {}

  /** Adds gazetteer entries; their aliases take precedence over anything learned later. */
  define(definitions: readonly EntityDefinition[]): void {
    this.nearCache = undefined;
    for (const definition of definitions) {
      this.records.set(definition.id, { key: definition.id, name: definition.name, type: definition.type, aliases: [...definition.aliases], source: 'gazetteer' });
      for (const alias of definition.aliases) {
        const words = this.words(alias);
        this.trie.add(words, definition.id, words.length === 1 && isAcronym(alias.replace(/\./g, '')));
      }
    }
  }

  /** The entity a key belongs to now (after any joins). */
  root(key: string): string {
    let root = key;
    while (this.parent.has(root)) root = this.parent.get(root)!;
    return root;
  }

  record(key: string): EntityRecord | undefined {
    return this.records.get(this.root(key));
  }

  /** Every key joined with this one, itself included. */
  members(key: string): string[] {
    if (this.membersCache === undefined) {
      this.membersCache = new Map();
      for (const k of this.records.keys()) {
        const root = this.root(k);
        const list = this.membersCache.get(root);
        if (list === undefined) this.membersCache.set(root, [k]);
        else list.push(k);
      }
    }
    return this.membersCache.get(this.root(key)) ?? [key];
  }

  /**
   * One-word gazetteer aliases starting with `letter`, with their keys: the names a typed word
   * may be a near spelling of. Built once; gazetteer entries only change at construction.
   */
  nearSpellingCandidates(letter: string): readonly [string, string][] {
    if (this.nearCache === undefined) {
      this.nearCache = new Map();
      for (const [alias, key] of this.trie.singleWords) {
        if (this.records.get(key)?.source !== 'gazetteer') continue;
        const list = this.nearCache.get(alias[0]!);
        if (list === undefined) this.nearCache.set(alias[0]!, [[alias, key]]);
        else list.push([alias, key]);
      }
    }
    return this.nearCache.get(letter) ?? [];
  }

  /** Root keys of every entity. */
  roots(): string[] {
    return [...this.records.keys()].filter((key) => !this.parent.has(key));
  }

  /** Normalized words of a name, one per word position (a hyphenated word stays whole). */
  words(text: string): string[] {
    return this.stream(text, this.reader.tokenize(text)).map((w) => w.word);
  }

  /** The words of `text` for alias matching: one per position, normalized, with capitals noted. */
  stream(text: string, tokens: readonly Token[]): StreamWord[] {
    const stream: StreamWord[] = [];
    for (const token of tokens) {
      if (stream.length > 0 && stream[stream.length - 1]!.position === token.position) continue;
      const surface = text.slice(token.start, token.end);
      let word = this.wordCache.get(surface);
      if (word === undefined) {
        word = this.reader.normalized(surface) ?? surface.toLowerCase();
        if (this.wordCache.size > 200_000) this.wordCache.clear();
        this.wordCache.set(surface, word);
      }
      const shape = wordShape(surface);
      stream.push({ surface, word, id: this.trie.wordId(word), caps: (shape & CAPITALS) !== 0, upper: (shape & STARTS_UPPER) !== 0, lettered: (shape & LETTERED) !== 0, stop: this.reader.isStopWord(word), position: token.position, start: token.start, end: token.end });
    }
    return stream;
  }

  /**
   * Mentions in one field, given its word stream. Learns defined pairs first, so a pair and
   * the mentions after it in the same document already agree.
   */
  recognizeStream(text: string, stream: StreamWord[], isTitle: boolean): Mention[] {
    if (this.options.rules) {
      const wordCount = this.trie.wordCount;
      this.learnDefinedPairs(text, stream);
      // A pair just learned may have brought words the stream knew no id for.
      if (this.trie.wordCount !== wordCount) for (const word of stream) if (word.id < 0) word.id = this.trie.wordId(word.word);
    }
    // Text in capitals throughout (wire headlines) says nothing about acronyms or names, nor do
    // capitals among capitals (tables).
    const shouting = isShouting(stream);
    const loud = this.options.rules && !shouting ? loudWords(stream) : undefined;
    const mentions: Mention[] = [];
    const claimed = new Uint8Array(stream.length);
    for (const match of this.trie.match(stream)) {
      // An acronym only a rule found is no evidence where everything is in capitals.
      if (match.to - match.from === 1 && (shouting || loud?.[match.from] === 1 || isTickerSuffix(text, stream, match.from)) && this.isRuleAcronym(match.key)) continue;
      claimed.fill(1, match.from, match.to);
      mentions.push(this.mention(match.key, stream, match.from, match.to));
    }
    if (loud === undefined) return mentions;
    let appended = false;
    for (let i = 0; i < stream.length; i++) {
      const word = stream[i]!;
      if (!word.caps || claimed[i] === 1) continue;
      if (loud[i] === 1) {
        claimed[i] = 1;
        continue;
      }
      if (!isAcronym(word.surface) || word.stop || isTickerSuffix(text, stream, i)) continue;
      claimed[i] = 1;
      mentions.push(this.mention(this.ensure(ruleKey([word.word], true), word.surface, 'organization', [word.word], true), stream, i, i + 1));
      appended = true;
    }
    // Titles are written in title case, where capitals say nothing about names.
    if (!isTitle) {
      for (const [from, to] of capitalizedRuns(text, stream, claimed)) {
        const words = stream.slice(from, to).map((w) => w.word);
        const name = text.slice(stream[from]!.start, stream[to - 1]!.end);
        mentions.push(this.mention(this.ensure(ruleKey(words, false), name, guessType(words), words, false), stream, from, to));
        appended = true;
      }
    }
    return appended ? mentions.sort((a, b) => a.position - b.position) : mentions;
  }

  private isRuleAcronym(key: string): boolean {
    const record = this.record(key);
    return record !== undefined && record.source === 'rule' && key.startsWith('acr:');
  }

  private mention(key: string, stream: readonly StreamWord[], from: number, to: number): Mention {
    return { key, position: stream[from]!.position, start: stream[from]!.start, end: stream[to - 1]!.end };
  }

  // `Long Name (ACR)`: join the name and the acronym, and match both from now on.
  private learnDefinedPairs(text: string, stream: readonly StreamWord[]): void {
    for (let i = 0; i < stream.length; i++) {
      const word = stream[i]!;
      if (!word.caps || text.charCodeAt(word.start - 1) !== OPEN_PARENTHESIS || text.charCodeAt(word.end) !== CLOSE_PARENTHESIS || !isAcronym(word.surface)) continue;
      const from = definedNameStart(stream, i);
      if (from === undefined) continue;
      const longWords = stream.slice(from, i).map((w) => w.word);
      const longName = text.slice(stream[from]!.start, stream[i - 1]!.end);
      const longKey = this.trie.lookup(longWords) ?? this.ensure(ruleKey(longWords, false), longName, guessType(longWords), longWords, false);
      const acronymKey = this.trie.lookup([word.word]) ?? this.ensure(ruleKey([word.word], true), word.surface, this.record(longKey)?.type ?? 'organization', [word.word], true);
      this.join(longKey, acronymKey);
      const record = this.record(longKey)!;
      for (const alias of [longName, word.surface]) if (!record.aliases.includes(alias)) record.aliases.push(alias);
      if (record.source === 'rule') record.source = 'defined';
    }
  }

  // A record for a key found by rule, and its alias in the trie, created on first sight.
  private ensure(key: string, name: string, type: EntityType, words: string[], capsOnly: boolean): string {
    if (!this.records.has(key)) {
      this.records.set(key, { key, name, type, aliases: [name], source: 'rule' });
      this.membersCache = undefined;
      this.trie.add(words, key, capsOnly);
    }
    return key;
  }

  // Joins two entities; a gazetteer entry stays the root.
  private join(a: string, b: string): void {
    const rootA = this.root(a);
    const rootB = this.root(b);
    if (rootA === rootB) return;
    const keepB = this.records.get(rootB)?.source === 'gazetteer' && this.records.get(rootA)?.source !== 'gazetteer';
    const [root, child] = keepB ? [rootB, rootA] : [rootA, rootB];
    this.parent.set(child, root);
    const merged = this.records.get(root)!;
    for (const alias of this.records.get(child)?.aliases ?? []) if (!merged.aliases.includes(alias)) merged.aliases.push(alias);
    this.membersCache = undefined;
  }

  /**
   * The registry as JSON-ready data, for the index file. Entities found by rule are most of a
   * large corpus's entities and are stored tersely: `[words, name, type]`, their key and alias
   * derived from their words as {@link ensure} derives them.
   */
  toJSON(): RegistryData {
    const records: RegistryData['records'] = [];
    const rules: RegistryData['ruleEntities'] = [];
    for (const record of this.records.values()) {
      if (record.source === 'rule' && record.aliases.length === 1 && record.aliases[0] === record.name) continue;
      records.push(record);
    }
    const aliases: RegistryData['aliases'] = [];
    for (const [words, key, capsOnly] of this.trie.aliases()) {
      const record = this.records.get(key);
      const terse = record !== undefined && record.source === 'rule' && record.aliases.length === 1 && record.aliases[0] === record.name && key === ruleKey(words.split(' '), capsOnly);
      if (terse) rules.push([capsOnly ? `${ACRONYM_MARK}${words}` : words, record.name === words ? 0 : record.name, ENTITY_TYPES.indexOf(record.type)]);
      aliases.push(terse ? aliases.length : [words, key, capsOnly]);
    }
    return { rules: this.options.rules, records, ruleEntities: rules, parent: [...this.parent], aliases };
  }

  static fromJSON(data: RegistryData, reader: WordReader): EntityRegistry {
    const registry = new EntityRegistry(reader, { rules: data.rules });
    for (const record of data.records) registry.records.set(record.key, { ...record, aliases: [...record.aliases] });
    let next = 0;
    for (const entry of data.aliases) {
      if (typeof entry !== 'number') {
        registry.trie.add(entry[0].split(' '), entry[1], entry[2]);
        continue;
      }
      const [marked, name, typeIndex] = data.ruleEntities[next++]!;
      const capsOnly = marked.startsWith(ACRONYM_MARK);
      const words = capsOnly ? marked.slice(1) : marked;
      const parts = words.split(' ');
      const key = ruleKey(parts, capsOnly);
      const display = name === 0 ? words : name;
      registry.records.set(key, { key, name: display, type: ENTITY_TYPES[typeIndex]!, aliases: [display], source: 'rule' });
      registry.trie.add(parts, key, capsOnly);
    }
    for (const [child, root] of data.parent) registry.parent.set(child, root);
    return registry;
  }
}

const ACRONYM_MARK = '\u0002';
const OPEN_PARENTHESIS = 0x28;
const CLOSE_PARENTHESIS = 0x29;

// The key a rule gives an entity found under these words (see recognizeStream).
function ruleKey(words: readonly string[], capsOnly: boolean): string {
  return capsOnly ? `acr:${words.join(' ')}` : `name:${words.join('-')}`;
}

// The exchange suffix of a ticker symbol (`INMR.HE`, `RWNT.L`): joined to the word before by a dot.
function isTickerSuffix(text: string, stream: readonly StreamWord[], i: number): boolean {
  return i > 0 && stream[i - 1]!.end === stream[i]!.start - 1 && text[stream[i]!.start - 1] === '.';
}

// More than half of the words in capitals: a headline in capitals, not acronyms.
function isShouting(stream: readonly StreamWord[]): boolean {
  let caps = 0;
  for (const word of stream) if (word.caps) caps++;
  return stream.length >= 3 && caps * 2 > stream.length;
}

export interface RegistryData {
  rules: boolean;
  /** Gazetteer entities, defined pairs, and rule entities that gained aliases. */
  records: EntityRecord[];
  /** The other rule entities: [words (U+0002 first for an acronym), display name or 0 when it is the words, type index]. */
  ruleEntities: [string, string | 0, number][];
  parent: [string, string][];
  /** Every alias in trie order: [words, key, capsOnly], or a number for the next rule entity. */
  aliases: ([string, string, boolean] | number)[];
}

/** Capitals as acronyms and initialisms are written: every letter upper case, at least two. */
export function isCapitals(surface: string): boolean {
  return (wordShape(surface) & CAPITALS) !== 0;
}

/** {@link wordShape}: written in capitals (see {@link isCapitals}). */
export const CAPITALS = 1;
/** {@link wordShape}: the first character is a capital letter. */
export const STARTS_UPPER = 2;
/** {@link wordShape}: the word has a letter. */
export const LETTERED = 4;

/**
 * What entity rules ask of a word's letters, as bits: {@link CAPITALS}, {@link STARTS_UPPER},
 * {@link LETTERED}. Indexing works it out once per distinct word.
 */
export function wordShape(surface: string): number {
  let capitals = 0;
  let lower = false;
  let asciiLetter = false;
  let nonAscii = false;
  for (let i = 0; i < surface.length; i++) {
    const c = surface.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      lower = true;
      asciiLetter = true;
    } else if (c >= 65 && c <= 90) {
      capitals++;
      asciiLetter = true;
    } else if (c > 127) {
      nonAscii = true;
      if (surface[i] !== surface[i]!.toUpperCase()) lower = true;
    }
  }
  const first = surface.charCodeAt(0);
  const upper = (first >= 65 && first <= 90) || (first > 127 && surface[0] !== surface[0]!.toLowerCase());
  const lettered = asciiLetter || (nonAscii && LETTER.test(surface));
  return (!lower && capitals >= 2 ? CAPITALS : 0) | (upper ? STARTS_UPPER : 0) | (lettered ? LETTERED : 0);
}

const LETTER = /\p{L}/u;

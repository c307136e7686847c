import type { Token } from '../analysis/index.js';
import { OptionsError } from '../errors.js';
import { ByteReader, ByteWriter } from '../util/bytes.js';
import { ensureUint8 } from '../util/growable.js';
import { letterSignature } from '../util/edit-distance.js';
import { type AliasMatch, AliasTrie, type StreamWord } from './alias-trie.js';
import { ENTITY_SOURCES, EntityTable } from './entity-table.js';
import {
  acronymType,
  capitalizedRuns,
  isConnector,
  isNameConnector,
  definedNameStart,
  guessType,
  isAcronym,
  isCommonAcronym,
  loudWords,
  spellsWordHere,
  withoutPossessive,
} from './rules.js';
import {
  ENTITY_TYPES,
  type EntityDefinition,
  type EntitySource,
  type EntityType,
  type Mention,
} from './types.js';

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

/** A one-word gazetteer alias a typed word may be a near spelling of. */
export interface NearSpellingCandidate {
  alias: string;
  /** Its entity's key. */
  key: string;
  /** Its {@link letterSignature}, to pass over aliases too unlike the word cheaply. */
  signature: number;
}

/**
 * The entities of an index: gazetteer entries, pairs documents define (`Collective Security
 * Treaty Organization (CSTO)`), and names found by rule. Entities found to be the same are
 * joined (union-find), so a pair learned late still joins mentions indexed earlier: queries
 * resolve an entity to every key joined with it. Entities are numbered in order of first sight
 * ({@link EntityTable}); the public surface speaks of keys.
 */
export class EntityRegistry {
  readonly trie = new AliasTrie();
  private readonly table = new EntityTable();
  private readonly wordCache = new Map<string, string>();
  private membersCache: Map<number, number[]> | undefined;
  private membersJoined = -1;
  private nearCache: Map<string, NearSpellingCandidate[]> | undefined;
  // Gazetteer branches: branch key -> parent key.
  private readonly parents = new Map<string, string>();

  constructor(
    private readonly reader: WordReader,
    readonly options: RecognitionOptions,
  ) {}

  /** Adds gazetteer entries; their aliases take precedence over anything learned later. */
  define(definitions: readonly EntityDefinition[]): void {
    this.nearCache = undefined;
    for (const definition of definitions) {
      const entity = this.table.add(
        definition.id,
        definition.name,
        definition.type,
        'gazetteer',
        definition.aliases,
      );
      for (const alias of definition.aliases) {
        const words = this.words(alias);
        this.trie.add(words, entity, words.length === 1 && isAcronym(alias.replace(/\./g, '')));
      }
    }
    this.setHierarchy(
      definitions.flatMap((d) =>
        d.parent === undefined ? [] : [[d.id, d.parent] as [string, string]],
      ),
    );
  }

  /** Every `[branch, parent]` pair of keys, as {@link setHierarchy} takes them. */
  hierarchy(): [string, string][] {
    return [...this.parents];
  }

  /** Makes each first key a branch of the second; both must be known, with no cycle. */
  setHierarchy(pairs: readonly (readonly [string, string])[]): void {
    for (const [branch, parent] of pairs) {
      for (const key of [branch, parent])
        if (this.table.id(key) < 0)
          throw new OptionsError(
            `entity "${branch}": ${key === branch ? 'is' : `its parent "${parent}" is`} not in the gazetteer`,
          );
      this.parents.set(branch, parent);
    }
    for (const [branch] of pairs) {
      const seen = new Set<string>();
      for (let key: string | undefined = branch; key !== undefined; key = this.parents.get(key)) {
        if (seen.has(key)) throw new OptionsError(`entity "${branch}": its parents form a cycle`);
        seen.add(key);
      }
    }
  }

  /** Keys of the entities that are branches of this one, at any depth, nearest first. */
  branches(key: string): string[] {
    const out: string[] = [];
    for (let level = [key]; level.length > 0;) {
      level = [...this.parents]
        .filter(([, parent]) => level.includes(parent))
        .map(([branch]) => branch);
      out.push(...level);
    }
    return out;
  }

  /** The key of an entity id (as the trie and mentions give them). */
  key(entity: number): string {
    return this.table.key(entity);
  }

  /** How many entity ids there are (roots and those joined to them). */
  get size(): number {
    return this.table.size;
  }

  /** The id of the entity a key belongs to now (after any joins), or -1 for an unknown key. */
  rootId(key: string): number {
    const entity = this.table.id(key);
    return entity < 0 ? -1 : this.table.root(entity);
  }

  /** The type of entity id `entity`. */
  typeOf(entity: number): EntityType {
    return this.table.type(entity);
  }

  /** The display name of entity id `entity`. */
  nameOf(entity: number): string {
    return this.table.name(entity);
  }

  /** The key of the entity a key belongs to now (after any joins); an unknown key is its own. */
  root(key: string): string {
    const entity = this.table.id(key);
    return entity < 0 ? key : this.table.key(this.table.root(entity));
  }

  record(key: string): EntityRecord | undefined {
    const entity = this.table.id(key);
    if (entity < 0) return undefined;
    const root = this.table.root(entity);
    return {
      key: this.table.key(root),
      name: this.table.name(root),
      type: this.table.type(root),
      aliases: this.table.aliases(root),
      source: this.table.source(root),
    };
  }

  /** Every key joined with this one, itself included. */
  members(key: string): string[] {
    const entity = this.table.id(key);
    if (entity < 0) return [key];
    if (this.membersCache === undefined || this.membersJoined !== this.table.joined) {
      // Only joined entities have other members; ids ascend within each list.
      this.membersCache = new Map();
      this.membersJoined = this.table.joined;
      for (let id = 0; id < this.table.size; id++) {
        if (this.table.parent(id) < 0) continue;
        const root = this.table.root(id);
        const list = this.membersCache.get(root);
        if (list === undefined) this.membersCache.set(root, [id]);
        else list.push(id);
      }
      for (const [root, list] of this.membersCache) {
        list.push(root);
        list.sort((a, b) => a - b);
      }
    }
    const root = this.table.root(entity);
    return (this.membersCache.get(root) ?? [root]).map((id) => this.table.key(id));
  }

  /**
   * One-word gazetteer aliases starting with `letter`, with their keys: the names a typed word
   * may be a near spelling of. Built once; gazetteer entries only change at construction.
   */
  nearSpellingCandidates(letter: string): readonly NearSpellingCandidate[] {
    if (this.nearCache === undefined) {
      this.nearCache = new Map();
      for (const [alias, entity] of this.trie.singleWordAliases()) {
        if (this.table.source(entity) !== 'gazetteer') continue;
        const candidate: NearSpellingCandidate = {
          alias,
          key: this.table.key(entity),
          signature: letterSignature(alias),
        };
        const list = this.nearCache.get(alias[0]!);
        if (list === undefined) this.nearCache.set(alias[0]!, [candidate]);
        else list.push(candidate);
      }
    }
    return this.nearCache.get(letter) ?? [];
  }

  /** Root keys of every entity. */
  roots(): string[] {
    const roots: string[] = [];
    for (let id = 0; id < this.table.size; id++)
      if (this.table.parent(id) < 0) roots.push(this.table.key(id));
    return roots;
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
      stream.push({
        surface,
        word,
        id: this.trie.wordId(word),
        caps: (shape & CAPITALS) !== 0,
        upper: (shape & STARTS_UPPER) !== 0,
        lettered: (shape & LETTERED) !== 0,
        stop: this.reader.isStopWord(word),
        position: token.position,
        start: token.start,
        end: token.end,
      });
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
      if (this.trie.wordCount !== wordCount)
        for (const word of stream) if (word.id < 0) word.id = this.trie.wordId(word.word);
    }
    // Text in capitals throughout (wire headlines) says nothing about acronyms or names, nor do
    // capitals among capitals (tables).
    const shouting = isShouting(stream);
    const loud = this.options.rules && !shouting ? loudWords(stream) : undefined;
    const mentions: Mention[] = [];
    const claimed = new Uint8Array(stream.length);
    const matches = this.trie.match(stream);
    for (const match of matches) {
      // An acronym only a rule found is no evidence where everything is in capitals.
      if (
        match.to - match.from === 1 &&
        (shouting || loud?.[match.from] === 1 || isTickerSuffix(text, stream, match.from)) &&
        this.isRuleAcronym(match.entity)
      )
        continue;
      if (
        shouting &&
        match.to - match.from === 1 &&
        spellsWordHere(stream, match.from, this.namedInFull(match.entity, matches))
      )
        continue;
      claimed.fill(1, match.from, match.to);
      mentions.push(mention(match.entity, stream, match.from, match.to));
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
      if (
        !isAcronym(word.surface) ||
        word.stop ||
        isCommonAcronym(word.word) ||
        isTickerSuffix(text, stream, i) ||
        isInitials(text, stream, i)
      )
        continue;
      claimed[i] = 1;
      mentions.push(
        mention(
          this.ensure(
            ruleKey([word.word], true),
            word.surface,
            acronymType(word.word),
            [word.word],
            true,
          ),
          stream,
          i,
          i + 1,
        ),
      );
      appended = true;
    }
    // Titles are written in title case, where capitals say nothing about names.
    if (!isTitle) {
      for (const [from, to, titled] of capitalizedRuns(text, stream, claimed)) {
        const words = stream.slice(from, to).map((w) => w.word);
        const type = guessType(words, titled);
        // The tail of a name whose head an alias claimed (MCI Communications Corp) is no name.
        const tail =
          from > 0 && claimed[from - 1] === 1 && stream[from - 1]!.end + 1 === stream[from]!.start;
        if (type === undefined || (tail && type === 'organization')) continue;
        const name = withoutPossessive(text.slice(stream[from]!.start, stream[to - 1]!.end));
        mentions.push(
          mention(this.ensure(ruleKey(words, false), name, type, words, false), stream, from, to),
        );
        appended = true;
      }
    }
    return appended ? mentions.sort((a, b) => a.position - b.position) : mentions;
  }

  // Whether another match names the same entity in two words or more.
  private namedInFull(entity: number, matches: readonly AliasMatch[]): boolean {
    const root = this.table.root(entity);
    return matches.some((m) => m.to - m.from >= 2 && this.table.root(m.entity) === root);
  }

  private isRuleAcronym(entity: number): boolean {
    return (
      this.table.source(this.table.root(entity)) === 'rule' &&
      this.table.key(entity).startsWith('acr:')
    );
  }

  // `Long Name (ACR)`: join the name and the acronym, and match both from now on.
  private learnDefinedPairs(text: string, stream: readonly StreamWord[]): void {
    for (let i = 0; i < stream.length; i++) {
      const word = stream[i]!;
      if (
        !word.caps ||
        text.charCodeAt(word.start - 1) !== OPEN_PARENTHESIS ||
        text.charCodeAt(word.end) !== CLOSE_PARENTHESIS ||
        !isAcronym(word.surface)
      )
        continue;
      const from = definedNameStart(stream, i);
      if (from === undefined) continue;
      const longWords = stream.slice(from, i).map((w) => w.word);
      const longName = text.slice(stream[from]!.start, stream[i - 1]!.end);
      const known = this.trie.lookup(longWords);
      // Words in lower case make a defined term, not a name (gross domestic product (GDP)).
      const type = stream.slice(from, i).every((w) => w.upper || isConnector(w.word))
        ? (guessType(longWords) ?? 'concept')
        : 'concept';
      const long =
        known >= 0
          ? known
          : this.ensure(ruleKey(longWords, false), longName, type, longWords, false);
      const knownAcronym = this.trie.lookup([word.word]);
      const acronym =
        knownAcronym >= 0
          ? knownAcronym
          : this.ensure(
              ruleKey([word.word], true),
              word.surface,
              this.table.type(this.table.root(long)),
              [word.word],
              true,
            );
      this.join(long, acronym);
      const root = this.table.root(long);
      this.table.addAlias(root, longName);
      this.table.addAlias(root, word.surface);
      if (this.table.source(root) === 'rule') this.table.setSource(root, 'defined');
    }
  }

  // The entity a rule found under this key, and its alias in the trie, created on first sight.
  private ensure(
    key: string,
    name: string,
    type: EntityType,
    words: string[],
    capsOnly: boolean,
  ): number {
    const known = this.table.id(key);
    if (known >= 0) return known;
    const entity = this.table.add(key, name, type, 'rule');
    this.trie.add(words, entity, capsOnly);
    return entity;
  }

  // Joins two entities; a gazetteer entry stays the root.
  private join(a: number, b: number): void {
    const rootA = this.table.root(a);
    const rootB = this.table.root(b);
    if (rootA === rootB) return;
    const keepB =
      this.table.source(rootB) === 'gazetteer' && this.table.source(rootA) !== 'gazetteer';
    if (keepB) this.table.join(rootA, rootB);
    else this.table.join(rootB, rootA);
  }

  /**
   * The registry as bytes (docs/FORMAT.md, `ENTS`): column by column, every entity's trie
   * aliases, keys (empty where the first alias spells it), names, facts and alias lists.
   */
  encode(): Uint8Array {
    const { table } = this;
    const out = new ByteWriter(1024);
    out.varint(this.options.rules ? 1 : 0);
    out.varint(table.size);
    const trieAliases = Array.from({ length: table.size }, () => [] as [string, boolean][]);
    for (const [words, entity, capsOnly] of this.trie.aliases())
      trieAliases[entity]!.push([words, capsOnly]);
    for (const list of trieAliases) {
      out.varint(list.length);
      for (const [words, capsOnly] of list) {
        out.string(words);
        out.varint(capsOnly ? 1 : 0);
      }
    }
    for (let id = 0; id < table.size; id++) {
      const first = trieAliases[id]![0];
      const derived =
        table.source(id) === 'rule' &&
        first !== undefined &&
        ruleKey(first[0].split(' '), first[1]) === table.key(id);
      out.string(derived ? '' : table.key(id));
    }
    for (let id = 0; id < table.size; id++) out.string(table.name(id));
    for (let id = 0; id < table.size; id++) {
      out.varint(ENTITY_TYPES.indexOf(table.type(id)));
      out.varint(ENTITY_SOURCES.indexOf(table.source(id)));
      out.varint(table.parent(id) + 1);
    }
    for (let id = 0; id < table.size; id++) {
      const aliases = table.hasAliasList(id) ? table.aliases(id) : undefined;
      out.varint(aliases === undefined ? 0 : aliases.length + 1);
      for (const alias of aliases ?? []) out.string(alias);
    }
    return out.view();
  }

  /** Reads what {@link encode} wrote. Throws RangeError on inconsistent data. */
  static decode(bytes: Uint8Array, reader: WordReader): EntityRegistry {
    const input = new ByteReader(bytes);
    const rules = input.varint();
    if (rules > 1) throw new RangeError('bad entity recognition flag');
    const registry = new EntityRegistry(reader, { rules: rules === 1 });
    const { table, trie } = registry;
    const count = input.varint();
    if (count > bytes.length) throw new RangeError('impossible entity count');
    // Where each entity's first alias is, and whether it needs capitals: what a derived key is made of.
    const firstAlias = new Int32Array(2 * count);
    const firstCapsOnly = new Uint8Array(count);
    for (let id = 0; id < count; id++) {
      const aliases = input.varint();
      for (let i = 0; i < aliases; i++) {
        const start = input.skipText();
        const end = input.offset;
        const capsOnly = input.varint();
        if (capsOnly > 1) throw new RangeError('bad alias flag');
        trie.addUtf8(bytes, start, end, id, capsOnly === 1);
        if (i > 0) continue;
        firstAlias[2 * id] = start;
        firstAlias[2 * id + 1] = end;
        firstCapsOnly[id] = capsOnly;
      }
    }
    table.reserveEncoded(count);
    let scratch: Uint8Array = new Uint8Array(64);
    for (let id = 0; id < count; id++) {
      const start = input.skipText();
      const end = input.offset;
      if (start < end) {
        table.addEncodedKey(bytes, start, end);
        continue;
      }
      const from = firstAlias[2 * id]!;
      const to = firstAlias[2 * id + 1]!;
      if (from === to) throw new RangeError('an entity has neither key nor alias');
      const prefix = firstCapsOnly[id] === 1 ? ACRONYM_PREFIX : NAME_PREFIX;
      scratch = ensureUint8(scratch, prefix.length + to - from);
      scratch.set(prefix);
      // As ruleKey joins them: an acronym's words by spaces, a name's by hyphens.
      for (let i = from; i < to; i++)
        scratch[prefix.length + i - from] =
          bytes[i] === SPACE && prefix === NAME_PREFIX ? HYPHEN : bytes[i]!;
      table.addEncodedKey(scratch, 0, prefix.length + to - from);
    }
    // Names stay bytes until shown.
    const names = new Int32Array(2 * count);
    for (let id = 0; id < count; id++) {
      names[2 * id] = input.skipText();
      names[2 * id + 1] = input.offset;
    }
    table.setEncodedNames(bytes, names);
    const facts = new Float64Array(3 * count);
    for (let i = 0; i < 3 * count; i++) facts[i] = input.varint();
    for (let id = 0; id < count; id++) {
      const listed = input.varint();
      let aliases: string[] | undefined;
      if (listed > 0) {
        aliases = [];
        for (let i = 1; i < listed; i++) aliases.push(input.text(input.varint()));
      }
      table.setEncoded(id, facts[3 * id]!, facts[3 * id + 1]!, facts[3 * id + 2]!, aliases);
    }
    table.checkParents();
    if (!input.done) throw new RangeError('trailing bytes in the entity registry');
    return registry;
  }

  /** Reads the JSON registry of format versions 1 and 2. */
  static fromLegacyJSON(data: LegacyRegistryData, reader: WordReader): EntityRegistry {
    const registry = new EntityRegistry(reader, { rules: data.rules });
    const { table, trie } = registry;
    for (const record of data.records)
      table.add(record.key, record.name, record.type, record.source, record.aliases);
    let next = 0;
    for (const entry of data.aliases) {
      if (typeof entry !== 'number') {
        const entity = table.id(entry[1]);
        trie.add(
          entry[0].split(' '),
          entity >= 0 ? entity : table.add(entry[1], entry[1], 'organization', 'rule'),
          entry[2],
        );
        continue;
      }
      const [marked, name, typeIndex] = data.ruleEntities[next++]!;
      const capsOnly = marked.startsWith(ACRONYM_MARK);
      const words = capsOnly ? marked.slice(1) : marked;
      const parts = words.split(' ');
      trie.add(
        parts,
        table.add(
          ruleKey(parts, capsOnly),
          name === 0 ? words : name,
          ENTITY_TYPES[typeIndex]!,
          'rule',
        ),
        capsOnly,
      );
    }
    for (const [child, root] of data.parent) {
      const childId = table.id(child);
      const rootId = table.id(root);
      if (childId < 0 || rootId < 0)
        throw new RangeError(`entity "${childId < 0 ? child : root}" is joined but never defined`);
      table.join(childId, rootId);
    }
    table.checkParents();
    return registry;
  }
}

function mention(entity: number, stream: readonly StreamWord[], from: number, to: number): Mention {
  return {
    entity,
    position: stream[from]!.position,
    start: stream[from]!.start,
    end: stream[to - 1]!.end,
  };
}

const ACRONYM_MARK = '\u0002';
const ACRONYM_PREFIX = new TextEncoder().encode('acr:');
const NAME_PREFIX = new TextEncoder().encode('name:');
const SPACE = 0x20;
const HYPHEN = 0x2d;
const OPEN_PARENTHESIS = 0x28;
const CLOSE_PARENTHESIS = 0x29;

// The key a rule gives an entity found under these words (see recognizeStream; ENTS derives
// keys the same way).
function ruleKey(words: readonly string[], capsOnly: boolean): string {
  return capsOnly ? `acr:${words.join(' ')}` : `name:${words.join('-')}`;
}

// The exchange suffix of a ticker symbol (`INMR.HE`, `RWNT.L`): joined to the word before by a dot.
function isTickerSuffix(text: string, stream: readonly StreamWord[], i: number): boolean {
  return i > 0 && stream[i - 1]!.end === stream[i]!.start - 1 && text[stream[i]!.start - 1] === '.';
}

// Two capitals before a name are a person's initials (KP Robertson, CA del Fava), not an acronym.
function isInitials(text: string, stream: readonly StreamWord[], i: number): boolean {
  const next = stream[i + 1];
  return (
    stream[i]!.surface.length === 2 &&
    acronymType(stream[i]!.word) !== 'place' &&
    next !== undefined &&
    next.start === stream[i]!.end + 1 &&
    text[stream[i]!.end] === ' ' &&
    !next.caps &&
    (next.upper || isNameConnector(next.word))
  );
}

// More than half of the words in capitals: a headline in capitals, not acronyms.
function isShouting(stream: readonly StreamWord[]): boolean {
  let caps = 0;
  for (const word of stream) if (word.caps) caps++;
  return stream.length >= 3 && caps * 2 > stream.length;
}

/** The entity registry as format versions 1 and 2 stored it (JSON). */
export interface LegacyRegistryData {
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
  const upper =
    (first >= 65 && first <= 90) || (first > 127 && surface[0] !== surface[0]!.toLowerCase());
  const lettered = asciiLetter || (nonAscii && LETTER.test(surface));
  return (
    (!lower && capitals >= 2 ? CAPITALS : 0) |
    (upper ? STARTS_UPPER : 0) |
    (lettered ? LETTERED : 0)
  );
}

const LETTER = /\p{L}/u;

import {
  type Analyzer,
  type ScannedText,
  SurfaceScanner,
  type WordSource,
} from '../analysis/index.js';
import {
  type AliasTrie,
  type EntityRegistry,
  CAPITALS,
  entityTerm,
  LETTERED,
  STARTS_UPPER,
  type StreamWord,
  wordShape,
} from '../entities/index.js';
import { ensureInt32, ensureUint8 } from '../util/growable.js';
import { type FieldTerms, fieldLength, TermDictionary } from '../index/index.js';

/** One document as the inverted index takes it: term ids per field, and its entity terms. */
export interface AnalyzedDocument {
  fields: FieldTerms[];
  entityTerms: Set<number>;
}

const UNANALYZED = -2;

/**
 * Turns documents into term ids per field, entity mentions included as entity terms at their
 * positions. Words come from a {@link WordSource} as surface ids (see {@link SurfaceScanner});
 * this keeps, per surface id, what indexing needs again at every occurrence: its term id (-1
 * for a stop word), its normalized unstemmed form and capitals for entity matching, and its
 * alias-trie word id.
 */
export class DocumentAnalysis {
  private readonly scanner: SurfaceScanner;
  /** The source the per-surface arrays below describe: ids mean nothing across sources. */
  private source: WordSource;
  private surfaces: string[] = [];
  private termIds: Int32Array = new Int32Array(1024);
  /** Per surface id, its {@link wordShape}. */
  private shapes: Uint8Array = new Uint8Array(1024);
  /** Per surface id, its normalized form's id among {@link normalizedWords}. */
  private normalizedOf: Int32Array = new Int32Array(1024);
  /** Normalized words by id, and ids by word. */
  private normalizedWords: string[] = [];
  private normalizedIds = new Map<string, number>();
  /** Per normalized word, its term id (-1 for a stop word), or UNANALYZED. */
  private normalizedTermIds: Int32Array = new Int32Array(1024);
  /** Per normalized word, its alias-trie word id (-1 while no alias has the word). */
  private trieIds: Int32Array = new Int32Array(1024);
  /** Trie words seen so far: those added since are looked up among the normalized words. */
  private trieWordsSeen = 0;
  private registry: EntityRegistry | undefined;
  /** Per entity id of the registry, its entity term's id plus one (0: not looked up yet). */
  private entityTermIds: Int32Array = new Int32Array(0);
  /** The words of the field being read, for entity recognition, and the objects they reuse. */
  private readonly stream: StreamWord[] = [];
  private readonly streamWords: StreamWord[] = [];

  constructor(analyzer: Analyzer) {
    this.scanner = new SurfaceScanner(analyzer);
    this.source = this.scanner;
  }

  /**
   * A document's terms per field, one text a field (`titleField` read as a title, where
   * capitals mean less). Term ids come from `terms`; with a `registry`, mentions of
   * its entities are recognized (and new names learned) and added as entity terms. Words are
   * scanned here unless `source` (which must be given every text this reads, in order) has
   * scanned them already.
   */
  analyze(
    texts: readonly string[],
    terms: TermDictionary,
    registry: EntityRegistry | undefined,
    source: WordSource = this.scanner,
    titleField = 0,
  ): AnalyzedDocument {
    if (source !== this.source) {
      this.clear();
      this.source = source;
    }
    if (registry !== undefined && registry !== this.registry) {
      // Trie ids belong to one registry: look every known word up again in the new one.
      this.registry = registry;
      this.entityTermIds = new Int32Array(0);
      this.trieIds.fill(-1);
      this.trieWordsSeen = 0;
    }
    const trie = registry?.trie;
    const fields: FieldTerms[] = [];
    const entityTerms = new Set<number>();
    for (let field = 0; field < texts.length; field++) {
      const text = texts[field]!;
      const isTitle = field === titleField;
      const scanned = source.scan(text);
      this.absorb(scanned, terms);
      if (trie !== undefined) this.learnTrieWords(trie);
      const termIds: number[] = [];
      const positions: number[] = [];
      const stream = this.stream;
      let streamLength = 0;
      let lastPosition = -1;
      const words = scanned.words;
      for (let at = 0; at < scanned.count * 4; at += 4) {
        const surface = words[at]!;
        const position = words[at + 3]!;
        const termId = this.termIds[surface]!;
        if (termId >= 0) {
          termIds.push(termId);
          positions.push(position);
        }
        if (registry !== undefined && position !== lastPosition) {
          lastPosition = position;
          const normalized = this.normalizedOf[surface]!;
          const shape = this.shapes[surface]!;
          let word = this.streamWords[streamLength];
          if (word === undefined)
            this.streamWords.push(
              (word = {
                surface: '',
                word: '',
                id: -1,
                caps: false,
                upper: false,
                lettered: false,
                stop: false,
                position: 0,
                start: 0,
                end: 0,
              }),
            );
          stream[streamLength] = word;
          word.surface = this.surfaces[surface]!;
          word.word = this.normalizedWords[normalized]!;
          word.id = this.trieIds[normalized]!;
          word.caps = (shape & CAPITALS) !== 0;
          word.upper = (shape & STARTS_UPPER) !== 0;
          word.lettered = (shape & LETTERED) !== 0;
          // A word without a term is one the analyzer drops.
          word.stop = termId === -1;
          word.position = position;
          word.start = words[at + 1]!;
          word.end = words[at + 2]!;
          streamLength++;
        }
      }
      stream.length = streamLength;
      const length = fieldLength(positions);
      if (registry !== undefined) {
        for (const mention of registry.recognizeStream(text, stream, isTitle)) {
          this.entityTermIds = ensureInt32(this.entityTermIds, mention.entity + 1);
          let termId = this.entityTermIds[mention.entity]! - 1;
          if (termId < 0)
            this.entityTermIds[mention.entity] =
              (termId = terms.intern(entityTerm(registry.key(mention.entity)))) + 1;
          termIds.push(termId);
          positions.push(mention.position);
          entityTerms.add(termId);
        }
      }
      fields.push({ termIds, positions, length });
    }
    return { fields, entityTerms };
  }

  /** Forgets every word: memory a built index need not keep. */
  clear(): void {
    this.scanner.clear();
    this.source = this.scanner;
    this.forgetSurfaces();
    this.entityTermIds = new Int32Array(0);
    this.registry = undefined;
  }

  private forgetSurfaces(): void {
    this.surfaces = [];
    this.normalizedWords = [];
    this.normalizedIds = new Map();
    this.trieWordsSeen = 0;
  }

  // Records the surfaces a text met for the first time.
  private absorb(scanned: ScannedText, terms: TermDictionary): void {
    if (scanned.reset) this.forgetSurfaces();
    const { surfaces, normalized: normalizedWords, terms: termStrings } = scanned.added;
    for (let i = 0; i < surfaces.length; i++) {
      const id = this.surfaces.length;
      const surface = surfaces[i]!;
      this.surfaces.push(surface);
      this.termIds = ensureInt32(this.termIds, id + 1);
      this.normalizedOf = ensureInt32(this.normalizedOf, id + 1);
      this.shapes = ensureUint8(this.shapes, id + 1);
      this.shapes[id] = wordShape(surface);
      const normalizedWord = normalizedWords[i]!;
      const word = normalizedWord ?? surface.toLowerCase();
      let normalized = this.normalizedIds.get(word);
      if (normalized === undefined) {
        normalized = this.normalizedWords.length;
        this.normalizedWords.push(word);
        this.normalizedIds.set(word, normalized);
        this.trieIds = ensureInt32(this.trieIds, normalized + 1);
        this.normalizedTermIds = ensureInt32(this.normalizedTermIds, normalized + 1);
        this.trieIds[normalized] = this.registry?.trie.wordId(word) ?? -1;
        this.normalizedTermIds[normalized] = UNANALYZED;
      }
      if (normalizedWord === null) {
        this.termIds[id] = -1;
      } else {
        if (this.normalizedTermIds[normalized] === UNANALYZED) {
          const term = termStrings[i]!;
          this.normalizedTermIds[normalized] = term === null ? -1 : terms.intern(term);
        }
        this.termIds[id] = this.normalizedTermIds[normalized]!;
      }
      this.normalizedOf[id] = normalized;
    }
  }

  // Words the trie gained since last time (names rules learned) get their ids here once,
  // rather than every word being looked up again in case it became part of a name.
  private learnTrieWords(trie: AliasTrie): void {
    for (; this.trieWordsSeen < trie.wordCount; this.trieWordsSeen++) {
      const normalized = this.normalizedIds.get(trie.word(this.trieWordsSeen));
      if (normalized !== undefined) this.trieIds[normalized] = this.trieWordsSeen;
    }
  }
}

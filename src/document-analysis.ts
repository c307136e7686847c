import { type Analyzer, scanWords, SurfaceTable } from './analysis/index.js';
import { type AliasTrie, type EntityRegistry, entityTerm, isCapitals, type StreamWord } from './entities/index.js';
import { ensureInt32, ensureUint8 } from './index/growable.js';
import { type FieldTerms, fieldLength, type TermDictionary } from './index/index.js';

/** One document as the inverted index takes it: term ids per field, and its entity terms. */
export interface AnalyzedDocument {
  fields: FieldTerms[];
  entityTerms: Set<number>;
}

const UNANALYZED = -2;

// Past this many distinct surface words the cache starts over (a bound on its memory).
const MAX_CACHED_SURFACES = 500_000;

/**
 * Turns documents into term ids per field, entity mentions included as entity terms at their
 * positions. Analysis is a pure function of a word, so each distinct surface word is analyzed
 * once and remembered by a dense id: its term id (-1 for a stop word), its normalized unstemmed
 * form and capitals for entity matching, and its alias-trie word id. A word seen before is
 * found from its characters in the text, with no string made of it.
 */
export class DocumentAnalysis {
  private readonly surfaces = new SurfaceTable();
  private termIds: Int32Array = new Int32Array(1024);
  private caps: Uint8Array = new Uint8Array(1024);
  /** Per surface id, its normalized form's id among {@link normalizedIds}. */
  private normalizedOf: Int32Array = new Int32Array(1024);
  private readonly normalizedIds = new Map<string, number>();
  private readonly normalizedWords: string[] = [];
  /** Per normalized word, its term id (-1 for a stop word), or UNANALYZED. */
  private normalizedTermIds: Int32Array = new Int32Array(1024);
  /** Per normalized word, its alias-trie word id (-1 while no alias has the word). */
  private trieIds: Int32Array = new Int32Array(1024);
  /** Trie words seen so far: those added since are looked up among the normalized words. */
  private trieWordsSeen = 0;
  private registry: EntityRegistry | undefined;
  private readonly entityTermIds = new Map<string, number>();

  constructor(private readonly analyzer: Analyzer) {}

  /**
   * A document's terms per field. Term ids come from `terms`; with a `registry`, mentions of
   * its entities are recognized (and new names learned) and added as entity terms.
   */
  analyze(doc: { title: string; body: string }, terms: TermDictionary, registry: EntityRegistry | undefined): AnalyzedDocument {
    if (this.surfaces.size >= MAX_CACHED_SURFACES || (registry !== undefined && registry !== this.registry)) this.clear();
    if (registry !== undefined) this.registry = registry;
    const trie = registry?.trie;
    const fields: FieldTerms[] = [];
    const entityTerms = new Set<number>();
    for (const [text, isTitle] of [[doc.title, true], [doc.body, false]] as const) {
      const termIds: number[] = [];
      const positions: number[] = [];
      const stream: StreamWord[] = [];
      if (trie !== undefined) this.learnTrieWords(trie);
      scanWords(text, (start, end, position) => {
        let surface = this.surfaces.find(text, start, end);
        if (surface < 0) surface = this.learn(text, start, end, terms);
        const termId = this.termIds[surface]!;
        if (termId >= 0) {
          termIds.push(termId);
          positions.push(position);
        }
        if (registry !== undefined && (stream.length === 0 || stream[stream.length - 1]!.position !== position)) {
          const normalized = this.normalizedOf[surface]!;
          stream.push({ surface: this.surfaces.surface(surface), word: this.normalizedWords[normalized]!, id: this.trieIds[normalized]!, caps: this.caps[surface] === 1, position, start, end });
        }
      });
      const length = fieldLength(positions);
      if (registry !== undefined) {
        for (const mention of registry.recognizeStream(text, stream, isTitle)) {
          let termId = this.entityTermIds.get(mention.key);
          if (termId === undefined) this.entityTermIds.set(mention.key, (termId = terms.intern(entityTerm(mention.key))));
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
    this.surfaces.clear();
    this.normalizedIds.clear();
    this.normalizedWords.length = 0;
    this.trieWordsSeen = 0;
    this.entityTermIds.clear();
    this.registry = undefined;
  }

  // Analyzes a surface word met for the first time.
  private learn(text: string, start: number, end: number, terms: TermDictionary): number {
    const id = this.surfaces.add(text, start, end);
    const surface = this.surfaces.surface(id);
    this.termIds = ensureInt32(this.termIds, id + 1);
    this.normalizedOf = ensureInt32(this.normalizedOf, id + 1);
    this.caps = ensureUint8(this.caps, id + 1);
    this.caps[id] = isCapitals(surface) ? 1 : 0;
    const normalizedWord = this.analyzer.normalized(surface);
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
    // The rest of the chain (stop words, stemming) depends on the normalized word alone, so
    // `Said`, `said` and `SAID` are stemmed once.
    if (normalizedWord === null) {
      this.termIds[id] = -1;
    } else {
      if (this.normalizedTermIds[normalized] === UNANALYZED) {
        const term = this.analyzer.term(surface);
        this.normalizedTermIds[normalized] = term === null ? -1 : terms.intern(term);
      }
      this.termIds[id] = this.normalizedTermIds[normalized]!;
    }
    this.normalizedOf[id] = normalized;
    return id;
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

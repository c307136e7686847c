import { type Analyzer, scanWords, SurfaceTable } from './analysis/index.js';
import { type EntityRegistry, entityTerm, isCapitals, type StreamWord } from './entities/index.js';
import { type FieldTerms, fieldLength, type TermDictionary } from './index/index.js';

/** One document as the inverted index takes it: term ids per field, and its entity terms. */
export interface AnalyzedDocument {
  fields: FieldTerms[];
  entityTerms: Set<number>;
}

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
  private readonly words: string[] = [];
  private trieWordIds: Int32Array = new Int32Array(1024);
  /** The trie's word count when a word's trie id was looked up: a -1 is stale once it grows. */
  private trieWordCounts: Int32Array = new Int32Array(1024);
  private registry: EntityRegistry | undefined;

  constructor(private readonly analyzer: Analyzer) {}

  /**
   * A document's terms per field. Term ids come from `terms`; with a `registry`, mentions of
   * its entities are recognized (and new names learned) and added as entity terms.
   */
  analyze(doc: { title: string; body: string }, terms: TermDictionary, registry: EntityRegistry | undefined): AnalyzedDocument {
    if (this.surfaces.size >= MAX_CACHED_SURFACES || (registry !== undefined && registry !== this.registry)) this.clear();
    if (registry !== undefined) this.registry = registry;
    const fields: FieldTerms[] = [];
    const entityTerms = new Set<number>();
    for (const [text, isTitle] of [[doc.title, true], [doc.body, false]] as const) {
      const termIds: number[] = [];
      const positions: number[] = [];
      const stream: StreamWord[] = [];
      scanWords(text, (start, end, position) => {
        let surface = this.surfaces.find(text, start, end);
        if (surface < 0) surface = this.learn(text, start, end, terms);
        const termId = this.termIds[surface]!;
        if (termId >= 0) {
          termIds.push(termId);
          positions.push(position);
        }
        if (registry !== undefined && (stream.length === 0 || stream[stream.length - 1]!.position !== position)) {
          stream.push({ surface: this.surfaces.surface(surface), word: this.words[surface]!, id: this.trieWordId(surface, registry), caps: this.caps[surface] === 1, position, start, end });
        }
      });
      const length = fieldLength(positions);
      if (registry !== undefined) {
        for (const mention of registry.recognizeStream(text, stream, isTitle)) {
          const termId = terms.intern(entityTerm(mention.key));
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
    this.words.length = 0;
    this.registry = undefined;
  }

  // Analyzes a surface word met for the first time.
  private learn(text: string, start: number, end: number, terms: TermDictionary): number {
    const id = this.surfaces.add(text, start, end);
    const surface = this.surfaces.surface(id);
    if (id >= this.termIds.length) {
      const size = this.termIds.length * 2;
      this.termIds = grownInt32(this.termIds, size);
      this.trieWordIds = grownInt32(this.trieWordIds, size);
      this.trieWordCounts = grownInt32(this.trieWordCounts, size);
      const caps = new Uint8Array(size);
      caps.set(this.caps);
      this.caps = caps;
    }
    const term = this.analyzer.term(surface);
    this.termIds[id] = term === null ? -1 : terms.intern(term);
    this.words[id] = this.analyzer.normalized(surface) ?? surface.toLowerCase();
    this.caps[id] = isCapitals(surface) ? 1 : 0;
    this.trieWordIds[id] = -1;
    this.trieWordCounts[id] = -1;
    return id;
  }

  private trieWordId(surface: number, registry: EntityRegistry): number {
    const known = this.trieWordIds[surface]!;
    const wordCount = registry.trie.wordCount;
    if (known >= 0 || this.trieWordCounts[surface] === wordCount) return known;
    const id = registry.trie.wordId(this.words[surface]!);
    this.trieWordIds[surface] = id;
    this.trieWordCounts[surface] = wordCount;
    return id;
  }
}

function grownInt32(array: Int32Array, length: number): Int32Array {
  const next = new Int32Array(length);
  next.set(array);
  return next;
}

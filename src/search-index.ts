import { readFile } from 'node:fs/promises';
import { Analyzer, type AnalyzerOptions } from './analysis/index.js';
import type { Document, MetadataValue } from './corpus/document.js';
import { CorruptIndexError, DocumentError, IndexFileError, OptionsError, SteppeError } from './errors.js';
import { DocStore, type FieldTerms, InvertedIndex } from './index/index.js';
import { readContainer, requireSection, writeContainer } from './index/container.js';
import { decodeInverted, encodeInverted } from './index/inverted-codec.js';
import { writeFileAtomic } from './index/atomic-write.js';
import { idf } from './ranking/bm25.js';
import type { FieldParams, RankingParams } from './ranking/params.js';
import { collectTopK } from './search/collect.js';
import { collectMaxScore } from './search/max-score.js';
import { MatchCounter } from './search/match-counter.js';
import { DisjunctionScorer, FieldScoring, TermScorer } from './search/scorers.js';
import { TermBounds } from './search/term-bounds.js';
import { makeSnippet, type Snippet } from './search/snippet.js';

/** Options of a new index. Every ranking parameter has a measured default (see README). */
export interface SearchIndexOptions {
  /** Stop words and stemmer; the same analyzer reads documents and queries. */
  analyzer?: AnalyzerOptions;
  /** BM25 term-frequency saturation (default 1.2). */
  k1?: number;
  /** Weight and length normalization of the title field (default weight 2, b 0.75). */
  title?: Partial<FieldParams>;
  /** Weight and length normalization of the body field (default weight 1, b 0.75). */
  body?: Partial<FieldParams>;
}

/** Options of one search. */
export interface SearchOptions {
  /** Results to return (default 10). */
  limit?: number;
  /** Results to skip first, for paging (default 0). */
  offset?: number;
  /** Leave out documents scoring below this. */
  minScore?: number;
  /**
   * Skip scoring documents that cannot reach the top `offset + limit` (MaxScore; default true).
   * Results are the same either way; off is for measurement and tests.
   */
  pruning?: boolean;
  /** Add a snippet with highlights to each result (default false). */
  snippets?: boolean | { length?: number };
}

/** One ranked document with its stored fields. */
export interface SearchResult {
  id: string;
  score: number;
  title: string;
  body: string;
  metadata: Record<string, MetadataValue>;
  /** With `snippets`: the best passage of the body (or the title) with match ranges. */
  snippet?: Snippet;
}

export interface SearchResults {
  query: string;
  /** Documents matching the query (all of them, not only the returned page). */
  total: number;
  results: SearchResult[];
  /** Milliseconds the search took, hydration of the returned page included. */
  tookMs: number;
}

export interface IndexStats {
  documents: number;
  terms: number;
  postingsBytes: number;
  averageTitleLength: number;
  averageBodyLength: number;
  metadataFields: string[];
}

export const DEFAULT_RANKING: RankingParams = {
  k1: 1.2,
  title: { weight: 2, b: 0.75 },
  body: { weight: 1, b: 0.75 },
};

const FIELDS = ['title', 'body'] as const;
const RESERVED_METADATA = new Set(['id', 'title', 'body', '__proto__', 'constructor', 'prototype']);

/**
 * A full-text index over news articles: add documents, search them with BM25F, save and load
 * the whole index as one binary file.
 */
export class SearchIndex {
  readonly analyzer: Analyzer;
  readonly ranking: RankingParams;
  private readonly analyzerOptions: AnalyzerOptions;
  private inverted: InvertedIndex;
  private store: DocStore;
  private readonly termIdOfWord = new Map<string, number>();
  private readonly bounds = new TermBounds();
  private readonly counter = new MatchCounter();
  /** Bumped by every change to the documents, so cached score bounds are recomputed. */
  private version = 0;
  private scoringCache: { version: number; scoring: FieldScoring } | undefined;

  constructor(options: SearchIndexOptions = {}) {
    this.analyzerOptions = options.analyzer ?? {};
    this.analyzer = new Analyzer(this.analyzerOptions);
    this.ranking = rankingFrom(options);
    this.inverted = new InvertedIndex(FIELDS);
    this.store = new DocStore();
  }

  /** Documents in the index. */
  get size(): number {
    return this.inverted.docCount;
  }

  /** Distinct terms ever indexed. */
  get termCount(): number {
    return this.inverted.terms.size;
  }

  /** Adds one document; an id already in the index is an error (use {@link replace}). */
  add(document: Document): void {
    const doc = validate(document);
    if (this.store.docId(doc.id) >= 0) throw new DocumentError(`a document with id "${doc.id}" is already in the index`);
    const docId = this.inverted.add(this.occurrences(doc));
    this.version++;
    const stored = this.store.add({ id: doc.id, title: doc.title, body: doc.body, metadata: metadataOf(doc) });
    if (stored !== docId) throw new Error('document store and inverted index disagree on doc ids');
  }

  /** Adds documents in order. */
  addAll(documents: Iterable<Document>): void {
    for (const document of documents) this.add(document);
  }

  /** Removes a document by id; an unknown id is an error. */
  remove(id: string): void {
    const docId = this.store.docId(id);
    if (docId < 0) throw new DocumentError(`no document with id "${id}" in the index`);
    const stored = this.store.get(docId);
    this.inverted.remove(docId, this.occurrences(stored));
    this.version++;
    this.store.remove(docId);
  }

  /** Replaces the document with the same id; an unknown id is an error. */
  replace(document: Document): void {
    const doc = validate(document);
    this.remove(doc.id);
    this.add(doc);
  }

  has(id: string): boolean {
    return this.store.docId(id) >= 0;
  }

  /** The stored document with this id, or undefined. */
  get(id: string): Document | undefined {
    const docId = this.store.docId(id);
    if (docId < 0) return undefined;
    const { title, body, metadata } = this.store.get(docId);
    return { ...metadata, id, title, body };
  }

  /** Index-wide figures: documents, terms, and bytes of postings and stored text. */
  stats(): IndexStats {
    this.inverted.flush();
    return {
      documents: this.size,
      terms: this.termCount,
      postingsBytes: this.inverted.postings.docBytes.length + this.inverted.postings.posBytes.length,
      averageTitleLength: this.inverted.averageFieldLength(0),
      averageBodyLength: this.inverted.averageFieldLength(1),
      metadataFields: this.store.metadataKeys(),
    };
  }

  /** Every document in index order. */
  *documents(): IterableIterator<Document> {
    for (let docId = 0; docId < this.inverted.docIdLimit; docId++) {
      if (this.inverted.deleted[docId] === 1) continue;
      const { id, title, body, metadata } = this.store.get(docId);
      yield { ...metadata, id, title, body };
    }
  }

  /**
   * Ranks documents for a free-text query: its words go through the analyzer, and each
   * document matching any of them is scored with BM25F.
   */
  search(query: string, options: SearchOptions = {}): SearchResults {
    if (typeof query !== 'string') throw new OptionsError('query must be a string');
    const limit = nonNegativeInteger(options.limit ?? 10, 'limit');
    const offset = nonNegativeInteger(options.offset ?? 0, 'offset');
    const started = performance.now();
    this.inverted.flush();
    const terms = this.freeTextTerms(query);
    const k = offset + limit;
    const { total, hits } =
      k === 0 && options.minScore === undefined
        ? { total: terms.length === 0 ? 0 : this.counter.count(this.inverted, terms.map((t) => t.termId)), hits: [] }
        : options.pruning === false || options.minScore !== undefined
        ? collectTopK(new DisjunctionScorer(terms), k, undefined, options.minScore)
        : collectMaxScore(
            terms,
            terms.map((t) => t.boost * this.bounds.bound(t.termId, t.scoring, t.idf, this.version)),
            k,
            undefined,
            this.counter,
            this.inverted.docIdLimit,
          );
    const snippetLength = typeof options.snippets === 'object' ? (options.snippets.length ?? 160) : 160;
    const highlightTerms = options.snippets ? new Set(this.analyzer.analyze(query).map((t) => t.term)) : undefined;
    const results = hits.slice(offset).map(({ doc, score }): SearchResult => {
      const stored = this.store.get(doc);
      const result: SearchResult = { id: stored.id, score, title: stored.title, body: stored.body, metadata: stored.metadata };
      if (highlightTerms !== undefined) result.snippet = makeSnippet(stored.body || stored.title, highlightTerms, this.analyzer, snippetLength);
      return result;
    });
    return { query, total, results, tookMs: performance.now() - started };
  }

  /** The index as bytes (the format in docs/FORMAT.md). Compacts removed documents first. */
  serialize(): Uint8Array {
    this.compact();
    const meta = { analyzer: this.analyzer.config, ranking: this.ranking, fields: FIELDS };
    return writeContainer([
      ['META', new TextEncoder().encode(JSON.stringify(meta))],
      ...encodeInverted(this.inverted),
      ['STOR', this.store.encode()],
    ]);
  }

  /**
   * Reads an index from bytes. An index built with a custom stemmer needs the same function
   * again in `options.analyzer.stemmer`.
   */
  static deserialize(bytes: Uint8Array, options: { analyzer?: AnalyzerOptions } = {}): SearchIndex {
    const sections = readContainer(bytes);
    try {
      const meta = JSON.parse(new TextDecoder().decode(requireSection(sections, 'META'))) as {
        analyzer: { stopWords: AnalyzerOptions['stopWords']; stemmer: 'porter' | 'none' | 'custom' };
        ranking: RankingParams;
      };
      const stemmer = meta.analyzer.stemmer === 'custom' ? options.analyzer?.stemmer : meta.analyzer.stemmer;
      if (stemmer === undefined) throw new OptionsError('this index was built with a custom stemmer: pass it as options.analyzer.stemmer');
      const index = new SearchIndex({
        analyzer: { stopWords: meta.analyzer.stopWords, stemmer },
        k1: meta.ranking.k1,
        title: meta.ranking.title,
        body: meta.ranking.body,
      });
      index.inverted = decodeInverted(FIELDS, {
        TERM: requireSection(sections, 'TERM'),
        PDOC: requireSection(sections, 'PDOC'),
        PPOS: requireSection(sections, 'PPOS'),
        NORM: requireSection(sections, 'NORM'),
      });
      index.store = DocStore.decode(requireSection(sections, 'STOR'));
      if (index.store.size !== index.inverted.docIdLimit) throw new RangeError('document store and postings disagree on the document count');
      return index;
    } catch (error) {
      if (error instanceof SteppeError) throw error;
      throw new CorruptIndexError(`corrupt index: ${(error as Error).message}`);
    }
  }

  /** Writes the index to a file atomically: a crash mid-write leaves any old file intact. */
  async save(path: string): Promise<void> {
    await writeFileAtomic(path, this.serialize());
  }

  /** Reads an index file written by {@link save}. */
  static async load(path: string, options: { analyzer?: AnalyzerOptions } = {}): Promise<SearchIndex> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new IndexFileError(`${path}: ${code === 'ENOENT' ? 'no such index file' : `cannot read (${code ?? 'error'})`}`);
    }
    try {
      return SearchIndex.deserialize(bytes, options);
    } catch (error) {
      // Name the file: the bytes alone do not know where they came from.
      if (error instanceof IndexFileError) error.message = `${path}: ${error.message}`;
      throw error;
    }
  }

  /** Drops removed documents from postings and store, renumbering the rest in order. */
  compact(): void {
    if (this.inverted.docIdLimit === this.inverted.docCount) return;
    const newId = this.inverted.compact();
    this.store.compact(newId);
  }

  private occurrences(doc: { title: string; body: string }): FieldTerms[] {
    return [this.fieldTerms(doc.title), this.fieldTerms(doc.body)];
  }

  // Words go straight to term ids through a cache, skipping the filters and the dictionary
  // lookup for every word seen before.
  private fieldTerms(text: string): FieldTerms {
    const termIds: number[] = [];
    const positions: number[] = [];
    for (const token of this.analyzer.tokenize(text)) {
      let termId = this.termIdOfWord.get(token.term);
      if (termId === undefined) {
        const term = this.analyzer.term(token.term);
        termId = term === null ? -1 : this.inverted.terms.intern(term);
        if (this.termIdOfWord.size >= 500_000) this.termIdOfWord.clear();
        this.termIdOfWord.set(token.term, termId);
      }
      if (termId >= 0) {
        termIds.push(termId);
        positions.push(token.position);
      }
    }
    return { termIds, positions };
  }

  // Field averages change with every add or remove; between changes, one object serves.
  private scoring(): FieldScoring {
    if (this.scoringCache?.version !== this.version) {
      const { title, body, k1 } = this.ranking;
      const scoring = new FieldScoring(this.inverted, k1, Float64Array.of(title.weight, body.weight), Float64Array.of(title.b, body.b));
      this.scoringCache = { version: this.version, scoring };
    }
    return this.scoringCache.scoring;
  }

  private freeTextTerms(query: string): TermScorer[] {
    const scoring = this.scoring();
    const boosts = new Map<number, number>();
    for (const token of this.analyzer.analyze(query)) {
      const termId = this.inverted.terms.lookup(token.term);
      if (termId >= 0 && this.inverted.docFrequency(termId) > 0) boosts.set(termId, (boosts.get(termId) ?? 0) + 1);
    }
    const scope = Uint8Array.of(1, 1);
    return [...boosts].map(
      ([termId, boost]) =>
        new TermScorer(
          this.inverted.cursor(false).reset(termId),
          termId,
          scoring,
          scope,
          idf(this.inverted.docCount, this.inverted.docFrequency(termId)),
          boost,
        ),
    );
  }
}

function rankingFrom(options: SearchIndexOptions): RankingParams {
  const ranking: RankingParams = {
    k1: options.k1 ?? DEFAULT_RANKING.k1,
    title: { ...DEFAULT_RANKING.title, ...options.title },
    body: { ...DEFAULT_RANKING.body, ...options.body },
  };
  if (!(ranking.k1 >= 0 && Number.isFinite(ranking.k1))) throw new OptionsError(`k1 must be a non-negative number, got ${ranking.k1}`);
  for (const field of FIELDS) {
    const { weight, b } = ranking[field];
    if (!(weight >= 0 && Number.isFinite(weight))) throw new OptionsError(`${field}.weight must be a non-negative number, got ${weight}`);
    if (!(b >= 0 && b <= 1)) throw new OptionsError(`${field}.b must be between 0 and 1, got ${b}`);
  }
  return ranking;
}

function validate(document: unknown): Document {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DocumentError('a document must be an object with id, title and body');
  }
  const doc = document as Record<string, unknown>;
  if (typeof doc.id !== 'string' || doc.id.length === 0) throw new DocumentError('a document needs a non-empty string id');
  for (const field of ['title', 'body'] as const) {
    if (doc[field] !== undefined && typeof doc[field] !== 'string') {
      throw new DocumentError(`document "${doc.id}": ${field} must be a string, got ${typeof doc[field]}`);
    }
  }
  for (const [key, value] of Object.entries(doc)) {
    if (RESERVED_METADATA.has(key)) continue;
    if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new DocumentError(`document "${doc.id}": metadata field "${key}" must be a string, number or boolean`);
    }
  }
  return { ...(doc as Document), title: (doc.title as string | undefined) ?? '', body: (doc.body as string | undefined) ?? '' };
}

function metadataOf(doc: Document): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(doc)) if (!RESERVED_METADATA.has(key)) metadata[key] = value;
  return metadata;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new OptionsError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

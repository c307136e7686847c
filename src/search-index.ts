import type { WordSource } from './analysis/index.js';
import { concatBytes } from './util/bytes.js';
import type { Analyzer } from './analysis/index.js';
import { decodeIndex, type DecodeOptions, encodeIndexParts } from './codec/index-codec.js';
import type { Document } from './corpus/document.js';
import type { EntityType } from './entities/index.js';
import { entitiesOf, type EntityMention, entityList, mentionsIn } from './entities/views.js';
import { DocumentError, OptionsError, ReadOnlyIndexError } from './errors.js';
import {
  SEARCH_DEFAULTS,
  type SearchIndexOptions,
  type SearchOptions,
  type SimilarOptions,
} from './options.js';
import type { RankingParams } from './ranking/params.js';
import type { DocumentEntity, EntitySummary, IndexStats, SearchResults } from './results.js';
import { Searcher } from './search/searcher.js';
import { type IndexContents, IndexWriter } from './writer/index-writer.js';
import { documentOf } from './writer/validate.js';
import type { Schema } from './schema.js';
import type { ChunkSpill } from './index/index.js';

/** A source of words read ahead for a batch, closed when the batch ends. */
export interface BatchWords extends WordSource {
  close(): void;
}

/**
 * A full-text index over news articles: add documents, search them with BM25F and entity
 * boosts, and turn the whole index into bytes and back. It runs wherever JavaScript does; in
 * Node, the `steppe` package adds saving and loading by path and a second thread for indexing.
 *
 * @example
 * const index = new SearchIndex();
 * index.add({ id: 'a1', title: 'ISKP claims Moscow attack', body: 'Islamic State Khorasan Province said…' });
 * index.search('ISIS-K').results[0].id; // => 'a1'
 */
export class SearchIndex {
  // Undefined for an index opened read-only; `contents` is what every search reads.
  private writer: IndexWriter | undefined;
  private contents: IndexContents;
  private searcher: Searcher;
  /** Whether batches may have their words read ahead (see {@link SearchIndexOptions.workerThread}). */
  protected readonly workerThread: boolean;

  constructor(options: SearchIndexOptions = {}) {
    if (options.workerThread !== undefined && typeof options.workerThread !== 'boolean')
      throw new OptionsError('workerThread must be true or false');
    this.workerThread = options.workerThread ?? SEARCH_DEFAULTS.workerThread;
    this.writer = IndexWriter.create(options, this.storeSpill());
    this.contents = this.writer;
    this.searcher = new Searcher(this.writer);
  }

  /**
   * Whether the index was opened read-only (see the Node `SearchIndex.open`): searched like
   * any other, but adding, removing and saving are refused with a {@link ReadOnlyIndexError}.
   *
   * @example
   * new SearchIndex().readOnly; // => false
   */
  get readOnly(): boolean {
    return this.writer === undefined;
  }

  /** An index over contents read elsewhere, read-only: what a platform's `open` returns. */
  protected static fromContents<T extends SearchIndex>(
    this: new (options?: SearchIndexOptions) => T,
    contents: IndexContents,
  ): T {
    return SearchIndex.withContents(this, contents, undefined);
  }

  // An index of class `make` over `contents`, changed through `writer` when there is one.
  private static withContents<T extends SearchIndex>(
    make: new (options?: SearchIndexOptions) => T,
    contents: IndexContents,
    writer: IndexWriter | undefined,
  ): T {
    const index = new make({ entities: false });
    index.writer = writer;
    index.contents = contents;
    index.searcher = new Searcher(contents);
    return index;
  }

  // The writer, or a ReadOnlyIndexError naming what was asked.
  private writable(what: string): IndexWriter {
    if (this.writer === undefined) throw new ReadOnlyIndexError(what);
    return this.writer;
  }

  /** The analyzer that reads both documents and queries. */
  get analyzer(): Analyzer {
    return this.contents.analyzer;
  }

  /**
   * The text fields (with their weights) and metadata types.
   *
   * @example
   * new SearchIndex().schema.names; // => ['title', 'body']
   */
  get schema(): Schema {
    return this.contents.schema;
  }

  /** The ranking parameters, defaults filled in. */
  get ranking(): RankingParams {
    return this.contents.ranking;
  }

  /**
   * Documents in the index.
   *
   * @example
   * new SearchIndex().size; // => 0
   */
  get size(): number {
    return this.contents.inverted.docCount;
  }

  /** Distinct terms ever indexed. */
  get termCount(): number {
    return this.contents.inverted.terms.size;
  }

  /**
   * Adds one document; an id already in the index is an error (use {@link replace}). Fields
   * other than id, title and body are kept as metadata for filters and sorting.
   *
   * @example
   * index.add({ id: 'tass-1', title: 'Dushanbe talks', body: '…', date: '2024-03-22' });
   */
  add(document: Document): void {
    this.writable('add').add(document);
  }

  /**
   * Adds documents in order; `onProgress` hears how many are in after each. The index is the
   * same whichever way the words are read.
   *
   * @example
   * index.addAll(docs, { onProgress: (n) => process.stdout.write(`\r${n}`) });
   */
  addAll(
    documents: Iterable<Document>,
    options: { onProgress?: (added: number) => void } = {},
  ): void {
    const writer = this.writable('addAll');
    const batch = Array.isArray(documents) ? (documents as Document[]) : [...documents];
    const words = this.workerThread ? this.wordsAhead(batch) : undefined;
    try {
      writer.addAll(batch, options.onProgress, words);
    } finally {
      words?.close();
    }
  }

  /** Where a platform can set stored text aside (a temporary file), the place; here, none. */
  protected storeSpill(): ChunkSpill | undefined {
    return undefined;
  }

  /** Where a platform can read a batch's words on another thread, a source of them; here, none. */
  protected wordsAhead(_batch: readonly Document[]): BatchWords | undefined {
    return undefined;
  }

  /**
   * Removes a document by id; an unknown id is an error.
   *
   * @example
   * index.remove('tass-1');
   */
  remove(id: string): void {
    this.writable('remove').remove(id);
  }

  /**
   * Replaces the document with the same id; an unknown id is an error.
   *
   * @example
   * index.replace({ id: 'tass-1', title: 'Dushanbe talks (updated)', body: '…' });
   */
  replace(document: Document): void {
    this.writable('replace').replace(document);
  }

  /**
   * Whether a document with this id is in the index.
   *
   * @example
   * index.has('tass-1'); // => true
   */
  has(id: string): boolean {
    return this.contents.store.docId(id) >= 0;
  }

  /**
   * The stored document with this id, or undefined.
   *
   * @example
   * index.get('tass-1')?.title; // => 'Dushanbe talks'
   */
  get(id: string): Document | undefined {
    const docId = this.contents.store.docId(id);
    if (docId < 0) return undefined;
    const { texts, metadata } = this.contents.store.get(docId);
    return documentOf(this.contents.schema, id, texts, metadata);
  }

  /**
   * Index-wide figures: documents, terms, and bytes of postings and stored text.
   *
   * @example
   * index.stats().documents; // => 285
   */
  stats(): IndexStats {
    const { inverted, registry, schema } = this.contents;
    inverted.flush();
    const averageOf = (field: number): number =>
      field < 0 ? 0 : inverted.averageFieldLength(field);
    return {
      documents: this.size,
      terms: this.termCount,
      postingsBytes: inverted.postings.frozenBytes,
      averageTitleLength: averageOf(schema.fieldIndex('title')),
      averageBodyLength: averageOf(schema.fieldIndex('body')),
      textFields: Object.fromEntries(schema.names.map((name, i) => [name, averageOf(i)])),
      metadataFields: Object.fromEntries(schema.metadataFields().map((f) => [f.name, f.type])),
      entities: registry?.roots().length ?? 0,
    };
  }

  /**
   * Every document in index order.
   *
   * @example
   * for (const doc of index.documents()) console.log(doc.id);
   */
  *documents(): IterableIterator<Document> {
    const { inverted, store, schema } = this.contents;
    for (let docId = 0; docId < inverted.docIdLimit; docId++) {
      if (inverted.deleted[docId] === 1) continue;
      const { id, texts, metadata } = store.get(docId);
      yield documentOf(schema, id, texts, metadata);
    }
  }

  /**
   * Ranks documents for a query in the query language (docs/QUERY.md): words are ranked with
   * BM25F over title and body, entities the words name add their aliases' documents.
   *
   * @example
   * const { total, results } = index.search('ISKP attacks in Russia', { limit: 5, snippets: true });
   */
  search(query: string, options: SearchOptions = {}): SearchResults {
    return this.searcher.search(query, options);
  }

  /**
   * Articles like the given one: its most distinctive terms make a weighted query, and the
   * article itself is left out.
   *
   * @example
   * index.similar('tass-1', { limit: 3 }).results.map((r) => r.id);
   */
  similar(id: string, options: SimilarOptions = {}): SearchResults {
    return this.searcher.similar(this.docId(id), id, options);
  }

  /**
   * The entities a document mentions, most salient first.
   *
   * @example
   * index.entities('tass-1')[0]; // => { key: 'iskp', name: 'ISKP', type: 'group', salience: 0.9, … }
   */
  entities(id: string): DocumentEntity[] {
    const docId = this.docId(id);
    const { registry, inverted } = this.contents;
    if (registry === undefined) return [];
    inverted.flush();
    return entitiesOf(
      { registry, inverted, documentEntities: this.contents.documentEntities() },
      docId,
    );
  }

  /**
   * Where an article's stored texts name its entities, field by field, for marking them up:
   * each mention's character range and the entity's root key (see {@link entityList} for
   * names and aliases).
   *
   * @example
   * index.mentions('tass-1')[0]; // => { field: 'title', start: 0, end: 4, key: 'iskp' }
   */
  mentions(id: string): EntityMention[] {
    const docId = this.docId(id);
    const { registry, store, schema, analyzer } = this.contents;
    if (registry === undefined) return [];
    const { texts } = store.get(docId);
    const fields = schema.fields.flatMap((f, i) =>
      f.stored ? [{ name: f.name, text: texts[i]! }] : [],
    );
    return mentionsIn(registry, analyzer, fields);
  }

  /**
   * Every entity of the index with the number of documents mentioning it, most frequent first.
   *
   * @example
   * index.entityList({ type: 'person', top: 5 });
   */
  entityList(options: { type?: EntityType; top?: number } = {}): EntitySummary[] {
    const { registry, inverted } = this.contents;
    if (registry === undefined) return [];
    inverted.flush();
    return entityList(registry, inverted, options);
  }

  /**
   * Drops removed documents from postings and store, renumbering the rest in order.
   *
   * @example
   * index.remove('tass-1');
   * index.compact();
   */
  compact(): void {
    this.writable('compact').compact();
  }

  /**
   * The index as bytes (the format in docs/FORMAT.md), the same on every platform. Compacts
   * removed documents first.
   *
   * @example
   * const bytes = index.serialize();
   * SearchIndex.deserialize(bytes).size === index.size; // => true
   */
  serialize(): Uint8Array {
    return concatBytes([...this.serializedParts()]);
  }

  /** The bytes of {@link serialize} in pieces, the postings not copied: for writing a file. */
  protected serializedParts(): Iterable<Uint8Array> {
    const writer = this.writable('serialize');
    writer.compact();
    return encodeIndexParts(writer);
  }

  /**
   * Reads an index from bytes of any format version. An index built with a custom stemmer
   * needs the same function again in `options.analyzer.stemmer`.
   *
   * @example
   * const index = SearchIndex.deserialize(new Uint8Array(await (await fetch('news.steppe')).arrayBuffer()));
   */
  static deserialize<T extends SearchIndex>(
    this: new (options?: SearchIndexOptions) => T,
    bytes: Uint8Array,
    options: DecodeOptions = {},
  ): T {
    const writer = decodeIndex(bytes, options);
    return SearchIndex.withContents(this, writer, writer);
  }

  private docId(id: string): number {
    const docId = this.contents.store.docId(id);
    if (docId < 0) throw new DocumentError(`no document with id "${id}" in the index`);
    return docId;
  }
}

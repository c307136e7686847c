import { Analyzer, type WordSource } from '../analysis/index.js';
import type { Document } from '../corpus/document.js';
import {
  checkGazetteer,
  defaultGazetteer,
  DocumentEntities,
  type EntityDefinition,
  EntityRegistry,
} from '../entities/index.js';
import { DocumentError, OptionsError } from '../errors.js';
import { DocStore, InvertedIndex } from '../index/index.js';
import { rankingFrom, type SearchIndexOptions } from '../options.js';
import type { RankingParams } from '../ranking/params.js';
import { DocumentAnalysis } from './document-analysis.js';
import { metadataOf, validDocument } from './validate.js';

/** The text fields of every index, in field-number order. */
export const FIELDS = ['title', 'body'] as const;

/** What an index holds, as searching and saving read it. */
export interface IndexContents {
  readonly analyzer: Analyzer;
  readonly ranking: RankingParams;
  readonly inverted: InvertedIndex;
  readonly store: DocStore;
  /** The entities the index knows; undefined when recognition is off. */
  readonly registry: EntityRegistry | undefined;
  /** Bumped by every change to the documents, so what was cached from them is made again. */
  readonly version: number;
  /** Each document's entity terms. */
  documentEntities(): DocumentEntities;
}

/**
 * Takes documents in: analysis, entity recognition, postings and the document store; adds,
 * removes, replaces and compacts. Searching reads what it holds through {@link IndexContents}.
 */
export class IndexWriter implements IndexContents {
  version = 0;
  private readonly documentAnalysis: DocumentAnalysis;
  /** After a load, rebuilt from the postings when first needed. */
  private entityLists: DocumentEntities | undefined;

  constructor(
    readonly analyzer: Analyzer,
    readonly ranking: RankingParams,
    readonly registry: EntityRegistry | undefined,
    readonly inverted = new InvertedIndex(FIELDS),
    readonly store = new DocStore(),
  ) {
    this.documentAnalysis = new DocumentAnalysis(analyzer);
    this.entityLists = inverted.docIdLimit === 0 ? new DocumentEntities() : undefined;
  }

  /** An empty index with these options (gazetteers given as entries). */
  static create(options: SearchIndexOptions): IndexWriter {
    const analyzer = new Analyzer(options.analyzer ?? {});
    return new IndexWriter(analyzer, rankingFrom(options), registryFor(options.entities, analyzer));
  }

  /** Adds one document; an id already in the index is an error. */
  add(document: Document, words?: WordSource): void {
    const doc = validDocument(document);
    if (this.store.docId(doc.id) >= 0)
      throw new DocumentError(`a document with id "${doc.id}" is already in the index`);
    const { fields, entityTerms } = this.documentAnalysis.analyze(
      doc,
      this.inverted.terms,
      this.registry,
      words,
    );
    const docId = this.inverted.add(fields);
    if (entityTerms.size > 0) this.documentEntities().set(docId, entityTerms);
    this.version++;
    const stored = this.store.add({
      id: doc.id,
      title: doc.title,
      body: doc.body,
      metadata: metadataOf(doc),
    });
    if (stored !== docId) throw new Error('document store and inverted index disagree on doc ids');
  }

  /**
   * Adds documents in order, their words read from `words` when given (a source scanning the
   * same texts ahead). What the batch memoized is forgotten after it, so a built index holds
   * no more memory than a loaded one.
   */
  addAll(
    documents: readonly Document[],
    onProgress: ((added: number) => void) | undefined,
    words: WordSource | undefined,
  ): void {
    try {
      documents.forEach((document, i) => {
        this.add(document, words);
        onProgress?.(i + 1);
      });
    } finally {
      this.documentAnalysis.clear();
      this.analyzer.clearCache();
    }
  }

  /** Removes a document by id; an unknown id is an error. */
  remove(id: string): void {
    const docId = this.store.docId(id);
    if (docId < 0) throw new DocumentError(`no document with id "${id}" in the index`);
    const { fields } = this.documentAnalysis.analyze(
      this.store.get(docId),
      this.inverted.terms,
      undefined,
    );
    // Entity terms as indexed then (the registry may read the text differently by now); only
    // their document frequencies matter here, so which field lists them does not.
    fields[1] = {
      ...fields[1]!,
      termIds: [...Array.from(fields[1]!.termIds), ...this.documentEntities().get(docId)],
    };
    this.inverted.remove(docId, fields);
    this.version++;
    this.store.remove(docId);
  }

  /** Replaces the document with the same id; an unknown id is an error. */
  replace(document: Document): void {
    const doc = validDocument(document);
    this.remove(doc.id);
    this.add(doc);
  }

  /** Drops removed documents from postings and store, renumbering the rest in order. */
  compact(): void {
    if (this.inverted.docIdLimit === this.inverted.docCount) return;
    const newId = this.inverted.compact();
    this.store.compact(newId);
    this.documentEntities().remap(newId);
    this.version++;
  }

  // Only entity views, facets and removal read these lists, so a loaded index spends nothing
  // on them until one does.
  documentEntities(): DocumentEntities {
    this.entityLists ??= DocumentEntities.rebuild(this.inverted);
    return this.entityLists;
  }
}

// The registry the options ask for: the shipped gazetteer (or the one given), extended.
function registryFor(
  config: SearchIndexOptions['entities'],
  analyzer: Analyzer,
): EntityRegistry | undefined {
  if (config === false) return undefined;
  const { gazetteer, extend, rules } = config ?? {};
  const registry = new EntityRegistry(analyzer, { rules: rules ?? true });
  const base =
    gazetteer === undefined ? defaultGazetteer() : entries(gazetteer, 'gazetteer option');
  const extra = extend === undefined ? [] : entries(extend, 'extend option');
  registry.define([...extra, ...base.filter((e) => !extra.some((x) => x.id === e.id))]);
  return registry;
}

function entries(value: EntityDefinition[] | string, source: string): EntityDefinition[] {
  if (typeof value === 'string')
    throw new OptionsError(
      `${source}: a gazetteer file path is read only in Node; pass the entries`,
    );
  return checkGazetteer(value, source);
}

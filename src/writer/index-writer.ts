import { Analyzer, type WordSource } from '../analysis/index.js';
import type { Document } from '../corpus/document.js';
import {
  checkGazetteer,
  defaultGazetteer,
  DocumentEntities,
  type EntityDefinition,
  EntityRegistry,
  isEntityTerm,
} from '../entities/index.js';
import { DocumentError, OptionsError } from '../errors.js';
import {
  type ChunkSpill,
  DocStore,
  type FieldTerms,
  ForwardIndex,
  InvertedIndex,
  type StoredDocuments,
} from '../index/index.js';
import { rankingFrom, schemaFrom, type SearchIndexOptions } from '../options.js';
import type { RankingParams } from '../ranking/params.js';
import type { Schema } from '../schema.js';
import { DocumentAnalysis } from './document-analysis.js';
import { learnTypes, readDocument } from './validate.js';

/** What an index holds, as searching and saving read it. */
export interface IndexContents {
  readonly analyzer: Analyzer;
  readonly ranking: RankingParams;
  /** The text fields and metadata types. */
  readonly schema: Schema;
  readonly inverted: InvertedIndex;
  readonly store: StoredDocuments;
  /** The entities the index knows; undefined when recognition is off. */
  readonly registry: EntityRegistry | undefined;
  /** Bumped by every change to the documents, so what was cached from them is made again. */
  readonly version: number;
  /** Each document's entity terms. */
  documentEntities(): DocumentEntities;
  /** Each document's words and their counts, or undefined where only the text can tell. */
  forwardIndex(): ForwardIndex | undefined;
}

/** Pairs of (document, term) a forward index may hold: 256 MB at 8 bytes a pair. */
const MAX_FORWARD_PAIRS = 32 << 20;

/**
 * Takes documents in: analysis, entity recognition, postings and the document store; adds,
 * removes, replaces and compacts. Searching reads what it holds through {@link IndexContents}.
 */
export class IndexWriter implements IndexContents {
  version = 0;
  private readonly documentAnalysis: DocumentAnalysis;
  /** After a load, rebuilt from the postings when first needed. */
  private entityLists: DocumentEntities | undefined;
  private unstoredLists: DocumentEntities | undefined;
  /** Made from the postings when feedback first asks, then kept up as documents come. */
  private forward: ForwardIndex | undefined;
  /** Set when the forward index would pass its size: feedback reads text until a compaction. */
  private forwardTooLarge = false;
  /** Bit per text field that is not stored. */
  private readonly unstoredMask: number;

  constructor(
    readonly analyzer: Analyzer,
    readonly ranking: RankingParams,
    readonly schema: Schema,
    readonly registry: EntityRegistry | undefined,
    readonly inverted = new InvertedIndex(schema.names),
    readonly store = new DocStore(schema.names.length),
  ) {
    this.documentAnalysis = new DocumentAnalysis(analyzer);
    this.entityLists = inverted.docIdLimit === 0 ? new DocumentEntities() : undefined;
    this.unstoredMask = schema.fields.reduce(
      (mask, f, i) => (f.stored ? mask : mask | (1 << i)),
      0,
    );
    if (inverted.docIdLimit === 0) this.unstoredLists = new DocumentEntities();
  }

  /**
   * An empty index with these options (gazetteers given as entries); the document store sets
   * full chunks aside in `spill` when given.
   */
  static create(options: SearchIndexOptions, spill?: ChunkSpill): IndexWriter {
    const analyzer = new Analyzer(options.analyzer ?? {});
    const schema = schemaFrom(options);
    return new IndexWriter(
      analyzer,
      rankingFrom(options),
      schema,
      registryFor(options.entities, analyzer),
      new InvertedIndex(schema.names),
      new DocStore(schema.names.length, spill),
    );
  }

  /** Adds one document; an id already in the index is an error. */
  add(document: Document, words?: WordSource): void {
    const doc = readDocument(document, this.schema);
    if (this.store.docId(doc.id) >= 0)
      throw new DocumentError(`a document with id "${doc.id}" is already in the index`);
    const { fields, entityTerms } = this.documentAnalysis.analyze(
      doc.texts,
      this.inverted.terms,
      this.registry,
      words,
      this.schema.titleField,
    );
    const docId = this.inverted.add(fields);
    if (this.forward !== undefined && !this.forward.append(docId, fields, entityTerms)) {
      this.forward = undefined;
      this.forwardTooLarge = true;
    }
    if (entityTerms.size > 0) this.documentEntities().set(docId, entityTerms);
    if (this.unstoredMask !== 0) this.unstoredTermLists().set(docId, this.unstoredTermsOf(fields));
    learnTypes(doc, this.schema);
    this.version++;
    const texts = doc.texts.map((text, f) => (this.schema.fields[f]!.stored ? text : ''));
    const stored = this.store.add({ id: doc.id, texts, metadata: doc.metadata });
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
      this.store.get(docId).texts,
      this.inverted.terms,
      undefined,
    );
    // Entity terms as indexed then (the registry may read the text differently by now), and
    // the terms of fields not stored; only their document frequencies matter here, so which
    // field lists them does not.
    const extra = [...this.documentEntities().get(docId)];
    if (this.unstoredMask !== 0) extra.push(...this.unstoredTermLists().get(docId));
    const last = fields.length - 1;
    fields[last] = { ...fields[last]!, termIds: [...Array.from(fields[last]!.termIds), ...extra] };
    this.inverted.remove(docId, fields);
    this.version++;
    this.store.remove(docId);
  }

  /** Replaces the document with the same id; an unknown id is an error. */
  replace(document: Document): void {
    // Checked first, so a bad replacement leaves the old document in place.
    const { id } = readDocument(document, this.schema);
    this.remove(id);
    this.add(document);
  }

  /** Drops removed documents from postings and store, renumbering the rest in order. */
  compact(): void {
    if (this.inverted.docIdLimit === this.inverted.docCount) return;
    const newId = this.inverted.compact();
    this.store.compact(newId);
    this.documentEntities().remap(newId);
    if (this.unstoredMask !== 0) this.unstoredTermLists().remap(newId);
    this.forward = undefined;
    this.forwardTooLarge = false;
    this.version++;
  }

  // The distinct terms of a document's fields that are not stored.
  private unstoredTermsOf(fields: readonly FieldTerms[]): Set<number> {
    const terms = new Set<number>();
    fields.forEach((field, f) => {
      if ((this.unstoredMask >> f) & 1)
        for (const termId of Array.from(field.termIds)) terms.add(termId);
    });
    return terms;
  }

  // Removal cannot read again what was not stored: each document's terms of those fields,
  // kept as they are added (after a load, rebuilt from the postings when first needed).
  private unstoredTermLists(): DocumentEntities {
    if (this.unstoredLists === undefined) {
      const all = Array.from({ length: this.inverted.terms.size }, (_, id) => id);
      this.unstoredLists = DocumentEntities.fromPostings(this.inverted, all, this.unstoredMask);
    }
    return this.unstoredLists;
  }

  forwardIndex(): ForwardIndex | undefined {
    if (this.forward === undefined && !this.forwardTooLarge) {
      this.forward = ForwardIndex.fromPostings(
        this.inverted,
        (termId) => !isEntityTerm(this.inverted.terms.term(termId)),
        MAX_FORWARD_PAIRS,
      );
      this.forwardTooLarge = this.forward === undefined;
    }
    return this.forward;
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

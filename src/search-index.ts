import { deflateSync, inflateSync } from 'node:zlib';
import { Analyzer, type AnalyzerOptions, ThreadedScanner, type WordSource } from './analysis/index.js';
import type { Document, MetadataValue } from './corpus/document.js';
import { CorruptIndexError, DocumentError, IndexFileError, OptionsError, SteppeError } from './errors.js';
import { DocumentAnalysis } from './document-analysis.js';
import { DocStore, InvertedIndex, type StoredDocument } from './index/index.js';
import { defaultGazetteer, DocumentEntities, type EntityDefinition, EntityRegistry, type EntitySource, type EntityType, entityTerm, isEntityTerm, loadGazetteer, parseGazetteer, type LegacyRegistryData, type QueryEntity, resolveQueryEntities, type WordReader } from './entities/index.js';
import { EntityScorer } from './search/entity-scorer.js';
import { salience } from './ranking/entity-boost.js';
import { readContainer, requireSection, writeContainer } from './index/container.js';
import { decodeInverted, encodeInverted } from './index/inverted-codec.js';
import { writeFileAtomic } from './index/atomic-write.js';
import { readIndexFile } from './index/read-index-file.js';
import { idf } from './ranking/bm25.js';
import type { FeedbackParams, FieldParams, RankingParams } from './ranking/params.js';
import { expandedWeights, relevanceModel } from './ranking/feedback.js';
import { type Collected, collectTopK } from './search/collect.js';
import { MaxDisjunctionScorer } from './search/combinators.js';
import type { Explanation } from './search/explanation.js';
import { type Correction, metadataTest, QueryPlanner, queryTokens, type Suggestion, type TermsOfLength } from './search/plan.js';
import { letterSignature } from './search/edit-distance.js';
import { parseQuery, plainWords, type QueryNode } from './query/index.js';
import { collectMaxScore } from './search/max-score.js';
import { MatchCounter, type MatchSource } from './search/match-counter.js';
import { DisjunctionScorer, FieldScoring, type Scorer, TermScorer } from './search/scorers.js';
import { scoreFloor } from './search/score-floor.js';
import { type TermSummary, TermSummaries } from './search/term-summaries.js';
import { makeSnippet, type Snippet, type Span } from './search/snippet.js';

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
  /** Weight of the entity boost (see README, "Entities"); 0 gives plain BM25F. */
  entityBoost?: number;
  /**
   * Pseudo-relevance feedback (RM3) for plain-word queries: `enabled` makes it every search's
   * default (default false); 10 documents, 30 terms, original weight 0.7 unless given.
   */
  feedback?: Partial<FeedbackParams>;
  /**
   * Entity recognition: `false` turns it off. `gazetteer` replaces the shipped entity list
   * (entries or a JSON file path), `extend` adds to it, `rules: false` keeps to the gazetteer
   * (no acronyms, capitalized names or defined pairs).
   */
  entities?: false | { gazetteer?: EntityDefinition[] | string; extend?: EntityDefinition[] | string; rules?: boolean };
  /**
   * Let {@link SearchIndex.addAll} read words on a second thread while this one indexes, for
   * batches of more than about 2 MB of text on a machine with two cores or more (default
   * true). The index is the same either way.
   */
  workerThread?: boolean;
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
  /** Read the query language (default true); false takes every word as a plain word. */
  parse?: boolean;
  /**
   * Refuse text that cannot be read as the query language (a stray `)`, `word^x`, a lone
   * `title:`) with `QuerySyntaxError` (default false: such text is read as words).
   */
  strict?: boolean;
  /** How bare words combine: `'or'` (default, ranked) or `'and'` (every word required). */
  defaultOperator?: 'or' | 'and';
  /** Fields that unscoped words search (default both title and body). */
  fields?: ('title' | 'body')[];
  /** Metadata conditions every result must meet, or a predicate over the stored document. */
  filter?: Record<string, MetadataValue | { from?: string | number; to?: string | number }> | ((doc: Document) => boolean);
  /** Order by score (default) or by a metadata field (`{ field: 'date', order: 'desc' }`). */
  sort?: 'score' | { field: string; order?: 'asc' | 'desc' };
  /** Attach to each result its score broken into parts that add up to it. */
  explain?: boolean;
  /**
   * Read a word found in no document as the indexed term it surely misspells (default true):
   * one edit from 5 letters, two from 9, to a term in two documents or more; never a required
   * word (`+word`) or a word in a phrase. Other unknown words stay as typed, with a suggestion.
   */
  typoTolerance?: boolean;
  /** Most indexed terms a prefix, fuzzy or corrected word expands to (default 64). */
  maxExpansions?: number;
  /** Score multiplier per edit for fuzzy and corrected matches (default 0.8). */
  fuzzyPenalty?: number;
  /** Weight of the entity boost for this search (default: the index's); 0 for plain BM25F. */
  entityBoost?: number;
  /**
   * Expand a plain-word query with the words of its first results (RM3; default: the index's
   * `feedback.enabled`). Queries with operators are never expanded.
   */
  feedback?: boolean;
  /** Count the entities of all matching documents into `facets` (default false). */
  facets?: boolean;
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
  /** With `explain`: how the score was made; its value is the score. */
  explanation?: Explanation;
}

export interface SearchResults {
  query: string;
  /** Documents matching the query (all of them, not only the returned page). */
  total: number;
  results: SearchResult[];
  /** Words that matched no indexed term and what they were surely meant as, read that way instead. */
  corrections: Correction[];
  /** Words that matched nothing and were left as typed, with what they may have meant ("did you mean"). */
  suggestions: Suggestion[];
  /** Entities the query named (exactly or by a near spelling), by root key. */
  entities: QueryEntity[];
  /** With feedback: the terms of the expanded query and their weights, heaviest first. */
  expansion?: { term: string; weight: number }[];
  /** With `facets`: per entity type, the entities of the matching documents, most frequent first. */
  facets?: Partial<Record<EntityType, EntityFacet[]>>;
  /** Milliseconds the search took, hydration of the returned page included. */
  tookMs: number;
}

/** An entity counted over the matching documents of a search. */
export interface EntityFacet {
  key: string;
  name: string;
  count: number;
}

/** An entity as it occurs in one document. */
export interface DocumentEntity {
  key: string;
  name: string;
  type: EntityType;
  /** Mentions in title and body together. */
  mentions: number;
  inTitle: boolean;
  /** Word position of the first mention in the body (-1 when only the title names it). */
  firstPosition: number;
  /** How much the document is about it, 0 to 1 (see README). */
  salience: number;
}

/** An entity of the index with the number of documents that mention it. */
export interface EntitySummary {
  key: string;
  name: string;
  type: EntityType;
  aliases: string[];
  source: EntitySource;
  documents: number;
}

export interface IndexStats {
  documents: number;
  terms: number;
  postingsBytes: number;
  averageTitleLength: number;
  averageBodyLength: number;
  metadataFields: string[];
  entities: number;
}

export const DEFAULT_RANKING: RankingParams = {
  k1: 1.2,
  title: { weight: 3, b: 0.75 },
  body: { weight: 1, b: 0.75 },
  entityBoost: 1,
  feedback: { enabled: false, documents: 10, terms: 30, originalWeight: 0.7 },
};

const FIELDS = ['title', 'body'] as const;
const ALL_TEXT = Uint8Array.of(1, 1);
const ALL_FIELDS = (1 << FIELDS.length) - 1;
const LEARNED_ENTITY_WEIGHT = 0;
// Weight of a branch's boost (ISKP) when the query names its parent (Islamic State).
const BRANCH_ENTITY_WEIGHT = 0.5;
const STARTS_WITH_LETTER = /^\p{L}/u;
const NO_TERMS: TermsOfLength = { ids: new Int32Array(0), signatures: new Int32Array(0) };
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
  private readonly documentAnalysis: DocumentAnalysis;
  private readonly workerThread: boolean;
  private readonly summaries = new TermSummaries();
  private readonly counter = new MatchCounter();
  /** Bumped by every change to the documents, so cached score bounds are recomputed. */
  private version = 0;
  private scoringCache: { version: number; scoring: FieldScoring } | undefined;
  private lengthBuckets: { version: number; buckets: TermsOfLength[] } | undefined;
  /** The entities the index knows; undefined when recognition is off. */
  private registry: EntityRegistry | undefined;
  /** Each document's entity terms; after a load, rebuilt from the postings when first needed. */
  private documentEntitiesCache: DocumentEntities | undefined = new DocumentEntities();

  constructor(options: SearchIndexOptions = {}) {
    this.analyzerOptions = options.analyzer ?? {};
    this.analyzer = new Analyzer(this.analyzerOptions);
    this.documentAnalysis = new DocumentAnalysis(this.analyzer);
    if (options.workerThread !== undefined && typeof options.workerThread !== 'boolean') throw new OptionsError('workerThread must be true or false');
    this.workerThread = options.workerThread ?? true;
    this.ranking = rankingFrom(options);
    this.inverted = new InvertedIndex(FIELDS);
    this.store = new DocStore();
    if (options.entities !== false) {
      const config = options.entities ?? {};
      this.registry = new EntityRegistry(this.analyzer, { rules: config.rules ?? true });
      const base = config.gazetteer === undefined ? defaultGazetteer() : typeof config.gazetteer === 'string' ? loadGazetteer(config.gazetteer) : parseGazetteer(JSON.stringify(config.gazetteer), 'gazetteer option');
      const extra = config.extend === undefined ? [] : typeof config.extend === 'string' ? loadGazetteer(config.extend) : parseGazetteer(JSON.stringify(config.extend), 'extend option');
      this.registry.define([...extra, ...base.filter((e) => !extra.some((x) => x.id === e.id))]);
    }
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
    this.addFrom(document, undefined);
  }

  private addFrom(document: Document, words: WordSource | undefined): void {
    const doc = validate(document);
    if (this.store.docId(doc.id) >= 0) throw new DocumentError(`a document with id "${doc.id}" is already in the index`);
    const { fields, entityTerms } = this.documentAnalysis.analyze(doc, this.inverted.terms, this.registry, words);
    const docId = this.inverted.add(fields);
    if (entityTerms.size > 0) this.documentEntities().set(docId, entityTerms);
    this.version++;
    const stored = this.store.add({ id: doc.id, title: doc.title, body: doc.body, metadata: metadataOf(doc) });
    if (stored !== docId) throw new Error('document store and inverted index disagree on doc ids');
  }

  /**
   * Adds documents in order; `onProgress` hears how many are in after each. The words seen are
   * memoized while the batch lasts and forgotten after it, so a built index holds no more
   * memory than a loaded one. A large batch has its words read on a worker thread (see
   * {@link SearchIndexOptions.workerThread}); the index is the same either way.
   */
  addAll(documents: Iterable<Document>, options: { onProgress?: (added: number) => void } = {}): void {
    const batch = Array.isArray(documents) ? (documents as Document[]) : [...documents];
    const words = this.workerThread ? ThreadedScanner.start(this.analyzer, textsOf(batch)) : undefined;
    try {
      batch.forEach((document, i) => {
        this.addFrom(document, words);
        options.onProgress?.(i + 1);
      });
    } finally {
      words?.close();
      this.documentAnalysis.clear();
      this.analyzer.clearCache();
    }
  }

  /** Removes a document by id; an unknown id is an error. */
  remove(id: string): void {
    const docId = this.store.docId(id);
    if (docId < 0) throw new DocumentError(`no document with id "${id}" in the index`);
    const { fields } = this.documentAnalysis.analyze(this.store.get(docId), this.inverted.terms, undefined);
    // Entity terms as indexed then (the registry may read the text differently by now); only
    // their document frequencies matter here, so which field lists them does not.
    fields[1] = { ...fields[1]!, termIds: [...Array.from(fields[1]!.termIds), ...this.documentEntities().get(docId)] };
    this.inverted.remove(docId, fields);
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
      entities: this.registry?.roots().length ?? 0,
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
    const maxExpansions = nonNegativeInteger(options.maxExpansions ?? 64, 'maxExpansions');
    const entityBoost = options.entityBoost ?? this.ranking.entityBoost;
    if (!(entityBoost >= 0 && Number.isFinite(entityBoost))) throw new OptionsError(`entityBoost must be a non-negative number, got ${entityBoost}`);
    if (options.fuzzyPenalty !== undefined && !(options.fuzzyPenalty > 0 && options.fuzzyPenalty <= 1)) throw new OptionsError(`fuzzyPenalty must be a number above 0 and at most 1, got ${options.fuzzyPenalty}`);
    if (options.minScore !== undefined && !(typeof options.minScore === 'number' && Number.isFinite(options.minScore))) throw new OptionsError(`minScore must be a finite number, got ${options.minScore}`);
    const started = performance.now();
    this.inverted.flush();
    const ast =
      options.parse === false
        ? plainWords(query)
        : parseQuery(query, { defaultOperator: options.defaultOperator ?? 'or', strict: options.strict === true, isMetadataField: (name) => this.store.hasMetadata(name) });
    // The heap never needs more room than there are documents.
    const k = Math.min(offset + limit, this.inverted.docCount);
    const accept = this.acceptFilter(options.filter);
    const scope = this.defaultScope(options.fields);
    const planner = this.planner(scope, maxExpansions, entityBoost, options);
    const matched: number[] | undefined = options.facets ? [] : undefined;
    const onMatch = matched === undefined ? undefined : (doc: number): void => void matched.push(doc);
    const words = plainText(ast);
    const queryEntities = words !== undefined && entityBoost > 0 && this.registry !== undefined && options.fields === undefined ? resolveQueryEntities(this.registry, words, this.analyzer.tokenize(words), (w) => this.analyzer.isStopWord(w)) : [];
    let collected: Collected;
    // The words that name an entity still match as words: the entity adds its aliases'
    // documents and its salience boost on top, and never hides what the words find.
    let expanded: Map<number, number> | undefined;
    if (words !== undefined && (options.sort === undefined || options.sort === 'score')) {
      // Plain ranked words (and the entities they name): the pruned path, same results faster.
      const { terms, corrections } = this.plainParts(words, scope, planner);
      for (const term of terms) planner.wanted.add(this.inverted.terms.term(term.termId));
      // A query that needed corrections is ranked as typed: a relevance model would drop them.
      const feedback = k > 0 && corrections.length === 0 && (options.feedback ?? this.ranking.feedback.enabled) && this.ranking.feedback.documents > 0 ? this.ranking.feedback : undefined;
      const firstK = feedback === undefined ? k : Math.max(k, feedback.documents);
      const boosts = this.entityBoosts(queryEntities, entityBoost);
      const parts = [...terms, ...corrections, ...boosts];
      collected =
        firstK === 0 && options.minScore === undefined && boosts.length === 0 && corrections.length === 0
          ? { total: this.counter.count(this.inverted, terms, accept, onMatch), hits: [] }
          : this.collectRanked(parts, firstK, accept, options, feedback === undefined ? onMatch : undefined);
      if (feedback !== undefined && collected.hits.length > 0) {
        // Second pass: the query and its relevance model, over the first pass's top documents.
        expanded = this.expansion(terms, collected.hits.slice(0, feedback.documents), feedback);
        const finalParts = this.expandedParts(expanded, scope, queryEntities, entityBoost * feedback.originalWeight);
        collected = this.collectRanked(finalParts, k, accept, options, onMatch);
      }
    } else {
      let root = planner.compile(ast);
      // Entities the plain words name add documents that use any of their aliases.
      const boosts = this.entityBoosts(queryEntities, entityBoost);
      if (boosts.length > 0) root = new DisjunctionScorer(root === null ? boosts : [root, ...boosts]);
      collected =
        root === null
          ? { total: 0, hits: [] }
          : options.sort !== undefined && options.sort !== 'score'
            ? this.collectSorted(root, k, accept, options.minScore, options.sort, onMatch)
            : collectTopK(root, k, accept, options.minScore, onMatch);
    }
    const snippetLength = typeof options.snippets === 'object' ? (options.snippets.length ?? 160) : 160;
    const results = collected.hits.slice(offset).map(({ doc, score }): SearchResult => {
      const stored = this.store.get(doc);
      const result = resultOf(stored, score);
      if (options.snippets) {
        const text = stored.body || stored.title;
        result.snippet = makeSnippet(text, planner.wanted, this.analyzer, snippetLength, this.entitySpans(text, queryEntities));
      }
      if (options.explain) {
        result.explanation =
          expanded === undefined
            ? this.explain(ast, queryEntities, doc, scope, maxExpansions, entityBoost, options)
            : explainAt(new DisjunctionScorer(this.expandedParts(expanded, scope, queryEntities, entityBoost * this.ranking.feedback.originalWeight)), doc);
        result.score = result.explanation.value;
      }
      return result;
    });
    const out: SearchResults = { query, total: collected.total, results, corrections: planner.corrections, suggestions: planner.suggestions, entities: queryEntities, tookMs: 0 };
    if (expanded !== undefined) {
      out.expansion = [...expanded].sort((a, b) => b[1] - a[1]).map(([termId, weight]) => ({ term: this.inverted.terms.term(termId), weight }));
    }
    if (matched !== undefined) out.facets = this.facets(matched);
    out.tookMs = performance.now() - started;
    return out;
  }

  // Top k of scorers with true bounds: block-max MaxScore, the matches counted apart, unless
  // the options need every match scored.
  private collectRanked(parts: (TermScorer | MaxDisjunctionScorer | EntityScorer)[], k: number, accept: ((doc: number) => boolean) | undefined, options: SearchOptions, onMatch: ((doc: number) => void) | undefined): Collected {
    if (options.pruning === false || options.minScore !== undefined || k === 0) return collectTopK(new DisjunctionScorer(parts), k, accept, options.minScore, onMatch);
    const sources: MatchSource[] = [];
    const summaries: TermSummary[] = [];
    const boosts: number[] = [];
    const summarize = (term: TermScorer): TermSummary => {
      const summary = this.summaries.get(term.termId, term.scoring, term.idf, this.version);
      term.useSummary(summary);
      sources.push({ termId: term.termId, fieldMask: term.fieldMask, documents: summary.documents });
      return summary;
    };
    for (const part of parts) {
      if (part instanceof TermScorer) {
        const summary = summarize(part);
        // Summaries score every field: a narrower scope would make the floor too high.
        if (part.fieldMask === ALL_FIELDS) {
          summaries.push(summary);
          boosts.push(part.boost);
        }
      } else if (part instanceof MaxDisjunctionScorer) {
        // A corrected word: its terms are counted and bounded, but add nothing to the floor.
        for (const term of part.parts) summarize(term);
      } else {
        for (const termId of part.termIds) sources.push({ termId, fieldMask: ALL_FIELDS });
      }
    }
    const floor = scoreFloor(summaries, boosts, k, accept);
    return { total: this.counter.count(this.inverted, sources, accept, onMatch), hits: collectMaxScore(parts, k, accept, floor) };
  }

  // The expanded query's term weights: the original terms and the relevance model of the
  // feedback documents (their stored text read again), terms in most documents left out.
  private expansion(terms: readonly TermScorer[], hits: readonly { doc: number; score: number }[], feedback: FeedbackParams): Map<number, number> {
    const documents = hits.map(({ doc, score }) => {
      const { title, body } = this.store.get(doc);
      const termIds: number[] = [];
      for (const text of [title, body]) {
        for (const token of this.analyzer.analyze(text)) {
          const termId = this.inverted.terms.lookup(token.term);
          if (termId >= 0) termIds.push(termId);
        }
      }
      return { score, termIds };
    });
    const common = this.inverted.docCount / 2;
    const eligible = (termId: number): boolean => this.inverted.docFrequency(termId) < common && STARTS_WITH_LETTER.test(this.inverted.terms.term(termId));
    const original = new Map(terms.map((t) => [t.termId, t.boost]));
    return expandedWeights(original, relevanceModel(documents, feedback.terms, eligible), feedback.originalWeight);
  }

  private expandedParts(weights: ReadonlyMap<number, number>, scope: Uint8Array, entities: readonly QueryEntity[], entityWeight: number): (TermScorer | EntityScorer)[] {
    return [...this.termScorers(weights, scope), ...this.entityBoosts(entities, entityWeight)];
  }

  private planner(scope: Uint8Array, maxExpansions: number, entityBoost: number, options: SearchOptions): QueryPlanner {
    return new QueryPlanner({
      index: this.inverted,
      analyzer: this.analyzer,
      scoring: this.scoring(),
      metadata: (doc, field) => this.store.metadata(doc, field),
      defaultScope: scope,
      termsOfLength: (length) => this.termsOfLength(length),
      ...(this.registry !== undefined && { entity: (name: string, boost: number) => this.namedEntityScorer(name, entityBoost * boost) }),
      options: { maxExpansions, fuzzyPenalty: options.fuzzyPenalty ?? 0.8, typoTolerance: options.typoTolerance ?? true },
    });
  }

  /**
   * Documents mentioning the entity named `name` (any alias, its key, or a near spelling),
   * scored by salience; its branches' documents at {@link BRANCH_ENTITY_WEIGHT}.
   */
  private namedEntityScorer(name: string, weight: number): Scorer | null {
    const registry = this.registry!;
    const exact = registry.trie.lookup(registry.words(name));
    // A key as facets give it (`islamic-state`) names its entity too.
    const key = exact >= 0 ? registry.root(registry.key(exact)) : registry.record(name) !== undefined ? registry.root(name) : resolveQueryEntities(registry, name, this.analyzer.tokenize(name), () => false)[0]?.key;
    if (key === undefined) return null;
    const scorers = this.boostsWithBranches([[key, weight]]);
    return scorers.length <= 1 ? (scorers[0] ?? null) : new DisjunctionScorer(scorers);
  }

  // Where the text names the query's entities, under any alias (for highlighting).
  private entitySpans(text: string, entities: readonly QueryEntity[]): Span[] {
    if (this.registry === undefined || entities.length === 0) return [];
    const keys = new Set(entities.map((e) => e.key));
    const stream = this.registry.stream(text, this.analyzer.tokenize(text));
    const registry = this.registry;
    return registry.trie.match(stream).flatMap((match) => {
      const key = registry.key(match.entity);
      return keys.has(registry.root(key)) ? [{ term: key, start: stream[match.from]!.start, end: stream[match.to - 1]!.end }] : [];
    });
  }

  // One scorer per entity the query names, however many of its names it uses. A name only a
  // document defined (`SLE`, `calorie restriction (CR)`) adds the documents that use its other
  // name but no score: learned pairs are not curated, and weighing them at 0.5 cost scifact
  // 0.0016 nDCG@10.
  // A parent entity brings its branches at BRANCH_ENTITY_WEIGHT, so their documents rank below
  // the parent's own.
  private entityBoosts(entities: readonly QueryEntity[], weight: number): EntityScorer[] {
    return this.boostsWithBranches(entities.map((entity) => [entity.key, entity.boosted ? weight : weight * LEARNED_ENTITY_WEIGHT]));
  }

  // One scorer per entity key at the largest weight asked for it, each entity's branches
  // included at BRANCH_ENTITY_WEIGHT of it.
  private boostsWithBranches(weighted: readonly [key: string, weight: number][]): EntityScorer[] {
    const byKey = new Map<string, { weight: number; through?: string }>();
    const add = (key: string, w: number, through?: string): void => {
      if (w > (byKey.get(key)?.weight ?? -1)) byKey.set(key, { weight: w, ...(through !== undefined && { through }) });
    };
    for (const [key, w] of weighted) {
      add(key, w);
      for (const branch of this.registry!.branches(key)) add(branch, w * BRANCH_ENTITY_WEIGHT, key);
    }
    return [...byKey].map(([key, { weight: w, through }]) => this.entityScorer(key, w, through)).filter((x): x is EntityScorer => x !== null);
  }

  // `through`: the parent entity the query named, when this one is its branch.
  private entityScorer(key: string, weight: number, through?: string): EntityScorer | null {
    const termIds = this.registry!.members(key)
      .map((member) => this.inverted.terms.lookup(entityTerm(member)))
      .filter((id) => id >= 0 && this.inverted.docFrequency(id) > 0);
    if (termIds.length === 0) return null;
    const docFrequency = Math.min(this.inverted.docCount, termIds.reduce((sum, id) => sum + this.inverted.docFrequency(id), 0));
    const name = this.registry!.record(key)?.name ?? key;
    const label = through === undefined ? name : `${name}, through parent ${this.registry!.record(through)?.name ?? through}`;
    return new EntityScorer(termIds.map((id) => this.inverted.cursor(true).reset(id)), termIds, this.inverted, idf(this.inverted.docCount, docFrequency), weight, this.ranking.k1, label);
  }

  private explain(ast: QueryNode, entities: QueryEntity[], doc: number, scope: Uint8Array, maxExpansions: number, entityBoost: number, options: SearchOptions): Explanation {
    let root = this.planner(scope, maxExpansions, entityBoost, options).compile(ast);
    const boosts = this.entityBoosts(entities, entityBoost);
    if (boosts.length > 0) root = new DisjunctionScorer(root === null ? boosts : [root, ...boosts]);
    return explainAt(root, doc);
  }

  // Terms grouped by length with letter signatures, for fuzzy matching: built on first use
  // after each change.
  private termsOfLength(length: number): TermsOfLength {
    if (this.lengthBuckets?.version !== this.version) {
      const buckets: number[][] = [];
      for (const [id, term] of this.inverted.terms.entries()) {
        if (this.inverted.docFrequency(id) > 0 && !isEntityTerm(term)) (buckets[term.length] ??= []).push(id);
      }
      this.lengthBuckets = {
        version: this.version,
        buckets: Array.from(buckets, (ids) => ({
          ids: Int32Array.from(ids ?? []),
          signatures: Int32Array.from(ids ?? [], (id) => letterSignature(this.inverted.terms.term(id))),
        })),
      };
    }
    return this.lengthBuckets.buckets[length] ?? NO_TERMS;
  }

  private defaultScope(fields: readonly string[] | undefined): Uint8Array {
    if (fields === undefined) return Uint8Array.of(1, 1);
    const scope = new Uint8Array(FIELDS.length);
    for (const field of fields) {
      const index = (FIELDS as readonly string[]).indexOf(field);
      if (index < 0) throw new OptionsError(`fields may name title and body, not "${field}"`);
      scope[index] = 1;
    }
    return scope;
  }

  private acceptFilter(filter: SearchOptions['filter']): ((doc: number) => boolean) | undefined {
    if (filter === undefined) return undefined;
    if (typeof filter === 'function') {
      return (doc) => {
        const { id, title, body, metadata } = this.store.get(doc);
        return filter({ ...metadata, id, title, body });
      };
    }
    if (typeof filter !== 'object' || filter === null) throw new OptionsError('filter must be an object of field conditions or a function');
    const tests = Object.entries(filter).map(([field, condition]) => {
      const test = metadataTest(condition);
      return (doc: number): boolean => test(this.store.metadata(doc, field));
    });
    return (doc) => tests.every((test) => test(doc));
  }

  // Sorting by a metadata field needs every match: collected, then ordered (missing values last).
  private collectSorted(root: Scorer, k: number, accept: ((doc: number) => boolean) | undefined, minScore: number | undefined, sort: { field: string; order?: 'asc' | 'desc' }, onMatch?: (doc: number) => void): Collected {
    const all = collectTopK(root, this.inverted.docCount, accept, minScore, onMatch);
    const direction = sort.order === 'asc' ? 1 : -1;
    const key = (doc: number): MetadataValue | undefined => this.store.metadata(doc, sort.field);
    all.hits.sort((a, b) => {
      const x = key(a.doc);
      const y = key(b.doc);
      if (x === undefined || y === undefined) return x === y ? b.score - a.score : x === undefined ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * direction || b.score - a.score || a.doc - b.doc;
    });
    return { total: all.total, hits: all.hits.slice(0, k) };
  }

  /**
   * Articles like the given one: its most distinctive terms (frequency in it times idf, the
   * top `terms`, title words counted twice) become a weighted query, and the article itself
   * is left out.
   */
  similar(id: string, options: { limit?: number; offset?: number; terms?: number } = {}): SearchResults {
    const docId = this.store.docId(id);
    if (docId < 0) throw new DocumentError(`no document with id "${id}" in the index`);
    const limit = nonNegativeInteger(options.limit ?? 10, 'limit');
    const offset = nonNegativeInteger(options.offset ?? 0, 'offset');
    const started = performance.now();
    this.inverted.flush();
    const stored = this.store.get(docId);
    const counts = new Map<string, number>();
    for (const [text, weight] of [[stored.title, 2], [stored.body, 1]] as const) {
      for (const token of this.analyzer.analyze(text)) counts.set(token.term, (counts.get(token.term) ?? 0) + weight);
    }
    const weighted = [...counts]
      .map(([term, count]) => {
        const termId = this.inverted.terms.lookup(term);
        return { termId, weight: count * idf(this.inverted.docCount, this.inverted.docFrequency(termId)) };
      })
      .filter((t) => t.termId >= 0 && this.inverted.docFrequency(t.termId) > 1)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, nonNegativeInteger(options.terms ?? 25, 'terms'));
    const top = weighted[0]?.weight ?? 1;
    const terms = this.termScorers(new Map(weighted.map(({ termId, weight }) => [termId, weight / top])), ALL_TEXT);
    const collected = this.collectRanked(terms, Math.min(offset + limit, this.inverted.docCount), (doc) => doc !== docId, {}, undefined);
    const results = collected.hits.slice(offset).map(({ doc, score }) => resultOf(this.store.get(doc), score));
    return { query: `similar:${id}`, total: collected.total, results, corrections: [], suggestions: [], entities: [], tookMs: performance.now() - started };
  }

  /** The entities a document mentions, most salient first. */
  entities(id: string): DocumentEntity[] {
    const docId = this.store.docId(id);
    if (docId < 0) throw new DocumentError(`no document with id "${id}" in the index`);
    if (this.registry === undefined) return [];
    this.inverted.flush();
    const byRoot = new Map<string, { title: number; body: number; first: number }>();
    const cursor = this.inverted.cursor(true);
    for (const termId of this.documentEntities().get(docId)) {
      if (cursor.reset(termId).advance(docId) !== docId) continue;
      const root = this.registry.root(this.inverted.terms.term(termId).slice(1));
      const seen = byRoot.get(root) ?? { title: 0, body: 0, first: Infinity };
      seen.title += cursor.tf[0]!;
      seen.body += cursor.tf[1]!;
      if (cursor.tf[1]! > 0) seen.first = Math.min(seen.first, cursor.positions[1]![0]!);
      byRoot.set(root, seen);
    }
    const length = this.inverted.fieldLength(1, docId);
    return [...byRoot]
      .map(([key, seen]) => {
        const record = this.registry!.record(key)!;
        return {
          key,
          name: record.name,
          type: record.type,
          mentions: seen.title + seen.body,
          inTitle: seen.title > 0,
          firstPosition: Number.isFinite(seen.first) ? seen.first : -1,
          salience: salience(seen.title, seen.body, seen.first, length),
        };
      })
      .sort((a, b) => b.salience - a.salience || b.mentions - a.mentions || a.name.localeCompare(b.name));
  }

  /** Every entity of the index with the number of documents mentioning it, most frequent first. */
  entityList(options: { type?: EntityType; top?: number } = {}): EntitySummary[] {
    if (this.registry === undefined) return [];
    this.inverted.flush();
    const out: EntitySummary[] = [];
    for (const key of this.registry.roots()) {
      const record = this.registry.record(key)!;
      if (options.type !== undefined && record.type !== options.type) continue;
      const termIds = this.registry.members(key).map((m) => this.inverted.terms.lookup(entityTerm(m))).filter((t) => t >= 0);
      const documents = this.counter.count(this.inverted, termIds.map((termId) => ({ termId, fieldMask: ALL_FIELDS })));
      if (documents > 0) out.push({ key, name: record.name, type: record.type, aliases: record.aliases, source: record.source, documents });
    }
    out.sort((a, b) => b.documents - a.documents || a.name.localeCompare(b.name));
    return options.top === undefined ? out : out.slice(0, options.top);
  }

  // Entities of the matched documents, counted once per document, grouped by type.
  private facets(docs: readonly number[], top = 10): Partial<Record<EntityType, EntityFacet[]>> {
    if (this.registry === undefined) return {};
    const counts = new Map<string, number>();
    for (const doc of docs) {
      const roots = new Set<string>();
      for (const termId of this.documentEntities().get(doc)) roots.add(this.registry.root(this.inverted.terms.term(termId).slice(1)));
      for (const root of roots) counts.set(root, (counts.get(root) ?? 0) + 1);
    }
    const facets: Partial<Record<EntityType, EntityFacet[]>> = {};
    for (const [key, count] of counts) {
      const record = this.registry.record(key)!;
      (facets[record.type] ??= []).push({ key, name: record.name, count });
    }
    for (const list of Object.values(facets)) {
      list.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
      list.splice(top);
    }
    return facets;
  }

  /** The index as bytes (the format in docs/FORMAT.md). Compacts removed documents first. */
  serialize(): Uint8Array {
    this.compact();
    const meta = { analyzer: this.analyzer.config, ranking: this.ranking, fields: FIELDS, entityParents: this.registry?.hierarchy() ?? [] };
    return writeContainer([
      ['META', new TextEncoder().encode(JSON.stringify(meta))],
      ...encodeInverted(this.inverted),
      ['STOR', this.store.encode()],
      // Entity keys and names are repetitive text: deflated, the section is a third of its size.
      ['ENTS', this.registry === undefined ? new Uint8Array(0) : deflateSync(this.registry.encode())],
    ]);
  }

  /**
   * Reads an index from bytes. An index built with a custom stemmer needs the same function
   * again in `options.analyzer.stemmer`.
   */
  static deserialize(bytes: Uint8Array, options: { analyzer?: AnalyzerOptions } = {}): SearchIndex {
    try {
      const { version, sections } = readContainer(bytes);
      const meta = JSON.parse(new TextDecoder().decode(requireSection(sections, 'META'))) as {
        analyzer: { stopWords: AnalyzerOptions['stopWords']; stemmer: 'porter' | 'none' | 'custom' };
        ranking: RankingParams;
        entityParents?: [string, string][];
      };
      if (typeof meta !== 'object' || meta === null || typeof meta.analyzer !== 'object' || meta.analyzer === null || typeof meta.ranking !== 'object' || meta.ranking === null) throw new RangeError('META lacks the analyzer or ranking settings');
      if (!['porter', 'none', 'custom'].includes(meta.analyzer.stemmer)) throw new RangeError('META names no known stemmer');
      const entitiesPayload = requireSection(sections, 'ENTS');
      const stemmer = meta.analyzer.stemmer === 'custom' ? options.analyzer?.stemmer : meta.analyzer.stemmer;
      if (stemmer === undefined) throw new OptionsError('this index was built with a custom stemmer: pass it as options.analyzer.stemmer');
      const index = new SearchIndex({
        analyzer: { stopWords: meta.analyzer.stopWords, stemmer },
        k1: meta.ranking.k1,
        title: meta.ranking.title,
        body: meta.ranking.body,
        entityBoost: meta.ranking.entityBoost,
        // Files written before feedback existed get its defaults.
        ...(meta.ranking.feedback !== undefined && { feedback: meta.ranking.feedback }),
        entities: false,
      });
      index.registry = readRegistry(entitiesPayload, version, index.analyzer);
      if (meta.entityParents !== undefined && !(Array.isArray(meta.entityParents) && meta.entityParents.every((p) => Array.isArray(p) && p.length === 2 && p.every((k) => typeof k === 'string')))) throw new RangeError('bad entity hierarchy');
      if (meta.entityParents !== undefined && meta.entityParents.length > 0) {
        if (index.registry === undefined) throw new RangeError('an entity hierarchy without entities');
        try {
          index.registry.setHierarchy(meta.entityParents);
        } catch (error) {
          throw new RangeError((error as Error).message);
        }
      }
      index.inverted = decodeInverted(FIELDS, {
        TERM: requireSection(sections, 'TERM'),
        PDOC: requireSection(sections, 'PDOC'),
        PPOS: requireSection(sections, 'PPOS'),
        NORM: requireSection(sections, 'NORM'),
      }, version);
      index.store = DocStore.decode(requireSection(sections, 'STOR'));
      index.documentEntitiesCache = undefined;
      if (index.store.size !== index.inverted.docIdLimit) throw new RangeError('document store and postings disagree on the document count');
      return index;
    } catch (error) {
      // File bytes may reach a message (a term, a tag): never print them raw.
      if (error instanceof SteppeError) throw Object.assign(error, { message: printable(error.message) });
      throw new CorruptIndexError(printable(`corrupt index: ${(error as Error).message}`));
    }
  }

  /** Writes the index to a file atomically: a crash mid-write leaves any old file intact. */
  async save(path: string): Promise<void> {
    await writeFileAtomic(path, this.serialize());
  }

  /** Reads an index file written by {@link save}. */
  static async load(path: string, options: { analyzer?: AnalyzerOptions } = {}): Promise<SearchIndex> {
    const bytes = await readIndexFile(path);
    try {
      return SearchIndex.deserialize(bytes, options);
    } catch (error) {
      // Name the file: the bytes alone do not know where they came from.
      if (error instanceof IndexFileError) error.message = `${path}: ${error.message}`;
      throw error;
    }
  }

  // Only entity views, facets and removal read these lists, so a loaded index spends nothing
  // on them until one does.
  private documentEntities(): DocumentEntities {
    this.documentEntitiesCache ??= DocumentEntities.rebuild(this.inverted);
    return this.documentEntitiesCache;
  }

  /** Drops removed documents from postings and store, renumbering the rest in order. */
  compact(): void {
    if (this.inverted.docIdLimit === this.inverted.docCount) return;
    const newId = this.inverted.compact();
    this.store.compact(newId);
    this.documentEntities().remap(newId);
    // Doc ids moved: what was cached per document must be computed again.
    this.version++;
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

  // Plain words as BM25F term scorers (a word typed twice weighs twice), and the planner's
  // typo corrections for words no document has.
  private plainParts(query: string, scope: Uint8Array, planner: QueryPlanner): { terms: TermScorer[]; corrections: MaxDisjunctionScorer[] } {
    const counts = new Map<number, number>();
    const corrections: MaxDisjunctionScorer[] = [];
    for (const { token, weight } of queryTokens(this.analyzer, this.inverted, query)) {
      const termId = this.inverted.terms.lookup(token.term);
      if (termId >= 0 && this.inverted.docFrequency(termId) > 0) {
        counts.set(termId, (counts.get(termId) ?? 0) + weight);
        continue;
      }
      const corrected = planner.correction(query.slice(token.start, token.end), scope, 1);
      if (corrected !== null) corrections.push(corrected);
    }
    return { terms: this.termScorers(counts, scope), corrections };
  }

  // One BM25F scorer per term, its weight as the boost.
  private termScorers(weights: ReadonlyMap<number, number>, scope: Uint8Array): TermScorer[] {
    const scoring = this.scoring();
    return [...weights].map(
      ([termId, weight]) =>
        new TermScorer(this.inverted.cursor(false).reset(termId), termId, scoring, scope, idf(this.inverted.docCount, this.inverted.docFrequency(termId)), weight),
    );
  }
}

// The ENTS section: empty when recognition is off; the registry's bytes, deflated; JSON
// (deflated since version 2) in older files.
function readRegistry(payload: Uint8Array, version: number, reader: WordReader): EntityRegistry | undefined {
  // A deflate bomb stops at a size no real registry reaches from this many compressed bytes.
  const inflate = (bytes: Uint8Array): Uint8Array => inflateSync(bytes, { maxOutputLength: Math.max(64 << 20, 50 * bytes.length) });
  if (version >= 3) return payload.length === 0 ? undefined : EntityRegistry.decode(inflate(payload), reader);
  const data = JSON.parse(new TextDecoder().decode(version === 1 ? payload : inflate(payload))) as LegacyRegistryData | null;
  return data === null ? undefined : EntityRegistry.fromLegacyJSON(data, reader);
}

// A result with a document's stored fields.
function resultOf({ id, title, body, metadata }: StoredDocument, score: number): SearchResult {
  return { id, score, title, body, metadata };
}

// The words of a query that is nothing but plain words (no operators, fields, phrases,
// prefixes, fuzzy marks or boosts), or undefined. Groups of optional words read as their
// words: `(a b) c` scores as `a b c`.
function plainText(ast: QueryNode): string | undefined {
  if (ast.kind !== 'bool') return undefined;
  const words: string[] = [];
  for (const { occur, node } of ast.clauses) {
    if (occur !== 'should') return undefined;
    if (node.kind === 'bool') {
      const inner = plainText(node);
      if (inner === undefined) return undefined;
      if (inner !== '') words.push(inner);
      continue;
    }
    if (node.kind !== 'term' || node.field !== undefined || node.prefix || node.fuzzy !== undefined || node.boost !== 1) return undefined;
    words.push(node.text);
  }
  return words.join(' ');
}

// How `root` scores `doc`, part by part.
function explainAt(root: Scorer | null, doc: number): Explanation {
  return root !== null && root.advance(doc) === doc ? root.explain() : { value: 0, description: 'no match' };
}

// Feedback reads its documents' stored text again: more than this is no longer feedback.
const MAX_FEEDBACK = { documents: 1000, terms: 1000 };

function rankingFrom(options: SearchIndexOptions): RankingParams {
  const ranking: RankingParams = {
    k1: options.k1 ?? DEFAULT_RANKING.k1,
    title: { ...DEFAULT_RANKING.title, ...options.title },
    body: { ...DEFAULT_RANKING.body, ...options.body },
    entityBoost: options.entityBoost ?? DEFAULT_RANKING.entityBoost,
    feedback: { ...DEFAULT_RANKING.feedback, ...options.feedback },
  };
  const { enabled, documents, terms, originalWeight } = ranking.feedback;
  if (typeof enabled !== 'boolean') throw new OptionsError(`feedback.enabled must be true or false, got ${String(enabled)}`);
  if (!Number.isInteger(documents) || documents < 0 || documents > MAX_FEEDBACK.documents) throw new OptionsError(`feedback.documents must be an integer from 0 to ${MAX_FEEDBACK.documents}, got ${documents}`);
  if (!Number.isInteger(terms) || terms < 0 || terms > MAX_FEEDBACK.terms) throw new OptionsError(`feedback.terms must be an integer from 0 to ${MAX_FEEDBACK.terms}, got ${terms}`);
  if (!(originalWeight >= 0 && originalWeight <= 1)) throw new OptionsError(`feedback.originalWeight must be between 0 and 1, got ${originalWeight}`);
  if (!(ranking.entityBoost >= 0 && Number.isFinite(ranking.entityBoost))) throw new OptionsError(`entityBoost must be a non-negative number, got ${ranking.entityBoost}`);
  if (!(ranking.k1 >= 0 && Number.isFinite(ranking.k1))) throw new OptionsError(`k1 must be a non-negative number, got ${ranking.k1}`);
  for (const field of FIELDS) {
    const { weight, b } = ranking[field];
    if (!(weight >= 0 && Number.isFinite(weight))) throw new OptionsError(`${field}.weight must be a non-negative number, got ${weight}`);
    if (!(b >= 0 && b <= 1)) throw new OptionsError(`${field}.b must be between 0 and 1, got ${b}`);
  }
  return ranking;
}

// Control characters escaped, so a message read from a file prints on one clean line.
function printable(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function validate(document: unknown): Document {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DocumentError('a document must be an object with id, title and body');
  }
  const doc = document as Record<string, unknown>;
  if (typeof doc.id !== 'string' || doc.id.length === 0) throw new DocumentError('a document needs a non-empty string id');
  // A lone surrogate becomes U+FFFD in the index file: two ids could then be one, and text
  // would come back changed.
  const broken = (text: string): number => text.search(LONE_SURROGATE);
  if (broken(doc.id) >= 0) throw new DocumentError(`document id ${JSON.stringify(doc.id)} is not well-formed Unicode (a lone surrogate at character ${broken(doc.id) + 1})`);
  for (const [key, value] of Object.entries(doc)) {
    if (broken(key) >= 0) throw new DocumentError(`document "${doc.id}": metadata key ${JSON.stringify(key)} is not well-formed Unicode`);
    if (typeof value === 'string' && broken(value) >= 0) throw new DocumentError(`document "${doc.id}": ${key} is not well-formed Unicode (a lone surrogate at character ${broken(value) + 1})`);
  }
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

// The texts addAll will analyze, in order (a document that fails validation stops it anyway).
function textsOf(documents: readonly Document[]): string[] {
  const texts: string[] = [];
  for (const document of documents) {
    const doc = (typeof document === 'object' && document !== null ? document : {}) as Partial<Record<'title' | 'body', unknown>>;
    texts.push(typeof doc.title === 'string' ? doc.title : '', typeof doc.body === 'string' ? doc.body : '');
  }
  return texts;
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

import { type QueryEntity } from '../entities/index.js';
import { entityFacets, UNRESOLVED } from '../entities/views.js';
import { OptionsError } from '../errors.js';
import type { StoredDocument } from '../index/index.js';
import { MatchCounter, type MatchSource } from '../index/match-counter.js';
import {
  type ResolvedSearch,
  resolveSearch,
  SEARCH_DEFAULTS,
  type SearchOptions,
  type SimilarOptions,
  nonNegativeInteger,
} from '../options.js';
import type { QueryNode } from '../query/index.js';
import { readQuery } from '../query/read-query.js';
import { idf } from '../ranking/bm25.js';
import { expandedWeights, type FeedbackDocument, RelevanceModel } from '../ranking/feedback.js';
import type { FeedbackParams } from '../ranking/params.js';
import type { SearchResult, SearchResults } from '../results.js';
import type { IndexContents } from '../writer/index-writer.js';
import { type Collected, collectTopK } from './collect.js';
import { MaxDisjunctionScorer } from './combinators.js';
import { EntityBoosts } from './entity-boosts.js';
import type { Explanation } from './explanation.js';
import { Deadline } from './deadline.js';
import { collectMaxScore } from './max-score.js';
import { planRoot, QueryPlanner, type RankedPart } from './plan.js';
import { metadataTest, sortKey } from './metadata-test.js';
import { dateHistogram } from './date-histogram.js';
import { documentOf, storedFields } from '../writer/validate.js';
import type { MetadataType, Schema } from '../schema.js';
import type { Snippet, Span } from './snippet.js';
import { scoreFloor } from './score-floor.js';
import { FieldScoring } from './field-scoring.js';
import { DisjunctionScorer, type Scorer, TermScorer } from './scorers.js';
import { makeSnippet } from './snippet.js';
import { type TermSummary, TermSummaries } from './term-summaries.js';
import { TermsByLength } from './terms-by-length.js';

const STARTS_WITH_LETTER = /^\p{L}/u;

type Accept = ((doc: number) => boolean) | undefined;

/**
 * Answers queries over an index's contents: parse, plan, score, collect, hydrate. What it
 * derives from the documents (field averages, block bounds, terms by length) it caches until
 * the contents' version moves.
 */
export class Searcher {
  private readonly summaries = new TermSummaries();
  private readonly counter = new MatchCounter();
  private readonly termsByLength = new TermsByLength();
  private readonly relevanceModel = new RelevanceModel();
  // The running search's time limit, if it has one.
  private deadline: Deadline | undefined;
  private readonly checkDeadline = (): void => this.deadline?.check();
  // Each entity term's root entity for facets, for the version of the index it was read from.
  private facetRoots = { version: -1, roots: new Int32Array(0) };
  private scoringCache: { version: number; scoring: FieldScoring } | undefined;

  constructor(private readonly contents: IndexContents) {}

  /** Ranks documents for a query in the query language (see docs/QUERY.md). */
  search(query: string, options: SearchOptions): SearchResults {
    if (typeof query !== 'string') throw new OptionsError('query must be a string');
    const resolved = resolveSearch(options, this.contents.ranking);
    const started = performance.now();
    this.deadline =
      resolved.timeoutMs === undefined ? undefined : new Deadline(started, resolved.timeoutMs);
    try {
      return this.answer(query, options, resolved, started);
    } finally {
      this.deadline = undefined;
    }
  }

  private answer(
    query: string,
    options: SearchOptions,
    resolved: ResolvedSearch,
    started: number,
  ): SearchResults {
    const { inverted, store, ranking } = this.contents;
    inverted.flush();
    const ast = readQuery(query, options, this.contents.schema);
    // The heap never needs more room than there are documents.
    const k = Math.min(resolved.offset + resolved.limit, inverted.docCount);
    const accept = this.acceptFilter(options.filter);
    const scope = this.defaultScope(options.fields);
    const planner = this.planner(scope, resolved, options.fields === undefined);
    const plan = planner.plan(ast);
    if (
      options.histogram !== undefined &&
      this.metadataType(options.histogram, 'histogram') !== 'date'
    )
      throw new OptionsError(`histogram on "${options.histogram}": not a date field`);
    const matched: number[] | undefined =
      options.facets || options.histogram !== undefined ? [] : undefined;
    const onMatch =
      matched === undefined ? undefined : (doc: number): void => void matched.push(doc);
    const byScore = options.sort === undefined || options.sort === 'score';
    let collected: Collected;
    let expanded: Map<number, number> | undefined;
    if (plan.kind === 'ranked' && byScore) {
      const { terms, corrections, boosts } = plan;
      // A query that needed corrections is ranked as typed: a relevance model would drop them.
      const feedback =
        k > 0 &&
        corrections.length === 0 &&
        (options.feedback ?? ranking.feedback.enabled) &&
        ranking.feedback.documents > 0
          ? ranking.feedback
          : undefined;
      const firstK = feedback === undefined ? k : Math.max(k, feedback.documents);
      collected =
        firstK === 0 &&
        options.minScore === undefined &&
        boosts.length === 0 &&
        corrections.length === 0
          ? {
              total: this.counter.count(inverted, terms, accept, onMatch, this.checkDeadline),
              hits: [],
            }
          : this.collectRanked(
              [...terms, ...corrections, ...boosts],
              firstK,
              accept,
              options,
              feedback === undefined ? onMatch : undefined,
              // The second pass counts the expanded query's matches; the first's go unused.
              feedback === undefined,
            );
      if (feedback !== undefined && collected.hits.length > 0) {
        // Second pass: the query and its relevance model, over the first pass's top documents.
        expanded = this.expansion(terms, collected.hits.slice(0, feedback.documents), feedback);
        collected = this.collectRanked(
          this.expandedParts(
            planner,
            expanded,
            plan.entities,
            resolved.entityBoost * feedback.originalWeight,
          ),
          k,
          accept,
          options,
          onMatch,
        );
      }
    } else {
      const root = planRoot(plan);
      collected =
        root === null
          ? { total: 0, hits: [] }
          : byScore
            ? collectTopK(root, k, accept, options.minScore, onMatch, this.deadline)
            : this.collectSorted(
                root,
                k,
                accept,
                options.minScore,
                options.sort as { field: string; order?: 'asc' | 'desc' },
                onMatch,
              );
    }
    const boosts = this.entityBoosts();
    const results = collected.hits.slice(resolved.offset).map(({ doc, score }): SearchResult => {
      const stored = store.get(doc);
      const result = resultOf(this.contents.schema, stored, score);
      if (options.snippets) {
        result.snippet = this.bestSnippet(
          stored.texts,
          planner.wanted,
          resolved.snippetLength,
          (text) => boosts?.spans(text, plan.entities) ?? [],
        );
      }
      if (options.explain) {
        result.explanation =
          expanded === undefined
            ? this.explain(ast, doc, scope, resolved, options.fields === undefined)
            : explainAt(
                new DisjunctionScorer(
                  this.expandedParts(
                    this.planner(scope, resolved, true),
                    expanded,
                    plan.entities,
                    resolved.entityBoost * ranking.feedback.originalWeight,
                  ),
                ),
                doc,
              );
        result.score = result.explanation.value;
      }
      return result;
    });
    const out: SearchResults = {
      query,
      total: collected.total,
      ...(collected.lowerBound && { totalRelation: 'gte' as const }),
      results,
      corrections: planner.corrections,
      suggestions: planner.suggestions,
      entities: plan.entities,
      tookMs: 0,
    };
    if (expanded !== undefined) {
      out.expansion = [...expanded]
        .sort((a, b) => b[1] - a[1])
        .map(([termId, weight]) => ({ term: inverted.terms.term(termId), weight }));
    }
    if (matched !== undefined && options.facets) out.facets = this.facets(matched);
    if (matched !== undefined && options.histogram !== undefined)
      out.histogram = dateHistogram(options.histogram, matched, (doc) =>
        this.contents.store.metadata(doc, options.histogram!),
      );
    out.tookMs = performance.now() - started;
    return out;
  }

  /**
   * Articles like document `docId`: its most distinctive terms (frequency in it times idf, the
   * top `terms`, title words counted twice) become a weighted query; the article is left out.
   */
  similar(docId: number, id: string, options: SimilarOptions): SearchResults {
    const limit = nonNegativeInteger(options.limit ?? SEARCH_DEFAULTS.limit, 'limit');
    const offset = nonNegativeInteger(options.offset ?? SEARCH_DEFAULTS.offset, 'offset');
    const termLimit = nonNegativeInteger(options.terms ?? SEARCH_DEFAULTS.similarTerms, 'terms');
    const started = performance.now();
    const { inverted, store, analyzer } = this.contents;
    inverted.flush();
    const { texts } = store.get(docId);
    const counts = new Map<string, number>();
    const titleField = this.contents.schema.titleField;
    for (const [field, text] of texts.entries()) {
      const weight = field === titleField ? 2 : 1;
      for (const token of analyzer.analyze(text))
        counts.set(token.term, (counts.get(token.term) ?? 0) + weight);
    }
    const weighted = [...counts]
      .map(([term, count]) => {
        const termId = inverted.terms.lookup(term);
        return { termId, weight: count * idf(inverted.docCount, inverted.docFrequency(termId)) };
      })
      .filter((t) => t.termId >= 0 && inverted.docFrequency(t.termId) > 1)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, termLimit);
    const top = weighted[0]?.weight ?? 1;
    const planner = this.planner(
      this.defaultScope(undefined),
      resolveSearch({}, this.contents.ranking),
      false,
    );
    const terms = planner.weightedTerms(
      new Map(weighted.map(({ termId, weight }) => [termId, weight / top])),
    );
    const collected = this.collectRanked(
      terms,
      Math.min(offset + limit, inverted.docCount),
      (doc) => doc !== docId,
      {},
      undefined,
    );
    const results = collected.hits
      .slice(offset)
      .map(({ doc, score }) => resultOf(this.contents.schema, store.get(doc), score));
    return {
      query: `similar:${id}`,
      total: collected.total,
      results,
      corrections: [],
      suggestions: [],
      entities: [],
      tookMs: performance.now() - started,
    };
  }

  // Top k of scorers with true bounds: block-max MaxScore, the matches counted apart, unless
  // the options need every match scored.
  private collectRanked(
    parts: RankedPart[],
    k: number,
    accept: Accept,
    options: SearchOptions,
    onMatch: ((doc: number) => void) | undefined,
    countMatches = true,
  ): Collected {
    if (options.pruning === false || options.minScore !== undefined || k === 0)
      return collectTopK(
        new DisjunctionScorer(parts),
        k,
        accept,
        options.minScore,
        onMatch,
        this.deadline,
      );
    const { inverted, version } = this.contents;
    const allFields = (1 << inverted.fields.length) - 1;
    const sources: MatchSource[] = [];
    const summaries: TermSummary[] = [];
    const boosts: number[] = [];
    const summarize = (term: TermScorer): TermSummary => {
      const summary = this.summaries.get(term.termId, term.scoring, term.idf, version);
      term.useSummary(summary);
      sources.push({
        termId: term.termId,
        fieldMask: term.fieldMask,
        documents: summary.documents,
      });
      return summary;
    };
    for (const part of parts) {
      if (part instanceof TermScorer) {
        const summary = summarize(part);
        // Summaries score every field: a narrower scope would make the floor too high.
        if (part.fieldMask === allFields) {
          summaries.push(summary);
          boosts.push(part.boost);
        }
      } else if (part instanceof MaxDisjunctionScorer) {
        // A corrected word: its terms are counted and bounded, but add nothing to the floor.
        for (const term of part.parts) summarize(term);
      } else {
        for (const termId of part.termIds) sources.push({ termId, fieldMask: allFields });
      }
    }
    const floor = scoreFloor(summaries, boosts, k, accept);
    const hits = collectMaxScore(parts, k, accept, floor, this.deadline);
    if (!countMatches) return { total: hits.length, hits, lowerBound: true };
    // Asked for no more than a lower bound, and no filter or view needing each match: the
    // most frequent word's documents all match (exactly the total when it is the only one).
    if (
      options.total === 'atLeast' &&
      accept === undefined &&
      onMatch === undefined &&
      sources.every((source) => source.fieldMask === allFields)
    ) {
      const most = Math.max(hits.length, ...sources.map((s) => inverted.docFrequency(s.termId)));
      return { total: most, hits, ...(sources.length > 1 && { lowerBound: true as const }) };
    }
    return {
      total: this.counter.count(inverted, sources, accept, onMatch, this.checkDeadline),
      hits,
    };
  }

  // The expanded query's term weights: the original terms and the relevance model of the
  // feedback documents (their words from the forward index, or their stored text read again
  // where there is none), terms in most documents left out.
  private expansion(
    terms: readonly TermScorer[],
    hits: readonly { doc: number; score: number }[],
    feedback: FeedbackParams,
  ): Map<number, number> {
    const { inverted } = this.contents;
    const forward = this.contents.forwardIndex();
    const documents = hits.map(({ doc, score }): FeedbackDocument => ({
      score,
      ...(forward === undefined ? this.analyzedTerms(doc) : forward.terms(doc)),
    }));
    const common = inverted.docCount / 2;
    const eligible = (termId: number): boolean =>
      inverted.docFrequency(termId) < common &&
      STARTS_WITH_LETTER.test(inverted.terms.term(termId));
    const original = new Map(terms.map((t) => [t.termId, t.boost]));
    return expandedWeights(
      original,
      this.relevanceModel.estimate(documents, feedback.terms, eligible, (termId) =>
        inverted.terms.term(termId),
      ),
      feedback.originalWeight,
    );
  }

  // A document's indexed words and their counts, from its stored text.
  private analyzedTerms(doc: number): { termIds: number[]; counts: number[] } {
    const { inverted, store, analyzer } = this.contents;
    const counts = new Map<number, number>();
    for (const text of store.get(doc).texts) {
      for (const token of analyzer.analyze(text)) {
        const termId = inverted.terms.lookup(token.term);
        if (termId >= 0) counts.set(termId, (counts.get(termId) ?? 0) + 1);
      }
    }
    return { termIds: [...counts.keys()], counts: [...counts.values()] };
  }

  private expandedParts(
    planner: QueryPlanner,
    weights: ReadonlyMap<number, number>,
    entities: readonly QueryEntity[],
    entityWeight: number,
  ): RankedPart[] {
    return [
      ...planner.weightedTerms(weights),
      ...(this.entityBoosts()?.forQuery(entities, entityWeight) ?? []),
    ];
  }

  private planner(
    scope: Uint8Array,
    resolved: ResolvedSearch,
    plainEntities: boolean,
  ): QueryPlanner {
    const { inverted, analyzer, store } = this.contents;
    const entities = this.entityBoosts();
    return new QueryPlanner({
      index: inverted,
      analyzer,
      scoring: this.scoring(),
      metadata: (doc, field) => store.metadata(doc, field),
      metadataType: (field) => this.contents.schema.typeOf(field),
      defaultScope: scope,
      nearTerms: (word, max, found) =>
        this.termsByLength.near(inverted, this.contents.version, word, max, found),
      ...(entities !== undefined && { entities }),
      entityBoost: resolved.entityBoost,
      plainEntities,
      options: {
        maxExpansions: resolved.maxExpansions,
        fuzzyPenalty: resolved.fuzzyPenalty,
        typoTolerance: resolved.typoTolerance,
      },
    });
  }

  private entityBoosts(): EntityBoosts | undefined {
    const { registry, inverted, analyzer, ranking } = this.contents;
    return registry === undefined
      ? undefined
      : new EntityBoosts(registry, inverted, analyzer, ranking.k1);
  }

  // The score of one document under a fresh plan of the query, part by part.
  private explain(
    ast: QueryNode,
    doc: number,
    scope: Uint8Array,
    resolved: ResolvedSearch,
    plainEntities: boolean,
  ): Explanation {
    return explainAt(planRoot(this.planner(scope, resolved, plainEntities).plan(ast)), doc);
  }

  // Field averages change with every add or remove; between changes, one object serves.
  private scoring(): FieldScoring {
    const { inverted, ranking, schema, version } = this.contents;
    if (this.scoringCache?.version !== version) {
      const scoring = new FieldScoring(
        inverted,
        ranking.k1,
        Float64Array.from(schema.fields, (f) => f.weight),
        Float64Array.from(schema.fields, (f) => f.b),
      );
      this.scoringCache = { version, scoring };
    }
    return this.scoringCache.scoring;
  }

  private defaultScope(fields: readonly string[] | undefined): Uint8Array {
    const names = this.contents.inverted.fields;
    if (fields === undefined) return new Uint8Array(names.length).fill(1);
    const scope = new Uint8Array(names.length);
    for (const field of fields) {
      const index = names.indexOf(field);
      if (index < 0) throw new OptionsError(`fields may name ${listed(names)}, not "${field}"`);
      scope[index] = 1;
    }
    return scope;
  }

  private acceptFilter(filter: SearchOptions['filter']): Accept {
    if (filter === undefined) return undefined;
    const { store, schema } = this.contents;
    if (typeof filter === 'function') {
      return (doc) => {
        const { id, texts, metadata } = store.get(doc);
        return filter(documentOf(schema, id, texts, metadata));
      };
    }
    if (typeof filter !== 'object' || filter === null)
      throw new OptionsError('filter must be an object of field conditions or a function');
    const tests = Object.entries(filter).map(([field, condition]) => {
      const type = this.metadataType(field, 'filter');
      let test: ReturnType<typeof metadataTest>;
      try {
        test = metadataTest(condition, type);
      } catch (error) {
        throw new OptionsError(`filter ${field}: a ${type} field: ${(error as Error).message}`);
      }
      return (doc: number): boolean => test(store.metadata(doc, field));
    });
    return (doc) => tests.every((test) => test(doc));
  }

  // Sorting by a metadata field needs every match: collected, then ordered (missing values last).
  private collectSorted(
    root: Scorer,
    k: number,
    accept: Accept,
    minScore: number | undefined,
    sort: { field: string; order?: 'asc' | 'desc' },
    onMatch?: (doc: number) => void,
  ): Collected {
    const { inverted, store } = this.contents;
    const all = collectTopK(root, inverted.docCount, accept, minScore, onMatch, this.deadline);
    const direction = sort.order === 'asc' ? 1 : -1;
    const keyOf = sortKey(this.metadataType(sort.field, 'sort'));
    // Each match's key once, not once per comparison (a date is parsed).
    const keys = new Map(all.hits.map(({ doc }) => [doc, keyOf(store.metadata(doc, sort.field))]));
    all.hits.sort((a, b) => {
      const x = keys.get(a.doc);
      const y = keys.get(b.doc);
      if (x === undefined || y === undefined)
        return x === y ? b.score - a.score : x === undefined ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * direction || b.score - a.score || a.doc - b.doc;
    });
    return { total: all.total, hits: all.hits.slice(0, k) };
  }

  // A metadata field's type; a field the index does not have is an error, not an empty result.
  private metadataType(field: string, use: 'filter' | 'sort' | 'histogram'): MetadataType {
    const type = this.contents.schema.typeOf(field);
    if (type !== undefined) return type;
    const known = this.contents.schema.metadataFields().map((f) => f.name);
    throw new OptionsError(
      `${use} on "${field}": no such metadata field in this index (${known.length === 0 ? 'it has none' : `it has ${known.join(', ')}`})`,
    );
  }

  // The passage of the stored field that shows the query best: the most matches, then the
  // body, then the field that comes first.
  private bestSnippet(
    texts: readonly string[],
    wanted: ReadonlySet<string>,
    length: number,
    spansOf: (text: string) => Span[],
  ): Snippet {
    const { schema, analyzer } = this.contents;
    const order = schema.names
      .map((_, i) => i)
      .sort((a, b) => Number(b === schema.bodyField) - Number(a === schema.bodyField));
    let best: Snippet | undefined;
    for (const field of order) {
      const text = texts[field]!;
      if (text === '' && best !== undefined) continue;
      const snippet = {
        ...makeSnippet(text, wanted, analyzer, length, spansOf(text)),
        field: schema.names[field]!,
      };
      if (
        best === undefined ||
        snippet.highlights.length > best.highlights.length ||
        (best.text === '' && snippet.text !== '')
      )
        best = snippet;
    }
    return best!;
  }

  // Entities of the matched documents, counted once per document, grouped by type.
  private facets(docs: readonly number[]): SearchResults['facets'] {
    const { registry, inverted } = this.contents;
    if (registry === undefined) return {};
    if (this.facetRoots.version !== this.contents.version) {
      this.facetRoots = {
        version: this.contents.version,
        roots: new Int32Array(inverted.terms.size).fill(UNRESOLVED),
      };
    }
    return entityFacets(
      { registry, inverted, documentEntities: this.contents.documentEntities() },
      docs,
      SEARCH_DEFAULTS.facetsPerType,
      this.facetRoots.roots,
    );
  }
}

// A result with a document's stored fields.
function resultOf(
  schema: Schema,
  { id, texts, metadata }: StoredDocument,
  score: number,
): SearchResult {
  const fields = storedFields(schema, texts);
  return { id, score, title: fields.title ?? '', body: fields.body ?? '', fields, metadata };
}

// How `root` scores `doc`, part by part.
function explainAt(root: Scorer | null, doc: number): Explanation {
  return root !== null && root.advance(doc) === doc
    ? root.explain()
    : { value: 0, description: 'no match' };
}

// Names as a reader lists them: a, b and c.
function listed(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

import type { AnalyzerOptions } from './analysis/index.js';
import type { Document, MetadataValue } from './corpus/document.js';
import type { EntityDefinition } from './entities/index.js';
import { OptionsError } from './errors.js';
import type { FeedbackParams, FieldParams, RankingParams } from './ranking/params.js';
import { DEFAULT_FIELDS, type MetadataType, Schema, type TextFieldOptions } from './schema.js';

/**
 * Options of a new index. Every default is stated once, here, in {@link DEFAULT_RANKING} and
 * {@link SEARCH_DEFAULTS}; each was measured (see docs/RANKING.md).
 */
export interface SearchIndexOptions {
  /** Stop words and stemmer; the same analyzer reads documents and queries. */
  analyzer?: AnalyzerOptions;
  /**
   * The text fields, in order, each with its weight, b and whether it is stored (default
   * `{ title: { weight: 3, b: 1 }, body: { b: 0.6 } }`; a field's own defaults are weight 1, b 0.75,
   * stored). Documents carry each as a string (or a list of strings, read as lines).
   */
  fields?: Record<string, TextFieldOptions>;
  /**
   * Types of metadata fields (`keyword`, `number`, `date`); a field not named here takes the
   * type of the first value an index sees (a number, an ISO 8601 date, else keyword).
   */
  metadata?: Record<string, MetadataType>;
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** Weight and length normalization of the title field, over what `fields` says. */
  title?: Partial<FieldParams>;
  /** Weight and length normalization of the body field, over what `fields` says. */
  body?: Partial<FieldParams>;
  /** Weight of the entity boost (see docs/ENTITIES.md); 0 gives plain BM25F. */
  entityBoost?: number;
  /** Pseudo-relevance feedback (RM3) for plain-word queries; `enabled` makes it every search's default. */
  feedback?: Partial<FeedbackParams>;
  /**
   * Entity recognition: `false` turns it off. `gazetteer` replaces the shipped entity list,
   * `extend` adds to it (entries; in Node also a JSON file path), `rules: false` keeps to the
   * gazetteer (no acronyms, capitalized names or defined pairs).
   */
  entities?:
    | false
    | {
        gazetteer?: EntityDefinition[] | string;
        extend?: EntityDefinition[] | string;
        rules?: boolean;
      };
  /**
   * In Node: let `addAll` read words on a second thread while this one indexes, for batches of
   * more than about 2 MB of text on a machine with two cores or more (default true). The
   * index is the same either way; elsewhere there is one thread.
   */
  workerThread?: boolean;
}

/** Options of one search. */
export interface SearchOptions {
  /** Results to return. */
  limit?: number;
  /** Results to skip first, for paging. */
  offset?: number;
  /** Leave out documents scoring below this. */
  minScore?: number;
  /**
   * Skip scoring documents that cannot reach the top `offset + limit` (MaxScore). Results are
   * the same either way; off is for measurement and tests.
   */
  pruning?: boolean;
  /** Read the query language; false takes every word as a plain word. */
  parse?: boolean;
  /**
   * Refuse text that cannot be read as the query language (a stray `)`, `word^x`, a lone
   * `title:`) with `QuerySyntaxError`, instead of reading it as words.
   */
  strict?: boolean;
  /** How bare words combine: `'or'` (ranked) or `'and'` (every word required). */
  defaultOperator?: 'or' | 'and';
  /**
   * `'exact'` counts every match; `'atLeast'` lets a ranked query of words skip the count and
   * give a lower bound (its most frequent word's documents), said by `totalRelation: 'gte'`, as
   * Lucene's `TotalHits` does. Filters, facets and histograms still count exactly.
   */
  total?: 'exact' | 'atLeast';
  /** Fields that unscoped words search (default both title and body). */
  fields?: string[];
  /** Metadata conditions every result must meet, or a predicate over the stored document. */
  filter?:
    | Record<string, MetadataValue | { from?: string | number; to?: string | number }>
    | ((doc: Document) => boolean);
  /** Order by score or by a metadata field (`{ field: 'date', order: 'desc' }`). */
  sort?: 'score' | { field: string; order?: 'asc' | 'desc' };
  /** Attach to each result its score broken into parts that add up to it. */
  explain?: boolean;
  /**
   * Read a word found in no document as the indexed term it surely misspells: one edit from 5
   * letters, two from 9, to a term in two documents or more; never a required word (`+word`)
   * or a word in a phrase. Other unknown words stay as typed, with a suggestion.
   */
  typoTolerance?: boolean;
  /** Most indexed terms a prefix, fuzzy or corrected word expands to. */
  maxExpansions?: number;
  /** Score multiplier per edit for fuzzy and corrected matches. */
  fuzzyPenalty?: number;
  /** Weight of the entity boost for this search (default: the index's); 0 for plain BM25F. */
  entityBoost?: number;
  /**
   * Expand a plain-word query with the words of its first results (RM3; default: the index's
   * `feedback.enabled`). Queries with operators are never expanded.
   */
  feedback?: boolean;
  /** Count the entities of all matching documents into `facets`. */
  facets?: boolean;
  /** Count all matching documents by a date field into `histogram` (by day, month or year). */
  histogram?: string;
  /** Add a snippet with highlights to each result (`length` in characters). */
  snippets?: boolean | { length?: number };
  /**
   * Stop a search that runs longer than this with `SearchTimeoutError` (no partial answer);
   * none by default. Checked as documents are collected, so a search overruns it by at most
   * a thousand documents' work.
   */
  timeoutMs?: number;
}

/** Options of {@link SearchIndex.similar}. */
export interface SimilarOptions {
  limit?: number;
  offset?: number;
  /** The article's most distinctive terms that make the query. */
  terms?: number;
}

/** The ranking an index starts with when its options say nothing. */
export const DEFAULT_RANKING: RankingParams = {
  k1: 1.5,
  entityBoost: 1,
  feedback: { enabled: false, documents: 10, terms: 10, originalWeight: 0.7 },
};

/** What a search does when its options say nothing. */
export const SEARCH_DEFAULTS = {
  limit: 10,
  offset: 0,
  maxExpansions: 64,
  fuzzyPenalty: 0.8,
  typoTolerance: true,
  pruning: true,
  defaultOperator: 'or',
  total: 'exact',
  snippetLength: 160,
  facetsPerType: 10,
  similarTerms: 25,
  workerThread: true,
} as const;

// Feedback reads each of its documents' words: more than this is no longer feedback.
const MAX_FEEDBACK = { documents: 1000, terms: 1000 };

/** The index's ranking: the defaults overridden by `options`, each value checked. */
export function rankingFrom(options: SearchIndexOptions): RankingParams {
  const ranking: RankingParams = {
    k1: options.k1 ?? DEFAULT_RANKING.k1,
    entityBoost: options.entityBoost ?? DEFAULT_RANKING.entityBoost,
    feedback: { ...DEFAULT_RANKING.feedback, ...options.feedback },
  };
  const { enabled, documents, terms, originalWeight } = ranking.feedback;
  if (typeof enabled !== 'boolean')
    throw new OptionsError(`feedback.enabled must be true or false, got ${String(enabled)}`);
  if (!Number.isInteger(documents) || documents < 0 || documents > MAX_FEEDBACK.documents)
    throw new OptionsError(
      `feedback.documents must be an integer from 0 to ${MAX_FEEDBACK.documents}, got ${documents}`,
    );
  if (!Number.isInteger(terms) || terms < 0 || terms > MAX_FEEDBACK.terms)
    throw new OptionsError(
      `feedback.terms must be an integer from 0 to ${MAX_FEEDBACK.terms}, got ${terms}`,
    );
  if (!(originalWeight >= 0 && originalWeight <= 1))
    throw new OptionsError(
      `feedback.originalWeight must be between 0 and 1, got ${originalWeight}`,
    );
  checkEntityBoost(ranking.entityBoost);
  if (!(ranking.k1 >= 0 && Number.isFinite(ranking.k1)))
    throw new OptionsError(`k1 must be a non-negative number, got ${ranking.k1}`);
  return ranking;
}

/** The index's schema: its text fields (with `title` and `body` overrides) and metadata types. */
export function schemaFrom(options: SearchIndexOptions): Schema {
  const fields: Record<string, TextFieldOptions> = { ...(options.fields ?? DEFAULT_FIELDS) };
  for (const name of ['title', 'body'] as const) {
    const override = options[name];
    if (override === undefined || Object.keys(override).length === 0) continue;
    if (fields[name] === undefined)
      throw new OptionsError(`${name} options given, but the fields have no "${name}"`);
    fields[name] = { ...fields[name], ...override };
  }
  return Schema.from(fields, options.metadata);
}

/** A search's options with every default filled in and every number checked. */
export interface ResolvedSearch {
  limit: number;
  offset: number;
  maxExpansions: number;
  fuzzyPenalty: number;
  typoTolerance: boolean;
  entityBoost: number;
  snippetLength: number;
  timeoutMs: number | undefined;
}

/** Checks a search's options and fills in the defaults; `entityBoost` defaults to the index's. */
export function resolveSearch(options: SearchOptions, ranking: RankingParams): ResolvedSearch {
  const entityBoost = options.entityBoost ?? ranking.entityBoost;
  checkEntityBoost(entityBoost);
  const { fuzzyPenalty, minScore } = options;
  if (fuzzyPenalty !== undefined && !(fuzzyPenalty > 0 && fuzzyPenalty <= 1))
    throw new OptionsError(
      `fuzzyPenalty must be a number above 0 and at most 1, got ${fuzzyPenalty}`,
    );
  if (minScore !== undefined && !(typeof minScore === 'number' && Number.isFinite(minScore)))
    throw new OptionsError(`minScore must be a finite number, got ${minScore}`);
  if (options.total !== undefined && options.total !== 'exact' && options.total !== 'atLeast')
    throw new OptionsError(`total must be 'exact' or 'atLeast', got ${String(options.total)}`);
  const { timeoutMs } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs >= 0))
    throw new OptionsError(`timeoutMs must be a number of milliseconds ≥ 0, got ${timeoutMs}`);
  return {
    limit: nonNegativeInteger(options.limit ?? SEARCH_DEFAULTS.limit, 'limit'),
    offset: nonNegativeInteger(options.offset ?? SEARCH_DEFAULTS.offset, 'offset'),
    maxExpansions: nonNegativeInteger(
      options.maxExpansions ?? SEARCH_DEFAULTS.maxExpansions,
      'maxExpansions',
    ),
    fuzzyPenalty: fuzzyPenalty ?? SEARCH_DEFAULTS.fuzzyPenalty,
    typoTolerance: options.typoTolerance ?? SEARCH_DEFAULTS.typoTolerance,
    entityBoost,
    snippetLength:
      typeof options.snippets === 'object'
        ? (options.snippets.length ?? SEARCH_DEFAULTS.snippetLength)
        : SEARCH_DEFAULTS.snippetLength,
    timeoutMs,
  };
}

function checkEntityBoost(value: number): void {
  if (!(value >= 0 && Number.isFinite(value)))
    throw new OptionsError(`entityBoost must be a non-negative number, got ${value}`);
}

/** `value` when it is a whole number of at least 0; otherwise an error naming the option. */
export function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new OptionsError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

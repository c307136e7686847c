// steppe's core: everything that runs on any platform (Node, browsers, workers).
export { SearchIndex } from './search-index.js';
export { DEFAULT_RANKING, SEARCH_DEFAULTS } from './options.js';
export type { SearchIndexOptions, SearchOptions, SimilarOptions } from './options.js';
export type {
  DateHistogram,
  DocumentEntity,
  EntityFacet,
  EntitySummary,
  IndexStats,
  SearchResult,
  SearchResults,
} from './results.js';
export { searchJson } from './results-json.js';
export { parseFieldList, parseFilters, parseSort } from './option-text.js';
export {
  correctionClause,
  ENTITY_FIELDS,
  OPENSEARCH_ANALYZER,
  opensearchIndexBody,
  toOpenSearchQuery,
  WORDS_FIELD,
  wordsFieldLayout,
} from './opensearch/index.js';
export type { OpenSearchIndexBody, TranslationContext } from './opensearch/index.js';
export type { FilterMap } from './option-text.js';
export type { EntityMention } from './entities/views.js';
export type { ResultJson, SearchJson } from './results-json.js';
export type { DecodeOptions } from './codec/index-codec.js';
export {
  checkGazetteer,
  defaultGazetteer,
  ENTITY_TYPES,
  parseGazetteer,
} from './entities/index.js';
export type { EntityDefinition, EntitySource, EntityType, QueryEntity } from './entities/index.js';
export { makeSnippet, renderSnippet } from './search/snippet.js';
export type { Snippet } from './search/snippet.js';
export type { Explanation } from './search/explanation.js';
export type { Correction, Suggestion } from './search/plan.js';
export { parseQuery, QUERY_LIMITS } from './query/index.js';
export type {
  BooleanNode,
  EntityNode,
  FilterNode,
  Occur,
  ParseOptions,
  PhraseNode,
  QueryNode,
  TermNode,
} from './query/index.js';
export { Analyzer } from './analysis/index.js';
export type { AnalyzerOptions, StopWordList, Token } from './analysis/index.js';
export { detectFormat, parseCorpus } from './corpus/index.js';
export type { CorpusDocument, CorpusFormat, Document, MetadataValue } from './corpus/index.js';
export type { FeedbackParams, FieldParams, RankingParams } from './ranking/index.js';
export {
  CorpusError,
  CorruptIndexError,
  DocumentError,
  IndexFileError,
  NotAnIndexError,
  OptionsError,
  QuerySyntaxError,
  ReadOnlyIndexError,
  SearchTimeoutError,
  SteppeError,
  UnsupportedVersionError,
} from './errors.js';
export {
  averagePrecision,
  evaluate,
  formatRun,
  ndcgAt,
  parseQrels,
  parseQueries,
  parseRun,
  precisionAt,
  recallAt,
  reciprocalRankAt,
} from './eval/index.js';
export type { Evaluation, Judgments, Query } from './eval/index.js';

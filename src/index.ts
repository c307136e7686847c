export { SearchIndex, DEFAULT_RANKING } from './search-index.js';
export type { DocumentEntity, EntityFacet, EntitySummary, IndexStats, SearchIndexOptions, SearchOptions, SearchResult, SearchResults } from './search-index.js';
export { defaultGazetteer, ENTITY_TYPES, loadGazetteer } from './entities/index.js';
export type { EntityDefinition, EntitySource, EntityType, QueryEntity } from './entities/index.js';
export { makeSnippet, renderSnippet } from './search/snippet.js';
export type { Snippet } from './search/snippet.js';
export type { Explanation } from './search/explanation.js';
export type { Correction } from './search/plan.js';
export { parseQuery, QUERY_LIMITS } from './query/index.js';
export type { BooleanNode, EntityNode, FilterNode, Occur, ParseOptions, PhraseNode, QueryNode, TermNode } from './query/index.js';
export { Analyzer } from './analysis/index.js';
export type { AnalyzerOptions, Token } from './analysis/index.js';
export { loadCorpus, loadCorpusSync, readCorpusFile } from './corpus/index.js';
export type { CorpusFormat, Document, LoadOptions, MetadataValue } from './corpus/index.js';
export type { FieldParams, RankingParams } from './ranking/index.js';
export {
  CorpusError,
  CorruptIndexError,
  DocumentError,
  IndexFileError,
  NotAnIndexError,
  OptionsError,
  QuerySyntaxError,
  SteppeError,
  UnsupportedVersionError,
} from './errors.js';
export { averagePrecision, evaluate, evaluationSet, formatRun, ndcgAt, precisionAt, readQrels, readQueries, readRun, recallAt, reciprocalRankAt } from './eval/index.js';
export type { Evaluation, EvaluationFiles, EvaluationRun, Judgments, Query } from './eval/index.js';
export { runEvaluation } from './eval/index.js';

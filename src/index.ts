export { SearchIndex, DEFAULT_RANKING } from './search-index.js';
export type { SearchIndexOptions, SearchOptions, SearchResult, SearchResults } from './search-index.js';
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

// steppe in Node: the core, with files, paths and a second thread for indexing.
export * from '../index.js';
export { OPEN_DEFAULTS, SearchIndex } from './search-index.js';
export type { OpenOptions } from './search-index.js';
export { loadCorpus, loadCorpusSync, readCorpusFile, streamCorpus } from './corpus-files.js';
export { MAX_RECORD_BYTES, MAX_TEXT_FILE_BYTES } from './corpus-stream.js';
export type { LoadOptions } from './corpus-files.js';
export { loadGazetteer } from './gazetteer-file.js';
export { evaluationSet, readQrels, readQueries, readRun, runEvaluation } from './evaluation.js';
export type { EvaluationFiles, EvaluationRun } from './evaluation.js';
export {
  API_LIMITS,
  HttpError,
  isLoopback,
  SERVE_DEFAULTS,
  SearchApi,
  searchPage,
  serve,
} from './serve/index.js';
export type { ApiAnswer, SearchServer, ServeOptions } from './serve/index.js';
export { PUSH_DEFAULTS, PushError, pushToOpenSearch } from './opensearch-push.js';
export type { PushOptions, PushReport } from './opensearch-push.js';
export { OpenSearchIndex } from './opensearch-index.js';

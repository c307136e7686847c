export { Analyzer } from './analyzer.js';
export type { AnalyzerConfig, AnalyzerOptions } from './analyzer.js';
export { ENGLISH_STOP_WORDS, normalize, porterStem, possessive, stemFilter, stopFilter } from './filters.js';
export type { Token, TokenFilter, Tokenizer } from './token.js';
export { tokenize } from './tokenize.js';

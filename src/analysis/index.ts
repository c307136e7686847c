export { Analyzer } from './analyzer.js';
export type { AnalyzerConfig, AnalyzerOptions, StopWordList } from './analyzer.js';
export {
  ENGLISH_EXTENDED_STOP_WORDS,
  ENGLISH_STOP_WORDS,
  normalize,
  porterStem,
  porterStemWord,
  possessive,
  stemFilter,
  stopFilter,
} from './filters.js';
export type { Token, TokenFilter, Tokenizer } from './token.js';
export { scanWords, tokenize } from './tokenize.js';
export type { WordVisitor } from './tokenize.js';
export { SurfaceScanner } from './surface-scanner.js';
export type { ScannedText, WordSource } from './surface-scanner.js';

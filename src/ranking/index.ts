export { idf, lengthNorm, maxTermScore, saturate } from './bm25.js';
export type { FieldParams, RankingParams } from './params.js';

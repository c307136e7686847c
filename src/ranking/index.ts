export { idf, lengthNorm, maxTermScore, saturate } from './bm25.js';
export { entityScore, salience } from './entity-boost.js';
export type { FieldParams, RankingParams } from './params.js';

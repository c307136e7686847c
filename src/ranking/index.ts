export { idf, lengthNorm, maxTermScore, saturate } from './bm25.js';
export { entityScore, salience } from './entity-boost.js';
export { expandedWeights, type FeedbackDocument, RelevanceModel } from './feedback.js';
export type { FeedbackParams, FieldParams, RankingParams } from './params.js';

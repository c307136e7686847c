export {
  averagePrecision,
  evaluate,
  ndcgAt,
  precisionAt,
  recallAt,
  reciprocalRankAt,
} from './metrics.js';
export type { Evaluation, Judgments } from './metrics.js';
export { formatRun, parseQrels, parseQueries, parseRun } from './trec.js';
export type { Query } from './trec.js';

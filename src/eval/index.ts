export { averagePrecision, evaluate, ndcgAt, precisionAt, recallAt, reciprocalRankAt } from './metrics.js';
export type { Evaluation, Judgments } from './metrics.js';
export { evaluationSet, formatRun, readQrels, readQueries, readRun } from './trec.js';
export type { Query } from './trec.js';
export { runEvaluation } from './run.js';
export type { EvaluationFiles, EvaluationRun } from './run.js';

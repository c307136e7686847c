import { type Command, InvalidArgumentError } from 'commander';
import type { SearchIndexOptions } from '../../src/node/index.js';

/** A user mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** A parser for a flag that takes any finite number. */
export function number(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || value.trim() === '')
      throw new InvalidArgumentError(`${name} must be a number`);
    return parsed;
  };
}

/** A parser for a flag that takes a whole number of at least 0. */
export function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
}

/** For repeatable flags: each value added to the list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface RankingFlags {
  k1?: number;
  titleWeight?: number;
  bodyWeight?: number;
  b?: number;
  entityBoost?: number;
  feedback?: boolean;
  feedbackDocs?: number;
  feedbackTerms?: number;
  feedbackWeight?: number;
}

/** The index options the ranking flags give. */
export function rankingOptions(flags: RankingFlags): SearchIndexOptions {
  const options: SearchIndexOptions = {};
  if (flags.k1 !== undefined) options.k1 = flags.k1;
  if (flags.entityBoost !== undefined) options.entityBoost = flags.entityBoost;
  options.title = {
    ...(flags.titleWeight !== undefined && { weight: flags.titleWeight }),
    ...(flags.b !== undefined && { b: flags.b }),
  };
  options.body = {
    ...(flags.bodyWeight !== undefined && { weight: flags.bodyWeight }),
    ...(flags.b !== undefined && { b: flags.b }),
  };
  options.feedback = {
    ...(flags.feedback !== undefined && { enabled: flags.feedback }),
    ...(flags.feedbackDocs !== undefined && { documents: flags.feedbackDocs }),
    ...(flags.feedbackTerms !== undefined && { terms: flags.feedbackTerms }),
    ...(flags.feedbackWeight !== undefined && { originalWeight: flags.feedbackWeight }),
  };
  return options;
}

/** Adds the ranking flags (k1, b, field weights, entity boost, feedback) to a command. */
export function withRankingFlags(command: Command): Command {
  return command
    .option('--k1 <n>', 'BM25 term-frequency saturation', number('--k1'))
    .option('--b <n>', 'BM25 length normalization for both fields, 0..1', number('--b'))
    .option('--title-weight <n>', 'weight of title matches', number('--title-weight'))
    .option('--body-weight <n>', 'weight of body matches', number('--body-weight'))
    .option(
      '--entity-boost <n>',
      'weight of the entity boost (0: plain BM25F)',
      number('--entity-boost'),
    )
    .option(
      '--feedback',
      'expand plain-word queries with their first results (RM3; slower, see docs/RANKING.md)',
    )
    .option('--feedback-docs <n>', 'feedback: top documents read (default 10)', count)
    .option('--feedback-terms <n>', 'feedback: expansion terms (default 30)', count)
    .option(
      '--feedback-weight <n>',
      'feedback: weight of the original query, 0..1 (default 0.7)',
      number('--feedback-weight'),
    );
}

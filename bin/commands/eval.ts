import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  evaluate,
  type Evaluation,
  readQrels,
  readRun,
  runEvaluation,
} from '../../src/node/index.js';
import {
  type RankingFlags,
  rankingOptions,
  UsageError,
  withRankingFlags,
} from '../shared/flags.js';
import { print, printJson, writeOutput } from '../shared/output.js';

/** Registers `steppe eval`. */
export function evalCommand(program: Command): void {
  withRankingFlags(
    program
      .command('eval')
      .description(
        'index a judged collection, run its queries, print nDCG@10, Recall@100, MAP, MRR@10, P@10',
      )
      .argument('[dir]', 'a directory with docs.jsonl, queries.jsonl and qrels.tsv')
      .option('--docs <file>', 'documents (instead of <dir>)')
      .option('--queries <file>', 'queries (instead of <dir>)')
      .option('--qrels <file>', 'judgments (instead of <dir>)')
      .option('--run <file>', 'also write the TREC run file (an existing one is kept)')
      .option('--force', 'with --run: overwrite the run file if it exists')
      .option('--score-run <file>', 'score an existing TREC run file against --qrels (or <dir>)')
      .option('--json', 'print JSON')
      .addHelpText(
        'after',
        '\nExamples:\n  steppe eval ../shared/data/scifact\n  steppe eval --docs d.jsonl --queries q.jsonl --qrels q.tsv --k1 0.9 --b 0.4\n  steppe eval ../shared/data/scifact --score-run other-engine.run',
      ),
  ).action(
    (
      dir: string | undefined,
      flags: RankingFlags & {
        docs?: string;
        queries?: string;
        qrels?: string;
        run?: string;
        force?: boolean;
        scoreRun?: string;
        json?: boolean;
      },
    ) => {
      if (flags.scoreRun !== undefined) {
        if (flags.run !== undefined)
          throw new UsageError('--score-run and --run do not go together');
        const qrels = flags.qrels ?? (dir === undefined ? undefined : join(dir, 'qrels.tsv'));
        if (qrels === undefined) throw new UsageError('--score-run needs --qrels or a directory');
        printFigures(evaluate(readRun(flags.scoreRun), readQrels(qrels)), flags.json === true);
        return;
      }
      let files;
      if (dir !== undefined) {
        if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
        files = {
          docs: flags.docs ?? join(dir, 'docs.jsonl'),
          queries: flags.queries ?? join(dir, 'queries.jsonl'),
          qrels: flags.qrels ?? join(dir, 'qrels.tsv'),
        };
      } else if (
        flags.docs !== undefined &&
        flags.queries !== undefined &&
        flags.qrels !== undefined
      ) {
        files = { docs: flags.docs, queries: flags.queries, qrels: flags.qrels };
      } else {
        throw new UsageError('eval needs a directory, or --docs, --queries and --qrels');
      }
      // Checked before the work, so a refused file costs nothing.
      if (flags.run !== undefined && flags.force !== true && existsSync(flags.run))
        throw new UsageError(`${flags.run} exists: pass --force to overwrite it`);
      const result = runEvaluation(files, rankingOptions(flags));
      if (flags.run !== undefined) writeOutput(flags.run, result.run, true);
      const extra = {
        documents: result.documents,
        build_ms: Math.round(result.buildMs),
        search_ms: Math.round(result.searchMs),
      };
      if (!flags.json) print(`documents ${result.documents}, queries ${result.queries}\n`);
      printFigures(result, flags.json === true, extra);
    },
  );
}

function printFigures(result: Evaluation, json: boolean, extra: Record<string, number> = {}): void {
  const { queries, ndcg10, recall100, map, mrr10, p10 } = result;
  if (json) {
    printJson({ queries, ndcg10, recall100, map, mrr10, p10, ...extra });
    return;
  }
  const parts = [
    `nDCG@10 ${ndcg10.toFixed(4)}`,
    `Recall@100 ${recall100.toFixed(4)}`,
    `MAP ${map.toFixed(4)}`,
    `MRR@10 ${mrr10.toFixed(4)}`,
    `P@10 ${p10.toFixed(4)}`,
  ];
  print(`${parts.join('  ')}\n`);
}

import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { type CorpusFormat, SearchIndex } from '../../src/node/index.js';
import {
  type RankingFlags,
  rankingOptions,
  UsageError,
  withRankingFlags,
} from '../shared/flags.js';
import { indexCorpus } from '../shared/index-corpus.js';
import { print } from '../shared/output.js';
import { readSchemaFile } from '../shared/schema-file.js';

/** Registers `steppe index`. */
export function indexCommand(program: Command): void {
  withRankingFlags(
    program
      .command('index')
      .description('build an index file from corpus files or directories')
      .argument('<paths...>', 'files or directories (seed text, JSON Lines, JSON, .txt/.md)')
      .requiredOption('-o, --output <file>', 'where to write the index')
      .option('--format <format>', 'auto, seed, jsonl, json or text', 'auto')
      .option(
        '--schema <file>',
        'text fields and metadata types as JSON (default: title and body, metadata types inferred)',
      )
      .option('--gazetteer <file>', 'replace the shipped entity list with this JSON file')
      .option('--extend-gazetteer <file>', 'add these entities to the shipped list')
      .option(
        '--no-entity-rules',
        'recognize only gazetteer entities (no acronyms, capitalized names, defined pairs)',
      )
      .option('--no-entities', 'no entity recognition at all')
      .option(
        '--no-worker-thread',
        'read words on this thread only (default: a second thread for large corpora)',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  steppe index corpus -o seed.steppe\n  steppe index ../shared/data/reuters21578/docs.jsonl -o reuters.steppe\n  steppe index news.jsonl --schema schema.json -o news.steppe\n\nA schema file: {"fields": {"title": {"weight": 3}, "lead": {"weight": 2}, "body": {}},\n"metadata": {"date": "date", "authors": "keyword"}}',
      ),
  ).action(
    async (
      paths: string[],
      flags: RankingFlags & {
        output: string;
        format: string;
        schema?: string;
        gazetteer?: string;
        extendGazetteer?: string;
        entityRules: boolean;
        entities: boolean;
        workerThread: boolean;
      },
    ) => {
      if (!['auto', 'seed', 'jsonl', 'json', 'text'].includes(flags.format))
        throw new UsageError(
          `--format must be auto, seed, jsonl, json or text, not "${flags.format}"`,
        );
      const started = performance.now();
      const schema = flags.schema === undefined ? {} : readSchemaFile(flags.schema);
      const index = new SearchIndex({
        ...schema,
        ...rankingOptions(flags),
        entities: flags.entities && {
          rules: flags.entityRules,
          ...(flags.gazetteer !== undefined && { gazetteer: flags.gazetteer }),
          ...(flags.extendGazetteer !== undefined && { extend: flags.extendGazetteer }),
        },
        workerThread: flags.workerThread,
      });
      indexCorpus(index, paths, flags.format as CorpusFormat);
      await index.save(flags.output);
      const seconds = (performance.now() - started) / 1000;
      const stats = index.stats();
      print(
        `indexed ${stats.documents} documents, ${stats.terms} terms, ${stats.entities} entities, ${statSync(flags.output).size} bytes in ${seconds.toFixed(2)} s → ${flags.output}\n`,
      );
      // What the types were taken as, so a wrong guess is seen before the index is used.
      const metadata = index.schema
        .metadataFields()
        .map((f) => `${f.name} (${f.type}${f.inferred ? ', inferred' : ''})`);
      print(
        `text fields: ${index.schema.names.join(', ')}; metadata: ${metadata.length === 0 ? 'none' : metadata.join(', ')}\n`,
      );
    },
  );
}

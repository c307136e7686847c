import type { Command } from 'commander';
import {
  opensearchIndexBody,
  PUSH_DEFAULTS,
  pushToOpenSearch,
  SearchIndex,
} from '../../src/node/index.js';
import { count, UsageError } from '../shared/flags.js';
import { indexCorpus } from '../shared/index-corpus.js';
import { openIndex } from '../shared/open-index.js';
import { print, printJson, Progress } from '../shared/output.js';
import { readSchemaFile } from '../shared/schema-file.js';

/** Registers `steppe opensearch`: the way to OpenSearch (docs/OPENSEARCH.md). */
export function opensearchCommand(program: Command): void {
  const opensearch = program
    .command('opensearch')
    .description('OpenSearch as the backend beyond one machine (docs/OPENSEARCH.md)');
  opensearch
    .command('mapping')
    .description("print an index body (settings and mappings) that reproduces the index's analysis")
    .option('-i, --index <file>', 'an index file (default: the shipped corpus)')
    .option('--shards <n>', 'primary shards', count, 1)
    .option('--replicas <n>', 'replicas of each shard', count, 0)
    .addHelpText(
      'after',
      '\nExamples:\n  steppe opensearch mapping --index news.steppe --shards 2 --replicas 1 > body.json\n  curl -XPUT localhost:9200/news -H "content-type: application/json" -d @body.json',
    )
    .action(async (flags: { index?: string; shards: number; replicas: number }) => {
      const index = await openIndex(flags.index);
      printJson(
        opensearchIndexBody(index.schema, index.analyzer.config, {
          k1: index.ranking.k1,
          shards: flags.shards,
          replicas: flags.replicas,
        }),
      );
    });
  opensearch
    .command('push')
    .description('send an index, or a corpus indexed on the way, to an OpenSearch index (_bulk)')
    .argument('<paths...>', 'an index file (.steppe), or corpus files and directories')
    .requiredOption('--url <url>', 'the cluster, e.g. http://127.0.0.1:9250')
    .requiredOption('--index <name>', 'the OpenSearch index (made with the mapping when absent)')
    .option('--schema <file>', 'for a corpus: text fields and metadata types as JSON')
    .option('--shards <n>', 'primary shards of an index made here', count, 1)
    .option('--replicas <n>', 'replicas of each shard', count, 0)
    .option('--batch-size <n>', 'documents per _bulk request', count, PUSH_DEFAULTS.batchSize)
    .addHelpText(
      'after',
      '\nExamples:\n  steppe opensearch push news.steppe --url http://127.0.0.1:9250 --index news\n  steppe opensearch push corpus/ --url http://127.0.0.1:9250 --index seed --shards 2 --replicas 1',
    )
    .action(
      async (
        paths: string[],
        flags: {
          url: string;
          index: string;
          schema?: string;
          shards: number;
          replicas: number;
          batchSize: number;
        },
      ) => {
        if (flags.batchSize === 0) throw new UsageError('--batch-size must be at least 1');
        let source: SearchIndex;
        if (paths.length === 1 && paths[0]!.endsWith('.steppe'))
          source = await SearchIndex.open(paths[0]!);
        else {
          source = new SearchIndex(flags.schema === undefined ? {} : readSchemaFile(flags.schema));
          indexCorpus(source, paths, 'auto');
        }
        const progress = new Progress(source.size);
        const report = await pushToOpenSearch(source, {
          url: flags.url,
          index: flags.index,
          shards: flags.shards,
          replicas: flags.replicas,
          batchSize: flags.batchSize,
          onProgress: (sent) => progress.update(sent),
        });
        progress.done();
        print(
          `pushed ${report.sent} documents to ${flags.index} in ${report.batches} batches, ${report.seconds.toFixed(2)} s (${Math.round(report.sent / report.seconds)}/s)${report.retried > 0 ? `; ${report.retried} sent again after 429 or 5xx` : ''}\n`,
        );
      },
    );
}

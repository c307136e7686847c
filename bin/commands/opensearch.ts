import type { Command } from 'commander';
import { opensearchIndexBody } from '../../src/node/index.js';
import { count } from '../shared/flags.js';
import { openIndex } from '../shared/open-index.js';
import { printJson } from '../shared/output.js';

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
          shards: flags.shards,
          replicas: flags.replicas,
        }),
      );
    });
}

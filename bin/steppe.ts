#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { SteppeError } from '../src/node/index.js';
import { entitiesCommand } from './commands/entities.js';
import { evalCommand } from './commands/eval.js';
import { indexCommand } from './commands/index.js';
import { opensearchCommand } from './commands/opensearch.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { statsCommand } from './commands/stats.js';
import { UsageError } from './shared/flags.js';
import { packageVersion } from './shared/open-index.js';

const program = new Command()
  .name('steppe')
  .description('Full-text search over news articles: BM25F ranking and a compact binary index.')
  .version(packageVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const register of [
  searchCommand,
  indexCommand,
  entitiesCommand,
  showCommand,
  statsCommand,
  evalCommand,
  serveCommand,
  opensearchCommand,
])
  register(program);

// A reader that stops early (`steppe search … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander has already printed its message.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof SteppeError || error instanceof UsageError) {
    process.stderr.write(`steppe: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`steppe: internal error: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

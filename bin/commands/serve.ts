import type { Command } from 'commander';
import { isLoopback, SERVE_DEFAULTS, serve } from '../../src/node/index.js';
import { count, UsageError } from '../shared/flags.js';
import { openIndex } from '../shared/open-index.js';
import { print } from '../shared/output.js';

/** Registers `steppe serve`. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('a search page and JSON API in the browser (the shipped corpus unless --index)')
    .option('-i, --index <file>', 'an index file written by "steppe index"')
    .option('-p, --port <n>', 'the port (default: a free one)', count, SERVE_DEFAULTS.port)
    .option(
      '--host <address>',
      'the address to listen on; anything but loopback lets other machines in',
      SERVE_DEFAULTS.host,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  steppe serve\n  steppe serve --index news.steppe --port 8080\n  curl "http://127.0.0.1:8080/api/search?q=ISKP&limit=3"',
    )
    .action(
      async (flags: { index?: string; port: number; host: string; searchTimeout: number }) => {
        if (flags.port > 65_535)
          throw new UsageError(`--port must be at most 65535, not ${flags.port}`);
        const index = await openIndex(flags.index);
        const server = await serve(index, {
          host: flags.host,
          port: flags.port,
          searchTimeoutMs: flags.searchTimeout,
        });
        if (!isLoopback(flags.host))
          process.stderr.write(
            `steppe: listening on ${flags.host}: other machines can reach this page, and it has no login\n`,
          );
        print(`steppe serve: ${server.url} (${index.size} documents; Ctrl-C stops)\n`);
        await new Promise<void>((resolve) => {
          const stop = (): void => void server.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    );
}

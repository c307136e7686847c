import type { Command } from 'commander';
import { openIndex } from '../shared/open-index.js';
import { print, printJson } from '../shared/output.js';

/** Registers `steppe stats`. */
export function statsCommand(program: Command): void {
  program
    .command('stats')
    .description('index statistics')
    .option('-i, --index <file>', 'an index file (default: the shipped corpus)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  steppe stats\n  steppe stats --index news.steppe --json')
    .action(async (flags: { index?: string; json?: boolean }) => {
      const stats = (await openIndex(flags.index)).stats();
      if (flags.json) printJson(stats);
      else
        for (const [key, value] of Object.entries(stats))
          print(`${key.padEnd(20)} ${shown(value)}\n`);
    });
}

// A figure as one line: numbers to two places, a field list as name (value), … or -.
function shown(value: number | Record<string, number | string>): string {
  const figure = (v: number | string): string =>
    typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v);
  if (typeof value !== 'object') return figure(value);
  const parts = Object.entries(value).map(([name, v]) => `${name} (${figure(v)})`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

import type { Command } from 'commander';
import { ENTITY_TYPES, type EntityType } from '../../src/node/index.js';
import { count, UsageError } from '../shared/flags.js';
import { openIndex } from '../shared/open-index.js';
import { paint, print, printJson } from '../shared/output.js';

/** Registers `steppe entities`. */
export function entitiesCommand(program: Command): void {
  program
    .command('entities')
    .description('entities of the index by number of documents')
    .option('-i, --index <file>', 'an index file (default: the shipped corpus)')
    .option('--type <type>', 'only person, organization, place, event or group')
    .option('--top <n>', 'how many to list', count, 25)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  steppe entities --top 10\n  steppe entities --index news.steppe --type person',
    )
    .action(async (flags: { index?: string; type?: string; top: number; json?: boolean }) => {
      if (flags.type !== undefined && !ENTITY_TYPES.includes(flags.type as EntityType))
        throw new UsageError(
          `--type must be one of ${ENTITY_TYPES.join(', ')}, not "${flags.type}"`,
        );
      const list = (await openIndex(flags.index)).entityList({
        ...(flags.type !== undefined && { type: flags.type as EntityType }),
        top: flags.top,
      });
      if (flags.json) {
        printJson(list);
        return;
      }
      for (const e of list)
        print(
          `${String(e.documents).padStart(6)}  ${e.type.padEnd(13)} ${e.name}${
            e.aliases.length > 1
              ? paint(
                  '2',
                  `  (${e.aliases
                    .filter((a) => a !== e.name)
                    .slice(0, 4)
                    .join(', ')})`,
                )
              : ''
          }\n`,
        );
    });
}

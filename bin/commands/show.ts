import type { Command } from 'commander';
import { UsageError } from '../shared/flags.js';
import { openIndex } from '../shared/open-index.js';
import { paint, print, printJson } from '../shared/output.js';

/** Registers `steppe show`. */
export function showCommand(program: Command): void {
  program
    .command('show')
    .description('print one document')
    .argument('<id>', 'the document id')
    .option('-i, --index <file>', 'an index file (default: the shipped corpus)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  steppe show russia-deports-thousands-of-tajik-citizens\n  steppe show --index news.steppe --json some-article-id',
    )
    .action(async (id: string, flags: { index?: string; json?: boolean }) => {
      const index = await openIndex(flags.index);
      const doc = index.get(id);
      if (doc === undefined) throw new UsageError(`no document with id "${id}"`);
      const entities = index.entities(id);
      if (flags.json) {
        printJson({ ...doc, entities });
        return;
      }
      const { schema } = index;
      const heading = schema.titleName;
      print(
        `${paint('1', String(heading === undefined ? doc.id : (doc[heading] ?? '')))}\n${paint('2', doc.id)}\n`,
      );
      for (const name of schema.names) {
        const text = doc[name];
        if (name === heading || typeof text !== 'string' || text === '') continue;
        print(name === 'body' ? `\n${text}\n` : `\n${paint('2', `${name}:`)} ${text}\n`);
      }
      if (entities.length > 0) {
        print(`\n${paint('1', 'Entities')}\n`);
        for (const e of entities)
          print(
            `  ${e.name} (${e.type}): ${e.mentions} mention${e.mentions === 1 ? '' : 's'}${e.inTitle ? ', in the title' : ''}, salience ${e.salience.toFixed(2)}\n`,
          );
      }
    });
}

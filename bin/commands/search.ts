import type { Command } from 'commander';
import {
  formatRun,
  OpenSearchIndex,
  parseFieldList,
  parseFilters,
  parseSort,
  readQueries,
  renderSnippet,
  type SearchIndex,
  type SearchOptions,
  type SearchResults,
  type SearchResult,
  searchJson,
} from '../../src/node/index.js';
import {
  collect,
  count,
  type RankingFlags,
  rankingOptions,
  UsageError,
  withRankingFlags,
} from '../shared/flags.js';
import { openIndex } from '../shared/open-index.js';
import {
  formatExplanation,
  paint,
  print,
  printJson,
  useColor,
  writeOutput,
} from '../shared/output.js';

interface SearchFlags {
  index?: string;
  opensearch?: string;
  opensearchIndex: string;
  limit: number;
  offset: number;
  json?: boolean;
  explain?: boolean;
  fields?: string;
  filter: string[];
  sort?: string;
  and?: boolean;
  plain?: boolean;
  exact?: boolean;
  strict?: boolean;
  atLeast?: boolean;
  queries?: string;
  run?: string;
  force?: boolean;
  entities: boolean;
}

// One search answered by OpenSearch, with the local index for its schema and entity names.
async function searchOpenSearch(
  local: SearchIndex,
  url: string,
  name: string,
  query: string,
  options: SearchOptions,
): Promise<SearchResults> {
  const remote = new OpenSearchIndex(local, { url, index: name });
  try {
    return await remote.search(query, options);
  } finally {
    await remote.close();
  }
}

/** Registers `steppe search`. */
export function searchCommand(program: Command): void {
  withRankingFlags(
    program
      .command('search')
      .description('rank documents for a query (the shipped corpus unless --index is given)')
      .argument('[query...]', 'the words to search for')
      .option('-i, --index <file>', 'an index file written by "steppe index"')
      .option('-n, --limit <n>', 'results to show', count, 10)
      .option('--offset <n>', 'results to skip', count, 0)
      .option('--json', 'print one JSON object (schema in docs/CLI.md)')
      .option('--explain', 'show how each score is made')
      .option(
        '--fields <list>',
        'text fields that unscoped words search, comma-separated (default all)',
      )
      .option(
        '--filter <field=value>',
        'keep documents whose metadata matches (value or from..to); repeatable',
        collect,
        [],
      )
      .option('--sort <order>', 'score (default), or a metadata field: date, date:asc, date:desc')
      .option('--and', 'require every word (default: any word, ranked)')
      .option('--plain', 'read the query as plain words, not query syntax')
      .option('--exact', 'never correct a misspelled word (only suggest)')
      .option('--strict', 'refuse query syntax errors instead of reading them as words')
      .option('--at-least', 'count matches only to a lower bound where faster (no facets)')
      .option('--no-entities', 'plain BM25F: no entity boost or entity matching')
      .option(
        '--opensearch <url>',
        'answer from OpenSearch (see steppe opensearch push); --index gives schema and entities',
      )
      .option('--opensearch-index <name>', 'the OpenSearch index', 'steppe')
      .option('--queries <file>', 'run a batch: JSON Lines {id,text} or id<TAB>text')
      .option('--run <file>', 'with --queries: write a TREC run file')
      .option('--force', 'with --run: overwrite the run file if it exists')
      .addHelpText(
        'after',
        '\nExamples:\n  steppe search "ISKP attacks in Russia"\n  steppe search \'"press conference" Tajik -Volgograd\'\n  steppe search --index news.steppe -n 5 --json --filter date=2024-01..2024-06 --sort date Tajik migrants\n  steppe search --index scifact.steppe --queries queries.jsonl --run run.txt',
      ),
  ).action(async (words: string[], flags: RankingFlags & SearchFlags) => {
    const index = await openIndex(flags.index, rankingOptions(flags));
    // The field that plays the title (title, or the schema's first field).
    const headingField = index.schema.titleName;
    const headingOf = (r: SearchResult): string =>
      headingField === undefined ? '' : (r.fields[headingField] ?? '');
    const options: SearchOptions = {
      limit: flags.limit,
      offset: flags.offset,
      ...(flags.fields !== undefined && { fields: parseFieldList(flags.fields) }),
      ...(flags.filter.length > 0 && { filter: parseFilters(flags.filter) }),
      ...(flags.sort !== undefined && { sort: parseSort(flags.sort) }),
      ...(flags.and && { defaultOperator: 'and' as const }),
      ...(flags.plain && { parse: false }),
      ...(flags.exact && { typoTolerance: false }),
      ...(flags.strict && { strict: true }),
      ...(flags.atLeast && { total: 'atLeast' as const }),
      ...(!flags.entities && { entityBoost: 0 }),
      ...(flags.feedback && { feedback: true }),
    };
    if (flags.queries !== undefined) {
      let run = '';
      for (const query of readQueries(flags.queries)) {
        const { results } = index.search(query.text, { ...options, parse: false });
        run += formatRun(query.id, results, 'steppe', flags.offset + 1);
      }
      if (flags.run !== undefined) writeOutput(flags.run, run, flags.force === true);
      else print(run);
      return;
    }
    if (flags.run !== undefined) throw new UsageError('--run needs --queries');
    const query = words.join(' ').trim();
    if (query.length === 0) throw new UsageError('search needs a query (or --queries <file>)');
    const res =
      flags.opensearch === undefined
        ? index.search(query, {
            ...options,
            snippets: true,
            explain: flags.explain === true,
            // Facets count every match: a lower bound has no room for them.
            facets: flags.atLeast !== true,
          })
        : await searchOpenSearch(index, flags.opensearch, flags.opensearchIndex, query, {
            ...options,
            snippets: true,
            ...(flags.explain && { explain: true }),
            facets: flags.atLeast !== true,
          });
    if (flags.json) {
      const out = searchJson(index, res, flags.offset);
      if (!flags.explain) for (const r of out.results) delete r.explanation;
      printJson(out);
      return;
    }
    if (res.corrections.length > 0) {
      const corrected = res.corrections.reduce((text, c) => text.replace(c.word, c.term), query);
      print(`Showing results for "${corrected}"; search instead for "${query}" with --exact\n`);
    }
    if (res.suggestions.length > 0) {
      const meant = res.suggestions.reduce((text, s) => text.replace(s.word, s.term), query);
      print(`Did you mean "${meant}"?\n`);
    }
    for (const e of res.entities)
      if (e.distance > 0)
        print(
          `(read "${e.text}" as the entity ${index.entityList().find((x) => x.key === e.key)?.name ?? e.key})\n`,
        );
    if (res.expansion !== undefined)
      print(
        `(expanded query: ${res.expansion
          .slice(0, 12)
          .map((e) => e.term)
          .join(', ')})\n`,
      );
    const shown =
      res.results.length === 0
        ? 'no results'
        : `${flags.offset + 1}-${flags.offset + res.results.length} of ${res.totalRelation === 'gte' ? 'at least ' : ''}${res.total}`;
    print(`${shown} for "${query}" (${res.tookMs.toFixed(1)} ms)\n`);
    res.results.forEach((r, i) => {
      print(
        `\n${String(flags.offset + i + 1).padStart(3)}. ${paint('1', headingOf(r) || '(untitled)')}  ${paint('2', r.score.toFixed(3))}\n`,
      );
      print(`     ${paint('2', r.id)}\n`);
      const snippet = useColor()
        ? renderSnippet(r.snippet!, '\u001b[1;33m', '\u001b[0m')
        : renderSnippet(r.snippet!, '[', ']');
      print(`     ${snippet}\n`);
      if (r.explanation !== undefined) print(formatExplanation(r.explanation, '     '));
    });
    const facets = Object.entries(res.facets ?? {}).filter(([, list]) => list.length > 0);
    if (facets.length > 0) {
      print(`\n${paint('1', 'Entities in these results')}\n`);
      for (const [type, list] of facets)
        print(
          `  ${type.padEnd(13)} ${list
            .slice(0, 5)
            .map((f) => `${f.name} (${f.count})`)
            .join(', ')}\n`,
        );
    }
  });
}

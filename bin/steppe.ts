#!/usr/bin/env node
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import {
  type CorpusFormat,
  loadCorpusSync,
  readQueries,
  renderSnippet,
  runEvaluation,
  ENTITY_TYPES,
  type EntityType,
  type Explanation,
  SearchIndex,
  type SearchIndexOptions,
  type SearchOptions,
  SteppeError,
} from '../src/node/index.js';

const SHIPPED_CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus');

/** A user mistake: printed as one line, exit code 2. */
class UsageError extends Error {}

function number(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || value.trim() === '')
      throw new InvalidArgumentError(`${name} must be a number`);
    return parsed;
  };
}

function count(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('must be a whole number ≥ 0');
  return parsed;
}

interface RankingFlags {
  k1?: number;
  titleWeight?: number;
  bodyWeight?: number;
  b?: number;
  entityBoost?: number;
  feedback?: boolean;
  feedbackDocs?: number;
  feedbackTerms?: number;
  feedbackWeight?: number;
}

function rankingOptions(flags: RankingFlags): SearchIndexOptions {
  const options: SearchIndexOptions = {};
  if (flags.k1 !== undefined) options.k1 = flags.k1;
  if (flags.entityBoost !== undefined) options.entityBoost = flags.entityBoost;
  options.title = {
    ...(flags.titleWeight !== undefined && { weight: flags.titleWeight }),
    ...(flags.b !== undefined && { b: flags.b }),
  };
  options.body = {
    ...(flags.bodyWeight !== undefined && { weight: flags.bodyWeight }),
    ...(flags.b !== undefined && { b: flags.b }),
  };
  options.feedback = {
    ...(flags.feedback !== undefined && { enabled: flags.feedback }),
    ...(flags.feedbackDocs !== undefined && { documents: flags.feedbackDocs }),
    ...(flags.feedbackTerms !== undefined && { terms: flags.feedbackTerms }),
    ...(flags.feedbackWeight !== undefined && { originalWeight: flags.feedbackWeight }),
  };
  return options;
}

function withRankingFlags(command: Command): Command {
  return command
    .option('--k1 <n>', 'BM25 term-frequency saturation', number('--k1'))
    .option('--b <n>', 'BM25 length normalization for both fields, 0..1', number('--b'))
    .option('--title-weight <n>', 'weight of title matches', number('--title-weight'))
    .option('--body-weight <n>', 'weight of body matches', number('--body-weight'))
    .option(
      '--entity-boost <n>',
      'weight of the entity boost (0: plain BM25F)',
      number('--entity-boost'),
    )
    .option(
      '--feedback',
      'expand plain-word queries with their first results (RM3; slower, see README)',
    )
    .option('--feedback-docs <n>', 'feedback: top documents read (default 10)', count)
    .option('--feedback-terms <n>', 'feedback: expansion terms (default 30)', count)
    .option(
      '--feedback-weight <n>',
      'feedback: weight of the original query, 0..1 (default 0.7)',
      number('--feedback-weight'),
    );
}

async function openIndex(
  path: string | undefined,
  ranking: SearchIndexOptions = {},
): Promise<SearchIndex> {
  if (path !== undefined) return SearchIndex.load(path);
  const index = new SearchIndex(ranking);
  index.addAll(loadCorpusSync(SHIPPED_CORPUS));
  return index;
}

interface SearchFlags {
  index?: string;
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
  queries?: string;
  run?: string;
  entities: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseFields(list: string): ('title' | 'body')[] {
  const fields = list.split(',').map((f) => f.trim());
  for (const field of fields)
    if (field !== 'title' && field !== 'body')
      throw new UsageError(`--fields takes title and body, not "${field}"`);
  return fields as ('title' | 'body')[];
}

function parseFilters(filters: string[]): Record<string, string | { from?: string; to?: string }> {
  const out: Record<string, string | { from?: string; to?: string }> = {};
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    if (eq <= 0 || eq === filter.length - 1)
      throw new UsageError(`--filter takes field=value or field=from..to, not "${filter}"`);
    const field = filter.slice(0, eq);
    const value = filter.slice(eq + 1);
    const range = value.indexOf('..');
    out[field] =
      range < 0
        ? value
        : {
            ...(range > 0 && { from: value.slice(0, range) }),
            ...(range + 2 < value.length && { to: value.slice(range + 2) }),
          };
  }
  return out;
}

function parseSort(sort: string): SearchOptions['sort'] {
  if (sort === 'score') return 'score';
  const [field, order = 'desc'] = sort.split(':');
  if (!field || (order !== 'asc' && order !== 'desc'))
    throw new UsageError(`--sort takes score, FIELD, FIELD:asc or FIELD:desc, not "${sort}"`);
  return { field, order };
}

function formatExplanation(explanation: Explanation, indent: string): string {
  let out = `${indent}${explanation.value.toFixed(4)}  ${explanation.description}\n`;
  for (const detail of explanation.details ?? []) out += formatExplanation(detail, `${indent}  `);
  return out;
}

/** A progress line on a terminal for long indexing runs; silent elsewhere. */
class Progress {
  private readonly enabled: boolean;
  private last = 0;
  private readonly started = performance.now();

  constructor(private readonly total: number) {
    this.enabled = process.stderr.isTTY === true && total >= 2000;
  }

  update(done: number): void {
    if (!this.enabled || (performance.now() - this.last < 100 && done < this.total)) return;
    this.last = performance.now();
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const rate = done / ((performance.now() - this.started) / 1000);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${this.total} documents, ${rate.toFixed(0)}/s`,
    );
  }

  done(): void {
    if (this.enabled) process.stderr.write('\n');
  }
}

const useColor = (): boolean => process.stdout.isTTY === true && !('NO_COLOR' in process.env);
const paint = (code: string, text: string): string =>
  useColor() ? `\u001b[${code}m${text}\u001b[0m` : text;

const program = new Command()
  .name('steppe')
  .description('Full-text search over news articles: BM25F ranking and a compact binary index.')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

withRankingFlags(
  program
    .command('search')
    .description('rank documents for a query (the shipped corpus unless --index is given)')
    .argument('[query...]', 'the words to search for')
    .option('-i, --index <file>', 'an index file written by "steppe index"')
    .option('-n, --limit <n>', 'results to show', count, 10)
    .option('--offset <n>', 'results to skip', count, 0)
    .option('--json', 'print one JSON object (schema in the README)')
    .option('--explain', 'show how each score is made')
    .option('--fields <list>', 'fields that unscoped words search: title, body or title,body')
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
    .option('--no-entities', 'plain BM25F: no entity boost or entity matching')
    .option('--queries <file>', 'run a batch: JSON Lines {id,text} or id<TAB>text')
    .option('--run <file>', 'with --queries: write a TREC run file')
    .addHelpText(
      'after',
      '\nExamples:\n  steppe search "ISKP attacks in Russia"\n  steppe search \'"press conference" Tajik -Volgograd\'\n  steppe search --index news.steppe -n 5 --json --filter date=2024-01..2024-06 --sort date Tajik migrants\n  steppe search --index scifact.steppe --queries queries.jsonl --run run.txt',
    ),
).action(async (words: string[], flags: RankingFlags & SearchFlags) => {
  const index = await openIndex(flags.index, rankingOptions(flags));
  const options: SearchOptions = {
    limit: flags.limit,
    offset: flags.offset,
    ...(flags.fields !== undefined && { fields: parseFields(flags.fields) }),
    ...(flags.filter.length > 0 && { filter: parseFilters(flags.filter) }),
    ...(flags.sort !== undefined && { sort: parseSort(flags.sort) }),
    ...(flags.and && { defaultOperator: 'and' as const }),
    ...(flags.plain && { parse: false }),
    ...(flags.exact && { typoTolerance: false }),
    ...(flags.strict && { strict: true }),
    ...(!flags.entities && { entityBoost: 0 }),
    ...(flags.feedback && { feedback: true }),
  };
  if (flags.queries !== undefined) {
    let run = '';
    for (const query of readQueries(flags.queries)) {
      const { results } = index.search(query.text, { ...options, parse: false });
      run += results
        .map(
          (r, i) => `${query.id} Q0 ${r.id} ${flags.offset + i + 1} ${r.score.toFixed(6)} steppe\n`,
        )
        .join('');
    }
    if (flags.run !== undefined) writeFileSync(flags.run, run);
    else process.stdout.write(run);
    return;
  }
  if (flags.run !== undefined) throw new UsageError('--run needs --queries');
  const query = words.join(' ').trim();
  if (query.length === 0) throw new UsageError('search needs a query (or --queries <file>)');
  const res = index.search(query, {
    ...options,
    snippets: true,
    explain: flags.explain === true,
    facets: true,
  });
  const entitiesOf = (id: string) =>
    index
      .entities(id)
      .slice(0, 5)
      .map(({ key, name, type }) => ({ key, name, type }));
  if (flags.json) {
    const results = res.results.map((r, i) => ({
      rank: flags.offset + i + 1,
      id: r.id,
      title: r.title,
      score: Number(r.score.toFixed(6)),
      snippet: r.snippet!.text,
      highlights: r.snippet!.highlights,
      entities: entitiesOf(r.id),
      ...(flags.explain && { explanation: r.explanation }),
    }));
    const out = {
      query,
      total: res.total,
      took_ms: Number(res.tookMs.toFixed(3)),
      corrections: res.corrections,
      suggestions: res.suggestions,
      entities: res.entities,
      ...(res.expansion && { expansion: res.expansion }),
      results,
      facets: res.facets ?? {},
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  if (res.corrections.length > 0) {
    const corrected = res.corrections.reduce((text, c) => text.replace(c.word, c.term), query);
    process.stdout.write(
      `Showing results for "${corrected}"; search instead for "${query}" with --exact\n`,
    );
  }
  if (res.suggestions.length > 0) {
    const meant = res.suggestions.reduce((text, s) => text.replace(s.word, s.term), query);
    process.stdout.write(`Did you mean "${meant}"?\n`);
  }
  for (const e of res.entities)
    if (e.distance > 0)
      process.stdout.write(
        `(read "${e.text}" as the entity ${index.entityList().find((x) => x.key === e.key)?.name ?? e.key})\n`,
      );
  if (res.expansion !== undefined)
    process.stdout.write(
      `(expanded query: ${res.expansion
        .slice(0, 12)
        .map((e) => e.term)
        .join(', ')})\n`,
    );
  const shown =
    res.results.length === 0
      ? 'no results'
      : `${flags.offset + 1}-${flags.offset + res.results.length} of ${res.total}`;
  process.stdout.write(`${shown} for "${query}" (${res.tookMs.toFixed(1)} ms)\n`);
  res.results.forEach((r, i) => {
    process.stdout.write(
      `\n${String(flags.offset + i + 1).padStart(3)}. ${paint('1', r.title || '(untitled)')}  ${paint('2', r.score.toFixed(3))}\n`,
    );
    process.stdout.write(`     ${paint('2', r.id)}\n`);
    const snippet = useColor()
      ? renderSnippet(r.snippet!, '\u001b[1;33m', '\u001b[0m')
      : renderSnippet(r.snippet!, '[', ']');
    process.stdout.write(`     ${snippet}\n`);
    if (r.explanation !== undefined)
      process.stdout.write(formatExplanation(r.explanation, '     '));
  });
  const facets = Object.entries(res.facets ?? {}).filter(([, list]) => list.length > 0);
  if (facets.length > 0) {
    process.stdout.write(`\n${paint('1', 'Entities in these results')}\n`);
    for (const [type, list] of facets)
      process.stdout.write(
        `  ${type.padEnd(13)} ${list
          .slice(0, 5)
          .map((f) => `${f.name} (${f.count})`)
          .join(', ')}\n`,
      );
  }
});

withRankingFlags(
  program
    .command('index')
    .description('build an index file from corpus files or directories')
    .argument('<paths...>', 'files or directories (seed text, JSON Lines, JSON, .txt/.md)')
    .requiredOption('-o, --output <file>', 'where to write the index')
    .option('--format <format>', 'auto, seed, jsonl, json or text', 'auto')
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
      '\nExamples:\n  steppe index corpus -o seed.steppe\n  steppe index ../shared/data/reuters21578/docs.jsonl -o reuters.steppe',
    ),
).action(
  async (
    paths: string[],
    flags: RankingFlags & {
      output: string;
      format: string;
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
    const docs = loadCorpusSync(paths, { format: flags.format as CorpusFormat });
    const index = new SearchIndex({
      ...rankingOptions(flags),
      entities: flags.entities && {
        rules: flags.entityRules,
        ...(flags.gazetteer !== undefined && { gazetteer: flags.gazetteer }),
        ...(flags.extendGazetteer !== undefined && { extend: flags.extendGazetteer }),
      },
      workerThread: flags.workerThread,
    });
    const progress = new Progress(docs.length);
    index.addAll(docs, { onProgress: (added) => progress.update(added) });
    progress.done();
    const bytes = index.serialize();
    await index.save(flags.output);
    const seconds = (performance.now() - started) / 1000;
    const stats = index.stats();
    process.stdout.write(
      `indexed ${stats.documents} documents, ${stats.terms} terms, ${stats.entities} entities, ${bytes.length} bytes in ${seconds.toFixed(2)} s → ${flags.output}\n`,
    );
  },
);

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
      throw new UsageError(`--type must be one of ${ENTITY_TYPES.join(', ')}, not "${flags.type}"`);
    const list = (await openIndex(flags.index)).entityList({
      ...(flags.type !== undefined && { type: flags.type as EntityType }),
      top: flags.top,
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(list)}\n`);
      return;
    }
    for (const e of list)
      process.stdout.write(
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
      process.stdout.write(`${JSON.stringify({ ...doc, entities })}\n`);
      return;
    }
    process.stdout.write(`${paint('1', doc.title)}\n${paint('2', doc.id)}\n\n${doc.body}\n`);
    if (entities.length > 0) {
      process.stdout.write(`\n${paint('1', 'Entities')}\n`);
      for (const e of entities)
        process.stdout.write(
          `  ${e.name} (${e.type}): ${e.mentions} mention${e.mentions === 1 ? '' : 's'}${e.inTitle ? ', in the title' : ''}, salience ${e.salience.toFixed(2)}\n`,
        );
    }
  });

program
  .command('stats')
  .description('index statistics')
  .option('-i, --index <file>', 'an index file (default: the shipped corpus)')
  .option('--json', 'print JSON')
  .addHelpText('after', '\nExamples:\n  steppe stats\n  steppe stats --index news.steppe --json')
  .action(async (flags: { index?: string; json?: boolean }) => {
    const stats = (await openIndex(flags.index)).stats();
    if (flags.json) process.stdout.write(`${JSON.stringify(stats)}\n`);
    else
      for (const [key, value] of Object.entries(stats))
        process.stdout.write(
          `${key.padEnd(20)} ${Array.isArray(value) ? value.join(', ') || '-' : typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : value}\n`,
        );
  });

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
    .option('--run <file>', 'also write the TREC run file')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  steppe eval ../shared/data/scifact\n  steppe eval --docs d.jsonl --queries q.jsonl --qrels q.tsv --k1 0.9 --b 0.4',
    ),
).action(
  (
    dir: string | undefined,
    flags: RankingFlags & {
      docs?: string;
      queries?: string;
      qrels?: string;
      run?: string;
      json?: boolean;
    },
  ) => {
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
    const result = runEvaluation(files, rankingOptions(flags));
    if (flags.run !== undefined) writeFileSync(flags.run, result.run);
    const figures = {
      queries: result.queries,
      ndcg10: result.ndcg10,
      recall100: result.recall100,
      map: result.map,
      mrr10: result.mrr10,
      p10: result.p10,
    };
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify({ ...figures, documents: result.documents, build_ms: Math.round(result.buildMs), search_ms: Math.round(result.searchMs) })}\n`,
      );
      return;
    }
    process.stdout.write(`documents ${result.documents}, queries ${result.queries}\n`);
    process.stdout.write(
      `nDCG@10 ${result.ndcg10.toFixed(4)}  Recall@100 ${result.recall100.toFixed(4)}  MAP ${result.map.toFixed(4)}  MRR@10 ${result.mrr10.toFixed(4)}  P@10 ${result.p10.toFixed(4)}\n`,
    );
  },
);

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

import type { Client } from '@opensearch-project/opensearch';
import type { MetadataValue } from '../corpus/document.js';
import type { EntityType } from '../entities/index.js';
import { OptionsError } from '../errors.js';
import { ENTITY_FIELDS, WORDS_FIELD } from '../opensearch/index.js';
import {
  correctionClause,
  metadataFilter,
  toOpenSearchQuery,
  type TranslationContext,
} from '../opensearch/query.js';
import { SEARCH_DEFAULTS, type SearchOptions } from '../options.js';
import type { QueryNode } from '../query/index.js';
import { readQuery } from '../query/read-query.js';
import type { EntityFacet, SearchResult, SearchResults } from '../results.js';
import type { SearchIndex } from '../search-index.js';
import { callOpenSearch, openSearchClient } from './opensearch-client.js';

// The options that change how steppe reads a query.
type ReadingOptions = Pick<
  SearchOptions,
  'fields' | 'typoTolerance' | 'parse' | 'strict' | 'defaultOperator'
>;

// What steppe's own reading of a query gives the translation and the results.
type Reading = Pick<SearchResults, 'entities' | 'corrections' | 'suggestions'>;

// The field scope of the query word that `word` (as steppe reports a correction) is part of.
function scopeOfWord(ast: QueryNode, word: string): string | undefined {
  const find = (node: QueryNode): { field: string | undefined } | undefined => {
    if (node.kind === 'term') return node.text.includes(word) ? { field: node.field } : undefined;
    if (node.kind !== 'bool') return undefined;
    for (const { node: child } of node.clauses) {
      const found = find(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(ast)?.field;
}

interface Mapping {
  properties?: Record<string, unknown>;
}

// Marks around highlighted words: characters no text holds, so the ranges are exact.
const OPEN = '\u0002';
const CLOSE = '\u0003';

/** Options steppe's `search()` takes that the OpenSearch backend does not, and why. */
const UNSUPPORTED: Partial<Record<keyof SearchOptions, string>> = {
  explain: "OpenSearch's explanations have another shape",
  feedback: 'RM3 feedback runs on steppe’s own postings',
  histogram: 'not translated yet',
  pruning: 'OpenSearch prunes as it sees fit',
  maxExpansions: 'the expansion limit is the index’s',
  fuzzyPenalty: 'OpenSearch weighs fuzzy matches its own way',
  entityBoost: 'not translated yet',
};

/**
 * An index held by OpenSearch and searched with steppe's query language and result shape: the
 * query is parsed by steppe and translated ({@link toOpenSearchQuery}), entity names are
 * resolved by `local` (a steppe index of the same schema and entities, such as the one
 * pushed), idf is exact across shards (`dfs_query_then_fetch`), and `total` counts every match.
 * An option it cannot honour is an `OptionsError`, never ignored.
 *
 * @example
 * const remote = new OpenSearchIndex(local, { url: 'http://127.0.0.1:9250', index: 'news' });
 * const { total, results } = await remote.search('ISIS-K date:2024', { limit: 5, snippets: true });
 */
export class OpenSearchIndex {
  private readonly entityKeys = new Map<string, string>();
  private readonly entityInfo = new Map<string, { name: string; type: EntityType }>();
  private client: Client | undefined;
  private mappingChecked = false;

  constructor(
    private readonly local: SearchIndex,
    private readonly target: { url: string; index: string },
  ) {
    for (const e of local.entityList()) {
      this.entityInfo.set(e.key, { name: e.name, type: e.type });
      this.entityKeys.set(e.key.toLowerCase(), e.key);
      for (const alias of e.aliases) this.entityKeys.set(alias.toLowerCase(), e.key);
    }
  }

  // Once: an index made before WORDS_FIELD would find no unscoped word, and must say so.
  private async checkMapping(client: Client): Promise<void> {
    if (this.mappingChecked) return;
    const { index } = this.target;
    const response = await callOpenSearch(this.target.url, () =>
      client.indices.getMapping({ index }),
    );
    const mappings = Object.values(response.body as Record<string, { mappings?: Mapping }>);
    if (mappings.some((m) => m.mappings?.properties?.[WORDS_FIELD] === undefined))
      throw new OptionsError(
        `the OpenSearch index "${index}" has no ${WORDS_FIELD} field (made by an older steppe): push the documents to a new index`,
      );
    this.mappingChecked = true;
  }

  /**
   * The OpenSearch query a steppe query becomes, read with the same options as a search
   * (`fields`, `typoTolerance`, `parse`, `strict`, `defaultOperator`).
   */
  translate(query: string, options: ReadingOptions = {}): Record<string, unknown> {
    return this.translated(
      query,
      options,
      this.context(options.fields),
      this.reading(query, options),
    );
  }

  // The entities the query names and the words steppe corrects, read as its own search would.
  private reading(query: string, options: ReadingOptions): Reading {
    const { fields, typoTolerance, parse, strict, defaultOperator } = options;
    const { entities, corrections, suggestions } = this.local.search(query, {
      limit: 0,
      ...(fields !== undefined && { fields: [...fields] }),
      ...(typoTolerance !== undefined && { typoTolerance }),
      ...(parse !== undefined && { parse }),
      ...(strict !== undefined && { strict }),
      ...(defaultOperator !== undefined && { defaultOperator }),
    });
    return { entities, corrections, suggestions };
  }

  private context(fields: readonly string[] | undefined): TranslationContext {
    const { schema } = this.local;
    const allFields = fields === undefined || schema.names.every((name) => fields.includes(name));
    return {
      ...(allFields && { wordsField: WORDS_FIELD }),
      fields: schema.fields
        .filter(({ name }) => fields === undefined || fields.includes(name))
        .map(({ name, weight }) => ({ name, weight })),
      metadata: new Map(schema.metadataFields().map(({ name, type }) => [name, type])),
      entityKey: (name) => this.entityKeys.get(name.toLowerCase()),
      maxExpansions: SEARCH_DEFAULTS.maxExpansions,
    };
  }

  private translated(
    query: string,
    options: ReadingOptions,
    context: TranslationContext,
    { entities, corrections }: Reading,
  ): Record<string, unknown> {
    const { schema } = this.local;
    // Read as steppe reads it (the reading has refused what strict refuses).
    const ast = readQuery(query, options, schema);
    // Plain words naming an entity add its documents, as steppe's entity match does, and a
    // corrected word its term, as steppe's correction does (the word itself matches nothing);
    // the query's filters and exclusions hold for them too.
    return toOpenSearchQuery(ast, context, [
      ...entities
        .filter((e) => e.boosted)
        .map((e) => ({
          rank_feature: {
            field: `${ENTITY_FIELDS.salience}.${e.key.replaceAll('.', '_')}`,
            linear: {},
          },
        })),
      ...corrections.map(({ word, term, distance }) =>
        correctionClause(
          term,
          SEARCH_DEFAULTS.fuzzyPenalty ** distance,
          scopeOfWord(ast, word),
          context,
        ),
      ),
    ]);
  }

  /** steppe's `search()`, answered by OpenSearch (see the class comment for what differs). */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResults> {
    for (const name of Object.keys(options) as (keyof SearchOptions)[])
      if (UNSUPPORTED[name] !== undefined && options[name] !== undefined)
        throw new OptionsError(
          `${name} is not supported by the OpenSearch backend: ${UNSUPPORTED[name]}`,
        );
    if (typeof options.filter === 'function')
      throw new OptionsError(
        'a filter function cannot be sent to OpenSearch: give field conditions',
      );
    const started = performance.now();
    const limit = options.limit ?? SEARCH_DEFAULTS.limit;
    const offset = options.offset ?? SEARCH_DEFAULTS.offset;
    const { schema } = this.local;
    const fields = options.fields ?? schema.names;
    const context = this.context(options.fields);
    const filters = Object.entries(options.filter ?? {}).map(([field, value]) => {
      if (Array.isArray(value))
        throw new OptionsError(`filter on "${field}": a list of values is not sent to OpenSearch`);
      return metadataFilter(field, value, context);
    });
    const reading = this.reading(query, options);
    const translated = this.translated(query, options, context, reading);
    const body: Record<string, unknown> = {
      query: filters.length === 0 ? translated : { bool: { must: [translated], filter: filters } },
      from: offset,
      size: limit,
      // Left out, OpenSearch counts to 10,000, then says the total is at least that.
      ...(options.total !== 'atLeast' && { track_total_hits: true }),
      ...(options.minScore !== undefined && { min_score: options.minScore }),
      ...(options.sort !== undefined &&
        options.sort !== 'score' && {
          sort: [
            { [options.sort.field]: { order: options.sort.order ?? 'desc', missing: '_last' } },
          ],
        }),
      ...(options.snippets && {
        highlight: {
          pre_tags: [OPEN],
          post_tags: [CLOSE],
          fragment_size:
            typeof options.snippets === 'object'
              ? (options.snippets.length ?? SEARCH_DEFAULTS.snippetLength)
              : SEARCH_DEFAULTS.snippetLength,
          number_of_fragments: 1,
          fields: Object.fromEntries(fields.map((f) => [f, {}])),
        },
      }),
      ...(options.facets && {
        aggs: { entities: { terms: { field: ENTITY_FIELDS.keys, size: 200 } } },
      }),
    };
    const client = await this.connect();
    await this.checkMapping(client);
    const response = await callOpenSearch(this.target.url, () =>
      client.search({
        index: this.target.index,
        search_type: 'dfs_query_then_fetch',
        body,
      } as never),
    );
    const answer = response.body as unknown as SearchBody;
    const results = answer.hits.hits.map((hit): SearchResult => {
      const source = hit._source ?? {};
      const texts: Record<string, string> = {};
      for (const name of schema.names)
        if (typeof source[name] === 'string') texts[name] = source[name] as string;
      const metadata: Record<string, MetadataValue> = {};
      for (const { name } of schema.metadataFields())
        if (source[name] !== undefined) metadata[name] = source[name] as MetadataValue;
      const result: SearchResult = {
        id: hit._id,
        score: hit._score ?? 0,
        title: texts.title ?? '',
        body: texts.body ?? '',
        fields: texts,
        metadata,
      };
      if (options.snippets) result.snippet = snippetOf(hit.highlight, texts, fields);
      return result;
    });
    return {
      query,
      total: answer.hits.total.value,
      ...(answer.hits.total.relation === 'gte' && { totalRelation: 'gte' as const }),
      results,
      corrections: reading.corrections,
      suggestions: reading.suggestions,
      entities: reading.entities,
      ...(options.facets && { facets: this.facets(answer.aggregations?.entities?.buckets ?? []) }),
      tookMs: performance.now() - started,
    };
  }

  /** Closes the connection to OpenSearch. */
  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }

  private async connect(): Promise<Client> {
    if (this.client === undefined) {
      this.client = await openSearchClient(this.target.url, { requestTimeout: 30_000 });
    }
    return this.client;
  }

  private facets(buckets: { key: string; doc_count: number }[]): SearchResults['facets'] {
    const facets: Partial<Record<EntityType, EntityFacet[]>> = {};
    for (const { key, doc_count: count } of buckets) {
      const info = this.entityInfo.get(key);
      if (info === undefined) continue;
      const list = (facets[info.type] ??= []);
      if (list.length < SEARCH_DEFAULTS.facetsPerType) list.push({ key, name: info.name, count });
    }
    return facets;
  }
}

interface SearchBody {
  hits: {
    total: { value: number; relation: 'eq' | 'gte' };
    hits: {
      _id: string;
      _score: number | null;
      _source?: Record<string, unknown>;
      highlight?: Record<string, string[]>;
    }[];
  };
  aggregations?: { entities?: { buckets: { key: string; doc_count: number }[] } };
}

// The first highlighted fragment, in the order of the fields, as steppe's snippet shape.
function snippetOf(
  highlight: Record<string, string[]> | undefined,
  texts: Record<string, string>,
  fields: readonly string[],
): NonNullable<SearchResult['snippet']> {
  for (const field of fields) {
    const fragment = highlight?.[field]?.[0];
    if (fragment === undefined) continue;
    let text = '';
    const highlights: [number, number][] = [];
    let start = -1;
    for (const c of fragment) {
      if (c === OPEN) start = text.length;
      else if (c === CLOSE) highlights.push([start, text.length]);
      else text += c;
    }
    return { text, highlights, field };
  }
  const field = fields.find((f) => (texts[f] ?? '') !== '') ?? fields[0] ?? '';
  return {
    text: (texts[field] ?? '').slice(0, SEARCH_DEFAULTS.snippetLength),
    highlights: [],
    field,
  };
}

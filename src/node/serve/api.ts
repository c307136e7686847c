import { ENTITY_TYPES, type EntityType } from '../../entities/index.js';
import { parseFieldList, parseFilters, parseSort } from '../../option-text.js';
import type { SearchOptions } from '../../options.js';
import type { EntitySummary } from '../../results.js';
import { searchJson } from '../../results-json.js';
import type { SearchIndex } from '../../search-index.js';
import { HttpError, Params } from './params.js';

/** Most results one request may ask for, and the deepest page. */
export const API_LIMITS = { limit: 100, offset: 10_000, top: 1_000 } as const;

/** The JSON answer to one API request. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * The HTTP API over one index (docs/SERVE.md): `/api/search`, `/api/doc/:id`,
 * `/api/similar/:id`, `/api/entities` and `/api/info`. The index is only read.
 */
export class SearchApi {
  private entityNames: Map<string, EntitySummary> | undefined;

  /** `searchTimeoutMs`: how long one search may run before it is stopped (a 503). */
  constructor(
    private readonly index: SearchIndex,
    private readonly searchTimeoutMs?: number,
  ) {}

  /**
   * Answers a GET of `path` with `query`; user mistakes are `HttpError`s with a 4xx status and
   * the library's errors pass through for the server to turn into 400s.
   */
  answer(path: string, query: URLSearchParams): ApiAnswer {
    const params = new Params(query);
    const [route, id, ...rest] = path.slice('/api/'.length).split('/');
    let body: unknown;
    if (route === 'search' && id === undefined) body = this.search(params);
    else if (route === 'entities' && id === undefined) body = this.entities(params);
    else if (route === 'info' && id === undefined) body = this.info();
    else if ((route === 'doc' || route === 'similar') && id !== undefined && rest.length === 0) {
      const docId = decodeId(id);
      if (!this.index.has(docId)) throw new HttpError(404, `no document with id "${docId}"`);
      body = route === 'doc' ? this.document(docId) : this.similar(docId, params);
    } else throw new HttpError(404, `no API route ${path}`);
    params.finish();
    return { status: 200, body };
  }

  private search(params: Params): unknown {
    const q = params.text('q');
    if (q === undefined || q.trim() === '') throw new HttpError(400, 'q: the query is missing');
    const offset = params.integer('offset', 0, 0, API_LIMITS.offset);
    const fields = params.text('fields');
    const sort = params.text('sort');
    const histogram = params.text('histogram');
    const explain = params.flag('explain', false);
    const options: SearchOptions = {
      limit: params.integer('limit', 10, 1, API_LIMITS.limit),
      offset,
      snippets: true,
      ...(this.searchTimeoutMs !== undefined && { timeoutMs: this.searchTimeoutMs }),
      facets: params.flag('facets', true),
      explain,
      filter: parseFilters(params.all('filter')),
      ...(fields !== undefined && { fields: parseFieldList(fields) }),
      ...(sort !== undefined && { sort: parseSort(sort) }),
      ...(histogram !== undefined && { histogram }),
      ...(params.flag('and', false) && { defaultOperator: 'and' as const }),
      ...(params.flag('exact', false) && { typoTolerance: false }),
      ...(params.flag('strict', false) && { strict: true }),
    };
    params.finish();
    return searchJson(this.index, this.index.search(q, options), offset);
  }

  private document(id: string): unknown {
    const { index } = this;
    const doc = index.get(id)!;
    const fields: Record<string, string> = {};
    for (const name of index.schema.names) {
      const text = doc[name];
      if (typeof text === 'string') fields[name] = text;
    }
    const metadata = Object.fromEntries(
      index.schema.metadataFields().flatMap(({ name }) => (name in doc ? [[name, doc[name]]] : [])),
    );
    const names = this.names();
    const heading = index.schema.titleName;
    return {
      id,
      title: heading === undefined ? '' : (fields[heading] ?? ''),
      fields,
      metadata,
      entities: index.entities(id).map((e) => ({ ...e, aliases: names.get(e.key)?.aliases ?? [] })),
      mentions: index.mentions(id),
    };
  }

  private similar(id: string, params: Params): unknown {
    const limit = params.integer('limit', 5, 1, API_LIMITS.limit);
    return searchJson(this.index, this.index.similar(id, { limit }), 0);
  }

  private entities(params: Params): unknown {
    const type = params.text('type');
    if (type !== undefined && !ENTITY_TYPES.includes(type as EntityType))
      throw new HttpError(400, `type: one of ${ENTITY_TYPES.join(', ')}, not "${type}"`);
    const top = params.integer('top', 25, 1, API_LIMITS.top);
    return this.index.entityList({ ...(type !== undefined && { type: type as EntityType }), top });
  }

  private info(): unknown {
    const { schema, size } = this.index;
    return {
      documents: size,
      title_field: schema.titleName ?? null,
      fields: schema.fields.map(({ name, stored }) => ({ name, stored })),
      metadata: Object.fromEntries(schema.metadataFields().map(({ name, type }) => [name, type])),
      entity_types: ENTITY_TYPES,
      limits: API_LIMITS,
    };
  }

  // Every entity by key, for the other names an article view shows; built on first use.
  private names(): Map<string, EntitySummary> {
    this.entityNames ??= new Map(this.index.entityList().map((e) => [e.key, e]));
    return this.entityNames;
  }
}

function decodeId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `document id "${segment}" is not valid percent-encoding`);
  }
}

// The engines the benchmark compares, each behind one small interface, each set up as its own
// documentation recommends for relevance (title boosted 2x over body where fields are supported).
import {
  create,
  insertMultiple,
  type Orama,
  load as oramaLoad,
  save as oramaSave,
  search as oramaSearch,
} from '@orama/orama';
import { Document as FlexDocument } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { type CorpusDocument as Document, SearchIndex } from '../src/node/index.js';

export interface Engine {
  name: string;
  build(docs: Document[]): Promise<unknown>;
  /** Top `limit` document ids for a free-text query. */
  search(index: unknown, query: string, limit: number): Promise<string[]> | string[];
  /** Serialized form and its size; `storeBytes` is the part holding documents, if any. */
  serialize(index: unknown): Promise<{ bytes: number; storeBytes: number; data: unknown }>;
  load(data: unknown): Promise<unknown>;
}

export function steppe(name: string, entityBoost?: number): Engine {
  return {
    name,
    async build(docs) {
      const index = new SearchIndex(entityBoost === undefined ? {} : { entityBoost });
      index.addAll(docs);
      index.search('');
      return index;
    },
    search: (index, query, limit) =>
      (index as SearchIndex).search(query, { limit, parse: false }).results.map((r) => r.id),
    async serialize(index) {
      const bytes = (index as SearchIndex).serialize();
      const { readContainer } = await import('../src/codec/container.js');
      return {
        bytes: bytes.length,
        storeBytes: readContainer(bytes).sections.get('STOR')!.length,
        data: bytes,
      };
    },
    load: async (data) => SearchIndex.deserialize(data as Uint8Array),
  };
}

const MINISEARCH_OPTIONS = { fields: ['title', 'body'], searchOptions: { boost: { title: 2 } } };
export const minisearch: Engine = {
  name: 'minisearch',
  async build(docs) {
    const index = new MiniSearch(MINISEARCH_OPTIONS);
    index.addAll(docs);
    return index;
  },
  search: (index, query, limit) =>
    (index as MiniSearch)
      .search(query)
      .slice(0, limit)
      .map((r) => String(r.id)),
  async serialize(index) {
    const json = JSON.stringify(index);
    return { bytes: Buffer.byteLength(json), storeBytes: 0, data: json };
  },
  load: async (data) => MiniSearch.loadJSON(data as string, MINISEARCH_OPTIONS),
};

export const lunrEngine: Engine = {
  name: 'lunr',
  async build(docs) {
    return lunr(function () {
      this.ref('id');
      this.field('title', { boost: 2 });
      this.field('body');
      for (const doc of docs) this.add(doc);
    });
  },
  // Terms added one by one: Lunr's query string syntax would read ':' or '-' in text as operators.
  search: (index, query, limit) =>
    (index as lunr.Index)
      .query((q) => {
        for (const token of lunr.tokenizer(query)) q.term(token.toString(), {});
      })
      .slice(0, limit)
      .map((r) => r.ref),
  async serialize(index) {
    const json = JSON.stringify(index);
    return { bytes: Buffer.byteLength(json), storeBytes: 0, data: json };
  },
  load: async (data) => lunr.Index.load(JSON.parse(data as string)),
};

const ORAMA_SCHEMA = { id: 'string', title: 'string', body: 'string' } as const;
type OramaDb = Orama<typeof ORAMA_SCHEMA>;
export const orama: Engine = {
  name: 'orama',
  async build(docs) {
    const db = create({
      schema: ORAMA_SCHEMA,
      components: { tokenizer: { stemming: true, language: 'english' } },
    });
    await insertMultiple(
      db,
      docs.map((d) => ({ id: d.id, title: d.title, body: d.body })),
    );
    return db;
  },
  search: async (db, query, limit) => {
    const result = await oramaSearch(db as OramaDb, {
      term: query,
      properties: ['title', 'body'],
      boost: { title: 2 },
      limit,
    });
    return result.hits.map((hit: { id: string }) => hit.id);
  },
  async serialize(db) {
    const json = JSON.stringify(await oramaSave(db as never));
    return { bytes: Buffer.byteLength(json), storeBytes: 0, data: json };
  },
  async load(data) {
    const db = create({
      schema: ORAMA_SCHEMA,
      components: { tokenizer: { stemming: true, language: 'english' } },
    });
    await oramaLoad(db as never, JSON.parse(data as string));
    return db;
  },
};

export const flexsearch: Engine = {
  name: 'flexsearch',
  async build(docs) {
    const index = new FlexDocument({
      document: { id: 'id', index: ['title', 'body'] },
      tokenize: 'strict',
      resolution: 9,
    } as never);
    for (const doc of docs) index.add({ id: doc.id, title: doc.title, body: doc.body } as never);
    return index;
  },
  // Title hits first, then body hits: FlexSearch ranks within a field, not across fields.
  search: (index, query, limit) => {
    const fields = (
      index as { search: (q: string, o: object) => { field: string; result: string[] }[] }
    ).search(query, { limit, suggest: true });
    const ids: string[] = [];
    for (const field of ['title', 'body'])
      for (const id of fields.find((f) => f.field === field)?.result ?? [])
        if (!ids.includes(String(id))) ids.push(String(id));
    return ids.slice(0, limit);
  },
  async serialize(index) {
    const parts: Record<string, string> = {};
    await (index as { export: (h: (k: string, d: string) => void) => Promise<void> | void }).export(
      (key, data) => {
        parts[key] = data;
      },
    );
    const json = JSON.stringify(parts);
    return { bytes: Buffer.byteLength(json), storeBytes: 0, data: json };
  },
  async load(data) {
    const index = new FlexDocument({
      document: { id: 'id', index: ['title', 'body'] },
      tokenize: 'strict',
      resolution: 9,
    } as never);
    for (const [key, value] of Object.entries(JSON.parse(data as string) as Record<string, string>))
      (index as { import: (k: string, d: string) => void }).import(key, value);
    return index;
  },
};

/** Every engine the benchmark knows, steppe first. */
export function allEngines(): Engine[] {
  return [steppe('steppe'), steppe('steppe-plain', 0), minisearch, lunrEngine, orama, flexsearch];
}

import type { MetadataValue } from './corpus/document.js';
import type { EntitySource, EntityType, QueryEntity } from './entities/index.js';
import type { Explanation } from './search/explanation.js';
import type { Correction, Suggestion } from './search/plan.js';
import type { Snippet } from './search/snippet.js';
import type { MetadataType } from './schema.js';

/** One ranked document with its stored fields. */
export interface SearchResult {
  id: string;
  score: number;
  /** The title and body fields ('' where the schema has no such stored field). */
  title: string;
  body: string;
  /** Every stored text field, by name. */
  fields: Record<string, string>;
  metadata: Record<string, MetadataValue>;
  /** With `snippets`: the passage of the stored field that shows the query best, with match ranges. */
  snippet?: Snippet;
  /** With `explain`: how the score was made; its value is the score. */
  explanation?: Explanation;
}

export interface SearchResults {
  query: string;
  /** Documents matching the query (all of them, not only the returned page). */
  total: number;
  /** `'gte'` when `total` is a lower bound (the `total: 'atLeast'` option); absent when exact. */
  totalRelation?: 'gte';
  results: SearchResult[];
  /** Words that matched no indexed term and what they were surely meant as, read that way instead. */
  corrections: Correction[];
  /** Words that matched nothing and were left as typed, with what they may have meant ("did you mean"). */
  suggestions: Suggestion[];
  /** Entities the query named (exactly or by a near spelling), by root key. */
  entities: QueryEntity[];
  /** With feedback: the terms of the expanded query and their weights, heaviest first. */
  expansion?: { term: string; weight: number }[];
  /** With `facets`: per entity type, the entities of the matching documents, most frequent first. */
  facets?: Partial<Record<EntityType, EntityFacet[]>>;
  /** With `histogram`: the matching documents counted by period of the date field. */
  histogram?: DateHistogram;
  /** Milliseconds the search took, hydration of the returned page included. */
  tookMs: number;
}

/** Matching documents by period: days, months or years, whichever the dates' span needs. */
export interface DateHistogram {
  field: string;
  interval: 'day' | 'month' | 'year';
  /** Every period from the first match's to the last's, empty ones included; `start` as `2024-03`. */
  buckets: { start: string; count: number }[];
  /** Matches without a date in this field. */
  undated: number;
}

/** An entity counted over the matching documents of a search. */
export interface EntityFacet {
  key: string;
  name: string;
  count: number;
}

/** An entity as it occurs in one document. */
export interface DocumentEntity {
  key: string;
  name: string;
  type: EntityType;
  /** Mentions in title and body together. */
  mentions: number;
  inTitle: boolean;
  /** Word position of the first mention in the body (-1 when only the title names it). */
  firstPosition: number;
  /** How much the document is about it, 0 to 1 (see docs/ENTITIES.md). */
  salience: number;
}

/** An entity of the index with the number of documents that mention it. */
export interface EntitySummary {
  key: string;
  name: string;
  type: EntityType;
  aliases: string[];
  source: EntitySource;
  documents: number;
}

export interface IndexStats {
  documents: number;
  terms: number;
  postingsBytes: number;
  /** Average words of the title and body fields (0 where the schema has none). */
  averageTitleLength: number;
  averageBodyLength: number;
  /** Each text field with its average length in words. */
  textFields: Record<string, number>;
  /** Each metadata field with its type. */
  metadataFields: Record<string, MetadataType>;
  entities: number;
}

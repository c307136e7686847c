import type { MetadataValue } from './corpus/document.js';
import type { SearchResults } from './results.js';
import type { SearchIndex } from './search-index.js';
import type { Explanation } from './search/explanation.js';

/** One result as `steppe search --json` and `GET /api/search` give it. */
export interface ResultJson {
  rank: number;
  id: string;
  /** The text of the field that plays the title. */
  title: string;
  score: number;
  snippet: string;
  /** `[start, end)` ranges into `snippet`. */
  highlights: [number, number][];
  /** The text field the snippet comes from. */
  snippet_field: string;
  metadata: Record<string, MetadataValue>;
  /** The article's five most salient entities. */
  entities: { key: string; name: string; type: string }[];
  explanation?: Explanation;
}

/** A search as `steppe search --json` prints it (docs/CLI.md); the page's API gives the same. */
export interface SearchJson {
  query: string;
  total: number;
  /** `'gte'` when `total` is a lower bound (`--at-least`). */
  total_relation?: 'gte';
  took_ms: number;
  corrections: SearchResults['corrections'];
  suggestions: SearchResults['suggestions'];
  entities: SearchResults['entities'];
  expansion?: SearchResults['expansion'];
  results: ResultJson[];
  facets: NonNullable<SearchResults['facets']>;
  histogram?: SearchResults['histogram'];
}

/**
 * A search's results in the JSON schema of the CLI and the HTTP API: ranks from `offset + 1`,
 * scores to six places, each result's title field, snippet and top entities.
 *
 * @example
 * const found = index.search('ISKP', { snippets: true, facets: true });
 * JSON.stringify(searchJson(index, found, 0));
 */
export function searchJson(index: SearchIndex, found: SearchResults, offset: number): SearchJson {
  const heading = index.schema.titleName;
  const results = found.results.map((r, i): ResultJson => ({
    rank: offset + i + 1,
    id: r.id,
    title: heading === undefined ? '' : (r.fields[heading] ?? ''),
    score: Number(r.score.toFixed(6)),
    snippet: r.snippet?.text ?? '',
    highlights: r.snippet?.highlights ?? [],
    snippet_field: r.snippet?.field ?? '',
    metadata: r.metadata,
    entities: index
      .entities(r.id)
      .slice(0, 5)
      .map(({ key, name, type }) => ({ key, name, type })),
    ...(r.explanation !== undefined && { explanation: r.explanation }),
  }));
  return {
    query: found.query,
    total: found.total,
    ...(found.totalRelation !== undefined && { total_relation: found.totalRelation }),
    took_ms: Number(found.tookMs.toFixed(3)),
    corrections: found.corrections,
    suggestions: found.suggestions,
    entities: found.entities,
    ...(found.expansion !== undefined && { expansion: found.expansion }),
    results,
    facets: found.facets ?? {},
    ...(found.histogram !== undefined && { histogram: found.histogram }),
  };
}

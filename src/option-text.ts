import { OptionsError } from './errors.js';
import type { SearchOptions } from './options.js';

/** Metadata conditions as `filter` takes them. */
export type FilterMap = Record<string, string | { from?: string; to?: string }>;

/**
 * Filters written as text, `field=value` or `field=from..to` (either end may be left open), as
 * the CLI's `--filter` and the HTTP API's `filter` parameter take them. A field named twice
 * keeps the last.
 *
 * @example
 * parseFilters(['source=wire', 'date=2024-01..2024-06']);
 * // { source: 'wire', date: { from: '2024-01', to: '2024-06' } }
 */
export function parseFilters(filters: readonly string[]): FilterMap {
  const out: FilterMap = {};
  for (const filter of filters) {
    const eq = filter.indexOf('=');
    if (eq <= 0 || eq === filter.length - 1)
      throw new OptionsError(`filter takes field=value or field=from..to, not "${filter}"`);
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

/**
 * A sort order written as text: `score`, `FIELD` (descending), `FIELD:asc` or `FIELD:desc`.
 *
 * @example
 * parseSort('date:asc'); // { field: 'date', order: 'asc' }
 */
export function parseSort(sort: string): NonNullable<SearchOptions['sort']> {
  if (sort === 'score') return 'score';
  const [field, order = 'desc', ...rest] = sort.split(':');
  if (!field || (order !== 'asc' && order !== 'desc') || rest.length > 0)
    throw new OptionsError(`sort takes score, FIELD, FIELD:asc or FIELD:desc, not "${sort}"`);
  return { field, order };
}

/**
 * A comma-separated list of field names, blanks dropped.
 *
 * @example
 * parseFieldList('title, lead'); // ['title', 'lead']
 */
export function parseFieldList(list: string): string[] {
  return list
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
}

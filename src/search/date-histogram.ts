import type { MetadataValue } from '../corpus/document.js';
import type { DateHistogram } from '../results.js';
import { parseDate } from '../schema.js';

const DAY = 86_400_000;
// Past this many periods a finer interval is no longer readable as bars.
const MAX_BUCKETS = 120;

/**
 * Documents counted by the period of their date: days when the matches span a few months at
 * most, else months, else years; every period between the first and the last is listed.
 *
 * @example
 * dateHistogram('date', [0, 1], (d) => ['2024-03-05', '2024-05-01'][d]).buckets[0];
 * // => { start: '2024-03-05', count: 1 }
 */
export function dateHistogram(
  field: string,
  docs: readonly number[],
  valueOf: (doc: number) => MetadataValue | undefined,
): DateHistogram {
  const instants: number[] = [];
  let undated = 0;
  for (const doc of docs) {
    const value = valueOf(doc);
    const at = typeof value === 'string' ? parseDate(value, 'start') : undefined;
    if (at === undefined) undated++;
    else instants.push(at);
  }
  if (instants.length === 0) return { field, interval: 'month', buckets: [], undated };
  let first = Infinity;
  let last = -Infinity;
  for (const at of instants) {
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  const interval: DateHistogram['interval'] =
    (last - first) / DAY <= MAX_BUCKETS
      ? 'day'
      : (last - first) / (30.44 * DAY) <= MAX_BUCKETS
        ? 'month'
        : 'year';
  const label = (at: number): string =>
    new Date(at).toISOString().slice(0, interval === 'day' ? 10 : interval === 'month' ? 7 : 4);
  const counts = new Map<string, number>();
  for (const at of instants) counts.set(label(at), (counts.get(label(at)) ?? 0) + 1);
  const buckets: DateHistogram['buckets'] = [];
  const start = new Date(first);
  let cursor = Date.UTC(
    start.getUTCFullYear(),
    interval === 'year' ? 0 : start.getUTCMonth(),
    interval === 'day' ? start.getUTCDate() : 1,
  );
  while (cursor <= last) {
    const key = label(cursor);
    buckets.push({ start: key, count: counts.get(key) ?? 0 });
    const d = new Date(cursor);
    cursor =
      interval === 'day'
        ? cursor + DAY
        : interval === 'month'
          ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
          : Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
  return { field, interval, buckets, undated };
}

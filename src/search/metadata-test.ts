import type { MetadataValue } from '../corpus/document.js';
import { parseDate, type MetadataType } from '../schema.js';

/** A filter condition: one value, or an inclusive range with either end open. */
export type MetadataCondition = MetadataValue | { from?: string | number; to?: string | number };

/**
 * A predicate over one metadata value, by the field's type. Keywords: equal, ignoring case,
 * to the value (or to any value of a list); a range by string order, where a range end
 * matches every value it prefixes. Numbers: equal or within the range, as numbers. Dates:
 * within the period the condition names (`2024-06` is all of June; `..2024-06` runs to its
 * last instant). A condition the type cannot read is a RangeError saying why.
 *
 * @example
 * metadataTest({ from: '2024-01', to: '2024-06' }, 'date')('2024-06-30T23:00:00Z'); // => true
 */
export function metadataTest(
  condition: MetadataCondition,
  type: MetadataType,
): (value: MetadataValue | undefined) => boolean {
  const range = typeof condition === 'object' && !Array.isArray(condition) ? condition : undefined;
  switch (type) {
    case 'number': {
      const bound = (v: string | number | undefined, fallback: number): number => {
        if (v === undefined) return fallback;
        const n = typeof v === 'number' ? v : Number(v.trim());
        if (!Number.isFinite(n) || (typeof v === 'string' && v.trim() === ''))
          throw new RangeError(`"${v}" is not a number`);
        return n;
      };
      const from = range === undefined ? bound(single(condition), 0) : bound(range.from, -Infinity);
      const to = range === undefined ? from : bound(range.to, Infinity);
      return (value) => typeof value === 'number' && value >= from && value <= to;
    }
    case 'date': {
      const edge = (
        v: string | number | undefined,
        at: 'start' | 'end',
        fallback: number,
      ): number => {
        if (v === undefined) return fallback;
        const ms = parseDate(String(v), at);
        if (ms === undefined)
          throw new RangeError(`"${v}" is not an ISO 8601 date (2024, 2024-06, 2024-06-30)`);
        return ms;
      };
      const named = range === undefined ? single(condition) : undefined;
      const from = edge(range === undefined ? named : range.from, 'start', -Infinity);
      const to = edge(range === undefined ? named : range.to, 'end', Infinity);
      return (value) => {
        if (typeof value !== 'string') return false;
        const ms = parseDate(value, 'start');
        return ms !== undefined && ms >= from && ms <= to;
      };
    }
    case 'keyword': {
      if (range === undefined) {
        const wanted = single(condition).toLowerCase();
        return (value) =>
          Array.isArray(value)
            ? value.some((v) => v.toLowerCase() === wanted)
            : value !== undefined && String(value).toLowerCase() === wanted;
      }
      const { from, to } = range;
      const inRange = (text: string): boolean =>
        (from === undefined || text >= String(from)) &&
        (to === undefined || text <= String(to) || text.startsWith(String(to)));
      return (value) =>
        Array.isArray(value)
          ? value.some(inRange)
          : value !== undefined && typeof value !== 'boolean' && inRange(String(value));
    }
  }
}

/**
 * An order over one metadata field's values, by its type (dates as instants, numbers as
 * numbers, keywords by their first value's string order); `undefined` for a missing value.
 */
export function sortKey(
  type: MetadataType,
): (value: MetadataValue | undefined) => number | string | undefined {
  switch (type) {
    case 'number':
      return (value) => (typeof value === 'number' ? value : undefined);
    case 'date':
      return (value) => (typeof value === 'string' ? parseDate(value, 'start') : undefined);
    case 'keyword':
      return (value) =>
        value === undefined ? undefined : Array.isArray(value) ? value[0] : String(value);
  }
}

function single(condition: MetadataCondition): string {
  return Array.isArray(condition) ? (condition[0] ?? '') : String(condition);
}

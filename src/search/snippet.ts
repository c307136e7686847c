import type { Analyzer } from '../analysis/index.js';

/** A passage of a text with the query's matches marked by character ranges into `text`. */
export interface Snippet {
  /** The passage, cut on word boundaries, with `…` where it was cut. */
  text: string;
  /** [start, end) ranges of matched words, as offsets into `text` above. */
  highlights: [number, number][];
  /** In search results: the text field the passage comes from. */
  field?: string;
}

/** Something to highlight: what it is (a term, or an entity key) and where it stands. */
export interface Span {
  term: string;
  start: number;
  end: number;
}

/**
 * The passage of about `length` characters holding the most distinct query terms (then the
 * most matches), starting a little before its first match. Offsets are exact on the original
 * text, so highlights survive curly quotes and diacritics. `spans` adds matches found another
 * way (entity mentions under any alias).
 */
export function makeSnippet(
  source: string,
  terms: ReadonlySet<string>,
  analyzer: Analyzer,
  length = 160,
  spans: readonly Span[] = [],
): Snippet {
  const matches: Span[] = analyzer.analyze(source).filter((t) => terms.has(t.term));
  if (spans.length > 0) matches.push(...spans);
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  let best = { start: 0, distinct: 0, count: 0 };
  for (let i = 0; i < matches.length; i++) {
    const windowEnd = matches[i]!.start + length;
    const seen = new Set<string>();
    let count = 0;
    for (let j = i; j < matches.length && matches[j]!.end <= windowEnd; j++) {
      seen.add(matches[j]!.term);
      count++;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) {
      best = { start: matches[i]!.start, distinct: seen.size, count };
    }
  }
  // Open a little before the first match, on a word boundary.
  let start = Math.max(0, best.start - Math.floor(length / 5));
  if (start > 0) {
    const space = source.indexOf(' ', start);
    start = space >= 0 && space < best.start ? space + 1 : best.start;
  }
  let end = Math.min(source.length, start + length);
  if (end < source.length) {
    const space = source.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  const prefix = start > 0 ? '…' : '';
  const text = prefix + source.slice(start, end).trimEnd() + (end < source.length ? '…' : '');
  const shift = prefix.length - start;
  const highlights: [number, number][] = [];
  for (const match of matches) {
    if (match.start >= start && match.end <= end) {
      const last = highlights[highlights.length - 1];
      // Hyphen parts overlap their whole word: keep the widest range.
      if (last !== undefined && match.start + shift < last[1])
        last[1] = Math.max(last[1], match.end + shift);
      else highlights.push([match.start + shift, match.end + shift]);
    }
  }
  return { text, highlights };
}

/** The snippet with each highlight wrapped in markers (`<mark>…</mark>` by default). */
export function renderSnippet(snippet: Snippet, open = '<mark>', close = '</mark>'): string {
  let out = '';
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    out += snippet.text.slice(at, start) + open + snippet.text.slice(start, end) + close;
    at = end;
  }
  return out + snippet.text.slice(at);
}

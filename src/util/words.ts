/**
 * A set of the whitespace-separated words of `text`: long word lists written as text, a few
 * lines each, instead of one quoted string a line.
 *
 * @example
 * wordSet('of and the').has('and'); // => true
 */
export function wordSet(text: string): ReadonlySet<string> {
  return new Set(text.split(/\s+/).filter((word) => word.length > 0));
}

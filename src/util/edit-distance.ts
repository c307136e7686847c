// Rows reused across calls: fuzzy matching calls this once per candidate term.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Damerau-Levenshtein distance (optimal string alignment: adjacent transpositions count one
 * edit) between `a` and `b`, or `max + 1` as soon as it must exceed `max`. Only the diagonal
 * band |i − j| ≤ max is computed, and a row whose cells all exceed `max` ends the work, so
 * scanning a whole term dictionary stays cheap.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  if (a === b) return 0;
  if (rows[0]!.length <= n + 1)
    rows = [new Int32Array(n * 2 + 2), new Int32Array(n * 2 + 2), new Int32Array(n * 2 + 2)];
  let [previous2, previous, current] = rows as [Int32Array, Int32Array, Int32Array];
  const outside = max + 1;
  for (let j = 0; j <= n; j++) previous[j] = j <= max ? j : outside;
  for (let i = 1; i <= m; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(n, i + max);
    current[0] = i <= max ? i : outside;
    if (from > 1) current[from - 1] = outside;
    let rowMin = current[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = previous[j - 1]! + (ca === cb ? 0 : 1);
      const deletion = previous[j]! + 1;
      if (deletion < value) value = deletion;
      const insertion = current[j - 1]! + 1;
      if (insertion < value) value = insertion;
      if (
        i > 1 &&
        j > 1 &&
        ca === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === cb &&
        previous2[j - 2]! + 1 < value
      )
        value = previous2[j - 2]! + 1;
      current[j] = value > outside ? outside : value;
      if (value < rowMin) rowMin = value;
    }
    if (to < n) current[to + 1] = outside;
    if (rowMin > max) return outside;
    const spare = previous2;
    previous2 = previous;
    previous = current;
    current = spare;
  }
  return Math.min(previous[n]!, outside);
}

/** Lucene's AUTO fuzziness: no edits up to 2 characters, 1 up to 5, then 2. */
export function autoDistance(word: string): number {
  return word.length <= 2 ? 0 : word.length <= 5 ? 1 : 2;
}

/**
 * A 32-bit set of the letters in a word (a–z one bit each, digits and others sharing the
 * rest). One edit changes at most two bits, so words whose sets differ in more than 2·d bits
 * are more than d edits apart: a cheap test before the real distance.
 */
export function letterSignature(word: string): number {
  let signature = 0;
  for (let i = 0; i < word.length; i++) signature |= 1 << letterClass(word.charCodeAt(i));
  return signature;
}

/**
 * The letters a word has at least twice, and at least three times, as {@link letterSignature}
 * sets. A letter's count moves by one per insertion or deletion, two letters' per
 * substitution, none per transposition, and each move crosses one of the thresholds 1, 2 and
 * 3 at most: so the bits in which two words' three sets differ, together, are at most 2·d for
 * words d edits apart. For long words the test turns away most of what the letters alone let
 * through (on scifact's terms, 477 of 13,560 candidates to 6 for `matasteses`).
 *
 * @example
 * repeatSignatures('sees'); // => [1 << 4 | 1 << 18, 0]
 */
export function repeatSignatures(word: string): [twice: number, thrice: number] {
  const counts = new Uint8Array(32);
  let twice = 0;
  let thrice = 0;
  for (let i = 0; i < word.length; i++) {
    const letter = letterClass(word.charCodeAt(i));
    const count = ++counts[letter]!;
    if (count === 2) twice |= 1 << letter;
    else if (count === 3) thrice |= 1 << letter;
  }
  return [twice, thrice];
}

// a–z one class each, digits and others sharing the six left.
function letterClass(code: number): number {
  return code >= 97 && code <= 122 ? code - 97 : 26 + (code % 6);
}

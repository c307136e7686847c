/** A term entry: its length (low 8 bits) and its place among the terms of that length. */
type TermEntry = number;

// Terms of up to this many characters are listed: no word the table serves reaches a longer one.
const MAX_LENGTH = 64;

/**
 * Which terms have which two letters at which position, hashed into one flat table: the
 * candidates of a near-term lookup without reading every term of nearby lengths.
 *
 * A word within d edits (optimal string alignment) of a term keeps at least one of d + 1
 * bigrams taken from it with a letter between each two: each edit changes at most one of them
 * (a transposition swaps two neighbours, never letters of two bigrams), and the one kept moves
 * at most d places. So the terms holding one of those bigrams within d places of where the word
 * has it include every term within d edits. Hash collisions only add candidates.
 */
export class PositionalBigrams {
  private readonly mask: number;
  /** Where each hash bucket's entries start in {@link entries}; one more at the end. */
  private readonly starts: Int32Array;
  private readonly entries: Int32Array;
  // False when a length has more terms than an entry can place (2^23): then every word is scanned.
  private readonly complete: boolean;
  private found = new Int32Array(1024);

  /**
   * @param termsByLength the terms of each length; a term's entry is `place << 8 | length`.
   *
   * @example
   * const byLength: string[][] = [];
   * byLength[5] = ['tajik', 'uzbek'];
   * const bigrams = new PositionalBigrams(byLength);
   */
  constructor(termsByLength: readonly (readonly string[] | undefined)[]) {
    let total = 0;
    this.complete = termsByLength.every((terms) => (terms?.length ?? 0) < 1 << 23);
    for (
      let length = 2;
      this.complete && length < termsByLength.length && length <= MAX_LENGTH;
      length++
    )
      total += (termsByLength[length]?.length ?? 0) * (length - 1);
    // About four entries a bucket, at least 2^10 buckets.
    const bits = Math.max(10, Math.ceil(Math.log2(Math.max(1, total / 4))));
    this.mask = (1 << bits) - 1;
    const counts = new Int32Array(this.mask + 2);
    this.forEachBigram(termsByLength, (bucket) => counts[bucket + 1]!++);
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
    this.starts = counts.slice();
    this.entries = new Int32Array(total);
    const filled = counts;
    this.forEachBigram(termsByLength, (bucket, entry) => {
      this.entries[filled[bucket]!++] = entry;
    });
  }

  /**
   * True when {@link candidates} can serve a word of this length within `max` edits: d + 1
   * bigrams with a letter between each two fit in it, and every term it can reach is listed.
   */
  covers(length: number, max: number): boolean {
    return this.complete && max >= 1 && length >= 3 * max + 2 && length + max <= MAX_LENGTH;
  }

  /**
   * The entries of terms within `max` characters of the word's length holding one of its
   * d + 1 spaced bigrams near where the word has it: every term within `max` edits, some more
   * than once, and others. Only for words {@link covers} allows. The array is reused by the
   * next call.
   *
   * @example
   * for (const entry of bigrams.candidates('tajiks', 1)) console.log(entry & 0xff, entry >>> 8);
   */
  candidates(word: string, max: number): Int32Array {
    const length = word.length;
    const step = (length - 2) / max;
    const { starts, entries, mask } = this;
    let out = this.found;
    let count = 0;
    for (let piece = 0; piece <= max; piece++) {
      const at = Math.floor(piece * step);
      const first = word.charCodeAt(at);
      const second = word.charCodeAt(at + 1);
      for (let position = Math.max(0, at - max); position <= at + max; position++) {
        const bucket = bigramHash(first, second, position) & mask;
        const end = starts[bucket + 1]!;
        if (count + end - starts[bucket]! > out.length) {
          const grown = new Int32Array(Math.max(out.length * 2, count + end - starts[bucket]!));
          grown.set(out.subarray(0, count));
          out = this.found = grown;
        }
        for (let i = starts[bucket]!; i < end; i++) {
          const entry = entries[i]!;
          const termLength = entry & 0xff;
          if (termLength >= length - max && termLength <= length + max) out[count++] = entry;
        }
      }
    }
    return out.subarray(0, count);
  }

  private forEachBigram(
    termsByLength: readonly (readonly string[] | undefined)[],
    visit: (bucket: number, entry: TermEntry) => void,
  ): void {
    for (let length = 2; length < termsByLength.length && length <= MAX_LENGTH; length++) {
      const terms = termsByLength[length];
      if (terms === undefined || !this.complete) continue;
      for (let place = 0; place < terms.length; place++) {
        const term = terms[place]!;
        const entry = (place << 8) | length;
        for (let position = 0; position < length - 1; position++) {
          const bucket =
            bigramHash(term.charCodeAt(position), term.charCodeAt(position + 1), position) &
            this.mask;
          visit(bucket, entry);
        }
      }
    }
  }
}

function bigramHash(first: number, second: number, position: number): number {
  let h = Math.imul(first ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca6b);
  h ^= Math.imul(position + 1, 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
}

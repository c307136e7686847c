import type { InvertedIndex } from './index.js';
import { popcount } from '../util/bits.js';

/** Where matches come from: a term, in a field of `fieldMask` (bit f for field f). */
export interface MatchSource {
  termId: number;
  fieldMask: number;
  /** The term's live documents as a bitset (any field), when one is at hand. */
  documents?: Uint32Array | null;
}

/**
 * Counts the distinct live documents of several postings lists. Terms with a bitset of their
 * own (a bit per document, 32 to a word) are united a word at a time, the union's bits counted
 * as it is formed; any other term has its doc ids read into scratch bits, united likewise.
 */
export class MatchCounter {
  private words = new Uint32Array(0);

  /**
   * Documents matching any source that `accept` takes; `onMatch` hears each, in doc id order.
   */
  count(
    index: InvertedIndex,
    sources: readonly MatchSource[],
    accept?: (doc: number) => boolean,
    onMatch?: (doc: number) => void,
    /** Called before each term's postings are read; may throw to stop the count. */
    check?: () => void,
  ): number {
    const size = Math.ceil(index.docIdLimit / 32);
    const allFields = (1 << index.fields.length) - 1;
    const bitsets: Uint32Array[] = [];
    const read: MatchSource[] = [];
    for (const source of sources) {
      if (source.documents != null && (source.fieldMask & allFields) === allFields)
        bitsets.push(source.documents);
      else read.push(source);
    }
    const plain = accept === undefined && onMatch === undefined;
    if (plain && read.length === 0) return unionCount(bitsets, size);
    if (this.words.length < size)
      this.words = new Uint32Array(Math.max(size, this.words.length * 2));
    else this.words.fill(0, 0, size);
    const words = this.words;
    const cursor = index.cursor(false);
    for (const { termId, fieldMask } of read) {
      check?.();
      cursor.reset(termId).markDocs(words, fieldMask);
    }
    if (plain) return unionCount([words, ...bitsets], size);
    for (const set of bitsets) for (let w = 0; w < size; w++) words[w]! |= set[w]!;
    let total = 0;
    for (let w = 0; w < size; w++) {
      for (let bits = words[w]!; bits !== 0; bits &= bits - 1) {
        const doc = w * 32 + 31 - Math.clz32(bits & -bits);
        if (accept !== undefined && !accept(doc)) continue;
        total++;
        onMatch?.(doc);
      }
    }
    return total;
  }
}

// Set bits in the first `size` words of the union of `bitsets`.
function unionCount(bitsets: readonly Uint32Array[], size: number): number {
  let total = 0;
  if (bitsets.length === 0) return 0;
  if (bitsets.length === 1) {
    const a = bitsets[0]!;
    for (let w = 0; w < size; w++) total += popcount(a[w]!);
  } else if (bitsets.length === 2) {
    const a = bitsets[0]!;
    const b = bitsets[1]!;
    for (let w = 0; w < size; w++) total += popcount(a[w]! | b[w]!);
  } else {
    for (let w = 0; w < size; w++) {
      let bits = 0;
      for (let s = 0; s < bitsets.length; s++) bits |= bitsets[s]![w]!;
      total += popcount(bits);
    }
  }
  return total;
}

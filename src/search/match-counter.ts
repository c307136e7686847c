import type { InvertedIndex } from '../index/index.js';
import { popcount } from './bits.js';

/** Where matches come from: a term, in a field of `fieldMask` (bit f for field f). */
export interface MatchSource {
  termId: number;
  fieldMask: number;
  /** The term's live documents as a bitset (any field), when one is at hand. */
  documents?: Uint32Array | null;
}

/**
 * Counts the distinct live documents of several postings lists in a bitset (a bit per
 * document, 32 to a word, reused across counts): a term with a bitset of its own is OR-ed in
 * a word at a time, any other has its doc ids read.
 */
export class MatchCounter {
  private words = new Uint32Array(0);

  /**
   * Documents matching any source that `accept` takes; `onMatch` hears each, in doc id order.
   */
  count(index: InvertedIndex, sources: readonly MatchSource[], accept?: (doc: number) => boolean, onMatch?: (doc: number) => void): number {
    const size = Math.ceil(index.docIdLimit / 32);
    if (this.words.length < size) this.words = new Uint32Array(Math.max(size, this.words.length * 2));
    else this.words.fill(0, 0, size);
    const words = this.words;
    const allFields = (1 << index.fields.length) - 1;
    const cursor = index.cursor(false);
    for (const { termId, fieldMask, documents } of sources) {
      if (documents != null && (fieldMask & allFields) === allFields) {
        for (let w = 0; w < size; w++) words[w]! |= documents[w]!;
      } else {
        cursor.reset(termId).markDocs(words, fieldMask);
      }
    }
    let total = 0;
    if (accept === undefined && onMatch === undefined) {
      for (let w = 0; w < size; w++) total += popcount(words[w]!);
      return total;
    }
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

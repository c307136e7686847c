import { NO_MORE_DOCS, type InvertedIndex } from '../index/index.js';

/**
 * Counts distinct documents across several postings lists by marking each in a stamp array
 * (one byte per document, so that it stays in cache, reused across queries; a new
 * generation clears it in O(1), and every 255th a fill does).
 */
export class MatchCounter {
  private stamps = new Uint8Array(0);
  /** The stamp of the current count: a document is marked when its slot holds it. */
  generation = 0;

  /** Starts a new count over documents below `docLimit`; returns the stamps to mark in. */
  begin(docLimit: number): Uint8Array {
    if (this.stamps.length < docLimit) {
      this.stamps = new Uint8Array(Math.max(docLimit, this.stamps.length * 2));
      this.generation = 0;
    }
    if (++this.generation === 0x100) {
      this.stamps.fill(0);
      this.generation = 1;
    }
    return this.stamps;
  }

  /**
   * 1 the first time a document is marked in this count and `accept` takes it (`onMatch` then
   * hears it), else 0.
   */
  add(doc: number, accept?: (doc: number) => boolean, onMatch?: (doc: number) => void): number {
    if (this.stamps[doc] === this.generation) return 0;
    this.stamps[doc] = this.generation;
    if (accept !== undefined && !accept(doc)) return 0;
    onMatch?.(doc);
    return 1;
  }

  /** Live documents containing any of the terms, decoding doc ids only. */
  count(index: InvertedIndex, termIds: readonly number[], accept?: (doc: number) => boolean, onMatch?: (doc: number) => void): number {
    this.begin(index.docIdLimit);
    const cursor = index.cursor(false);
    let total = 0;
    for (const termId of termIds) {
      cursor.reset(termId);
      for (let doc = cursor.nextDoc(); doc !== NO_MORE_DOCS; doc = cursor.nextDoc()) total += this.add(doc, accept, onMatch);
    }
    return total;
  }
}

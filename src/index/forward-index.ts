import { ensureUint32 } from '../util/growable.js';
import type { FieldTerms, InvertedIndex } from './inverted-index.js';
import { NO_MORE_DOCS } from './postings.js';

/**
 * Each document's distinct terms and how often it uses them, over all its fields: what
 * feedback reads of its top documents instead of analyzing their text again. Term ids of a
 * document ascend; entity terms, which are not words, are left out by the caller.
 */
export class ForwardIndex {
  // Document d's pairs are [starts[d], starts[d + 1]) of termIds and counts.
  private starts: Uint32Array = new Uint32Array(16);
  private termIds: Uint32Array = new Uint32Array(1024);
  private counts: Uint32Array = new Uint32Array(1024);
  private documents = 0;

  private constructor(private readonly maxPairs: number) {}

  /**
   * The forward index of every document in `index`, from its postings: each term's documents
   * walked once, counted first and then filled; only terms `counted` admits. Undefined when it
   * would hold more than `maxPairs` (document, term) pairs, 8 bytes each.
   */
  static fromPostings(
    index: InvertedIndex,
    counted: (termId: number) => boolean,
    maxPairs: number,
  ): ForwardIndex | undefined {
    // Every posting is a pair at most: the document frequencies tell the size before any read.
    let postings = 0;
    for (let termId = 0; termId < index.terms.size; termId++)
      postings += index.docFrequency(termId);
    if (postings > maxPairs) return undefined;
    const forward = new ForwardIndex(maxPairs);
    index.flush();
    const documents = index.docIdLimit;
    const cursor = index.cursor(false);
    const perDoc = new Uint32Array(documents + 1);
    const kept: number[] = [];
    for (let termId = 0; termId < index.terms.size; termId++) {
      if (index.docFrequency(termId) === 0 || !counted(termId)) continue;
      kept.push(termId);
      cursor.reset(termId);
      for (let doc = cursor.nextDoc(); doc !== NO_MORE_DOCS; doc = cursor.nextDoc())
        perDoc[doc + 1]!++;
    }
    for (let doc = 0; doc < documents; doc++) perDoc[doc + 1]! += perDoc[doc]!;
    const pairs = perDoc[documents]!;
    const filled = perDoc.slice(0, documents);
    forward.termIds = new Uint32Array(pairs);
    forward.counts = new Uint32Array(pairs);
    // Terms are walked in ascending id, so each document's pairs come out sorted.
    for (const termId of kept) {
      cursor.reset(termId);
      for (let doc = cursor.next(); doc !== NO_MORE_DOCS; doc = cursor.next()) {
        let tf = 0;
        for (let f = 0; f < cursor.tf.length; f++) tf += cursor.tf[f]!;
        const at = filled[doc]!++;
        forward.termIds[at] = termId;
        forward.counts[at] = tf;
      }
    }
    forward.starts = perDoc;
    forward.documents = documents;
    return forward;
  }

  /** Documents covered: ids below this have their terms here. */
  get size(): number {
    return this.documents;
  }

  /**
   * Records the next document's terms, as {@link InvertedIndex.add} received them, but for
   * those in `skipped`; false when that would pass the pairs it may hold (the forward index is
   * then to be dropped).
   */
  append(docId: number, fields: readonly FieldTerms[], skipped: ReadonlySet<number>): boolean {
    if (docId !== this.documents)
      throw new RangeError(`forward index expects document ${this.documents}, got ${docId}`);
    const all: number[] = [];
    for (const field of fields)
      for (let i = 0; i < field.termIds.length; i++) {
        const termId = field.termIds[i]!;
        if (!skipped.has(termId)) all.push(termId);
      }
    all.sort((a, b) => a - b);
    if (this.starts[docId]! + all.length > this.maxPairs) return false;
    this.starts = ensureUint32(this.starts, docId + 2);
    let at = this.starts[docId]!;
    this.termIds = ensureUint32(this.termIds, at + all.length);
    this.counts = ensureUint32(this.counts, at + all.length);
    for (let i = 0; i < all.length; i++) {
      if (i > 0 && all[i] === all[i - 1]) {
        this.counts[at - 1]!++;
        continue;
      }
      this.termIds[at] = all[i]!;
      this.counts[at++] = 1;
    }
    this.starts[docId + 1] = at;
    this.documents++;
    return true;
  }

  /**
   * Document `docId`'s terms in ascending id and their counts, as views of the index's arrays
   * (empty for a document it does not cover).
   * @example
   * const { termIds, counts } = forward.terms(0);
   */
  terms(docId: number): { termIds: Uint32Array; counts: Uint32Array } {
    const from = docId >= 0 && docId < this.documents ? this.starts[docId]! : 0;
    const to = docId >= 0 && docId < this.documents ? this.starts[docId + 1]! : 0;
    return { termIds: this.termIds.subarray(from, to), counts: this.counts.subarray(from, to) };
  }
}

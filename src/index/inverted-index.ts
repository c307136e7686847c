import { ensureUint32, ensureUint8 } from '../util/growable.js';
import { PostingCursor, PostingsStore } from './postings.js';
import { TermDictionary } from './term-dictionary.js';

/** One field of one document: its term ids and their positions, in text order. */
export interface FieldTerms {
  termIds: ArrayLike<number>;
  positions: ArrayLike<number>;
  /** The field's length in positions; counted from `positions` (ascending) when absent. */
  length?: number;
}

/** Flush pending postings into the frozen streams once this many integers wait. */
const FLUSH_THRESHOLD = 16 * 1024 * 1024;

/**
 * The inverted index proper: terms, postings over several fields, per-document field
 * lengths and deletion marks, and the statistics BM25 needs, kept exact under add and remove
 * (document frequencies, live document count, total field lengths count live documents only).
 */
export class InvertedIndex {
  readonly terms = new TermDictionary();
  readonly postings: PostingsStore;
  /** Per field, each document's length in positions (hyphen parts do not add length). */
  private lengths: Uint32Array[];
  private totalLengths: number[];
  /** 1 for a removed document: its postings stay until {@link compact}. */
  deleted: Uint8Array = new Uint8Array(16);
  private docFreqs: Uint32Array = new Uint32Array(16);
  private allocated = 0;
  private live = 0;

  constructor(readonly fields: readonly string[]) {
    this.postings = new PostingsStore(fields.length);
    this.lengths = fields.map(() => new Uint32Array(16));
    this.totalLengths = fields.map(() => 0);
  }

  /** Document ids handed out so far, removed ones included. */
  get docIdLimit(): number {
    return this.allocated;
  }

  private readonly countDocument = (termId: number): void => {
    this.docFreqs[termId]!++;
  };

  /** Documents currently in the index. */
  get docCount(): number {
    return this.live;
  }

  /**
   * Indexes one document given its terms per field (ids from {@link terms}); returns its dense
   * doc id.
   */
  add(fields: readonly FieldTerms[]): number {
    const docId = this.allocated++;
    this.deleted = ensureUint8(this.deleted, this.allocated);
    fields.forEach(({ positions, length: given }, field) => {
      this.lengths[field] = ensureUint32(this.lengths[field]!, this.allocated);
      const length = given ?? fieldLength(positions);
      this.lengths[field]![docId] = length;
      this.totalLengths[field]! += length;
    });
    this.docFreqs = ensureUint32(this.docFreqs, this.terms.size);
    this.postings.reserveTerms(this.terms.size);
    this.postings.append(docId, fields, this.countDocument);
    this.live++;
    if (this.postings.pendingSize > FLUSH_THRESHOLD) this.postings.flush();
    return docId;
  }

  /**
   * Marks a document removed and takes it out of every statistic. `fields` must be what
   * {@link add} received for it (the caller re-analyzes the stored text).
   */
  remove(docId: number, fields: readonly FieldTerms[]): void {
    if (docId < 0 || docId >= this.allocated || this.deleted[docId] === 1) {
      throw new RangeError(`doc id ${docId} is not in the index`);
    }
    this.deleted[docId] = 1;
    this.live--;
    const seen = new Set<number>();
    fields.forEach(({ termIds }, field) => {
      this.totalLengths[field]! -= this.lengths[field]![docId]!;
      for (let i = 0; i < termIds.length; i++) {
        const termId = termIds[i]!;
        if (!seen.has(termId)) {
          seen.add(termId);
          this.docFreqs[termId]!--;
        }
      }
    });
  }

  /** Merges pending postings; readers need this done before they open cursors. */
  flush(): void {
    this.postings.flush();
  }

  /**
   * Drops removed documents from the postings and renumbers the rest densely, keeping their
   * order. Returns old id → new id (-1 for removed), so callers renumber their own data.
   */
  compact(): Int32Array {
    const newId = new Int32Array(this.allocated);
    let next = 0;
    for (let doc = 0; doc < this.allocated; doc++)
      newId[doc] = this.deleted[doc] === 1 ? -1 : next++;
    this.postings.compact(newId);
    this.lengths = this.lengths.map((lengths) => {
      const out = new Uint32Array(Math.max(next, 16));
      for (let doc = 0; doc < this.allocated; doc++)
        if (newId[doc]! >= 0) out[newId[doc]!] = lengths[doc]!;
      return out;
    });
    this.allocated = next;
    this.deleted = new Uint8Array(Math.max(next, 16));
    return newId;
  }

  /** Documents (live) that contain the term in any field. */
  docFrequency(termId: number): number {
    return termId < 0 ? 0 : (this.docFreqs[termId] ?? 0);
  }

  fieldLength(field: number, docId: number): number {
    return this.lengths[field]![docId]!;
  }

  /** Mean length of a field over live documents (0 for an empty index). */
  averageFieldLength(field: number): number {
    return this.live === 0 ? 0 : this.totalLengths[field]! / this.live;
  }

  /**
   * A reusable cursor; `reset(termId)` points it at a term. It sees the index as it is now:
   * make a new one after adding or removing documents.
   */
  cursor(withPositions: boolean): PostingCursor {
    // With nothing removed, cursors need not look up every document in the removal flags.
    return new PostingCursor(
      this.postings,
      this.live < this.allocated ? this.deleted : null,
      withPositions,
    );
  }

  /** The raw arrays a serializer writes, and a loader hands back to {@link restore}. */
  snapshot(): IndexSnapshot {
    this.flush();
    return {
      docCount: this.allocated,
      lengths: this.lengths.map((lengths) => lengths.subarray(0, this.allocated)),
      docFreqs: this.docFreqs.subarray(0, this.terms.size),
    };
  }

  /** Rebuilds the statistics of a freshly loaded, compacted index. */
  restore(snapshot: IndexSnapshot): void {
    this.allocated = snapshot.docCount;
    this.live = snapshot.docCount;
    this.deleted = new Uint8Array(Math.max(this.allocated, 16));
    this.lengths = snapshot.lengths.map((lengths) => lengths.slice());
    this.totalLengths = this.lengths.map((lengths) => lengths.reduce((sum, n) => sum + n, 0));
    this.docFreqs = snapshot.docFreqs.slice();
  }
}

export interface IndexSnapshot {
  docCount: number;
  lengths: Uint32Array[];
  docFreqs: Uint32Array;
}

/** A field's length counts positions, so the parts of a hyphenated word do not inflate it. */
export function fieldLength(positions: ArrayLike<number>): number {
  let length = 0;
  let previous = -1;
  for (let i = 0; i < positions.length; i++) {
    if (positions[i] !== previous) length++;
    previous = positions[i]!;
  }
  return length;
}

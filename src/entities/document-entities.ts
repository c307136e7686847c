import { NO_MORE_DOCS, type InvertedIndex } from '../index/index.js';
import { ensureUint32 } from '../util/growable.js';

/**
 * Entity mentions are indexed as terms of their own, `\u0001` + entity key, at the position of
 * the mention's first word: the analyzer never produces that character, so text queries never
 * meet them, and their postings give each document's mention counts per field and first
 * position for free.
 */
export const ENTITY_PREFIX = '\u0001';

export function entityTerm(key: string): string {
  return ENTITY_PREFIX + key;
}

export function isEntityTerm(term: string): boolean {
  return term.charCodeAt(0) === 1;
}

/**
 * Each document's entity term ids: what removal takes out of the statistics (the registry may
 * have learned more since, so recognizing again could differ) and what facets count. One flat
 * array for all documents, each document's ids a slice of it.
 */
export class DocumentEntities {
  private ids: Uint32Array = new Uint32Array(0);
  private used = 0;
  private starts: Uint32Array = new Uint32Array(0);
  private counts: Uint32Array = new Uint32Array(0);

  set(docId: number, termIds: Iterable<number>): void {
    const list = Array.from(termIds);
    this.ids = ensureUint32(this.ids, this.used + list.length);
    this.ids.set(list, this.used);
    this.starts = ensureUint32(this.starts, docId + 1);
    this.counts = ensureUint32(this.counts, docId + 1);
    this.starts[docId] = this.used;
    this.counts[docId] = list.length;
    this.used += list.length;
  }

  /** Every document's ids in one array: document `d`'s are `[start(d), end(d))` of it. */
  get flat(): Uint32Array {
    return this.ids;
  }

  start(docId: number): number {
    return docId < this.counts.length ? this.starts[docId]! : 0;
  }

  end(docId: number): number {
    return docId < this.counts.length ? this.starts[docId]! + this.counts[docId]! : 0;
  }

  get(docId: number): Uint32Array {
    if (docId >= this.counts.length) return EMPTY;
    const start = this.starts[docId]!;
    return this.ids.subarray(start, start + this.counts[docId]!);
  }

  /** Renumbers after a compaction (`newId[old]` = new id, or -1 for removed); drops the removed documents' ids. */
  remap(newId: Int32Array): void {
    const next = new DocumentEntities();
    newId.forEach((id, doc) => {
      const ids = this.get(doc);
      if (id >= 0 && ids.length > 0) next.set(id, ids);
    });
    ({ ids: this.ids, used: this.used, starts: this.starts, counts: this.counts } = next);
  }

  /** Rebuilt from the postings of every entity term (after a load): counted, then filled. */
  static rebuild(index: InvertedIndex): DocumentEntities {
    const entityTerms: number[] = [];
    for (let termId = 0; termId < index.terms.size; termId++)
      if (isEntityTerm(index.terms.term(termId))) entityTerms.push(termId);
    return DocumentEntities.fromPostings(index, entityTerms, -1);
  }

  /**
   * Each document's terms among `termIds` that occur in it in a field of `fieldMask` (-1:
   * any), from the postings: counted, then filled.
   */
  static fromPostings(
    index: InvertedIndex,
    termIds: readonly number[],
    fieldMask: number,
  ): DocumentEntities {
    index.flush();
    const documents = index.docIdLimit;
    const counts = new Uint32Array(documents);
    const cursor = index.cursor(false);
    // Frequencies are read only when a field mask asks for them.
    const step = (): number => (fieldMask === -1 ? cursor.nextDoc() : cursor.next());
    const inFields = (): boolean => {
      if (fieldMask === -1) return true;
      for (let f = 0; f < cursor.tf.length; f++)
        if ((fieldMask >> f) & 1 && cursor.tf[f]! > 0) return true;
      return false;
    };
    for (const termId of termIds) {
      cursor.reset(termId);
      for (let doc = step(); doc !== NO_MORE_DOCS; doc = step()) if (inFields()) counts[doc]!++;
    }
    const starts = new Uint32Array(documents);
    let used = 0;
    for (let doc = 0; doc < documents; doc++) {
      starts[doc] = used;
      used += counts[doc]!;
    }
    const ids = new Uint32Array(used);
    const filled = new Uint32Array(documents);
    for (const termId of termIds) {
      cursor.reset(termId);
      for (let doc = step(); doc !== NO_MORE_DOCS; doc = step())
        if (inFields()) ids[starts[doc]! + filled[doc]!++] = termId;
    }
    const entities = new DocumentEntities();
    entities.ids = ids;
    entities.used = used;
    entities.starts = starts;
    entities.counts = counts;
    return entities;
  }
}

const EMPTY = new Uint32Array(0);

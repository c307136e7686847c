import { NO_MORE_DOCS, type InvertedIndex } from '../index/index.js';

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
 * have learned more since, so recognizing again could differ) and what facets count.
 */
export class DocumentEntities {
  private lists: (Int32Array | undefined)[] = [];

  set(docId: number, termIds: Iterable<number>): void {
    this.lists[docId] = Int32Array.from(termIds);
  }

  get(docId: number): Int32Array {
    return this.lists[docId] ?? EMPTY;
  }

  /** Renumbers after a compaction (`newId[old]` = new id, or -1 for removed). */
  remap(newId: Int32Array): void {
    const lists: (Int32Array | undefined)[] = [];
    newId.forEach((id, old) => {
      if (id >= 0) lists[id] = this.lists[old];
    });
    this.lists = lists;
  }

  /** Rebuilt from the postings of every entity term (after a load). */
  static rebuild(index: InvertedIndex): DocumentEntities {
    const perDoc: number[][] = [];
    const cursor = index.cursor(false);
    for (const [termId, term] of index.terms.entries()) {
      if (!isEntityTerm(term)) continue;
      cursor.reset(termId);
      for (let doc = cursor.nextDoc(); doc !== NO_MORE_DOCS; doc = cursor.nextDoc()) (perDoc[doc] ??= []).push(termId);
    }
    const entities = new DocumentEntities();
    perDoc.forEach((ids, doc) => entities.set(doc, ids));
    return entities;
  }
}

const EMPTY = new Int32Array(0);

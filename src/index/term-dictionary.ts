import { StringTable } from '../util/string-table.js';

/**
 * Terms to dense integer ids and back, with a sorted view for prefix enumeration.
 * Ids are handed out in insertion order; the sorted view is rebuilt lazily after additions.
 * A term read from an index file is kept as characters until its string is first asked for.
 */
export class TermDictionary {
  private readonly table = new StringTable();
  private sorted: Int32Array | null = null;

  get size(): number {
    return this.table.size;
  }

  /** The id of `term`, or -1 when it was never indexed. */
  lookup(term: string): number {
    return this.table.find(term, 0, term.length);
  }

  /** The id of `term`, adding it when new. */
  intern(term: string): number {
    const size = this.table.size;
    const id = this.table.intern(term, 0, term.length);
    if (this.table.size > size) this.sorted = null;
    return id;
  }

  /** The id of the term whose UTF-8 encoding is `bytes[start, end)`, adding it when new. */
  internUtf8(bytes: Uint8Array, start: number, end: number): number {
    const size = this.table.size;
    const id = this.table.internUtf8(bytes, start, end);
    if (this.table.size > size) this.sorted = null;
    return id;
  }

  /** Makes room for `count` more terms of `chars` UTF-16 code units in all. */
  reserve(count: number, chars: number): void {
    this.table.reserve(count, chars);
  }

  term(id: number): string {
    if (!(id >= 0 && id < this.table.size)) throw new RangeError(`no term with id ${id}`);
    return this.table.surface(id);
  }

  /** All term ids in lexicographic (code unit) order of their terms. */
  sortedIds(): Int32Array {
    if (this.sorted === null) {
      const terms = Array.from({ length: this.size }, (_, id) => this.table.surface(id));
      const order = Int32Array.from(terms.keys());
      order.sort((a, b) => (terms[a]! < terms[b]! ? -1 : terms[a]! > terms[b]! ? 1 : 0));
      this.sorted = order;
    }
    return this.sorted;
  }

  /** Ids of the terms that start with `prefix`, in term order. */
  withPrefix(prefix: string): number[] {
    const order = this.sortedIds();
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.table.surface(order[mid]!) < prefix) low = mid + 1;
      else high = mid;
    }
    const out: number[] = [];
    for (let i = low; i < order.length && this.table.surface(order[i]!).startsWith(prefix); i++)
      out.push(order[i]!);
    return out;
  }

  /** Every term id, for scans such as fuzzy matching. */
  *entries(): IterableIterator<[number, string]> {
    for (let id = 0; id < this.size; id++) yield [id, this.table.surface(id)];
  }
}

/**
 * Terms to dense integer ids and back, with a sorted view for prefix enumeration.
 * Ids are handed out in insertion order; the sorted view is rebuilt lazily after additions.
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  private sorted: Int32Array | null = null;

  get size(): number {
    return this.terms.length;
  }

  /** The id of `term`, or -1 when it was never indexed. */
  lookup(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** The id of `term`, adding it when new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.ids.set(term, id);
      this.sorted = null;
    }
    return id;
  }

  term(id: number): string {
    const term = this.terms[id];
    if (term === undefined) throw new RangeError(`no term with id ${id}`);
    return term;
  }

  /** All term ids in lexicographic (code unit) order of their terms. */
  sortedIds(): Int32Array {
    if (this.sorted === null) {
      const order = Int32Array.from(this.terms.keys());
      const terms = this.terms;
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
      if (this.terms[order[mid]!]! < prefix) low = mid + 1;
      else high = mid;
    }
    const out: number[] = [];
    for (let i = low; i < order.length && this.terms[order[i]!]!.startsWith(prefix); i++) out.push(order[i]!);
    return out;
  }

  /** Every term id, for scans such as fuzzy matching. */
  *entries(): IterableIterator<[number, string]> {
    yield* this.terms.entries();
  }
}

import type { ByteRanges } from '../util/byte-ranges.js';

/**
 * The `DOFF` and `DIDS` sections (docs/FORMAT.md): where each document's entry starts in
 * `STOR`, and the doc numbers in the order of their ids, for finding an id by bisection.
 */
export class StoreLookups {
  constructor(
    private readonly offsets: ByteRanges,
    private readonly byId: ByteRanges,
    private readonly count: number,
  ) {
    if (offsets.length !== 8 * (count + 1) || byId.length !== 4 * count)
      throw new RangeError(`DOFF or DIDS does not fit ${count} documents`);
  }

  /** Where document `doc`'s entry starts in `STOR`; for `count`, where the columns start. */
  entryStart(doc: number): number {
    const bytes = this.offsets.read(8 * doc, 8 * doc + 8);
    const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
    return view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  }

  /** The document whose id comes `rank`-th in id order. */
  docAtRank(rank: number): number {
    const bytes = this.byId.read(4 * rank, 4 * rank + 4);
    const doc = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
    if (doc >= this.count) throw new RangeError(`DIDS names document ${doc} of ${this.count}`);
    return doc;
  }

  /** The document with this id by bisection over {@link docAtRank}, or -1. */
  find(id: string, idOf: (doc: number) => string): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const doc = this.docAtRank(middle);
      const other = idOf(doc);
      if (other === id) return doc;
      if (other < id) low = middle + 1;
      else high = middle;
    }
    return -1;
  }

  /** Throws unless `DIDS` lists every document once, in ascending id order. */
  checkOrder(idOf: (doc: number) => string): void {
    const seen = new Uint8Array(this.count);
    let previous: string | undefined;
    for (let rank = 0; rank < this.count; rank++) {
      const doc = this.docAtRank(rank);
      const id = idOf(doc);
      if (seen[doc] === 1 || (previous !== undefined && previous >= id))
        throw new RangeError('DIDS is not in id order');
      seen[doc] = 1;
      previous = id;
    }
  }
}

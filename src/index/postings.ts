/** Doc id past every real one: a cursor that reaches it is exhausted. */
export const NO_MORE_DOCS = 0x7fffffff;

/** Byte length of a varint. */
function varintLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** Writes a varint below 2^31 at `offset`; returns the offset after it. */
function putVarint(bytes: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    bytes[offset++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  bytes[offset++] = value;
  return offset;
}

/**
 * Every term's postings in two byte streams, with no object per posting.
 *
 * For each term, in term-id order, the doc stream holds one entry per document:
 * `varint((docId - previousDocId) << F | mask)` (the first relative to -1; bit f of the mask set
 * when field f has the term, F = field count), then `varint(tf - 1)` for each field in the mask;
 * the position stream holds, per entry and per field with tf > 0, tf varints of position
 * deltas. New postings are appended as flat integer records (term, doc, tfs, positions) to one
 * pending array, and {@link flush} encodes them into the frozen streams by counting sort over
 * terms: two passes, no per-term buffers.
 */
export class PostingsStore {
  docBytes: Uint8Array = new Uint8Array(0);
  posBytes: Uint8Array = new Uint8Array(0);
  /** Offsets of each term's region in the frozen streams (length frozen terms + 1). */
  docStart: Uint32Array = new Uint32Array(1);
  posStart: Uint32Array = new Uint32Array(1);
  /** Per term: postings stored, removed documents included. */
  postingCount: Uint32Array = new Uint32Array(16);
  /** Per term: the last doc id in its frozen region, -1 for none. */
  private frozenLastDoc: Int32Array = new Int32Array(16).fill(-1);
  private terms = 0;
  private pending: Int32Array = new Int32Array(1024);
  private pendingLength = 0;

  constructor(readonly fieldCount: number) {}

  get termCount(): number {
    return this.terms;
  }

  /** Integers waiting to be flushed: the caller flushes when this grows large. */
  get pendingSize(): number {
    return this.pendingLength;
  }

  /**
   * Appends one posting: `tf[f]` occurrences in field f, whose positions follow one another in
   * `positions` (field 0's first, each field's ascending). Doc ids must grow per term.
   */
  append(termId: number, docId: number, tf: ArrayLike<number>, positions: ArrayLike<number>): void {
    if (termId >= this.terms) this.reserveTerms(termId + 1);
    let count = 0;
    for (let f = 0; f < this.fieldCount; f++) count += tf[f]!;
    const needed = this.pendingLength + 2 + this.fieldCount + count;
    if (needed > this.pending.length) {
      const next = new Int32Array(Math.max(needed, this.pending.length * 2));
      next.set(this.pending.subarray(0, this.pendingLength));
      this.pending = next;
    }
    const pending = this.pending;
    let at = this.pendingLength;
    pending[at++] = termId;
    pending[at++] = docId;
    for (let f = 0; f < this.fieldCount; f++) pending[at++] = tf[f]!;
    for (let i = 0; i < count; i++) pending[at++] = positions[i]!;
    this.pendingLength = at;
    this.postingCount[termId]!++;
  }

  /** Makes room for term ids below `count`. */
  reserveTerms(count: number): void {
    if (count > this.postingCount.length) {
      const size = Math.max(count, this.postingCount.length * 2);
      const counts = new Uint32Array(size);
      counts.set(this.postingCount);
      this.postingCount = counts;
      const last = new Int32Array(size).fill(-1);
      last.set(this.frozenLastDoc);
      this.frozenLastDoc = last;
    }
    this.terms = Math.max(this.terms, count);
  }

  /** Encodes pending postings into the frozen streams. */
  flush(): void {
    const terms = this.terms;
    if (this.pendingLength === 0 && this.docStart.length === terms + 1) return;
    const fields = this.fieldCount;
    const pending = this.pending;
    const end = this.pendingLength;
    const frozenTerms = this.docStart.length - 1;
    const docSize = new Float64Array(terms);
    const posSize = new Float64Array(terms);
    const last = this.frozenLastDoc.slice(0, terms);
    for (let t = 0; t < frozenTerms; t++) {
      docSize[t] = this.docStart[t + 1]! - this.docStart[t]!;
      posSize[t] = this.posStart[t + 1]! - this.posStart[t]!;
    }
    // Pass 1: the encoded size of every term's new postings.
    for (let at = 0; at < end; ) {
      const t = pending[at++]!;
      const doc = pending[at++]!;
      let mask = 0;
      let bytes = 0;
      let count = 0;
      for (let f = 0; f < fields; f++) {
        const tf = pending[at++]!;
        if (tf > 0) {
          mask |= 1 << f;
          bytes += varintLength(tf - 1);
        }
        count += tf;
      }
      bytes += varintLength((doc - last[t]!) * (1 << fields) + mask);
      last[t] = doc;
      docSize[t] += bytes;
      let positionBytes = 0;
      for (let f = 0, i = 0; f < fields; f++) {
        const tf = pending[at - fields + f]!;
        let previous = 0;
        for (let k = 0; k < tf; k++, i++) {
          const position = pending[at + i]!;
          positionBytes += varintLength(position - previous);
          previous = position;
        }
      }
      posSize[t] += positionBytes;
      at += count;
    }
    const docStart = new Uint32Array(terms + 1);
    const posStart = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) {
      docStart[t + 1] = docStart[t]! + docSize[t]!;
      posStart[t + 1] = posStart[t]! + posSize[t]!;
    }
    const docBytes = new Uint8Array(docStart[terms]!);
    const posBytes = new Uint8Array(posStart[terms]!);
    // Copy frozen regions; each term's write cursor starts right after its old bytes.
    const docAt = new Float64Array(terms);
    const posAt = new Float64Array(terms);
    for (let t = 0; t < terms; t++) {
      docAt[t] = docStart[t]!;
      posAt[t] = posStart[t]!;
      if (t < frozenTerms) {
        const docs = this.docBytes.subarray(this.docStart[t]!, this.docStart[t + 1]!);
        const positions = this.posBytes.subarray(this.posStart[t]!, this.posStart[t + 1]!);
        docBytes.set(docs, docAt[t]);
        posBytes.set(positions, posAt[t]);
        docAt[t] += docs.length;
        posAt[t] += positions.length;
      }
    }
    // Pass 2: encode.
    for (let at = 0; at < end; ) {
      const t = pending[at++]!;
      const doc = pending[at++]!;
      let mask = 0;
      for (let f = 0; f < fields; f++) if (pending[at + f]! > 0) mask |= 1 << f;
      let offset = putVarint(docBytes, docAt[t]!, (doc - this.frozenLastDoc[t]!) * (1 << fields) + mask);
      this.frozenLastDoc[t] = doc;
      let count = 0;
      for (let f = 0; f < fields; f++) {
        const tf = pending[at++]!;
        if (tf > 0) offset = putVarint(docBytes, offset, tf - 1);
        count += tf;
      }
      docAt[t] = offset;
      offset = posAt[t]!;
      for (let f = 0, i = 0; f < fields; f++) {
        const tf = pending[at - fields + f]!;
        let previous = 0;
        for (let k = 0; k < tf; k++, i++) {
          const position = pending[at + i]!;
          offset = putVarint(posBytes, offset, position - previous);
          previous = position;
        }
      }
      posAt[t] = offset;
      at += count;
    }
    this.docBytes = docBytes;
    this.posBytes = posBytes;
    this.docStart = docStart;
    this.posStart = posStart;
    this.pendingLength = 0;
    if (this.pending.length > 1 << 20) this.pending = new Int32Array(1024);
  }

  /** The last doc id stored for a term (after a flush), -1 for none. */
  lastDocOf(termId: number): number {
    return this.frozenLastDoc[termId] ?? -1;
  }

  /** Replaces the frozen streams wholesale (after a load); nothing may be pending. */
  install(docBytes: Uint8Array, posBytes: Uint8Array, docStart: Uint32Array, posStart: Uint32Array, postingCount: Uint32Array, lastDoc: Int32Array): void {
    this.docBytes = docBytes;
    this.posBytes = posBytes;
    this.docStart = docStart;
    this.posStart = posStart;
    this.terms = docStart.length - 1;
    this.postingCount = postingCount;
    this.frozenLastDoc = lastDoc;
    this.pendingLength = 0;
  }

  /**
   * Rewrites every term's postings without the documents `newId` maps to -1, renumbering the
   * rest; the caller renumbers its own per-document data the same way.
   */
  compact(newId: Int32Array): void {
    this.flush();
    const old = { docBytes: this.docBytes, posBytes: this.posBytes, docStart: this.docStart, posStart: this.posStart };
    const source = new PostingsStore(this.fieldCount);
    source.install(old.docBytes, old.posBytes, old.docStart, old.posStart, this.postingCount, this.frozenLastDoc);
    const cursor = new PostingCursor(source, new Uint8Array(0), true);
    const terms = this.terms;
    this.docBytes = new Uint8Array(0);
    this.posBytes = new Uint8Array(0);
    this.docStart = new Uint32Array(1);
    this.posStart = new Uint32Array(1);
    this.postingCount = new Uint32Array(Math.max(terms, 16));
    this.frozenLastDoc = new Int32Array(Math.max(terms, 16)).fill(-1);
    this.terms = 0;
    this.reserveTerms(terms);
    const positions: number[] = [];
    // Term by term, so each term's postings go in ascending new doc order.
    for (let t = 0; t < terms; t++) {
      cursor.reset(t);
      for (let doc = cursor.next(); doc !== NO_MORE_DOCS; doc = cursor.next()) {
        if (newId[doc]! < 0) continue;
        positions.length = 0;
        for (let f = 0; f < this.fieldCount; f++) for (let i = 0; i < cursor.tf[f]!; i++) positions.push(cursor.positions[f]![i]!);
        this.append(t, newId[doc]!, cursor.tf, positions);
      }
      if (this.pendingLength > 1 << 24) this.flush();
    }
    this.flush();
  }
}

/**
 * Walks one term's frozen postings in doc order, skipping deleted documents. `tf[f]` holds the
 * current document's frequency in field f; with positions on, `positions[f]` holds them too.
 * Call {@link PostingsStore.flush} before reading.
 */
export class PostingCursor {
  doc = -1;
  readonly tf: Int32Array;
  readonly positions: Int32Array[];
  private readonly docs = new VarintStream();
  private readonly posStream = new VarintStream();
  private end = 0;

  constructor(
    private readonly store: PostingsStore,
    private readonly deleted: Uint8Array,
    private readonly withPositions: boolean,
  ) {
    this.tf = new Int32Array(store.fieldCount);
    this.positions = withPositions ? Array.from({ length: store.fieldCount }, () => new Int32Array(8)) : [];
  }

  /** Points the cursor at the start of `termId`'s postings. */
  reset(termId: number): this {
    const store = this.store;
    this.doc = -1;
    this.tf.fill(0);
    this.docs.bytes = store.docBytes;
    this.posStream.bytes = store.posBytes;
    if (termId < 0 || termId >= store.docStart.length - 1) {
      this.docs.offset = this.end = 0;
    } else {
      this.docs.offset = store.docStart[termId]!;
      this.end = store.docStart[termId + 1]!;
      this.posStream.offset = store.posStart[termId]!;
    }
    return this;
  }

  /** Moves to the next live document; returns its id or {@link NO_MORE_DOCS}. */
  next(): number {
    const docs = this.docs;
    const fields = this.tf.length;
    do {
      if (docs.offset >= this.end) return (this.doc = NO_MORE_DOCS);
      const header = docs.varint();
      this.doc += header >>> fields;
      for (let f = 0; f < fields; f++) this.tf[f] = (header & (1 << f)) === 0 ? 0 : docs.varint() + 1;
      if (this.withPositions) this.readPositions();
    } while (this.deleted[this.doc] === 1);
    return this.doc;
  }

  /**
   * Moves to the next live document without reading its frequencies (`tf` is left stale):
   * for counting matches, where only doc ids matter. Not for cursors with positions.
   */
  nextDoc(): number {
    const docs = this.docs;
    const fields = this.tf.length;
    do {
      if (docs.offset >= this.end) return (this.doc = NO_MORE_DOCS);
      const header = docs.varint();
      this.doc += header >>> fields;
      // Skip one varint per field present in the mask.
      for (let mask = header & ((1 << fields) - 1); mask !== 0; mask &= mask - 1) docs.skip();
    } while (this.deleted[this.doc] === 1);
    return this.doc;
  }

  /** Moves to the first live document at or after `target`. */
  advance(target: number): number {
    while (this.doc < target) this.next();
    return this.doc;
  }

  private readPositions(): void {
    for (let f = 0; f < this.tf.length; f++) {
      const tf = this.tf[f]!;
      if (tf === 0) continue;
      let list = this.positions[f]!;
      if (list.length < tf) list = this.positions[f] = new Int32Array(tf * 2);
      let position = 0;
      for (let i = 0; i < tf; i++) {
        position += this.posStream.varint();
        list[i] = position;
      }
    }
  }
}

/**
 * A read position in a trusted byte stream (its bounds come from the term table): varints
 * below 2^31, without the checks a file reader needs.
 */
class VarintStream {
  bytes: Uint8Array = new Uint8Array(0);
  offset = 0;

  varint(): number {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.bytes[this.offset++]!;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte >= 0x80);
    return value;
  }

  skip(): void {
    while (this.bytes[this.offset++]! >= 0x80);
  }
}

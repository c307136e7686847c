import type { ByteRanges } from '../util/byte-ranges.js';
import { ensureUint8 } from '../util/growable.js';

/** One field of a document as postings take it: term ids and their positions. */
export interface FieldOccurrences {
  termIds: ArrayLike<number>;
  positions: ArrayLike<number>;
}

/** Doc id past every real one: a cursor that reaches it is exhausted. */
export const NO_MORE_DOCS = 0x7fffffff;

/** Writes a varint below 2^31 at `offset`; returns the offset after it. */
function putVarint(bytes: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    bytes[offset++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  bytes[offset++] = value;
  return offset;
}

/** The most bytes a varint below 2^31 takes. */
const MAX_VARINT = 5;

/**
 * Every term's postings in two byte streams, with no object per posting.
 *
 * For each term, in term-id order, the doc stream holds one entry per document:
 * `varint((docId - previousDocId) << F | mask)` (the first relative to -1; bit f of the mask set
 * when field f has the term, F = field count), then `varint(tf - 1)` for each field in the mask;
 * the position stream holds, per entry and per field with tf > 0, tf varints of position
 * deltas. New occurrences are appended as flat integer records (a document, then its (term,
 * position) pairs field by field) to one pending array, and {@link flush} groups them by term
 * (a counting sort into flat arrays), encodes the terms' runs one after another into fresh
 * streams, and puts each term's new bytes after its frozen ones.
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
  /** Per term: the last doc id appended, -1 for none (a posting is counted once per document). */
  private appendedLastDoc: Int32Array = new Int32Array(16).fill(-1);
  private terms = 0;
  private pending: Int32Array = new Int32Array(1024);
  private pendingLength = 0;
  private ranges: RegionCache | undefined;

  constructor(readonly fieldCount: number) {}

  get termCount(): number {
    return this.terms;
  }

  /** Integers waiting to be flushed: the caller flushes when this grows large. */
  get pendingSize(): number {
    return this.pendingLength;
  }

  /**
   * Appends one document's occurrences: in field f, `termIds[i]` at `positions[i]` (positions
   * ascending per term). Doc ids must grow per term. `onNewTerm` hears each term the first time
   * the document brings it.
   */
  append(
    docId: number,
    fields: readonly FieldOccurrences[],
    onNewTerm?: (termId: number) => void,
  ): void {
    let count = 0;
    for (const field of fields) count += field.termIds.length;
    const needed = this.pendingLength + 1 + this.fieldCount + 2 * count;
    if (needed > this.pending.length) {
      const next = new Int32Array(Math.max(needed, this.pending.length * 2));
      next.set(this.pending.subarray(0, this.pendingLength));
      this.pending = next;
    }
    const pending = this.pending;
    let at = this.pendingLength;
    pending[at++] = docId;
    for (let f = 0; f < this.fieldCount; f++) pending[at++] = fields[f]?.termIds.length ?? 0;
    for (const { termIds, positions } of fields) {
      for (let i = 0; i < termIds.length; i++) {
        const termId = termIds[i]!;
        if (termId >= this.terms) this.reserveTerms(termId + 1);
        if (this.appendedLastDoc[termId] !== docId) {
          this.appendedLastDoc[termId] = docId;
          this.postingCount[termId]!++;
          onNewTerm?.(termId);
        }
        pending[at++] = termId;
        pending[at++] = positions[i]!;
      }
    }
    this.pendingLength = at;
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
      const appended = new Int32Array(size).fill(-1);
      appended.set(this.appendedLastDoc);
      this.appendedLastDoc = appended;
    }
    this.terms = Math.max(this.terms, count);
  }

  /** Encodes pending postings into the frozen streams. */
  flush(): void {
    const terms = this.terms;
    if (this.pendingLength === 0 && this.docStart.length === terms + 1) return;
    const fresh = this.encodePending(this.sortPending(terms), terms);
    const frozenTerms = this.docStart.length - 1;
    this.pendingLength = 0;
    if (this.pending.length > 1 << 20) this.pending = new Int32Array(1024);
    if (frozenTerms === 0) {
      this.docBytes = fresh.docBytes.slice(0, fresh.docEnds[terms]);
      this.posBytes = fresh.posBytes.slice(0, fresh.posEnds[terms]);
      this.docStart = fresh.docEnds;
      this.posStart = fresh.posEnds;
      return;
    }
    // Each term's region: its old bytes, then its new postings.
    const docStart = new Uint32Array(terms + 1);
    const posStart = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) {
      const oldDoc = t < frozenTerms ? this.docStart[t + 1]! - this.docStart[t]! : 0;
      const oldPos = t < frozenTerms ? this.posStart[t + 1]! - this.posStart[t]! : 0;
      docStart[t + 1] = docStart[t]! + oldDoc + fresh.docEnds[t + 1]! - fresh.docEnds[t]!;
      posStart[t + 1] = posStart[t]! + oldPos + fresh.posEnds[t + 1]! - fresh.posEnds[t]!;
    }
    const docBytes = new Uint8Array(docStart[terms]!);
    const posBytes = new Uint8Array(posStart[terms]!);
    for (let t = 0; t < terms; t++) {
      let docAt = docStart[t]!;
      let posAt = posStart[t]!;
      if (t < frozenTerms) {
        docBytes.set(this.docBytes.subarray(this.docStart[t]!, this.docStart[t + 1]!), docAt);
        posBytes.set(this.posBytes.subarray(this.posStart[t]!, this.posStart[t + 1]!), posAt);
        docAt += this.docStart[t + 1]! - this.docStart[t]!;
        posAt += this.posStart[t + 1]! - this.posStart[t]!;
      }
      docBytes.set(fresh.docBytes.subarray(fresh.docEnds[t]!, fresh.docEnds[t + 1]!), docAt);
      posBytes.set(fresh.posBytes.subarray(fresh.posEnds[t]!, fresh.posEnds[t + 1]!), posAt);
    }
    this.docBytes = docBytes;
    this.posBytes = posBytes;
    this.docStart = docStart;
    this.posStart = posStart;
  }

  // The pending occurrences grouped by term (a counting sort, stable: within a term, documents
  // and fields stay in the order they came), so that each term's postings are encoded in one
  // sequential run rather than a record at a time across every term's state.
  private sortPending(terms: number): SortedOccurrences {
    const fields = this.fieldCount;
    const pending = this.pending;
    const end = this.pendingLength;
    const starts = new Int32Array(terms + 1);
    for (let at = 0; at < end;) {
      let count = 0;
      for (let f = 0; f < fields; f++) count += pending[at + 1 + f]!;
      const to = at + 1 + fields + 2 * count;
      for (let k = at + 1 + fields; k < to; k += 2) starts[pending[k]! + 1]!++;
      at = to;
    }
    for (let t = 0; t < terms; t++) starts[t + 1]! += starts[t]!;
    const total = starts[terms]!;
    const next = starts.slice(0, terms);
    const docs = new Int32Array(total);
    const positions = new Int32Array(total);
    const fieldOf = new Uint8Array(total);
    for (let at = 0; at < end;) {
      const doc = pending[at]!;
      let k = at + 1 + fields;
      for (let f = 0; f < fields; f++) {
        const count = pending[at + 1 + f]!;
        for (let c = 0; c < count; c++, k += 2) {
          const i = next[pending[k]!]!++;
          docs[i] = doc;
          positions[i] = pending[k + 1]!;
          fieldOf[i] = f;
        }
      }
      at = k;
    }
    return { starts, docs, positions, fields: fieldOf };
  }

  // Encodes the sorted occurrences term after term into two fresh streams (each term's doc
  // entries and positions ending at docEnds[t + 1] and posEnds[t + 1]), and moves each term's
  // last doc id on. A term's first new entry is relative to its last frozen one.
  private encodePending(sorted: SortedOccurrences, terms: number): EncodedPostings {
    const fields = this.fieldCount;
    const { starts, docs, positions, fields: fieldOf } = sorted;
    const tf = new Int32Array(fields);
    const docEnds = new Uint32Array(terms + 1);
    const posEnds = new Uint32Array(terms + 1);
    // Grown when short; most entries and position deltas take one byte.
    let docBytes: Uint8Array = new Uint8Array(2 * docs.length + 64);
    let posBytes: Uint8Array = new Uint8Array(docs.length + (docs.length >> 2) + 64);
    let docAt = 0;
    let posAt = 0;
    for (let t = 0; t < terms; t++) {
      let lastDoc = this.frozenLastDoc[t]!;
      for (let i = starts[t]!, end = starts[t + 1]!; i < end;) {
        const doc = docs[i]!;
        for (let f = 0; f < fields; f++) tf[f] = 0;
        let field = -1;
        let previous = 0;
        for (; i < end && docs[i] === doc; i++) {
          const f = fieldOf[i]!;
          const p = positions[i]!;
          if (f !== field) {
            field = f;
            previous = 0;
          } else if (p === previous) {
            // The same term twice at one position (a hyphen part equal to the whole) counts once.
            continue;
          }
          tf[f]!++;
          posBytes = ensureUint8(posBytes, posAt + MAX_VARINT);
          posAt = putVarint(posBytes, posAt, p - previous);
          previous = p;
        }
        docBytes = ensureUint8(docBytes, docAt + MAX_VARINT * (1 + fields));
        let mask = 0;
        for (let f = 0; f < fields; f++) if (tf[f]! > 0) mask |= 1 << f;
        docAt = putVarint(docBytes, docAt, (doc - lastDoc) * (1 << fields) + mask);
        for (let f = 0; f < fields; f++)
          if (tf[f]! > 0) docAt = putVarint(docBytes, docAt, tf[f]! - 1);
        lastDoc = doc;
      }
      this.frozenLastDoc[t] = lastDoc;
      docEnds[t + 1] = docAt;
      posEnds[t + 1] = posAt;
    }
    return { docBytes, posBytes, docEnds, posEnds };
  }

  /** The last doc id stored for a term (after a flush), -1 for none. */
  lastDocOf(termId: number): number {
    return this.frozenLastDoc[termId] ?? -1;
  }

  /** Bytes of the frozen streams. */
  get frozenBytes(): number {
    return this.docStart[this.docStart.length - 1]! + this.posStart[this.posStart.length - 1]!;
  }

  /**
   * Reads the frozen streams term by term as cursors ask for them (after a lazy open), keeping
   * the regions read last up to `cacheBytes`. Read-only: nothing may be appended after.
   */
  installRanges(
    docs: ByteRanges,
    positions: ByteRanges,
    docStart: Uint32Array,
    posStart: Uint32Array,
    postingCount: Uint32Array,
    lastDoc: Int32Array,
    cacheBytes: number,
  ): void {
    this.install(new Uint8Array(0), new Uint8Array(0), docStart, posStart, postingCount, lastDoc);
    this.ranges = new RegionCache(docs, positions, docStart, posStart, cacheBytes);
  }

  /** Term `termId`'s doc region (`positions` false) or position region, when read lazily. */
  lazyRegion(termId: number, positions: boolean): Uint8Array | undefined {
    return this.ranges?.region(termId, positions);
  }

  /** Replaces the frozen streams wholesale (after a load); nothing may be pending. */
  install(
    docBytes: Uint8Array,
    posBytes: Uint8Array,
    docStart: Uint32Array,
    posStart: Uint32Array,
    postingCount: Uint32Array,
    lastDoc: Int32Array,
  ): void {
    this.docBytes = docBytes;
    this.posBytes = posBytes;
    this.docStart = docStart;
    this.posStart = posStart;
    this.terms = docStart.length - 1;
    this.postingCount = postingCount;
    this.frozenLastDoc = lastDoc;
    this.appendedLastDoc = new Int32Array(postingCount.length).fill(-1);
    this.appendedLastDoc.set(lastDoc.subarray(0, postingCount.length));
    this.pendingLength = 0;
  }

  /**
   * Rewrites every term's postings without the documents `newId` maps to -1, renumbering the
   * rest; the caller renumbers its own per-document data the same way.
   */
  compact(newId: Int32Array): void {
    this.flush();
    const old = {
      docBytes: this.docBytes,
      posBytes: this.posBytes,
      docStart: this.docStart,
      posStart: this.posStart,
    };
    const source = new PostingsStore(this.fieldCount);
    source.install(
      old.docBytes,
      old.posBytes,
      old.docStart,
      old.posStart,
      this.postingCount,
      this.frozenLastDoc,
    );
    const cursor = new PostingCursor(source, null, true);
    const terms = this.terms;
    this.docBytes = new Uint8Array(0);
    this.posBytes = new Uint8Array(0);
    this.docStart = new Uint32Array(1);
    this.posStart = new Uint32Array(1);
    this.postingCount = new Uint32Array(Math.max(terms, 16));
    this.frozenLastDoc = new Int32Array(Math.max(terms, 16)).fill(-1);
    this.appendedLastDoc = new Int32Array(Math.max(terms, 16)).fill(-1);
    this.terms = 0;
    this.reserveTerms(terms);
    const fields = Array.from({ length: this.fieldCount }, () => ({
      termIds: [] as number[],
      positions: [] as number[],
    }));
    // Term by term, so each term's postings go in ascending new doc order.
    for (let t = 0; t < terms; t++) {
      cursor.reset(t);
      for (let doc = cursor.next(); doc !== NO_MORE_DOCS; doc = cursor.next()) {
        if (newId[doc]! < 0) continue;
        fields.forEach(({ termIds, positions }, f) => {
          termIds.length = 0;
          positions.length = 0;
          for (let i = 0; i < cursor.tf[f]!; i++) {
            termIds.push(t);
            positions.push(cursor.positions[f]![i]!);
          }
        });
        this.append(newId[doc]!, fields);
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
    /** Removed documents (flag 1), or null when there are none. */
    private readonly deleted: Uint8Array | null,
    private readonly withPositions: boolean,
  ) {
    this.tf = new Int32Array(store.fieldCount);
    this.positions = withPositions
      ? Array.from({ length: store.fieldCount }, () => new Int32Array(8))
      : [];
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
      return this;
    }
    const lazyDocs = store.lazyRegion(termId, false);
    if (lazyDocs === undefined) {
      this.docs.offset = store.docStart[termId]!;
      this.end = store.docStart[termId + 1]!;
      this.posStream.offset = store.posStart[termId]!;
    } else {
      // A region read on its own starts at 0; positions are read only by cursors that want them.
      this.docs.bytes = lazyDocs;
      this.docs.offset = 0;
      this.end = lazyDocs.length;
      if (this.withPositions) this.posStream.bytes = store.lazyRegion(termId, true)!;
      this.posStream.offset = 0;
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
      for (let f = 0; f < fields; f++)
        this.tf[f] = (header & (1 << f)) === 0 ? 0 : docs.varint() + 1;
      if (this.withPositions) this.readPositions();
    } while (this.deleted !== null && this.deleted[this.doc] === 1);
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
      docs.offset = skipFrequencies(docs.bytes, docs.offset, header & ((1 << fields) - 1));
    } while (this.deleted !== null && this.deleted[this.doc] === 1);
    return this.doc;
  }

  /** Whether every posting of the term has been read. */
  get exhausted(): boolean {
    return this.docs.offset >= this.end;
  }

  /** Where the next read starts: a byte offset in the doc stream, for {@link seek}. */
  get position(): number {
    return this.docs.offset;
  }

  /** Passes every remaining posting unread. */
  finish(): void {
    this.docs.offset = this.end;
    this.doc = NO_MORE_DOCS;
  }

  /**
   * Moves to a `position` this cursor reported for the same term, `doc` being the document
   * read just before it (-1 at the start): skipping ahead without decoding. Frequencies only.
   */
  seek(position: number, doc: number): void {
    this.docs.offset = position;
    this.doc = doc;
  }

  /**
   * Reads the next `limit` postings (fewer at the end) and, for the live documents among them
   * that have the term in a field of `fieldMask` (bit f for field f), writes each doc id into
   * `docs` and its weighted frequency Σ tf_f · weights[doc · fieldCount + f] over those fields
   * into `sums`; returns how many it wrote, possibly 0 before the end. A fixed count of
   * postings per read, whatever the mask or removals, makes the reads line up with the blocks
   * that score bounds are kept for. `doc` is left at the last posting read; `tf` is left stale.
   * One tight loop instead of a call per posting. Not for cursors with positions.
   */
  readWeighted(
    docs: Int32Array,
    sums: Float64Array,
    weights: Float64Array,
    fieldMask: number,
    limit: number,
  ): number {
    const bytes = this.docs.bytes;
    const deleted = this.deleted;
    const fields = this.tf.length;
    const allFields = (1 << fields) - 1;
    let offset = this.docs.offset;
    let doc = this.doc;
    let count = 0;
    for (let read = 0; read < limit && offset < this.end; read++) {
      let byte = bytes[offset++]!;
      let header = byte & 0x7f;
      for (let shift = 7; byte >= 0x80; shift += 7) {
        byte = bytes[offset++]!;
        header |= (byte & 0x7f) << shift;
      }
      doc += header >>> fields;
      const present = header & allFields;
      let sum = 0;
      const base = doc * fields;
      // Fields 0 and 1 (title and body) one after the other: each one's presence is a branch
      // the processor predicts well, where a loop over the present fields would not be.
      if ((present & 1) !== 0) {
        byte = bytes[offset++]!;
        let tf = byte & 0x7f;
        for (let shift = 7; byte >= 0x80; shift += 7) {
          byte = bytes[offset++]!;
          tf |= (byte & 0x7f) << shift;
        }
        if ((fieldMask & 1) !== 0) sum += (tf + 1) * weights[base]!;
      }
      if ((present & 2) !== 0) {
        byte = bytes[offset++]!;
        let tf = byte & 0x7f;
        for (let shift = 7; byte >= 0x80; shift += 7) {
          byte = bytes[offset++]!;
          tf |= (byte & 0x7f) << shift;
        }
        if ((fieldMask & 2) !== 0) sum += (tf + 1) * weights[base + 1]!;
      }
      for (let f = 2, mask = present >>> 2; mask !== 0; f++, mask >>>= 1) {
        if ((mask & 1) === 0) continue;
        byte = bytes[offset++]!;
        let tf = byte & 0x7f;
        for (let shift = 7; byte >= 0x80; shift += 7) {
          byte = bytes[offset++]!;
          tf |= (byte & 0x7f) << shift;
        }
        if (((fieldMask >>> f) & 1) === 1) sum += (tf + 1) * weights[base + f]!;
      }
      if ((present & fieldMask) !== 0 && (deleted === null || deleted[doc] !== 1)) {
        docs[count] = doc;
        sums[count++] = sum;
      }
    }
    this.docs.offset = offset;
    this.doc = doc;
    return count;
  }

  /**
   * Passes the postings before the first one at or after `target` (removed documents' too),
   * reading doc ids alone; returns how many it passed. Not for cursors with positions.
   */
  skipBefore(target: number): number {
    const bytes = this.docs.bytes;
    const end = this.end;
    const fields = this.tf.length;
    const allFields = (1 << fields) - 1;
    let offset = this.docs.offset;
    let doc = this.doc;
    let passed = 0;
    while (offset < end) {
      const start = offset;
      let byte = bytes[offset++]!;
      let header = byte & 0x7f;
      for (let shift = 7; byte >= 0x80; shift += 7) {
        byte = bytes[offset++]!;
        header |= (byte & 0x7f) << shift;
      }
      const next = doc + (header >>> fields);
      if (next >= target) {
        offset = start;
        break;
      }
      doc = next;
      offset = skipFrequencies(bytes, offset, header & allFields);
      passed++;
    }
    this.docs.offset = offset;
    this.doc = doc;
    return passed;
  }

  /**
   * Sets bit `doc` of `bits` (32 documents a word) for every remaining live document that has
   * the term in a field of `fieldMask`, reading doc ids alone: for counting matches. Not for
   * cursors with positions.
   */
  markDocs(bits: Uint32Array, fieldMask: number): void {
    const docs = this.docs;
    const fields = this.tf.length;
    const allFields = (1 << fields) - 1;
    const deleted = this.deleted;
    let doc = this.doc;
    while (docs.offset < this.end) {
      const header = docs.varint();
      doc += header >>> fields;
      docs.offset = skipFrequencies(docs.bytes, docs.offset, header & allFields);
      if ((header & fieldMask) !== 0 && (deleted === null || deleted[doc] !== 1))
        bits[doc >>> 5]! |= 1 << (doc & 31);
    }
    this.doc = NO_MORE_DOCS;
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
 * Passes the frequencies of a posting whose fields are the bits of `present` (a varint each),
 * returning the offset after them. Fields 0 and 1 are tested apart, each a branch the
 * processor predicts well, where a loop over the present fields is not; further fields loop.
 */
function skipFrequencies(bytes: Uint8Array, offset: number, present: number): number {
  if ((present & 1) !== 0) while (bytes[offset++]! >= 0x80);
  if ((present & 2) !== 0) while (bytes[offset++]! >= 0x80);
  for (let mask = present >>> 2; mask !== 0; mask &= mask - 1) while (bytes[offset++]! >= 0x80);
  return offset;
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
}

/** New postings, term after term: term t's at [docEnds[t], docEnds[t + 1]) and [posEnds[t], posEnds[t + 1]). */
interface EncodedPostings {
  docBytes: Uint8Array;
  posBytes: Uint8Array;
  docEnds: Uint32Array;
  posEnds: Uint32Array;
}

/** Pending occurrences grouped by term: term t's are at [starts[t], starts[t + 1]). */
interface SortedOccurrences {
  starts: Int32Array;
  docs: Int32Array;
  positions: Int32Array;
  fields: Uint8Array;
}

// Terms' regions read from ranges, the most recently used kept up to a byte budget.
class RegionCache {
  private readonly kept = new Map<number, Uint8Array>();
  private keptBytes = 0;

  constructor(
    private readonly docs: ByteRanges,
    private readonly positions: ByteRanges,
    private readonly docStart: Uint32Array,
    private readonly posStart: Uint32Array,
    private readonly budget: number,
  ) {}

  region(termId: number, positions: boolean): Uint8Array {
    const key = 2 * termId + (positions ? 1 : 0);
    let bytes = this.kept.get(key);
    if (bytes !== undefined) {
      this.kept.delete(key);
      this.kept.set(key, bytes);
      return bytes;
    }
    const [ranges, starts] = positions
      ? [this.positions, this.posStart]
      : [this.docs, this.docStart];
    bytes = ranges.read(starts[termId]!, starts[termId + 1]!);
    // A read covers whole blocks: a small region is copied out rather than keep them all.
    if (bytes.buffer.byteLength > 2 * bytes.length) bytes = bytes.slice();
    this.kept.set(key, bytes);
    this.keptBytes += bytes.buffer.byteLength;
    for (const [oldest, old] of this.kept) {
      if (this.keptBytes <= this.budget || oldest === key) break;
      this.kept.delete(oldest);
      this.keptBytes -= old.buffer.byteLength;
    }
    return bytes;
  }
}
